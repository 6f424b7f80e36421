/**
 * The `dev` launcher (bin/dev.cjs): it runs the CLI on the project's Node.js (bin/launcher/
 * project-node.cjs: relaunching itself there, relaying exit status and signals) from an esbuild
 * bundle rebuilt when a source changes (bin/launcher/cli-bundle.cjs). Real processes throughout;
 * throwaway projects stand in for this one where a test needs to change sources or the Node.js
 * package.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

const PROJECT = join(__dirname, '..', '..');
const LAUNCHER = join(PROJECT, 'bin', 'launcher');
// The launcher's modules are plain JavaScript, loaded as the launcher loads them.
const cliBundle = require(join(LAUNCHER, 'cli-bundle.cjs')) as {
  freshBundle(root: string, entry: 'dev' | 'version'): Promise<string>;
  build(root: string, entry: 'dev' | 'version'): Promise<string>;
  isFresh(root: string, entry: 'dev' | 'version'): boolean;
  bundlePaths(root: string, entry: 'dev' | 'version'): { bundle: string; manifest: string };
};
const projectNode = require(join(LAUNCHER, 'project-node.cjs')) as { nodePackageName(): string };

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `tributary-launcher-${prefix}-`));
  dirs.push(dir);
  return dir;
}

function write(root: string, path: string, content: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

async function eventually(condition: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('the project Node.js (project-node.cjs)', () => {
  /**
   * A project whose Node.js package holds a stand-in binary (the real one under a process title of
   * its own), and a probe that goes through onProjectNode, then reports where it runs.
   */
  function projectWithNode(version: string): string {
    const root = tempDir('node');
    const bin = join(root, 'node_modules', projectNode.nodePackageName(), 'bin');
    write(
      root,
      join('node_modules', projectNode.nodePackageName(), 'package.json'),
      JSON.stringify({ version }),
    );
    write(root, join('node_modules', projectNode.nodePackageName(), 'bin', 'node'), '');
    writeFileSync(
      join(bin, 'node'),
      `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} --title=project-node "$@"\n`,
    );
    chmodSync(join(bin, 'node'), 0o755);
    write(
      root,
      'probe.cjs',
      `const { onProjectNode } = require(${JSON.stringify(join(LAUNCHER, 'project-node.cjs'))});
const args = process.argv.slice(2);
if (!onProjectNode(__filename, args, __dirname)) {
  const report = { title: process.title, pid: process.pid, first: process.env.PATH.split(${JSON.stringify(delimiter)})[0],
    relaunched: process.env.TRIBUTARY_LAUNCHER_PID ?? null, args };
  console.log(JSON.stringify(report));
  if (args[0] === 'exit') process.exit(Number(args[1]));
  if (args[0] === 'wait') {
    let interrupts = 0;
    process.on('SIGINT', () => { interrupts += 1; setTimeout(() => { console.log('SIGINT x' + interrupts); process.exit(0); }, 300); });
    process.on('SIGTERM', () => { console.log('SIGTERM'); process.exit(0); });
    setInterval(() => {}, 1000);
  }
}
`,
    );
    return root;
  }

  function probe(root: string, args: string[]): { report: Record<string, unknown>; status: number | null } {
    const run = spawnSync(process.execPath, [join(root, 'probe.cjs'), ...args], { encoding: 'utf8' });
    return { report: JSON.parse(run.stdout.split('\n')[0] ?? '{}'), status: run.status };
  }

  /** Starts the probe in `wait` mode (in a process group of its own) and resolves once it reported. */
  async function waiting(
    root: string,
  ): Promise<{ launcher: ChildProcess; output: () => string; pid: number }> {
    const launcher = spawn(process.execPath, [join(root, 'probe.cjs'), 'wait'], {
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    });
    children.push(launcher);
    let output = '';
    launcher.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    expect(await eventually(() => output.includes('\n'))).toBe(true);
    const pid = Number(JSON.parse(output.split('\n')[0] ?? '{}').pid);
    return { launcher, output: () => output, pid };
  }

  const exited = (child: ChildProcess) =>
    new Promise<{ code: number | null; signal: string | null }>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null)
        resolve({ code: child.exitCode, signal: child.signalCode });
      else child.once('exit', (code, signal) => resolve({ code, signal }));
    });

  it("relaunches on the project's Node.js with the same arguments, first on PATH for what it starts", () => {
    const root = projectWithNode('99.0.0');
    const { report, status } = probe(root, ['a', '--b']);
    expect(status).toBe(0);
    expect(report.title).toBe('project-node');
    expect(report.args).toEqual(['a', '--b']);
    expect(report.first).toBe(join(root, 'node_modules', projectNode.nodePackageName(), 'bin'));
    // Read once by the relaunched process (to watch its launcher), not handed down to what it starts.
    expect(report.relaunched).toBeNull();
  });

  it('exits as the relaunched process did', () => {
    const root = projectWithNode('99.0.0');
    expect(probe(root, ['exit', '3']).status).toBe(3);
    expect(probe(root, ['exit', '0']).status).toBe(0);
  });

  it('stays on the Node.js it runs on when that is the project one (PATH first), or when there is none', () => {
    const same = projectWithNode(process.versions.node);
    const here = probe(same, []).report;
    expect(here.title).not.toBe('project-node');
    expect(here.first).toBe(dirname(process.execPath));
    const none = tempDir('none');
    cpSync(join(same, 'probe.cjs'), join(none, 'probe.cjs'));
    const bare = probe(none, []);
    expect(bare.status).toBe(0);
    expect(bare.report.title).not.toBe('project-node');
  });

  it('passes SIGTERM on to the relaunched process', async () => {
    const { launcher, output } = await waiting(projectWithNode('99.0.0'));
    launcher.kill('SIGTERM');
    expect(await exited(launcher)).toEqual({ code: 0, signal: null });
    expect(output()).toContain('SIGTERM');
  });

  it('lets Ctrl-C reach the relaunched process once (the terminal signals the whole group)', async () => {
    const { launcher, output } = await waiting(projectWithNode('99.0.0'));
    process.kill(-(launcher.pid ?? 0), 'SIGINT');
    expect(await exited(launcher)).toEqual({ code: 0, signal: null });
    expect(output()).toContain('SIGINT x1');
  });

  it('ends the relaunched process when the launcher is killed without passing anything on', async () => {
    const { launcher, pid } = await waiting(projectWithNode('99.0.0'));
    expect(alive(pid)).toBe(true);
    launcher.kill('SIGKILL');
    expect(await eventually(() => !alive(pid), 5000)).toBe(true);
  });
});

describe('the CLI bundle (cli-bundle.cjs)', () => {
  /** A small project: bin/dev.ts imports lib/where.ts, which reads a file next to itself. */
  function sources(): string {
    const root = tempDir('bundle');
    write(
      root,
      'bin/dev.ts',
      `import { where } from '../lib/where';\nexport async function main(args: readonly string[]): Promise<void> {\n  console.log(JSON.stringify({ ...where(), args }));\n}\n`,
    );
    write(
      root,
      'lib/where.ts',
      `import { readFileSync } from 'node:fs';\nimport { join } from 'node:path';\nexport const where = (): Record<string, string> => ({ dir: __dirname, file: __filename, data: readFileSync(join(__dirname, 'data.txt'), 'utf8') });\n`,
    );
    write(root, 'lib/data.txt', 'next to where.ts');
    write(root, 'lib/cli/version.ts', `export function versionText(): string {\n  return 'test 1.0.0';\n}\n`);
    return root;
  }

  function runBundle(bundle: string): Record<string, unknown> {
    const run = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(bundle)}).main(['x'])`], {
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    return JSON.parse(run.stdout);
  }

  it("builds the entry into .tributary/cache/cli, keeping each file's own __dirname and __filename", async () => {
    const root = sources();
    expect(cliBundle.isFresh(root, 'dev')).toBe(false);
    const bundle = await cliBundle.freshBundle(root, 'dev');
    expect(bundle).toBe(join(root, '.tributary', 'cache', 'cli', 'dev.cjs'));
    expect(runBundle(bundle)).toEqual({
      dir: join(root, 'lib'),
      file: join(root, 'lib', 'where.ts'),
      data: 'next to where.ts',
      args: ['x'],
    });
    const manifest = JSON.parse(readFileSync(cliBundle.bundlePaths(root, 'dev').manifest, 'utf8'));
    expect(Object.keys(manifest.inputs).sort()).toEqual(['bin/dev.ts', 'lib/where.ts']);
    expect(cliBundle.isFresh(root, 'dev')).toBe(true);
    // Each entry on its own: the version's bundle holds only its file.
    expect(cliBundle.isFresh(root, 'version')).toBe(false);
    expect(require(await cliBundle.freshBundle(root, 'version')).versionText()).toBe('test 1.0.0');
  });

  it('builds again when a source changed (its mtime or size), or is gone', async () => {
    const root = sources();
    await cliBundle.freshBundle(root, 'dev');
    const where = join(root, 'lib', 'where.ts');
    const later = new Date(Date.now() + 5000);
    utimesSync(where, later, later);
    expect(cliBundle.isFresh(root, 'dev')).toBe(false);
    write(root, 'lib/where.ts', `export const where = (): Record<string, string> => ({ dir: 'changed' });\n`);
    const bundle = await cliBundle.freshBundle(root, 'dev');
    expect(runBundle(bundle).dir).toBe('changed');
    expect(cliBundle.isFresh(root, 'dev')).toBe(true);
    rmSync(where);
    expect(cliBundle.isFresh(root, 'dev')).toBe(false);
    rmSync(cliBundle.bundlePaths(root, 'dev').bundle);
    write(root, 'lib/where.ts', `export const where = (): Record<string, string> => ({ dir: 'again' });\n`);
    await cliBundle.freshBundle(root, 'dev');
    expect(cliBundle.isFresh(root, 'dev')).toBe(true);
    rmSync(cliBundle.bundlePaths(root, 'dev').bundle);
    expect(cliBundle.isFresh(root, 'dev')).toBe(false);
  });

  it('keeps working when the project folder moves', async () => {
    const root = sources();
    await cliBundle.freshBundle(root, 'dev');
    const moved = `${root}-moved`;
    renameSync(root, moved);
    dirs.push(moved);
    expect(cliBundle.isFresh(moved, 'dev')).toBe(true);
    expect(runBundle(cliBundle.bundlePaths(moved, 'dev').bundle)).toMatchObject({
      dir: join(moved, 'lib'),
      data: 'next to where.ts',
    });
  });

  it('refuses sources that do not compile, naming the file and line', async () => {
    const root = sources();
    write(root, 'lib/where.ts', 'export const where = () => {\n  return (;\n};\n');
    await expect(cliBundle.build(root, 'dev')).rejects.toThrow(/lib\/where\.ts:2:\d+: ERROR/);
    expect(existsSync(cliBundle.bundlePaths(root, 'dev').bundle)).toBe(false);
  });

  it('survives launches that build at the same time', async () => {
    const root = sources();
    const script = `require(${JSON.stringify(join(LAUNCHER, 'cli-bundle.cjs'))}).build(${JSON.stringify(root)}, 'dev').then((b) => console.log(b))`;
    const runs = Array.from({ length: 4 }, () => {
      const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      return new Promise<number | null>((resolve) => child.on('exit', resolve));
    });
    expect(await Promise.all(runs)).toEqual([0, 0, 0, 0]);
    expect(cliBundle.isFresh(root, 'dev')).toBe(true);
    expect(runBundle(cliBundle.bundlePaths(root, 'dev').bundle).data).toBe('next to where.ts');
  });
});

describe('bin/dev.cjs', () => {
  /** A copy of the launcher (bin/dev.cjs, bin/launcher/) over sources of the test's own. */
  function launcherProject(devTs: string, withPackages: boolean): string {
    const root = tempDir('dev');
    cpSync(join(PROJECT, 'bin', 'dev.cjs'), join(root, 'bin', 'dev.cjs'));
    cpSync(LAUNCHER, join(root, 'bin', 'launcher'), { recursive: true });
    write(root, 'bin/dev.ts', devTs);
    write(
      root,
      'lib/cli/version.ts',
      `export function versionText(): string {\n  return 'scratch 0.0.1';\n}\n`,
    );
    if (withPackages) symlinkSync(join(PROJECT, 'node_modules'), join(root, 'node_modules'), 'dir');
    return root;
  }

  const dev = (root: string, args: string[]) =>
    spawnSync(process.execPath, [join(root, 'bin', 'dev.cjs'), ...args], { encoding: 'utf8', cwd: root });

  it('runs the real CLI from its bundle, rebuilt into .tributary/cache/cli', () => {
    const run = dev(PROJECT, ['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: dev \[options\] \[command\]/);
    const manifest = JSON.parse(readFileSync(cliBundle.bundlePaths(PROJECT, 'dev').manifest, 'utf8'));
    // Built from the CLI and everything it imports, lazily loaded commands included.
    for (const source of ['bin/dev.ts', 'lib/cli/check.ts', 'packages/local-runtime/src/lambda/sandbox.ts']) {
      expect(manifest.inputs[source]).toBeDefined();
    }
  });

  it('answers --version from its own small bundle, even when the CLI does not build', () => {
    const root = launcherProject('export const main = (;\n', true);
    const version = dev(root, ['--version']);
    expect(version.stdout).toBe('scratch 0.0.1\n');
    expect(version.status).toBe(0);
    const help = dev(root, ['--help']);
    expect(help.status).toBe(2);
    expect(help.stderr).toMatch(/^dev: the CLI's sources do not build \(npx tsx bin\/dev\.ts shows/);
    expect(help.stderr).toContain('bin/dev.ts:1:');
  });

  it('says to run npm install when esbuild is not installed', () => {
    const root = launcherProject('export async function main(): Promise<void> {}\n', false);
    const run = dev(root, ['--help']);
    expect(run.stderr).toBe('dev: esbuild is not installed: run npm install\n');
    expect(run.status).toBe(2);
  });
});
