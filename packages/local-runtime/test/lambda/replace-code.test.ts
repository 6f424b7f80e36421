/**
 * LambdaRunner.replaceCode (what `dev up --watch` calls after a rebuild): the next invocation runs
 * the new code, an invocation in flight finishes on the old one, queued ones go to the new code, and
 * the old environments end.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LambdaRunner } from '../../src/lambda';
import type { InvokeResult, LocalFunction } from '../../src/model';

const work = mkdtempSync(join(tmpdir(), 'tributary-replace-code-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** An asset directory whose handler answers `{ version, pid }` after `event.ms` milliseconds. */
function asset(version: number): string {
  const dir = join(work, `v${version}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'index.js'),
    `exports.handler = async (event) => {
  await new Promise((resolve) => setTimeout(resolve, (event && event.ms) || 0));
  return { version: ${version}, pid: process.pid };
};
`,
  );
  return dir;
}

const V1 = asset(1);
const V2 = asset(2);
const V3 = asset(3);

function fn(name: string): LocalFunction {
  return {
    id: `stack/${name}`,
    stack: 'stack',
    logicalId: name,
    codeDir: V1,
    handler: 'index.handler',
    environment: {},
    timeoutSeconds: 10,
    memoryMb: 128,
    runtime: 'nodejs24.x',
  };
}

const runners: LambdaRunner[] = [];
function runner(maxConcurrency = 4): LambdaRunner {
  const functions = [fn('Fn'), fn('Other')];
  const created = new LambdaRunner(new Map(functions.map((f) => [f.id, f])), {
    log: () => {},
    maxConcurrency,
  });
  runners.push(created);
  return created;
}
afterAll(() => Promise.all(runners.map((r) => r.close())));

function value(result: InvokeResult): { version: number; pid: number } {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value as { version: number; pid: number };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pid: number, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (alive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

describe('LambdaRunner.replaceCode', () => {
  it('runs the new code on the next invocation and ends the idle environment of the old', async () => {
    const lambda = runner();
    const before = value(await lambda.invoke('stack/Fn', {}));
    expect(before.version).toBe(1);
    expect(value(await lambda.invoke('stack/Fn', {})).pid).toBe(before.pid); // warm

    const initialised = lambda.replaceCode('stack/Fn', V2);
    expect(lambda.codeDir('stack/Fn')).toBe(V2);
    // An environment on the new code starts at once (its init overlaps the wait for a request)...
    expect(lambda.stats('stack/Fn')).toEqual({ environments: 1, busy: 0, queued: 0 });
    await expect(initialised).resolves.toBeUndefined();
    // ...but not for a function that never ran.
    await lambda.replaceCode('stack/Other', V2);
    expect(lambda.stats('stack/Other').environments).toBe(0);
    lambda.replaceCode('stack/Other', V1);
    const after = await lambda.invoke('stack/Fn', {});
    expect(value(after).version).toBe(2);
    // Still the cold start: the first invocation of an environment is.
    expect(after.coldStart).toBe(true);
    expect(value(after).pid).not.toBe(before.pid);
    expect(await gone(before.pid)).toBe(true);
    // Only the function replaced: the other one keeps its code.
    expect(value(await lambda.invoke('stack/Other', {})).version).toBe(1);
  });

  it('lets an invocation in flight finish on the old code, then ends its environment', async () => {
    const lambda = runner();
    const slow = lambda.invoke('stack/Fn', { ms: 1_500 });
    await new Promise((r) => setTimeout(r, 500));
    lambda.replaceCode('stack/Fn', V2);
    expect(value(await lambda.invoke('stack/Fn', {})).version).toBe(2);
    const old = value(await slow);
    expect(old.version).toBe(1);
    expect(await gone(old.pid)).toBe(true);
    expect(lambda.stats('stack/Fn').environments).toBe(1);
  });

  it('sends an invocation queued behind the old code to the new code', async () => {
    const lambda = runner(1);
    const slow = lambda.invoke('stack/Fn', { ms: 2_000 });
    await new Promise((r) => setTimeout(r, 500));
    const queued = lambda.invoke('stack/Fn', {});
    await new Promise((r) => setTimeout(r, 50));
    expect(lambda.stats('stack/Fn').queued).toBe(1);
    const replacedAt = Date.now();
    lambda.replaceCode('stack/Fn', V3);
    expect(value(await queued).version).toBe(3);
    // It did not wait for the slow one on the old code.
    expect(Date.now() - replacedAt).toBeLessThan(1_400);
    expect(value(await slow).version).toBe(1);
  });

  it('replaces again and again, and refuses an unknown function or a closed runner', async () => {
    const lambda = runner();
    lambda.replaceCode('stack/Fn', V2);
    lambda.replaceCode('stack/Fn', V3);
    expect(value(await lambda.invoke('stack/Fn', {})).version).toBe(3);
    lambda.replaceCode('stack/Fn', V1);
    expect(value(await lambda.invoke('stack/Fn', {})).version).toBe(1);
    expect(() => lambda.replaceCode('stack/Nope', V2)).toThrow('no function stack/Nope');
    await lambda.close();
    expect(() => lambda.replaceCode('stack/Fn', V2)).toThrow('closed');
  });

  it('ends the environments still draining when the runner closes', async () => {
    const lambda = runner();
    const slow = lambda.invoke('stack/Fn', { ms: 5_000 });
    await new Promise((r) => setTimeout(r, 500));
    lambda.replaceCode('stack/Fn', V2);
    await lambda.close();
    const result = await slow;
    expect(result.ok).toBe(false);
  });
});
