import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../bin/dev';
import { gitCommit, packageVersion, TOOL_ROOT, versionLine, versionText } from '../../lib/cli/version';
import { FixtureRepo, runDev } from './helpers';

const PROJECT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(PROJECT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};

/** What git says HEAD is in the project, when it is a work tree (a fresh clone in CI is). */
function projectCommit(): string | undefined {
  try {
    return execFileSync('git', ['-C', PROJECT, 'rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

const dirs: string[] = [];
const repos: FixtureRepo[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  for (const repo of repos) repo.cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-version-'));
  dirs.push(dir);
  return dir;
}

describe('versionLine', () => {
  it('is the name and version, with the commit in parentheses when there is one', () => {
    expect(versionLine('tributary', '0.1.0', 'd37b8a3')).toBe('tributary 0.1.0 (d37b8a3)');
    expect(versionLine('tributary', '0.1.0')).toBe('tributary 0.1.0');
  });
});

describe('packageVersion', () => {
  it("reads the package's name and version", () => {
    expect(packageVersion(TOOL_ROOT)).toEqual({ name: pkg.name, version: pkg.version });
  });

  it('refuses a package.json without a version string, naming the key', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'package.json'), '{ "name": "x", "version": 1 }');
    expect(() => packageVersion(dir)).toThrow(/has no "version" string/);
  });
});

describe('gitCommit', () => {
  it('is HEAD, abbreviated, at the top of a work tree', () => {
    const repo = new FixtureRepo();
    repos.push(repo);
    const head = repo.commit('first');
    const commit = gitCommit(repo.dir);
    expect(commit).toBeDefined();
    expect(head.startsWith(commit ?? '-')).toBe(true);
    expect(commit?.length).toBeLessThan(head.length);
  });

  it('is undefined outside a repository, before the first commit, and below the top of a work tree', () => {
    expect(gitCommit(tempDir())).toBeUndefined();
    const empty = new FixtureRepo();
    repos.push(empty);
    expect(gitCommit(empty.dir)).toBeUndefined();
    // A tool installed inside another project's repository: that project's commit says nothing about it.
    const host = new FixtureRepo();
    repos.push(host);
    host.write('node_modules/tributary/package.json', '{}').commit('host');
    expect(gitCommit(join(host.dir, 'node_modules', 'tributary'))).toBeUndefined();
  });

  it('makes versionText drop the parentheses outside a work tree', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'package.json'), '{ "name": "tributary", "version": "9.9.9" }');
    expect(versionText(dir)).toBe('tributary 9.9.9');
  });
});

describe('dev --version (the real binary)', () => {
  const commit = projectCommit();
  const expected = versionLine(pkg.name, pkg.version, commit);

  it.each([['--version'], ['-V']])('%s prints the version and the commit, exit 0', (flag) => {
    const run = runDev(tempDir(), [flag]);
    expect(run.stdout).toBe(`${expected}\n`);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    if (commit !== undefined) expect(run.stdout).toMatch(/^tributary \d+\.\d+\.\d+ \([0-9a-f]{7,}\)\n$/);
  });

  it('loads neither the CLI nor its dependencies before printing', () => {
    const run = spawnSync(process.execPath, [join(PROJECT, 'bin', 'dev.cjs'), '--version'], {
      cwd: PROJECT,
      encoding: 'utf8',
      env: { ...process.env, NODE_DEBUG: 'module' },
    });
    expect(run.stdout).toBe(`${expected}\n`);
    const loaded = [...run.stderr.matchAll(/^MODULE \d+: load "([^"]+)"/gm)].map((m) => m[1] ?? '');
    // lib/cli/version.ts, bundled on its own by the launcher.
    expect(loaded).toEqual(
      expect.arrayContaining([join(PROJECT, '.tributary', 'cache', 'cli', 'version.cjs')]),
    );
    const heavy = loaded.filter((file) =>
      /\/bin\/dev\.ts$|\/cache\/cli\/dev\.cjs$|\/node_modules\/(commander|zod|aws-cdk-lib|@aws-sdk)\/|\/lib\/(contract|codegen|infra|console|watch|ops)\/|\/packages\/local-runtime\//.test(
        file,
      ),
    );
    expect(heavy).toEqual([]);
  });

  it('is listed in dev --help', () => {
    const run = runDev(tempDir(), ['--help']);
    expect(run.stdout).toMatch(/-V, --version\s+print the version/);
  });

  it('is the same through the CLI program itself', async () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    const exitCode = process.exitCode;
    try {
      await main(['--version']);
      expect(written.join('')).toBe(`${expected}\n`);
      expect(process.exitCode ?? 0).toBe(0);
    } finally {
      spy.mockRestore();
      process.exitCode = exitCode;
    }
  });
});
