/**
 * The local Lambda runner with small hand-written handlers (test/fixtures/local/lambda): cold and
 * warm starts, per-function environments, the pool, timeouts, errors and crashes.
 */
import { join } from 'node:path';
import { LambdaRunner, type LambdaRunnerOptions } from '../../src/lambda';
import type { InvokeResult, LocalFunction } from '../../src/model';

const FIXTURES = join(__dirname, '..', 'fixtures', 'lambda');

function fn(name: string, handler: string, overrides: Partial<LocalFunction> = {}): LocalFunction {
  return {
    id: `fixture-stack/${name}`,
    stack: 'fixture-stack',
    logicalId: name,
    codeDir: FIXTURES,
    handler,
    environment: {},
    timeoutSeconds: 5,
    memoryMb: 128,
    runtime: 'nodejs24.x',
    ...overrides,
  };
}

const FUNCTIONS = [
  fn('Echo', 'echo.handler', {
    environment: { GREETING: 'hello', TABLE_NAME: 'users-table' },
    memoryMb: 256,
  }),
  fn('EchoOther', 'echo.handler', { environment: { GREETING: 'bonjour', TABLE_NAME: 'orders-table' } }),
  fn('Counter', 'counter.handler'),
  fn('Sleep', 'sleep.handler', { timeoutSeconds: 1 }),
  fn('Throw', 'throw.handler'),
  fn('Crash', 'crash.handler'),
  fn('Callback', 'callback.handler'),
  fn('Esm', 'esm.handler'),
  fn('Nested', 'nested.handlers.get'),
  fn('InitThrows', 'init-throws.handler'),
  fn('NotExported', 'not-exported.handler'),
  fn('Missing', 'missing.handler'),
  fn('Malformed', 'index'),
  fn('Override', 'echo.handler', {
    environment: { AWS_REGION: 'eu-north-1', AWS_LAMBDA_FUNCTION_NAME: 'mine' },
  }),
  fn('Named', 'echo.handler', { functionName: 'my-named-function' }),
];

const EXTRA = {
  AWS_REGION: 'eu-west-1',
  AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
};

const runners: LambdaRunner[] = [];
function runner(options: Partial<LambdaRunnerOptions> = {}): { runner: LambdaRunner; lines: string[] } {
  const lines: string[] = [];
  const created = new LambdaRunner(new Map(FUNCTIONS.map((f) => [f.id, f])), {
    extraEnvironment: EXTRA,
    log: (line) => lines.push(line),
    ...options,
  });
  runners.push(created);
  return { runner: created, lines };
}
afterAll(() => Promise.all(runners.map((r) => r.close())));

const id = (name: string) => `fixture-stack/${name}`;

function value(result: InvokeResult): any {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.error)}`);
  return result.value;
}

function failure(result: InvokeResult) {
  if (result.ok) throw new Error(`expected failure, got ${JSON.stringify(result.value)}`);
  return result;
}

describe('LambdaRunner', () => {
  it('runs the handler from its asset with a Lambda-like context and its own environment', async () => {
    const { runner: r, lines } = runner();
    const result = await r.invoke(id('Echo'), { hello: 'world' });
    const answer = value(result);
    expect(answer.event).toEqual({ hello: 'world' });
    expect(answer.env).toEqual({
      GREETING: 'hello',
      TABLE_NAME: 'users-table',
      AWS_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_LAMBDA_FUNCTION_NAME: 'fixture-stack-Echo',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      LAMBDA_TASK_ROOT: FIXTURES,
      _HANDLER: 'echo.handler',
      NODE_PATH: expect.stringContaining('node_modules'),
    });
    expect(answer.context).toEqual({
      awsRequestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      functionName: 'fixture-stack-Echo',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:fixture-stack-Echo',
      memoryLimitInMB: '256',
      logGroupName: '/aws/lambda/fixture-stack-Echo',
      logStreamName: expect.stringMatching(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/),
      callbackWaitsForEmptyEventLoop: true,
      remainingTimeInMillis: expect.any(Number),
    });
    expect(answer.context.remainingTimeInMillis).toBeGreaterThan(4000);
    expect(answer.context.remainingTimeInMillis).toBeLessThanOrEqual(5000);
    expect(result.coldStart).toBe(true);
    expect(result.durationMs).toBeGreaterThan(0);
    // The worker's console output, a line at a time, prefixed with the function id.
    await waitFor(() => lines.some((line) => line === '[fixture-stack/Echo] to stderr'));
    expect(lines).toContain('[fixture-stack/Echo] echo {"hello":"world"}');
    expect(
      lines.some((line) => /^\[fixture-stack\/Echo\] REPORT RequestId: .*Init Duration/.test(line)),
    ).toBe(true);
  });

  it('keeps Lambda-defined variables over the function environment, and the extra environment over both', async () => {
    const { runner: r } = runner();
    const answer = value(await r.invoke(id('Override'), {}));
    expect(answer.env.AWS_REGION).toBe('eu-west-1');
    expect(answer.env.AWS_LAMBDA_FUNCTION_NAME).toBe('fixture-stack-Override');
    expect(value(await r.invoke(id('Named'), {})).context.functionName).toBe('my-named-function');
  });

  it('isolates environments: two functions with different values, invoked in parallel', async () => {
    const { runner: r } = runner();
    const calls = Array.from({ length: 8 }, (_, index) => (index % 2 === 0 ? 'Echo' : 'EchoOther'));
    const results = await Promise.all(calls.map((name) => r.invoke(id(name), { name })));
    results.forEach((result, index) => {
      const answer = value(result);
      const echo = calls[index] === 'Echo';
      expect(answer.event.name).toBe(calls[index]);
      expect(answer.env.GREETING).toBe(echo ? 'hello' : 'bonjour');
      expect(answer.env.TABLE_NAME).toBe(echo ? 'users-table' : 'orders-table');
    });
    // Nothing leaks into or out of the parent process.
    expect(process.env.GREETING).toBeUndefined();
    expect(value(results[0] as InvokeResult).env.HOME).toBeUndefined();
  });

  it('starts cold once, then reuses the warm environment and its module state', async () => {
    const { runner: r } = runner();
    const results: InvokeResult[] = [];
    for (let i = 0; i < 3; i += 1) results.push(await r.invoke(id('Counter'), {}));
    expect(results.map((result) => result.coldStart)).toEqual([true, false, false]);
    expect(results.map((result) => value(result).count)).toEqual([1, 2, 3]);
    expect(new Set(results.map((result) => value(result).instance)).size).toBe(1);
    // The result is the handler's value as JSON, as Lambda returns it.
    expect(value(results[0] as InvokeResult).at).toBe('1970-01-01T00:00:00.000Z');
    expect('nothing' in value(results[0] as InvokeResult)).toBe(false);
    expect(r.stats(id('Counter'))).toEqual({ environments: 1, busy: 0, queued: 0 });
  });

  it('runs concurrent invocations in a pool of environments, and queues beyond its size', async () => {
    const { runner: r } = runner({ maxConcurrency: 2 });
    const pending = Array.from({ length: 5 }, () => r.invoke(id('Counter'), { sleepMs: 300 }));
    await waitFor(() => r.stats(id('Counter')).queued > 0);
    expect(r.stats(id('Counter'))).toEqual({ environments: 2, busy: 2, queued: 3 });
    const results = await Promise.all(pending);
    const instances = new Set(results.map((result) => value(result).instance));
    expect(instances.size).toBe(2);
    expect(results.filter((result) => result.coldStart)).toHaveLength(2);
    // Five calls shared by two environments, each running one at a time: three and two.
    const served = [...instances].map((instance) =>
      Math.max(...results.map((result) => (value(result).instance === instance ? value(result).count : 0))),
    );
    expect(served.sort()).toEqual([2, 3]);
    expect(r.stats(id('Counter'))).toEqual({ environments: 2, busy: 0, queued: 0 });
  });

  it('enforces the timeout by ending the environment; the next invocation starts cold', async () => {
    const { runner: r, lines } = runner();
    const warm = await r.invoke(id('Sleep'), { ms: 10 });
    expect(value(warm).before).toBeLessThanOrEqual(1000);
    const timedOut = failure(await r.invoke(id('Sleep'), { ms: 5000 }));
    expect(timedOut.timedOut).toBe(true);
    expect(timedOut.coldStart).toBe(false);
    expect(timedOut.error.errorType).toBe('Sandbox.Timedout');
    expect(timedOut.error.errorMessage).toMatch(/Task timed out after 1\.00 seconds$/);
    expect(timedOut.durationMs).toBeGreaterThanOrEqual(990);
    expect(timedOut.durationMs).toBeLessThan(3000);
    expect(lines.some((line) => line.includes('Status: timeout'))).toBe(true);
    const next = await r.invoke(id('Sleep'), { ms: 10 });
    expect(next.coldStart).toBe(true);
    expect(value(next).slept).toBe(10);
  });

  it('reports a thrown error as Lambda does, and keeps the environment warm', async () => {
    const { runner: r } = runner();
    const thrown = failure(await r.invoke(id('Throw'), { field: 'email' }));
    expect(thrown.timedOut).toBe(false);
    expect(thrown.error).toEqual({
      errorType: 'ValidationError',
      errorMessage: 'invalid: email',
      trace: expect.arrayContaining([expect.stringContaining('ValidationError: invalid: email')]),
    });
    expect(JSON.parse(JSON.stringify(thrown.error))).toEqual(thrown.error);
    const plain = failure(await r.invoke(id('Throw'), { kind: 'string' }));
    expect(plain.coldStart).toBe(false);
    expect(plain.error).toEqual({ errorType: 'string', errorMessage: 'plain string failure', trace: [] });
    expect(failure(await r.invoke(id('Throw'), { kind: 'sync' })).error.errorType).toBe('TypeError');
  });

  it.each([
    ['process.exit', 'exit', 'Runtime.ExitError', /Runtime exited with error: exit status 3$/],
    ['an uncaught exception', 'uncaught', 'RangeError', /^thrown outside the handler$/],
    [
      'an unhandled rejection',
      'rejection',
      'Runtime.UnhandledPromiseRejection',
      /Error: nobody catches this/,
    ],
    ['running out of memory', 'memory', 'Runtime.OutOfMemory', /out of memory/],
  ])(
    'reports a crash by %s and starts a fresh environment next time',
    async (_, mode, errorType, message) => {
      const { runner: r } = runner();
      expect(value(await r.invoke(id('Crash'), {})).invocations).toBe(1);
      const crashed = failure(await r.invoke(id('Crash'), { mode }));
      expect(crashed.error.errorType).toBe(errorType);
      expect(crashed.error.errorMessage).toMatch(message);
      expect(crashed.coldStart).toBe(false);
      expect(crashed.timedOut).toBe(false);
      const next = await r.invoke(id('Crash'), {});
      expect(next.coldStart).toBe(true);
      expect(value(next).invocations).toBe(1);
    },
  );

  it.each([
    ['a module that throws while loading', 'InitThrows', 'Error', 'cannot start: missing configuration'],
    [
      'a missing export',
      'NotExported',
      'Runtime.HandlerNotFound',
      'not-exported.handler is undefined or not exported',
    ],
    ['a missing module', 'Missing', 'Runtime.ImportModuleError', "Error: Cannot find module 'missing'"],
    [
      'a malformed handler',
      'Malformed',
      'Runtime.MalformedHandlerName',
      'handler index is not <module>.<export>',
    ],
  ])(
    'reports an init failure (%s), and tries again cold next time',
    async (_, name, errorType, errorMessage) => {
      const { runner: r } = runner();
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const result = failure(await r.invoke(id(name), {}));
        expect(result.error).toMatchObject({ errorType, errorMessage });
        expect(result.coldStart).toBe(true);
      }
    },
  );

  it('runs callback-style, ES module and nested-export handlers', async () => {
    const { runner: r } = runner();
    expect(value(await r.invoke(id('Callback'), {}))).toEqual({ via: 'callback' });
    expect(failure(await r.invoke(id('Callback'), { fail: true })).error.errorMessage).toBe(
      'callback failure',
    );
    expect(value(await r.invoke(id('Esm'), { x: 1 }))).toEqual({ module: 'esm', event: { x: 1 } });
    expect(value(await r.invoke(id('Nested'), {}))).toBe('nested');
  });

  it('rejects unknown functions and invocations after close', async () => {
    const { runner: r } = runner();
    await expect(r.invoke('fixture-stack/Nope', {})).rejects.toThrow('no function fixture-stack/Nope');
    const inFlight = r.invoke(id('Sleep'), { ms: 800 });
    await waitFor(() => r.stats(id('Sleep')).busy === 1);
    await r.close();
    const ended = failure(await inFlight);
    expect(ended.error.errorMessage).toMatch(/the runner was closed/);
    await expect(r.invoke(id('Echo'), {})).rejects.toThrow('closed');
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
