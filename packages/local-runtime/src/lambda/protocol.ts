/**
 * Messages between a sandbox (sandbox.ts) and its process (worker.cjs), over the process's IPC
 * channel. worker.cjs is plain JavaScript: keep the two in step.
 */

/** A function error as Lambda reports it. */
export interface LambdaError {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace?: readonly string[];
}

/** What the process needs to start: sent first, before any invocation. */
export interface WorkerConfig {
  /** Absolute path of the handler's module without extension (`<codeDir>/index`). */
  readonly modulePath: string;
  /** The export, dotted for nested ones (`handler`). */
  readonly exportPath: string;
  /** The function's `Handler` setting, for messages. */
  readonly handler: string;
}

/** Parent → process, once, first. */
export interface InitMessage {
  readonly type: 'init';
  readonly config: WorkerConfig;
}

/** Parent → process, for each invocation. */
export interface InvokeMessage {
  readonly type: 'invoke';
  readonly requestId: string;
  /** The event as JSON: the handler gets a fresh parse, as in Lambda. */
  readonly event: string;
  /** `_X_AMZN_TRACE_ID` for this invocation only (the process's value is put back afterwards). */
  readonly traceHeader: string;
  /** Epoch milliseconds when the invocation times out (context.getRemainingTimeInMillis). */
  readonly deadline: number;
  readonly functionName: string;
  readonly invokedFunctionArn: string;
  readonly memoryMb: number;
  readonly logGroupName: string;
  readonly logStreamName: string;
}

/** Process → parent. */
export type WorkerMessage =
  | { readonly type: 'ready'; readonly initDurationMs: number }
  | { readonly type: 'initError'; readonly error: LambdaError }
  | { readonly type: 'result'; readonly requestId: string; readonly ok: true; readonly payload: string }
  | { readonly type: 'result'; readonly requestId: string; readonly ok: false; readonly error: LambdaError }
  /** An uncaught exception or unhandled rejection: the process exits right after. */
  | { readonly type: 'crash'; readonly error: LambdaError };
