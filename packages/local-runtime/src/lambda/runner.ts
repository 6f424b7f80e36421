/**
 * Runs the app's Lambda functions locally: each from its synthesized asset, in processes of the
 * Node.js major its runtime declares (node-runtime.ts) with the function's own environment
 * (environment.ts), cold on a new process and warm on a reused one, a few processes per function
 * for concurrent invocations (pool.ts), the function's timeout enforced (sandbox.ts). What the event
 * bus, the stream pollers and the HTTP APIs invoke. A function's code can be replaced while it runs
 * (`dev up --watch`): the next invocation starts on the new code, those in flight end on the old.
 */
import { randomUUID } from 'node:crypto';
import { sep } from 'node:path';
import type { InvokeOptions, InvokeResult, LambdaInvoker, LocalFunction } from '../model';
import { invocationTraceHeader } from '../trace';
import { functionEnvironment, logGroupName, logStreamName } from './environment';
import { locateHandler } from './handler';
import { machineNodeBinaries, type NodeBinaries, type NodeBinary, resolveNodeBinaries } from './node-runtime';
import { Pool, PoolRetiredError, type PoolStats } from './pool';
import { INIT_TIMEOUT_MS, Sandbox } from './sandbox';

export interface LambdaRunnerOptions {
  /**
   * Added to every function's environment, over Lambda's own variables: the local
   * `AWS_ENDPOINT_URL_*`, `AWS_REGION`, credentials.
   */
  readonly extraEnvironment?: Readonly<Record<string, string>>;
  /** Where the functions' output goes, a line at a time, prefixed `[<function id>] `; default stdout. */
  readonly log?: (line: string) => void;
  /** Execution environments per function, i.e. concurrent invocations; more wait. Default 4. */
  readonly maxConcurrency?: number;
  /** A `REPORT` line per invocation, as Lambda logs it (duration, init duration); default true. */
  readonly reportLines?: boolean;
  /** The account in the functions' ARNs; default 000000000000. */
  readonly accountId?: string;
  /**
   * Module directories the runtime provides, as Lambda provides the AWS SDK to bundles that leave it
   * out; default the node_modules this project resolves `@aws-sdk/client-dynamodb` from.
   */
  readonly runtimeModulePaths?: readonly string[];
  /** Limit of the init phase (loading the handler); default 10 s, as Lambda's. */
  readonly initTimeoutMs?: number;
  /** The Node.js binaries to choose from; default this machine's (machineNodeBinaries). */
  readonly nodeBinaries?: NodeBinaries;
}

export const DEFAULT_MAX_CONCURRENCY = 4;
export const DEFAULT_ACCOUNT_ID = '000000000000';
export const DEFAULT_REGION = 'us-east-1';

export class LambdaRunner implements LambdaInvoker {
  /** A copy: {@link replaceCode} changes a function's code directory here only. */
  readonly #functions: Map<string, LocalFunction>;
  readonly #options: LambdaRunnerOptions;
  readonly #pools = new Map<string, Pool<Sandbox>>();
  /** Pools of replaced code whose invocations in flight have not ended yet. */
  readonly #retired = new Set<Pool<Sandbox>>();
  readonly #log: (line: string) => void;
  readonly #runtimeModulePaths: readonly string[];
  readonly #binaries: ReadonlyMap<string, NodeBinary>;
  #closed = false;

  /**
   * Throws RuntimeUnavailableError (node-runtime.ts) when a function's runtime has no Node.js binary
   * of its major here.
   */
  constructor(functions: ReadonlyMap<string, LocalFunction>, options: LambdaRunnerOptions = {}) {
    this.#binaries = resolveNodeBinaries(functions.values(), options.nodeBinaries ?? machineNodeBinaries());
    this.#functions = new Map(functions);
    this.#options = options;
    this.#log = options.log ?? ((line) => process.stdout.write(`${line}\n`));
    this.#runtimeModulePaths = options.runtimeModulePaths ?? defaultRuntimeModulePaths();
  }

  /**
   * Invokes a function synchronously (RequestResponse) and reports how it went; function errors,
   * timeouts and crashes are results, not rejections. Rejects for an unknown function, an event
   * that is not JSON, or a closed runner. The function's `_X_AMZN_TRACE_ID` is `options.traceHeader`
   * (with a Parent and `Sampled` added when it has none) or, without a valid one, a new trace's
   * header, for this invocation only.
   */
  async invoke(functionId: string, event: unknown, options: InvokeOptions = {}): Promise<InvokeResult> {
    if (this.#closed) throw new Error('the Lambda runner was closed');
    const fn = this.#functions.get(functionId);
    if (fn === undefined) throw new Error(`no function ${functionId}`);
    const payload = JSON.stringify(event ?? null);
    try {
      locateHandler(fn.codeDir, fn.handler);
    } catch (error) {
      const errorMessage = (error as Error).message;
      return {
        ok: false,
        error: { errorType: 'Runtime.MalformedHandlerName', errorMessage },
        durationMs: 0,
        coldStart: true,
        timedOut: false,
      };
    }
    const traceHeader = invocationTraceHeader(options.traceHeader);
    for (;;) {
      try {
        return { ...(await this.#invokeOn(fn, this.#pool(fn.id), payload, traceHeader)), traceHeader };
      } catch (error) {
        // The code was replaced while this invocation waited for an environment: run the new code.
        if (!(error instanceof PoolRetiredError)) throw error;
      }
    }
  }

  /**
   * Replaces a function's code (an asset directory with the same handler module): the next
   * invocation runs it in a new environment. Idle environments of the old code end now, busy ones
   * once their invocation is over, so an invocation in flight finishes on the code it started on.
   * A function that had environments gets one on the new code at once, so its init overlaps the
   * wait for the next request (the first invocation still reports the cold start, as Lambda's
   * proactive initialization does). Resolves once that environment's init is over (at once when
   * none was started); throws for an unknown function or a closed runner.
   */
  replaceCode(functionId: string, codeDir: string): Promise<void> {
    if (this.#closed) throw new Error('the Lambda runner was closed');
    const fn = this.#functions.get(functionId);
    if (fn === undefined) throw new Error(`no function ${functionId}`);
    this.#functions.set(functionId, { ...fn, codeDir });
    const pool = this.#pools.get(functionId);
    if (pool === undefined) return Promise.resolve();
    this.#pools.delete(functionId);
    this.#retired.add(pool);
    pool.retire((sandbox) => {
      void sandbox.terminate(true);
      if (!pool.draining) this.#retired.delete(pool);
    });
    if (!pool.draining) this.#retired.delete(pool);
    return this.#pool(functionId).prewarm()?.initialized ?? Promise.resolve();
  }

  /** The code directory a function runs from now. */
  codeDir(functionId: string): string | undefined {
    return this.#functions.get(functionId)?.codeDir;
  }

  #invokeOn(
    fn: LocalFunction,
    pool: Pool<Sandbox>,
    payload: string,
    traceHeader: string,
  ): Promise<InvokeResult> {
    return pool.with(async (sandbox) => {
      const requestId = randomUUID();
      const { result, initDurationMs } = await sandbox.invoke(requestId, payload, traceHeader);
      if (this.#options.reportLines ?? true) this.#report(fn, requestId, result, initDurationMs);
      if (!result.ok && result.timedOut) this.#log(`[${fn.id}] ${result.error.errorMessage}`);
      else if (!result.ok && sandbox.dead) {
        this.#log(
          `[${fn.id}] ${result.error.errorType}: ${result.error.errorMessage} (a new environment starts next time)`,
        );
      }
      return result;
    });
  }

  /** Environments of a function alive, busy, and invocations queued. */
  stats(functionId: string): PoolStats {
    return this.#pools.get(functionId)?.stats() ?? { environments: 0, busy: 0, queued: 0 };
  }

  /** The Node.js binary each runtime runs on. */
  binaries(): ReadonlyMap<string, NodeBinary> {
    return this.#binaries;
  }

  /** Ends every environment; invocations in flight end with an error, queued ones are rejected. */
  async close(): Promise<void> {
    this.#closed = true;
    const sandboxes = [...this.#pools.values(), ...this.#retired].flatMap((pool) => pool.close());
    this.#pools.clear();
    this.#retired.clear();
    await Promise.all(sandboxes.map((sandbox) => sandbox.terminate(true)));
  }

  #pool(functionId: string): Pool<Sandbox> {
    let pool = this.#pools.get(functionId);
    const fn = this.#functions.get(functionId);
    if (pool === undefined && fn !== undefined) {
      pool = new Pool(() => this.#sandbox(fn), this.#options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY);
      this.#pools.set(functionId, pool);
    }
    if (pool === undefined) throw new Error(`no function ${functionId}`);
    return pool;
  }

  #sandbox(fn: LocalFunction): Sandbox {
    const extra = this.#options.extraEnvironment ?? {};
    const region = extra.AWS_REGION ?? extra.AWS_DEFAULT_REGION ?? DEFAULT_REGION;
    const functionName = fn.functionName ?? fn.id.replace('/', '-').slice(0, 64);
    const stream = logStreamName();
    const location = locateHandler(fn.codeDir, fn.handler);
    const env = functionEnvironment(fn, {
      functionName,
      region,
      runtimeModulePaths: this.#runtimeModulePaths,
      logStreamName: stream,
      extraEnvironment: extra,
      ...(process.env.PATH === undefined ? {} : { path: process.env.PATH }),
    });
    const binary = this.#binaries.get(fn.runtime);
    if (binary === undefined) throw new Error(`internal: no Node.js binary chosen for ${fn.runtime}`);
    return new Sandbox({
      fn,
      node: binary.path,
      config: {
        modulePath: location.modulePath,
        exportPath: location.exportPath,
        handler: fn.handler,
      },
      env,
      functionName,
      invokedFunctionArn: `arn:aws:lambda:${region}:${this.#options.accountId ?? DEFAULT_ACCOUNT_ID}:function:${functionName}`,
      logGroupName: logGroupName(functionName),
      logStreamName: stream,
      initTimeoutMs: this.#options.initTimeoutMs ?? INIT_TIMEOUT_MS,
      log: (line) => this.#log(`[${fn.id}] ${line}`),
    });
  }

  #report(
    fn: LocalFunction,
    requestId: string,
    result: InvokeResult,
    initDurationMs: number | undefined,
  ): void {
    const parts = [
      `REPORT RequestId: ${requestId}`,
      `Duration: ${result.durationMs.toFixed(2)} ms`,
      `Memory Size: ${fn.memoryMb} MB`,
      ...(initDurationMs === undefined ? [] : [`Init Duration: ${initDurationMs.toFixed(2)} ms`]),
      ...(result.ok ? [] : [`Status: ${result.timedOut ? 'timeout' : 'error'}`]),
    ];
    this.#log(`[${fn.id}] ${parts.join('\t')}`);
  }
}

/** The node_modules directory this project loads the AWS SDK from. */
function defaultRuntimeModulePaths(): string[] {
  try {
    const entry = require.resolve('@aws-sdk/client-dynamodb');
    const marker = `${sep}node_modules${sep}`;
    const index = entry.lastIndexOf(marker);
    return index === -1 ? [] : [entry.slice(0, index + marker.length - 1)];
  } catch {
    return [];
  }
}
