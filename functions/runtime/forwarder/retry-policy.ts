/**
 * What the forwarder retries, and how long it waits in between.
 *
 * - Failed entries of a PutEvents response are retried only for `ThrottlingException` and
 *   `InternalFailure`, the two codes EventBridge documents as retryable. Any other code
 *   (`AccessDeniedException`, `InvalidArgument`, `MalformedDetail`, ...) will fail again the same
 *   way: it is given up at once and reported.
 * - A call that throws is retried (all its entries) when the error is a throttle, a 5xx, a network
 *   failure or a call timeout; otherwise (4xx: access denied, validation, missing bus) it is given up.
 * - Waits grow exponentially with full jitter: the n-th retry waits `random() * min(maxDelayMs,
 *   baseDelayMs * 2^(n-1))`, so concurrent forwarders hitting the same throttle spread out.
 * - Attempts are bounded by `maxAttempts` and, first of all, by the invocation's deadline (send.ts).
 */

export interface RetryPolicy {
  /** Calls per entry at most, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 8,
  baseDelayMs: 100,
  maxDelayMs: 5_000,
});

/** The entry error codes EventBridge documents as retryable. */
export const RETRYABLE_ENTRY_ERRORS: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'InternalFailure',
]);

/** Whether a failed entry with this `ErrorCode` is worth sending again. */
export function isRetryableEntryError(code: string | undefined): boolean {
  return code !== undefined && RETRYABLE_ENTRY_ERRORS.has(code);
}

/** Error names the AWS SDKs treat as throttling or transient. */
const RETRYABLE_ERROR_NAMES: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'InternalFailure',
  'InternalException',
  'InternalServerError',
  'InternalServerException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'NetworkingError',
  'CallTimeout',
]);

/** Node's socket error codes for a connection that failed or broke. */
const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'EHOSTUNREACH',
]);

function field(error: object, name: string): unknown {
  return (error as Record<string, unknown>)[name];
}

/** The name a thrown error goes by in logs and metrics: its `name`, else `Error`. */
export function errorName(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const name = field(error, 'name');
    if (typeof name === 'string' && name !== '') return name;
  }
  return 'Error';
}

/** Whether a PutEvents call that threw may succeed when made again. */
export function isRetryableCallError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  if (RETRYABLE_ERROR_NAMES.has(errorName(error))) return true;
  const code = field(error, 'code');
  if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return true;
  const retryable = field(error, '$retryable');
  if (typeof retryable === 'object' && retryable !== null) return true;
  const metadata = field(error, '$metadata');
  const status =
    typeof metadata === 'object' && metadata !== null ? field(metadata, 'httpStatusCode') : undefined;
  return typeof status === 'number' && (status >= 500 || status === 429);
}

/** The wait before retry number `retry` (1 for the first retry): exponential, full jitter. */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}
