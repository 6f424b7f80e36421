/**
 * One local execution environment of a function: a worker thread (worker.cjs) with the function's
 * own environment, that loads the handler once (the cold start) and then runs one invocation at a
 * time (warm starts). The function's timeout is enforced by terminating the worker; a worker that
 * times out, crashes or fails to initialise is dead, and the pool (runner.ts) replaces it.
 */
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import type { InvokeResult, LocalFunction } from '../model';
import type { LambdaError, WorkerConfig, WorkerMessage } from './protocol';

/** Lambda's limit on the init phase of an on-demand environment. */
export const INIT_TIMEOUT_MS = 10_000;

const WORKER_FILE = join(__dirname, 'worker.cjs');

export interface SandboxSettings {
  readonly fn: LocalFunction;
  readonly config: WorkerConfig;
  readonly env: Readonly<Record<string, string>>;
  readonly functionName: string;
  readonly invokedFunctionArn: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  readonly initTimeoutMs: number;
  /** One line of the function's output (or of the sandbox's own notes). */
  log(line: string): void;
}

/** An invocation's result plus what the REPORT line shows. */
export interface SandboxOutcome {
  readonly result: InvokeResult;
  readonly initDurationMs?: number;
}

type Signal = WorkerMessage | { readonly type: 'exit'; readonly code: number } | { readonly type: 'timeout' };

export class Sandbox {
  readonly #settings: SandboxSettings;
  readonly #worker: Worker;
  readonly #signals: Signal[] = [];
  #wake: (() => void) | undefined;
  #initialized = false;
  #dead = false;
  #closing = false;
  #busy = false;
  /** The worker's own error ('error' event: out of memory...), reported when it exits. */
  #failure: LambdaError | undefined;

  constructor(settings: SandboxSettings) {
    this.#settings = settings;
    this.#worker = new Worker(WORKER_FILE, {
      workerData: settings.config,
      env: { ...settings.env },
      // A bare Node: none of the parent's loaders (tsx, jest) or flags.
      execArgv: [],
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: Math.max(64, settings.fn.memoryMb) },
    });
    for (const stream of [this.#worker.stdout, this.#worker.stderr]) {
      createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) =>
        settings.log(line),
      );
    }
    this.#worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'crash') {
        this.#dead = true;
        if (!this.#busy)
          settings.log(
            `crashed between invocations: ${message.error.errorType}: ${message.error.errorMessage}`,
          );
      }
      this.#push(message);
    });
    this.#worker.on('error', (error: Error & { code?: string }) => {
      this.#failure =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? {
              errorType: 'Runtime.OutOfMemory',
              errorMessage: `Runtime exited: out of memory (${settings.fn.memoryMb} MB)`,
            }
          : { errorType: error.name, errorMessage: error.message, trace: (error.stack ?? '').split('\n') };
    });
    this.#worker.on('exit', (code) => {
      this.#dead = true;
      this.#push({ type: 'exit', code });
    });
  }

  /** Whether the worker is gone (timed out, crashed, failed to initialise, closed). */
  get dead(): boolean {
    return this.#dead;
  }

  /** Runs one invocation; the caller makes sure only one runs at a time. */
  async invoke(requestId: string, event: string): Promise<SandboxOutcome> {
    if (this.#busy) throw new Error('a sandbox runs one invocation at a time');
    this.#busy = true;
    try {
      return await this.#invoke(requestId, event);
    } finally {
      this.#busy = false;
    }
  }

  async #invoke(requestId: string, event: string): Promise<SandboxOutcome> {
    const { fn } = this.#settings;
    const started = performance.now();
    const coldStart = !this.#initialized;
    const elapsed = () => performance.now() - started;
    const failed = (error: LambdaError, timedOut = false): SandboxOutcome => ({
      result: { ok: false, error, durationMs: elapsed(), coldStart, timedOut },
    });
    let initDurationMs: number | undefined;
    if (coldStart) {
      const signal = await this.#next(this.#settings.initTimeoutMs, () => true);
      switch (signal.type) {
        case 'ready':
          this.#initialized = true;
          initDurationMs = signal.initDurationMs;
          break;
        case 'initError':
          this.terminate();
          return failed(signal.error);
        case 'timeout':
          this.terminate();
          this.#settings.log(`INIT timed out after ${seconds(this.#settings.initTimeoutMs)} seconds`);
          return failed(
            {
              errorType: 'Sandbox.Timedout',
              errorMessage: `RequestId: ${requestId} Error: INIT timed out after ${seconds(this.#settings.initTimeoutMs)} seconds`,
            },
            true,
          );
        default:
          return failed(this.#crash(signal, requestId));
      }
    }
    const timeoutMs = fn.timeoutSeconds * 1000;
    this.#worker.postMessage({
      type: 'invoke',
      requestId,
      event,
      deadline: Date.now() + timeoutMs,
      functionName: this.#settings.functionName,
      invokedFunctionArn: this.#settings.invokedFunctionArn,
      memoryMb: fn.memoryMb,
      logGroupName: this.#settings.logGroupName,
      logStreamName: this.#settings.logStreamName,
    });
    const signal = await this.#next(timeoutMs, (s) => s.type !== 'result' || s.requestId === requestId);
    const withInit = (result: SandboxOutcome): SandboxOutcome =>
      initDurationMs === undefined ? result : { ...result, initDurationMs };
    switch (signal.type) {
      case 'result':
        if (signal.ok) {
          return withInit({
            result: { ok: true, value: JSON.parse(signal.payload), durationMs: elapsed(), coldStart },
          });
        }
        return withInit(failed(signal.error));
      case 'timeout':
        this.terminate();
        return withInit(
          failed(
            {
              errorType: 'Sandbox.Timedout',
              errorMessage: `RequestId: ${requestId} Error: Task timed out after ${seconds(timeoutMs)} seconds`,
            },
            true,
          ),
        );
      default:
        return withInit(failed(this.#crash(signal, requestId)));
    }
  }

  /** Ends the worker at once; an invocation in flight ends with an error. */
  terminate(closing = false): Promise<void> {
    this.#closing ||= closing;
    this.#dead = true;
    return this.#worker.terminate().then(() => undefined);
  }

  #crash(signal: Signal, requestId: string): LambdaError {
    this.#dead = true;
    if (signal.type === 'crash') {
      void this.#worker.terminate();
      return signal.error;
    }
    if (this.#failure !== undefined) return this.#failure;
    if (this.#closing)
      return {
        errorType: 'Runtime.ExitError',
        errorMessage: `RequestId: ${requestId} Error: the runner was closed`,
      };
    const code = signal.type === 'exit' ? signal.code : 'unknown';
    return {
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: exit status ${code}`,
    };
  }

  #push(signal: Signal): void {
    this.#signals.push(signal);
    this.#wake?.();
  }

  /** The next signal that `wanted` accepts, or `timeout` after `timeoutMs`. */
  async #next(timeoutMs: number, wanted: (signal: Signal) => boolean): Promise<Signal> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const signal = this.#signals.shift();
      if (signal !== undefined) {
        if (wanted(signal)) return signal;
        continue;
      }
      const remaining = deadline - performance.now();
      if (remaining <= 0) return { type: 'timeout' };
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
    }
  }
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}
