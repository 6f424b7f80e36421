/**
 * What an event source mapping does with one batch of stream records, as Lambda does it: the
 * policy of the local stream poller (poller.ts), apart from reading shards, so it is tested without
 * Java or DynamoDB Local (test/local/streams/delivery-policy.test.ts).
 *
 * - Records older than the maximum record age at the head of the batch are parked
 *   (`RecordAgeExceeded`) before any invocation, and again before every retry.
 * - A function error (a timeout too) retries the batch, first split in halves when
 *   `bisectBatchOnFunctionError` (a split is not a retry: each half keeps the retry count it had).
 * - With `reportBatchItemFailures`, `batchItemFailures` takes the records before the lowest failed
 *   sequence number and retries the rest (a retry); an answer naming no record of the batch fails
 *   the whole batch (batch-response.ts).
 * - Retries back off exponentially (`initial` doubling up to `max`) and stop after
 *   `maximumRetryAttempts` (-1: no limit): the records left are parked (`RetryAttemptsExhausted`).
 * Every record ends taken or parked; the effects say which, in order, and what each invocation
 * came to ({@link InvocationReport}).
 */
import type { InvokeResult } from '../model';
import { type BatchOutcome, batchOutcome } from './batch-response';
import type { OnFailureCondition } from './on-failure';

/** DynamoDB Streams keeps records 24 hours: the record age limit of `maximumRecordAgeInSeconds: -1`. */
export const STREAM_RETENTION_SECONDS = 24 * 60 * 60;

/** The mapping's settings the policy follows (LocalEventSourceMapping's, and the poller's backoff). */
export interface DeliveryPolicy {
  readonly reportBatchItemFailures: boolean;
  readonly bisectBatchOnFunctionError: boolean;
  /** -1: retry until the records expire. */
  readonly maximumRetryAttempts: number;
  /** -1: the stream's retention ({@link STREAM_RETENTION_SECONDS}). */
  readonly maximumRecordAgeInSeconds: number;
  /** Backoff between retries: `initial` doubling up to `max`, in ms. */
  readonly backoff: { readonly initial: number; readonly max: number };
}

/** What the policy reads of a record. */
export interface DeliveryRecord {
  readonly sequenceNumber: string;
  /** When the record was written (its ApproximateCreationDateTime), epoch ms. */
  readonly createdAtMs: number;
}

/** Why records were parked, and what happened before. */
export interface ParkedBatch<R extends DeliveryRecord> {
  readonly records: readonly R[];
  readonly condition: OnFailureCondition;
  /** Invocations of these records so far. */
  readonly invokes: number;
  /** Whether the last invocation was a function error (rather than a reported item failure). */
  readonly functionError: boolean;
  readonly why: string;
}

/**
 * What one invocation came to, once the policy has decided (after `taken` and `park` of it):
 * - `processed`: every record was taken;
 * - `partial`: the function reported item failures (`batchItemFailures`): the records before the
 *   first failed one were taken, the rest is retried;
 * - `retrying`: the invocation failed: the records are tried again (after `retryInMs`, or at once
 *   in halves when the batch is bisected);
 * - `parked`: records were given up on (after this invocation, retries exhausted).
 */
export type InvocationOutcome = 'processed' | 'partial' | 'retrying' | 'parked';

export interface InvocationReport<R extends DeliveryRecord> {
  /** The records the invocation was given. */
  readonly records: readonly R[];
  /** The invocations of these records so far, this one included (1 for the first). */
  readonly attempt: number;
  readonly result: InvokeResult;
  readonly outcome: InvocationOutcome;
  /** What failed (all but `processed`). */
  readonly error?: string;
  /** The wait before the records are tried again (`partial`, `retrying` but for a bisection). */
  readonly retryInMs?: number;
  /** `retrying` in two halves (bisectBatchOnFunctionError). */
  readonly bisected?: boolean;
}

/** What the policy does to the world: the poller's side (invoking, checkpointing, parking, sleeping). */
export interface DeliveryEffects<R extends DeliveryRecord> {
  invoke(records: readonly R[]): Promise<InvokeResult>;
  /** The function took these records (the first of the batch still pending). */
  taken(records: readonly R[]): void;
  park(batch: ParkedBatch<R>): void;
  /** An invocation failed as a whole (function error, timeout, every record reported failed). */
  failed(records: readonly R[], reason: string): void;
  /** Before the `retry`-th retry (1, 2, ...): wait `delayMs`. */
  retry(retry: number, delayMs: number): Promise<void>;
  /** Epoch ms. */
  now(): number;
  /** Throws to stop delivering (the poller is stopping); called before every invocation. */
  checkStopped(): void;
  /** What an invocation came to, once decided (see {@link InvocationOutcome}). */
  invoked?(report: InvocationReport<R>): void;
}

/** Retries and invocations so far of the records being delivered. */
export interface DeliveryCounters {
  readonly retries: number;
  readonly invokes: number;
}

/** The delay before the `retry`-th retry (1-based). */
export function backoffDelayMs(policy: DeliveryPolicy, retry: number): number {
  return Math.min(policy.backoff.initial * 2 ** (retry - 1), policy.backoff.max);
}

/** Whether a batch that has been retried `retries` times may not be retried again. */
export function retriesExhausted(policy: DeliveryPolicy, retries: number): boolean {
  return policy.maximumRetryAttempts >= 0 && retries >= policy.maximumRetryAttempts;
}

/** How many records at the start of `records` are too old to be sent (again) at `nowMs`. */
export function expiredPrefix(
  policy: DeliveryPolicy,
  records: readonly DeliveryRecord[],
  nowMs: number,
): number {
  const maximumAge =
    policy.maximumRecordAgeInSeconds >= 0 ? policy.maximumRecordAgeInSeconds : STREAM_RETENTION_SECONDS;
  let count = 0;
  while (count < records.length && nowMs - (records[count]?.createdAtMs ?? nowMs) > maximumAge * 1000)
    count++;
  return count;
}

/** What an invocation's result means for the batch it was given. */
export function invocationOutcome(
  policy: DeliveryPolicy,
  result: InvokeResult,
  records: readonly DeliveryRecord[],
): BatchOutcome {
  if (!result.ok)
    return { kind: 'failure', reason: `${result.error.errorType}: ${result.error.errorMessage}` };
  if (!policy.reportBatchItemFailures) return { kind: 'success' };
  return batchOutcome(
    result.value,
    records.map((record) => record.sequenceNumber),
  );
}

/** Delivers `records` (in order, the head of a shard) until every one is taken or parked. */
export async function deliverBatch<R extends DeliveryRecord>(
  policy: DeliveryPolicy,
  records: readonly R[],
  effects: DeliveryEffects<R>,
  counters: DeliveryCounters = { retries: 0, invokes: 0 },
): Promise<void> {
  let pending = records;
  let { retries, invokes } = counters;
  while (pending.length > 0) {
    effects.checkStopped();
    const expired = expiredPrefix(policy, pending, effects.now());
    if (expired > 0) {
      effects.park({
        records: pending.slice(0, expired),
        condition: 'RecordAgeExceeded',
        invokes,
        functionError: false,
        why: 'older than the maximum record age',
      });
      pending = pending.slice(expired);
      continue;
    }
    const invoked = pending;
    const result = await effects.invoke(invoked);
    invokes++;
    const attempt = invokes;
    const report = (
      outcome: InvocationOutcome,
      details: Pick<InvocationReport<R>, 'error' | 'retryInMs' | 'bisected'> = {},
    ) => effects.invoked?.({ records: invoked, attempt, result, outcome, ...details });
    const outcome = invocationOutcome(policy, result, pending);
    if (outcome.kind === 'success') {
      effects.taken(pending);
      report('processed');
      return;
    }
    if (outcome.kind === 'partial') {
      if (outcome.index > 0) effects.taken(pending.slice(0, outcome.index));
      pending = pending.slice(outcome.index);
      const error = `the function reported record ${pending[0]?.sequenceNumber ?? '?'} and later failed (batchItemFailures)`;
      if (retriesExhausted(policy, retries)) {
        effects.park({
          records: pending,
          condition: 'RetryAttemptsExhausted',
          invokes,
          functionError: false,
          why: 'reported failed by the function',
        });
        report('parked', { error });
        return;
      }
      report('partial', { error, retryInMs: backoffDelayMs(policy, retries + 1) });
    } else {
      effects.failed(pending, outcome.reason);
      if (policy.bisectBatchOnFunctionError && pending.length > 1) {
        report('retrying', { error: outcome.reason, bisected: true });
        const half = Math.ceil(pending.length / 2);
        await deliverBatch(policy, pending.slice(0, half), effects, { retries, invokes });
        await deliverBatch(policy, pending.slice(half), effects, { retries, invokes });
        return;
      }
      if (retriesExhausted(policy, retries)) {
        effects.park({
          records: pending,
          condition: 'RetryAttemptsExhausted',
          invokes,
          functionError: !result.ok,
          why: outcome.reason,
        });
        report('parked', { error: outcome.reason });
        return;
      }
      report('retrying', { error: outcome.reason, retryInMs: backoffDelayMs(policy, retries + 1) });
    }
    retries++;
    await effects.retry(retries, backoffDelayMs(policy, retries));
  }
}
