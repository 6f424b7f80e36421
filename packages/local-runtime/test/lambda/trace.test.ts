/**
 * The invocation's trace, as Lambda sets it: `_X_AMZN_TRACE_ID` is the given header (completed
 * with a Parent and Sampled when it has none) or, without a valid one, a new trace's header, and
 * only for that invocation (the variable is put back afterwards).
 */
import { join } from 'node:path';
import { LambdaRunner } from '../../src/lambda';
import type { InvokeResult, LocalFunction } from '../../src/model';

const FIXTURES = join(__dirname, '..', 'fixtures', 'lambda');
const ID = 'fixture-stack/Trace';
const TRACE: LocalFunction = {
  id: ID,
  stack: 'fixture-stack',
  logicalId: 'Trace',
  codeDir: FIXTURES,
  handler: 'trace.handler',
  environment: {},
  timeoutSeconds: 5,
  memoryMb: 128,
  runtime: 'nodejs24.x',
};
const HEADER = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
const FULL = /^Root=(1-[0-9a-f]{8}-[0-9a-f]{24});Parent=[0-9a-f]{16};Sampled=1$/;

interface Seen {
  readonly trace: string | null;
  readonly previous: string | null;
}

function seen(result: InvokeResult): Seen {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value as Seen;
}

const root = (header: string | null): string =>
  FULL.exec(header ?? '')?.[1] ?? `not a full header: ${header}`;
const pause = () => new Promise((resolve) => setTimeout(resolve, 60));

describe('the invocation trace (_X_AMZN_TRACE_ID)', () => {
  // One environment, so every invocation runs in the same process one after the other.
  const runner = new LambdaRunner(new Map([[ID, TRACE]]), { log: () => {}, maxConcurrency: 1 });
  afterAll(() => runner.close());

  it('is the given header for that invocation only; a new trace each time without one', async () => {
    const first = seen(await runner.invoke(ID, {}, { traceHeader: HEADER }));
    expect(first.trace).toBe(HEADER);
    expect(first.previous).toBe('not yet');
    await pause();

    const second = seen(await runner.invoke(ID, {}));
    // Put back after the first invocation: nothing was set before it.
    expect(second.previous).toBeNull();
    expect(second.trace).toMatch(FULL);
    expect(root(second.trace)).not.toBe('1-5759e988-bd862e3fe1be46a994272793');
    // The new Root's time part is now, in epoch seconds.
    const seconds = Number.parseInt(root(second.trace).slice(2, 10), 16);
    expect(Math.abs(seconds - Date.now() / 1000)).toBeLessThan(60);
    await pause();

    const third = seen(await runner.invoke(ID, {}));
    expect(third.previous).toBeNull();
    expect(root(third.trace)).not.toBe(root(second.trace));
  });

  it('says in its result which trace the invocation ran in, given or new', async () => {
    const given = await runner.invoke(ID, {}, { traceHeader: HEADER });
    expect(given.traceHeader).toBe(HEADER);
    const fresh = await runner.invoke(ID, {});
    expect(fresh.traceHeader).toBe(seen(fresh).trace);
    expect(fresh.traceHeader).toMatch(FULL);
  });

  it('completes a header without Parent or Sampled, and replaces one without a valid Root', async () => {
    const bare = seen(
      await runner.invoke(ID, {}, { traceHeader: 'Root=1-5759e988-bd862e3fe1be46a994272793' }),
    );
    expect(bare.trace).toMatch(FULL);
    expect(root(bare.trace)).toBe('1-5759e988-bd862e3fe1be46a994272793');

    const w3cLike = seen(await runner.invoke(ID, {}, { traceHeader: 'Root=nope;Parent=53995c3f42cd8ad8' }));
    expect(w3cLike.trace).toMatch(FULL);
    expect(w3cLike.trace).not.toContain('nope');
    expect(w3cLike.trace).not.toContain('53995c3f42cd8ad8');
  });
});
