/**
 * A batch of stream records in, the event source mapping's answer out: map every record
 * (map-record.ts), send the events (send.ts) until the invocation's deadline, and report the first
 * record that did not get through (checkpoint.ts), with a summary of what was sent, retried,
 * skipped and given up, logged once per invocation.
 *
 * The deadline is the time the invocation has left minus `safetyMarginMs`, kept for answering
 * (and flushing logs and metrics) before Lambda's timeout would turn a partly done batch into a
 * function error.
 *
 * Never throws, whatever the records are (REMOVE and TTL deletes included) and whatever EventBridge
 * does: a bug in sending fails every event of the batch (the stream retries it whole).
 */
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { type Clock, systemClock } from '../clock';
import { batchResponse } from './checkpoint';
import type { ForwarderConfig } from './config';
import { type ForwarderLog, silentLog } from './log';
import { type MappedRecord, mapRecords, type OutgoingEvent, type UnusableRecord } from './map-record';
import { type ParkingQueue, parkRecords } from './park';
import type { RetryPolicy } from './retry-policy';
import { errorName } from './retry-policy';
import { type EntryOutcome, type PutEventsClient, type SendReport, sendEvents } from './send';

export const DEFAULT_SAFETY_MARGIN_MS = 2_000;
/** Given-up events listed in the log line (the count is always there). */
const MAX_LOGGED_FAILURES = 50;

export interface ForwardOptions {
  readonly config: ForwarderConfig;
  readonly client: PutEventsClient;
  /** What the invocation has left, e.g. `context.getRemainingTimeInMillis()`, read once at the start. */
  readonly remainingTimeMs: number;
  readonly safetyMarginMs?: number;
  readonly clock?: Clock;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly retryPolicy?: RetryPolicy;
  readonly concurrency?: number;
  readonly callTimeoutMs?: number;
  readonly log?: ForwarderLog;
  /**
   * Where records that cannot become events are parked (park.ts). Without it, such records are
   * reported as not through, so the stream retries them and its on-failure destination parks them.
   */
  readonly parking?: ParkingQueue;
}

/** What one invocation did; logged as is and turned into metrics (metrics.ts). */
export interface ForwardSummary {
  readonly recordsReceived: number;
  /** Events EventBridge accepted. */
  readonly eventsPut: number;
  /** Entries sent again after a retryable failure (one per entry per retry). */
  readonly entriesRetried: number;
  /** Events given up (not retryable, retries exhausted, out of time). */
  readonly entriesFailed: number;
  /** Events not sent because an earlier record failed: the stream delivers them again. */
  readonly entriesDeferred: number;
  /** Records that produce no event: skipped by design plus unusable. */
  readonly recordsSkipped: number;
  /** Of those, records that should have produced one (logged as errors). */
  readonly recordsUnusable: number;
  /** Of the unusable ones, records parked on the parking queue (the others are retried by the stream). */
  readonly recordsParked: number;
  readonly putEventsCalls: number;
  /** The sequence number reported in `batchItemFailures`, or null when all got through. */
  readonly checkpoint: string | null;
  readonly skippedByReason: Readonly<Record<string, number>>;
  /** Every failure seen, by error code, including those retried successfully. */
  readonly errorCodes: Readonly<Record<string, number>>;
  readonly durationMs: number;
}

export interface ForwardResult {
  readonly response: DynamoDBBatchResponse;
  readonly summary: ForwardSummary;
  readonly mapped: readonly MappedRecord[];
  /** By record index. */
  readonly outcomes: ReadonlyMap<number, EntryOutcome>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

function recordRef(record: MappedRecord) {
  return {
    sequence_number: record.sequenceNumber,
    event_id: record.eventId,
    event_name: record.eventName,
  };
}

export async function forwardRecords(
  records: readonly DynamoDBRecord[],
  options: ForwardOptions,
): Promise<ForwardResult> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? silentLog;
  const started = clock.now().getTime();
  const deadline = started + options.remainingTimeMs - (options.safetyMarginMs ?? DEFAULT_SAFETY_MARGIN_MS);

  const mapped = mapRecords(records, options.config, clock);
  const events: OutgoingEvent[] = [];
  const unusable: UnusableRecord[] = [];
  for (const record of mapped) {
    if (record.kind === 'event') {
      events.push(record);
      if (record.ttlDelete) log.debug('TTL delete becomes a deleted event', recordRef(record));
    } else if (record.kind === 'skipped') {
      log.debug('record skipped', { ...recordRef(record), reason: record.reason, type: record.type });
    } else {
      unusable.push(record);
      log.error('record cannot become an event; it is parked', {
        ...recordRef(record),
        reason: record.reason,
        type: record.type,
      });
    }
  }
  const parked = await parkRecords(unusable, records, {
    queue: options.parking,
    service: options.config.service,
    clock,
  });
  const notParked = unusable.filter((record) => !parked.has(record.index));
  if (notParked.length > 0) {
    log.error('unusable records could not be parked; the stream retries them', {
      count: notParked.length,
      records: notParked.slice(0, MAX_LOGGED_FAILURES).map(recordRef),
    });
  }

  let report: SendReport;
  try {
    report = await sendEvents(events, {
      client: options.client,
      deadline,
      clock,
      sleep: options.sleep ?? realSleep,
      random: options.random ?? Math.random,
      ...(options.retryPolicy === undefined ? {} : { retryPolicy: options.retryPolicy }),
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      ...(options.callTimeoutMs === undefined ? {} : { callTimeoutMs: options.callTimeoutMs }),
      log,
    });
  } catch (error) {
    log.error('forwarder bug: sending threw; the whole batch will be retried', {
      error_name: errorName(error),
      error_message: error instanceof Error ? error.message : String(error),
    });
    const outcomes = new Map<number, EntryOutcome>(
      events.map((event) => [
        event.index,
        { status: 'failed', attempts: 0, code: errorName(error), cause: 'unexpected_error' },
      ]),
    );
    report = { outcomes, calls: 0, entriesRetried: 0, errorCodes: {} };
  }

  const notThrough = events.filter((event) => report.outcomes.get(event.index)?.status !== 'delivered');
  const response = batchResponse(records, [
    ...notThrough.map((event) => event.index),
    ...notParked.map((record) => record.index),
  ]);
  const failed = events.filter((event) => report.outcomes.get(event.index)?.status === 'failed');
  if (failed.length > 0) {
    log.warn('events given up', {
      count: failed.length,
      // The first ones only, to keep the line well under CloudWatch's limit; the first is the checkpoint.
      events: failed.slice(0, MAX_LOGGED_FAILURES).map((event) => {
        const outcome = report.outcomes.get(event.index);
        return {
          sequence_number: event.sequenceNumber,
          event_id: event.detail.event_id,
          detail_type: event.entry.DetailType,
          id: event.detail.id,
          ...(outcome?.status === 'failed'
            ? { error_code: outcome.code, cause: outcome.cause, attempts: outcome.attempts }
            : {}),
        };
      }),
    });
  }

  const skipped = mapped.filter((record) => record.kind !== 'event');
  const summary: ForwardSummary = {
    recordsReceived: records.length,
    eventsPut: events.length - notThrough.length,
    entriesRetried: report.entriesRetried,
    entriesFailed: failed.length,
    entriesDeferred: notThrough.length - failed.length,
    recordsSkipped: skipped.length,
    recordsUnusable: unusable.length,
    recordsParked: parked.size,
    putEventsCalls: report.calls,
    checkpoint: response.batchItemFailures[0]?.itemIdentifier ?? null,
    skippedByReason: countBy(skipped, (record) => record.reason),
    errorCodes: report.errorCodes,
    durationMs: clock.now().getTime() - started,
  };
  if (summary.checkpoint === null) log.info('forwarded batch', { ...summary });
  else log.warn('forwarded batch partly; the stream retries from the checkpoint', { ...summary });
  return { response, summary, mapped, outcomes: report.outcomes };
}
