/**
 * Messages between a sandbox (sandbox.ts) and its worker (worker.cjs), and the worker's start-up
 * data. worker.cjs is plain JavaScript: keep the two in step.
 */

/** A function error as Lambda reports it. */
export interface LambdaError {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace?: readonly string[];
}

/** `workerData` of a sandbox's worker. */
export interface WorkerConfig {
  /** Absolute path of the handler's module without extension (`<codeDir>/index`). */
  readonly modulePath: string;
  /** The export, dotted for nested ones (`handler`). */
  readonly exportPath: string;
  /** The function's `Handler` setting, for messages. */
  readonly handler: string;
  /** Whether `NODE_OPTIONS` asks for `--enable-source-maps` (a worker does not read NODE_OPTIONS). */
  readonly sourceMaps: boolean;
}

/** Parent → worker. */
export interface InvokeMessage {
  readonly type: 'invoke';
  readonly requestId: string;
  /** The event as JSON: the handler gets a fresh parse, as in Lambda. */
  readonly event: string;
  /** Epoch milliseconds when the invocation times out (context.getRemainingTimeInMillis). */
  readonly deadline: number;
  readonly functionName: string;
  readonly invokedFunctionArn: string;
  readonly memoryMb: number;
  readonly logGroupName: string;
  readonly logStreamName: string;
}

/** Worker → parent. */
export type WorkerMessage =
  | { readonly type: 'ready'; readonly initDurationMs: number }
  | { readonly type: 'initError'; readonly error: LambdaError }
  | { readonly type: 'result'; readonly requestId: string; readonly ok: true; readonly payload: string }
  | { readonly type: 'result'; readonly requestId: string; readonly ok: false; readonly error: LambdaError }
  /** An uncaught exception or unhandled rejection: the worker exits right after. */
  | { readonly type: 'crash'; readonly error: LambdaError };
