/**
 * Puts outgoing events on the bus: in PutEvents calls of at most 10 entries and 256 KB (chunk.ts),
 * up to `concurrency` calls at a time, reading every response entry and retrying what may succeed
 * (retry-policy.ts) until the invocation's deadline.
 *
 * - A call's answer is read entry by entry (`Entries[i]` answers the i-th entry sent); an entry
 *   counts as delivered only with an `EventId` and no `ErrorCode`. `FailedEntryCount` is checked
 *   against what the entries say, and a mismatch is logged. An entry the response does not answer
 *   (too few `Entries`, or neither `EventId` nor `ErrorCode`) is treated as `MissingResult` and
 *   retried like `InternalFailure`: the event may or may not be on the bus, and sending it twice is
 *   safe (subscribers deduplicate on `event_id`), losing it is not.
 * - No call starts and no wait ends after `deadline`; a call is abandoned after `callTimeoutMs` or
 *   at the deadline, whichever comes first (its entries are then retried or given up as any thrown
 *   call). Entries still pending at the deadline are given up as `out_of_time`.
 * - Once an entry is given up, the stream will deliver every later record again (the checkpoint is at
 *   or before it), so entries of later records are no longer sent: they are `deferred`. This saves
 *   calls and duplicates when EventBridge is unhealthy.
 *
 * Never throws: every entry ends delivered, failed or deferred.
 */
import {
  PutEventsCommand,
  type PutEventsCommandOutput,
  type PutEventsResultEntry,
} from '@aws-sdk/client-eventbridge';
import type { Clock } from '../clock';
import { chunkBySize, PUT_EVENTS_LIMITS } from './chunk';
import { type ForwarderLog, silentLog } from './log';
import type { OutgoingEvent } from './map-record';
import { forEachBounded } from './pool';
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  errorName,
  isRetryableCallError,
  isRetryableEntryError,
  type RetryPolicy,
} from './retry-policy';

/** The one operation the forwarder calls; an `EventBridgeClient` is one. */
export interface PutEventsClient {
  send(command: PutEventsCommand, options?: { abortSignal?: AbortSignal }): Promise<PutEventsCommandOutput>;
}

/** The code of an entry the response did not answer. */
export const MISSING_RESULT = 'MissingResult';
/** The name of the error a call gets when it takes longer than it may. */
export const CALL_TIMEOUT = 'CallTimeout';

export type FailureCause = 'not_retryable' | 'retries_exhausted' | 'out_of_time' | 'unexpected_error';

export type EntryOutcome =
  | { readonly status: 'delivered'; readonly attempts: number; readonly eventBridgeId: string }
  | {
      readonly status: 'failed';
      readonly attempts: number;
      /** The last error code (entry `ErrorCode` or thrown error name) seen, if any. */
      readonly code: string | undefined;
      readonly cause: FailureCause;
    }
  | { readonly status: 'deferred'; readonly attempts: number };

export interface SendOptions {
  readonly client: PutEventsClient;
  /** Epoch ms (on `clock`) by which sending must be over. */
  readonly deadline: number;
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
  /** Uniform in [0, 1): the jitter. */
  readonly random: () => number;
  readonly retryPolicy?: RetryPolicy;
  /** PutEvents calls in flight at most. */
  readonly concurrency?: number;
  /** Longest a single call may take (real time). */
  readonly callTimeoutMs?: number;
  readonly log?: ForwarderLog;
}

export const DEFAULT_CONCURRENCY = 10;
export const DEFAULT_CALL_TIMEOUT_MS = 5_000;

export interface SendReport {
  /** By record index (the event's `index`). */
  readonly outcomes: ReadonlyMap<number, EntryOutcome>;
  readonly calls: number;
  /** Entries sent again after a retryable failure (one per entry per retry). */
  readonly entriesRetried: number;
  /** Every failure seen, by error code, including those later retried successfully. */
  readonly errorCodes: Readonly<Record<string, number>>;
}

interface Verdict {
  readonly event: OutgoingEvent;
  readonly code: string;
}

class CallTimeoutError extends Error {
  override readonly name = CALL_TIMEOUT;
}

/** Runs `call` with a signal that aborts after `ms`; rejects with {@link CallTimeoutError} then. */
async function withTimeout<T>(call: (signal: AbortSignal) => Promise<T>, ms: number): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => {
        const error = new CallTimeoutError(`PutEvents took longer than ${ms} ms`);
        controller.abort(error);
        reject(error);
      },
      Math.max(1, ms),
    );
  });
  try {
    return await Promise.race([call(controller.signal), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** Sends `events` (in stream order) and reports what became of each. */
export async function sendEvents(
  events: readonly OutgoingEvent[],
  options: SendOptions,
): Promise<SendReport> {
  const policy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
  const log = options.log ?? silentLog;
  const callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  const now = () => options.clock.now().getTime();

  const outcomes = new Map<number, EntryOutcome>();
  const attempts = new Map<number, number>();
  const lastCode = new Map<number, string>();
  const errorCodes: Record<string, number> = {};
  let calls = 0;
  let entriesRetried = 0;
  /** The lowest index given up so far: entries after it are deferred. */
  let lowestFailed = Number.POSITIVE_INFINITY;

  const countCode = (code: string) => {
    errorCodes[code] = (errorCodes[code] ?? 0) + 1;
  };
  const fail = (events: readonly OutgoingEvent[], cause: FailureCause) => {
    for (const event of events) {
      if (outcomes.has(event.index)) continue;
      outcomes.set(event.index, {
        status: 'failed',
        attempts: attempts.get(event.index) ?? 0,
        code: lastCode.get(event.index),
        cause,
      });
      lowestFailed = Math.min(lowestFailed, event.index);
    }
  };

  /** One PutEvents call: what got through, what may be retried, what may not. */
  const call = async (
    pending: readonly OutgoingEvent[],
  ): Promise<{ retry: OutgoingEvent[]; rejected: OutgoingEvent[] }> => {
    calls += 1;
    for (const event of pending) attempts.set(event.index, (attempts.get(event.index) ?? 0) + 1);
    let output: PutEventsCommandOutput;
    try {
      output = await withTimeout(
        (abortSignal) =>
          options.client.send(new PutEventsCommand({ Entries: pending.map((event) => event.entry) }), {
            abortSignal,
          }),
        Math.min(callTimeoutMs, options.deadline - now()),
      );
    } catch (error) {
      const code = errorName(error);
      const retryable = isRetryableCallError(error);
      for (const event of pending) {
        lastCode.set(event.index, code);
        countCode(code);
      }
      log.warn('PutEvents call failed', {
        error_name: code,
        error_message: error instanceof Error ? error.message : String(error),
        retryable,
        entries: pending.length,
      });
      return retryable ? { retry: [...pending], rejected: [] } : { retry: [], rejected: [...pending] };
    }

    const results: readonly (PutEventsResultEntry | undefined)[] = output.Entries ?? [];
    const retry: Verdict[] = [];
    const rejected: Verdict[] = [];
    pending.forEach((event, i) => {
      const result = results[i];
      const eventBridgeId = result?.EventId;
      if (result?.ErrorCode === undefined && eventBridgeId !== undefined && eventBridgeId !== '') {
        outcomes.set(event.index, {
          status: 'delivered',
          attempts: attempts.get(event.index) ?? 1,
          eventBridgeId,
        });
        return;
      }
      const code = result?.ErrorCode ?? MISSING_RESULT;
      lastCode.set(event.index, code);
      countCode(code);
      (isRetryableEntryError(code) || code === MISSING_RESULT ? retry : rejected).push({ event, code });
    });
    const failedByEntries = retry.length + rejected.length;
    if (results.length !== pending.length || (output.FailedEntryCount ?? 0) !== failedByEntries) {
      log.warn('PutEvents response does not match the request', {
        entries_sent: pending.length,
        entries_answered: results.length,
        failed_entry_count: output.FailedEntryCount,
        failed_entries_read: failedByEntries,
      });
    }
    if (rejected.length > 0) {
      log.warn('PutEvents rejected entries that will not be retried', {
        entries: rejected.map(({ event, code }) => ({
          sequence_number: event.sequenceNumber,
          event_id: event.detail.event_id,
          error_code: code,
        })),
      });
    }
    return { retry: retry.map((v) => v.event), rejected: rejected.map((v) => v.event) };
  };

  const sendChunk = async (chunk: readonly OutgoingEvent[]): Promise<void> => {
    let pending: readonly OutgoingEvent[] = chunk;
    try {
      for (let attempt = 1; ; attempt++) {
        pending = pending.filter((event) => {
          if (event.index < lowestFailed) return true;
          outcomes.set(event.index, { status: 'deferred', attempts: attempts.get(event.index) ?? 0 });
          return false;
        });
        if (pending.length === 0) return;
        if (now() >= options.deadline) return fail(pending, 'out_of_time');
        if (attempt > 1) {
          entriesRetried += pending.length;
          log.debug('PutEvents retry', {
            attempt,
            entries: pending.map((event) => ({
              sequence_number: event.sequenceNumber,
              event_id: event.detail.event_id,
              error_code: lastCode.get(event.index),
            })),
          });
        }
        const { retry, rejected } = await call(pending);
        fail(rejected, 'not_retryable');
        if (retry.length === 0) return;
        if (attempt >= policy.maxAttempts) return fail(retry, 'retries_exhausted');
        const delay = backoffDelay(attempt, policy, options.random);
        if (now() + delay >= options.deadline) return fail(retry, 'out_of_time');
        await options.sleep(delay);
        pending = retry;
      }
    } catch (error) {
      log.error('forwarder bug: sending a chunk threw', {
        error_name: errorName(error),
        error_message: error instanceof Error ? error.message : String(error),
      });
      fail(
        pending.filter((event) => !outcomes.has(event.index)),
        'unexpected_error',
      );
    }
  };

  await forEachBounded(
    chunkBySize(events, PUT_EVENTS_LIMITS),
    options.concurrency ?? DEFAULT_CONCURRENCY,
    sendChunk,
  );
  // Belt and braces: an event with no outcome did not get through.
  fail(
    events.filter((event) => !outcomes.has(event.index)),
    'unexpected_error',
  );
  return { outcomes, calls, entriesRetried, errorCodes };
}
