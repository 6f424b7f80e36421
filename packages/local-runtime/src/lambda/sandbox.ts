/**
 * One local execution environment: a Node.js process of the function's runtime (node-runtime.ts)
 * running worker.cjs with the function's own environment, that loads the handler once (the cold
 * start) and then runs one invocation at a time (warm starts). A process rather than a worker
 * thread: a thread runs on the Node.js that runs dev, a process on the major the template declares.
 * The function's timeout is enforced by killing the process; an environment that times out,
 * crashes or fails to initialise is dead, and the pool (runner.ts) replaces it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { InvokeResult, LocalFunction } from '../model';
import type { InitMessage, InvokeMessage, LambdaError, WorkerConfig, WorkerMessage } from './protocol';

/** Lambda's limit on the init phase of an on-demand environment. */
export const INIT_TIMEOUT_MS = 10_000;

const WORKER_FILE = join(__dirname, 'worker.cjs');

/** What V8 prints when the heap limit (the function's memory) is reached, before it aborts. */
const OUT_OF_MEMORY = /JavaScript heap out of memory|Reached heap limit/;

/**
 * How long to wait, after the process exited, for the rest of its output and messages: a process
 * it started may hold its stdout open for ever.
 */
const DRAIN_MS = 200;

export interface SandboxSettings {
  readonly fn: LocalFunction;
  /** The Node.js binary of the function's runtime. */
  readonly node: string;
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

type Exit = { readonly type: 'exit'; readonly code: number | null; readonly signal: NodeJS.Signals | null };
type Signal = WorkerMessage | Exit | { readonly type: 'timeout' };

export class Sandbox {
  readonly #settings: SandboxSettings;
  readonly #child: ChildProcess;
  readonly #exited: Promise<void>;
  /** Settles once the init phase is over: the handler loaded, failed to, or the process ended. */
  readonly initialized: Promise<void>;
  #initDone: () => void = () => {};
  readonly #signals: Signal[] = [];
  #wake: (() => void) | undefined;
  #initialized = false;
  #dead = false;
  #closing = false;
  #busy = false;
  /** What ended the process when it says so itself (out of memory, no binary), reported when it exits. */
  #failure: LambdaError | undefined;

  constructor(settings: SandboxSettings) {
    this.#settings = settings;
    this.initialized = new Promise((resolve) => {
      this.#initDone = resolve;
    });
    const { fn } = settings;
    this.#child = spawn(settings.node, [`--max-old-space-size=${Math.max(64, fn.memoryMb)}`, WORKER_FILE], {
      env: { ...settings.env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // A process group of its own: the terminal's Ctrl-C goes to dev, which closes the runner, and
      // killing the group ends whatever the handler started too.
      detached: true,
    });
    for (const stream of [this.#child.stdout, this.#child.stderr]) {
      if (stream === null) continue;
      createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) => {
        if (OUT_OF_MEMORY.test(line)) {
          this.#failure = {
            errorType: 'Runtime.OutOfMemory',
            errorMessage: `Runtime exited: out of memory (${fn.memoryMb} MB)`,
          };
        }
        settings.log(line);
      });
    }
    this.#child.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready' || message.type === 'initError') this.#initDone();
      if (message.type === 'crash') {
        this.#dead = true;
        if (!this.#busy)
          settings.log(
            `crashed between invocations: ${message.error.errorType}: ${message.error.errorMessage}`,
          );
      }
      this.#push(message);
    });
    this.#exited = new Promise((resolve) => {
      let exit: Exit | undefined;
      const done = () => {
        this.#initDone();
        if (exit === undefined) return;
        this.#push(exit);
        exit = undefined;
        resolve();
      };
      this.#child.on('error', (error: Error) => {
        // Only a failed spawn (no pid: the binary is gone) is news; a message to a process that
        // already exited fails too, and its 'exit' tells the story.
        if (this.#child.pid !== undefined) return;
        this.#dead = true;
        this.#failure ??= {
          errorType: 'Runtime.ExitError',
          errorMessage: `cannot start ${settings.node}: ${error.message}`,
        };
        exit = { type: 'exit', code: null, signal: null };
        done();
      });
      this.#child.on('exit', (code, signal) => {
        this.#dead = true;
        exit = { type: 'exit', code, signal };
        setTimeout(done, DRAIN_MS).unref();
      });
      // Once the process's output and messages are all in.
      this.#child.on('close', done);
    });
    this.#send({ type: 'init', config: settings.config });
  }

  /** Whether the process is gone (timed out, crashed, failed to initialise, closed). */
  get dead(): boolean {
    return this.#dead;
  }

  /**
   * Runs one invocation, `traceHeader` in its `_X_AMZN_TRACE_ID`; the caller makes sure only one runs
   * at a time.
   */
  async invoke(requestId: string, event: string, traceHeader: string): Promise<SandboxOutcome> {
    if (this.#busy) throw new Error('a sandbox runs one invocation at a time');
    this.#busy = true;
    try {
      return await this.#invoke(requestId, event, traceHeader);
    } finally {
      this.#busy = false;
    }
  }

  async #invoke(requestId: string, event: string, traceHeader: string): Promise<SandboxOutcome> {
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
          void this.terminate();
          return failed(signal.error);
        case 'timeout':
          void this.terminate();
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
    this.#send({
      type: 'invoke',
      requestId,
      event,
      traceHeader,
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
        void this.terminate();
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

  /** Ends the environment at once (its process group); an invocation in flight ends with an error. */
  terminate(closing = false): Promise<void> {
    this.#closing ||= closing;
    this.#dead = true;
    const { pid } = this.#child;
    if (pid !== undefined && this.#child.exitCode === null && this.#child.signalCode === null) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        this.#child.kill('SIGKILL');
      }
    }
    return this.#exited;
  }

  #send(message: InitMessage | InvokeMessage): void {
    // A process that is gone cannot be told anything: its exit is what the caller will see.
    if (this.#child.connected) this.#child.send(message, () => {});
  }

  #crash(signal: Signal, requestId: string): LambdaError {
    this.#dead = true;
    if (signal.type === 'crash') {
      void this.terminate();
      return signal.error;
    }
    if (this.#failure !== undefined) return this.#failure;
    if (this.#closing)
      return {
        errorType: 'Runtime.ExitError',
        errorMessage: `RequestId: ${requestId} Error: the runner was closed`,
      };
    // As Lambda words it: `exit status 3`, `signal: SIGKILL`.
    const status =
      signal.type !== 'exit'
        ? 'unknown'
        : signal.signal !== null
          ? `signal: ${signal.signal}`
          : `exit status ${signal.code}`;
    return {
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: ${status}`,
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
