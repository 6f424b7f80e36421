/**
 * One event source mapping of a DynamoDB stream, locally: polls the table's stream in DynamoDB Local
 * and invokes the function with batches, with the mapping's semantics as Lambda has them.
 *
 * - Shards: the stream's shards come from DescribeTable (LatestStreamArn) and DescribeStream, looked
 *   at again every `discoveryIntervalMs`; a child shard is read once its parent is finished (closed
 *   and every record done), so a key's records stay in order across a split. Shards there at
 *   `start()` begin at the mapping's starting position; shards (and streams: a table recreated)
 *   that appear later are new, so they are read from their start. A shard's records are processed
 *   one batch at a time, in order; shards run independently.
 * - Batches: up to `batchSize` records (and under Lambda's 6 MB payload), waiting up to
 *   `maximumBatchingWindowInSeconds` for a batch to fill.
 * - Errors, retries, bisection, record age and giving up: the mapping's delivery policy
 *   (delivery-policy.ts, a unit of its own). What it gives up on is parked in the mapping's
 *   on-failure queue (`stream-on-failure` when the template has none) with Lambda's on-failure
 *   record (DDBStreamBatchInfo) and a reason, and the shard goes on after them. Nothing is skipped
 *   without being parked or logged.
 * - Checkpoints: the last record done per shard, kept in a {@link CheckpointStore} (a file with
 *   `dev up --persist`, so a restart goes on where it stopped).
 * - Reports: what each invocation came to (`onBatch`: the records, their keys and, with
 *   `traceAttribute`, the trace each record's write was made in). The invocation itself runs in a
 *   new trace, as Lambda invokes a stream mapping's function: the records' traces are data.
 */

import { randomUUID } from 'node:crypto';
import {
  DescribeTableCommand,
  type DynamoDBClient,
  type TableDescription,
  ResourceNotFoundException as TableNotFoundException,
} from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ResourceNotFoundException,
  type Shard as SdkShard,
  type ShardIteratorType,
  type AttributeValue as StreamAttributeValue,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import type { InvokeResult, LambdaInvoker, LocalEventSourceMapping, ParkingLot } from '../model';
import { traceIdOf } from '../trace';
import { type CheckpointStore, MemoryCheckpointStore } from './checkpoints';
import {
  type DeliveryPolicy,
  deliverBatch,
  type InvocationOutcome,
  type InvocationReport,
  type ParkedBatch,
} from './delivery-policy';
import { type DynamoDBRecord, recordCreatedAtMs, toLambdaRecord } from './lambda-event';
import { onFailureRecord } from './on-failure';

/** The queue what a mapping gives up on goes to when the template names no on-failure destination. */
export const DEFAULT_ON_FAILURE_QUEUE = 'stream-on-failure';

export { STREAM_RETENTION_SECONDS } from './delivery-policy';

/** Lambda's limit for a synchronous invocation's payload. */
const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

export interface StreamPollerLog {
  readonly level: 'info' | 'warn' | 'error';
  readonly mappingId: string;
  readonly message: string;
}

/** One record of a batch, as reports show it. */
export interface StreamRecordSummary {
  /** `INSERT`, `MODIFY` or `REMOVE`. */
  readonly eventName: string;
  /** The item's key attributes, as plain strings (numbers as written, binary as base64). */
  readonly keys: Readonly<Record<string, string>>;
  readonly sequenceNumber: string;
  /** The Root of the trace in the item's `traceAttribute` (its new image, else its old one). */
  readonly traceId?: string;
}

/** What one invocation of the mapping's function came to (delivery-policy.ts InvocationOutcome). */
export interface StreamBatchReport {
  readonly mappingId: string;
  readonly tableId: string;
  readonly functionId: string;
  readonly shardId: string;
  /** The invocations of these records so far, this one included (1 for the first). */
  readonly attempt: number;
  readonly outcome: InvocationOutcome;
  /** How long the function ran. */
  readonly durationMs: number;
  readonly error?: string;
  /** The wait before the records are tried again. */
  readonly retryInMs?: number;
  /** Where the records given up on are (`parked`), and the parked message's id. */
  readonly queueId?: string;
  readonly parkedId?: string;
  /** The records the invocation was given, in stream order. */
  readonly records: readonly StreamRecordSummary[];
}

export interface StreamPollerOptions {
  readonly mapping: LocalEventSourceMapping;
  /** The mapping's table's name in DynamoDB Local (LocalTable.tableName). */
  readonly tableName: string;
  readonly dynamodb: DynamoDBClient;
  readonly streams: DynamoDBStreamsClient;
  readonly invoker: LambdaInvoker;
  readonly parkingLot: ParkingLot;
  /** How often a caught-up shard is read again; default 200 ms (Lambda: 4 times a second). */
  readonly pollIntervalMs?: number;
  /** How often the stream's shards are listed again; default 1 s. */
  readonly discoveryIntervalMs?: number;
  /** Backoff between retries: `initial` doubling up to `max`; default 250 ms to 10 s. */
  readonly retryBackoffMs?: { readonly initial: number; readonly max: number };
  /** `awsRegion` of the records; default the stream's own (DynamoDB Local: `ddblocal`). */
  readonly region?: string;
  /** `requestContext.functionArn` of on-failure records; default made from the function's id. */
  readonly functionArn?: string;
  /** Default: in memory, for this run. */
  readonly checkpoints?: CheckpointStore;
  /** Wall clock (epoch ms) for record ages and timestamps; default `Date.now`. */
  readonly now?: () => number;
  readonly log?: (entry: StreamPollerLog) => void;
  /**
   * The item attribute that holds the trace header of the write that made the record (a string):
   * reports give each record's trace id from it. Default: none (no trace read from items).
   */
  readonly traceAttribute?: string;
  /** Told what each invocation came to (one report per invocation). */
  readonly onBatch?: (report: StreamBatchReport) => void;
}

export interface StreamPollerStats {
  /** Invocations. */
  readonly batches: number;
  /** Records the function took (its invocation succeeded and did not report them failed). */
  readonly records: number;
  /** Invocations that failed (function error, timeout, or the whole batch reported failed). */
  readonly failedInvocations: number;
  readonly retries: number;
  /** Records parked in the on-failure queue. */
  readonly parked: number;
  readonly shards: number;
}

interface PendingRecord {
  readonly record: DynamoDBRecord;
  readonly summary: StreamRecordSummary;
  readonly sequenceNumber: string;
  readonly createdAtMs: number;
  /** Bytes of the record in the event's JSON. */
  readonly size: number;
}

interface ShardState {
  readonly key: string;
  readonly id: string;
  readonly parentId: string | undefined;
  readonly streamArn: string;
  readonly initialPosition: 'TRIM_HORIZON' | 'LATEST';
  iterator: string | undefined;
  /** The last record read into the buffer (to get a new iterator after it). */
  lastRead: string | undefined;
  /** The data before our position was trimmed: read again from the oldest record there is. */
  fromTrimHorizon: boolean;
  readonly buffer: PendingRecord[];
  /** Monotonic time the oldest buffered record was read (batching window). */
  bufferedSince: number;
  /** The stream has nothing after what was read (closed shard, or its stream is gone). */
  closed: boolean;
  /** Closed, and every record done. */
  finished: boolean;
  started: boolean;
  /** Invoking, or waiting to retry. */
  busy: boolean;
  /** Monotonic start time of the last read that found nothing, with nothing left to process. */
  caughtUpAt: number;
}

class Stopped extends Error {}

interface Waiter {
  readonly since: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

export class StreamPoller {
  readonly mapping: LocalEventSourceMapping;
  readonly #options: StreamPollerOptions;
  readonly #checkpoints: CheckpointStore;
  readonly #now: () => number;
  readonly #pollMs: number;
  readonly #discoveryMs: number;
  readonly #policy: DeliveryPolicy;
  readonly #functionArn: string;
  readonly #shards = new Map<string, ShardState>();
  readonly #loops = new Set<Promise<void>>();
  readonly #wakers = new Set<() => void>();
  readonly #stopped = new AbortController();
  #waiters: Waiter[] = [];
  #started = false;
  #streamArn: string | undefined;
  #discoveredAt = Number.NEGATIVE_INFINITY;
  #warnedNoStream = false;
  #lastDiscoveryError: string | undefined;
  #stats = { batches: 0, records: 0, failedInvocations: 0, retries: 0, parked: 0 };

  constructor(options: StreamPollerOptions) {
    this.mapping = options.mapping;
    this.#options = options;
    this.#checkpoints = options.checkpoints ?? new MemoryCheckpointStore();
    this.#now = options.now ?? Date.now;
    this.#pollMs = options.pollIntervalMs ?? 200;
    this.#discoveryMs = options.discoveryIntervalMs ?? 1_000;
    this.#policy = {
      reportBatchItemFailures: options.mapping.reportBatchItemFailures,
      bisectBatchOnFunctionError: options.mapping.bisectBatchOnFunctionError,
      maximumRetryAttempts: options.mapping.maximumRetryAttempts,
      maximumRecordAgeInSeconds: options.mapping.maximumRecordAgeInSeconds,
      backoff: options.retryBackoffMs ?? { initial: 250, max: 10_000 },
    };
    this.#functionArn =
      options.functionArn ?? `arn:aws:lambda:local:000000000000:function:${options.mapping.functionId}`;
  }

  get stats(): StreamPollerStats {
    return { ...this.#stats, shards: this.#shards.size };
  }

  /**
   * Finds the stream and its shards and positions the shards there now (so with LATEST, what is
   * written after `start()` resolves is delivered and nothing before), then polls in the background.
   * A table without a stream yet is looked for again every `discoveryIntervalMs`.
   */
  async start(): Promise<void> {
    if (this.#started) throw new Error(`stream poller ${this.mapping.id} was started already`);
    this.#started = true;
    try {
      await this.#discover(true);
    } catch (error) {
      this.#discoveryFailed(error);
    }
    this.#spawn(this.#discoveryLoop());
  }

  /** Stops polling; an invocation under way is abandoned (its records are not checkpointed). */
  async stop(): Promise<void> {
    this.#stopped.abort();
    for (const wake of this.#wakers) wake();
    while (this.#loops.size > 0) await Promise.all([...this.#loops]);
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter.reject(new Error(`stream poller ${this.mapping.id} stopped`));
  }

  /**
   * Resolves once the poller has caught up with everything written before the call: the shards were
   * listed again, every shard read again and found nothing new, and nothing is being processed or
   * waiting to be retried. Rejects after `timeoutMs` (default: waits as long as it takes).
   */
  idle(timeoutMs?: number): Promise<void> {
    if (this.#stopped.signal.aborted)
      return Promise.reject(new Error(`stream poller ${this.mapping.id} stopped`));
    const since = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const promise = new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { since, resolve, reject };
      this.#waiters.push(waiter);
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          this.#waiters = this.#waiters.filter((other) => other !== waiter);
          reject(new Error(`stream poller ${this.mapping.id} not idle after ${timeoutMs} ms`));
        }, timeoutMs);
      }
    });
    for (const wake of this.#wakers) wake();
    this.#notify();
    return promise.finally(() => clearTimeout(timer));
  }

  // ── discovery ────────────────────────────────────────────────────────────────────────────────

  async #discoveryLoop(): Promise<void> {
    while (!this.#stopped.signal.aborted) {
      await this.#sleep(this.#discoveryMs, true);
      if (this.#stopped.signal.aborted) return;
      try {
        await this.#discover(false);
      } catch (error) {
        if (this.#stopped.signal.aborted) return;
        this.#discoveryFailed(error);
      }
    }
  }

  #discoveryFailed(error: unknown): void {
    const message = `cannot read the stream of table ${this.#options.tableName}: ${describeError(error)}`;
    if (message !== this.#lastDiscoveryError) this.#log('error', message);
    this.#lastDiscoveryError = message;
  }

  async #discover(initial: boolean): Promise<void> {
    const started = performance.now();
    const table = await this.#describeTable();
    const streamArn = table?.StreamSpecification?.StreamEnabled === true ? table.LatestStreamArn : undefined;
    if (streamArn === undefined) {
      if (!this.#warnedNoStream) {
        this.#log(
          'warn',
          `table ${this.#options.tableName} ${table === undefined ? 'does not exist' : 'has no stream'} (yet)`,
        );
      }
      this.#warnedNoStream = true;
    } else {
      this.#warnedNoStream = false;
      if (this.#streamArn !== undefined && this.#streamArn !== streamArn) {
        this.#log(
          'info',
          `table ${this.#options.tableName} has a new stream ${streamArn}: reading it from its start`,
        );
      }
      this.#streamArn = streamArn;
      const fresh: ShardState[] = [];
      for (const shard of await this.#listShards(streamArn)) {
        const id = shard.ShardId;
        if (id === undefined || this.#shards.has(`${streamArn} ${id}`)) continue;
        const state = newShard(
          streamArn,
          id,
          shard.ParentShardId,
          initial ? this.mapping.startingPosition : 'TRIM_HORIZON',
        );
        this.#shards.set(state.key, state);
        fresh.push(state);
      }
      // Position the shards there at start now: LATEST means after what is there when start() returns.
      if (initial) {
        for (const shard of fresh) shard.iterator = await this.#shardIterator(shard);
      }
      this.#startReadyShards();
    }
    this.#lastDiscoveryError = undefined;
    this.#discoveredAt = started;
    this.#notify();
  }

  /** The table's description; undefined when there is no such table (yet). */
  async #describeTable(): Promise<TableDescription | undefined> {
    try {
      const { Table } = await this.#options.dynamodb.send(
        new DescribeTableCommand({ TableName: this.#options.tableName }),
        { abortSignal: this.#stopped.signal },
      );
      return Table;
    } catch (error) {
      if (error instanceof TableNotFoundException) return undefined;
      throw error;
    }
  }

  async #listShards(streamArn: string): Promise<SdkShard[]> {
    const shards: SdkShard[] = [];
    let exclusiveStart: string | undefined;
    do {
      const { StreamDescription } = await this.#options.streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStart }),
        { abortSignal: this.#stopped.signal },
      );
      shards.push(...(StreamDescription?.Shards ?? []));
      exclusiveStart = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStart !== undefined);
    return shards;
  }

  /** Starts every shard whose parent is finished (or gone from the stream). */
  #startReadyShards(): void {
    if (this.#stopped.signal.aborted) return;
    for (const shard of this.#shards.values()) {
      if (shard.started) continue;
      const parent =
        shard.parentId === undefined ? undefined : this.#shards.get(`${shard.streamArn} ${shard.parentId}`);
      if (parent !== undefined && !parent.finished) continue;
      shard.started = true;
      this.#spawn(this.#runShard(shard));
    }
  }

  // ── reading a shard ───────────────────────────────────────────────────────────────────────────

  async #runShard(shard: ShardState): Promise<void> {
    const batchSize = Math.max(1, this.mapping.batchSize);
    const windowMs = Math.max(0, this.mapping.maximumBatchingWindowInSeconds) * 1000;
    while (!this.#stopped.signal.aborted) {
      try {
        if (!shard.closed && shard.buffer.length < batchSize) {
          const started = performance.now();
          const read = await this.#read(shard);
          if (read === 0 && shard.buffer.length === 0) {
            shard.caughtUpAt = started;
            this.#notify();
          }
        }
        if (shard.buffer.length === 0) {
          if (shard.closed) {
            shard.finished = true;
            this.#notify();
            this.#startReadyShards();
            return;
          }
          await this.#sleep(this.#pollMs, true);
          continue;
        }
        if (!shard.closed && shard.buffer.length < batchSize && windowMs > 0) {
          const waited = performance.now() - shard.bufferedSince;
          if (waited < windowMs) {
            await this.#sleep(Math.min(this.#pollMs, windowMs - waited), false);
            continue;
          }
        }
        shard.busy = true;
        try {
          await this.#deliver(shard, takeBatch(shard.buffer, batchSize));
        } finally {
          shard.busy = false;
        }
      } catch (error) {
        if (this.#stopped.signal.aborted || error instanceof Stopped) return;
        this.#log('error', `shard ${shard.id}: ${describeError(error)}; trying again`);
        await this.#sleep(Math.max(this.#pollMs, 1_000), false);
      }
    }
  }

  async #shardIterator(shard: ShardState): Promise<string | undefined> {
    const after = shard.fromTrimHorizon
      ? undefined
      : (shard.lastRead ?? this.#checkpoints.get(this.mapping.id, shard.streamArn, shard.id));
    const type: ShardIteratorType =
      after !== undefined
        ? 'AFTER_SEQUENCE_NUMBER'
        : shard.fromTrimHorizon
          ? 'TRIM_HORIZON'
          : shard.initialPosition;
    const { ShardIterator } = await this.#options.streams.send(
      new GetShardIteratorCommand({
        StreamArn: shard.streamArn,
        ShardId: shard.id,
        ShardIteratorType: type,
        ...(after === undefined ? {} : { SequenceNumber: after }),
      }),
      { abortSignal: this.#stopped.signal },
    );
    shard.fromTrimHorizon = false;
    return ShardIterator;
  }

  /** Reads the next records of the shard into its buffer; returns how many (undefined: no read). */
  async #read(shard: ShardState): Promise<number | undefined> {
    try {
      shard.iterator ??= await this.#shardIterator(shard);
      if (shard.iterator === undefined) {
        shard.closed = true;
        return undefined;
      }
      const output = await this.#options.streams.send(
        new GetRecordsCommand({ ShardIterator: shard.iterator }),
        {
          abortSignal: this.#stopped.signal,
        },
      );
      shard.iterator = output.NextShardIterator;
      if (shard.iterator === undefined) shard.closed = true;
      const records = output.Records ?? [];
      const receivedAt = this.#now();
      if (records.length > 0 && shard.buffer.length === 0) shard.bufferedSince = performance.now();
      for (const record of records) {
        const sequenceNumber = record.dynamodb?.SequenceNumber;
        if (sequenceNumber === undefined) {
          this.#log(
            'warn',
            `shard ${shard.id}: a record without a sequence number (${record.eventID}) was skipped`,
          );
          continue;
        }
        const createdAtMs = recordCreatedAtMs(record, receivedAt);
        const lambdaRecord = toLambdaRecord(record, {
          streamArn: shard.streamArn,
          createdAtMs,
          ...(this.#options.region === undefined ? {} : { region: this.#options.region }),
        });
        shard.buffer.push({
          record: lambdaRecord,
          summary: this.#summary(record, sequenceNumber),
          sequenceNumber,
          createdAtMs,
          size: Buffer.byteLength(JSON.stringify(lambdaRecord)) + 1,
        });
        shard.lastRead = sequenceNumber;
      }
      return records.length;
    } catch (error) {
      if (error instanceof ExpiredIteratorException) {
        shard.iterator = undefined; // a new one after the last record read
        if (shard.lastRead === undefined && shard.initialPosition === 'LATEST') {
          this.#log(
            'warn',
            `shard ${shard.id}: iterator expired before any record was read; starting at LATEST again`,
          );
        }
        return undefined;
      }
      if (error instanceof TrimmedDataAccessException) {
        // DynamoDB Local: an iterator taken while the shard was empty points at the shard's starting
        // sequence number, and sequence numbers are shared by all tables, so the shard's first record
        // usually has a later one and the iterator counts as trimmed. Nothing was read from the shard
        // and everything in it came after the iterator: read it from its start.
        const checkpoint = this.#checkpoints.get(this.mapping.id, shard.streamArn, shard.id);
        if (shard.lastRead !== undefined || checkpoint !== undefined) {
          this.#log(
            'error',
            `shard ${shard.id}: records after ${shard.lastRead ?? checkpoint} were trimmed from the stream before they were processed; going on from the oldest record there is`,
          );
        }
        shard.iterator = undefined;
        shard.fromTrimHorizon = true;
        return undefined;
      }
      if (error instanceof ResourceNotFoundException) {
        this.#log('warn', `shard ${shard.id}: its stream is gone (${describeError(error)})`);
        shard.closed = true;
        return undefined;
      }
      throw error;
    }
  }

  // ── delivering a batch ────────────────────────────────────────────────────────────────────────

  /** Delivers `records` (the first of the shard's buffer) by the mapping's policy (delivery-policy.ts). */
  async #deliver(shard: ShardState, records: readonly PendingRecord[]): Promise<void> {
    // The policy parks right before it reports the invocation that gave up.
    let parked: { readonly id: string; readonly queueId: string } | undefined;
    await deliverBatch(this.#policy, records, {
      invoke: (pending) => {
        this.#stats.batches++;
        return this.#invoke(pending);
      },
      taken: (taken) => {
        this.#done(shard, taken);
        this.#stats.records += taken.length;
      },
      park: (batch) => {
        parked = this.#park(shard, batch);
      },
      invoked: (report) => {
        this.#report(shard, report, report.outcome === 'parked' ? parked : undefined);
        parked = undefined;
      },
      failed: (pending, reason) => {
        this.#stats.failedInvocations++;
        this.#log('warn', `${this.mapping.functionId} failed on ${describeBatch(shard, pending)}: ${reason}`);
      },
      retry: async (_retry, delayMs) => {
        this.#stats.retries++;
        await this.#sleep(delayMs, false);
      },
      now: () => this.#now(),
      checkStopped: () => {
        if (this.#stopped.signal.aborted) throw new Stopped();
      },
    });
  }

  async #invoke(records: readonly PendingRecord[]): Promise<InvokeResult> {
    // A copy per invocation: an in-process function may change its event.
    const event = { Records: structuredClone(records.map((record) => record.record)) };
    const stopped = this.#stopped.signal;
    let onStop: (() => void) | undefined;
    const abandoned = new Promise<never>((_, reject) => {
      onStop = () => reject(new Stopped());
      stopped.addEventListener('abort', onStop, { once: true });
    });
    abandoned.catch(() => undefined);
    try {
      return await Promise.race([this.#options.invoker.invoke(this.mapping.functionId, event), abandoned]);
    } catch (error) {
      if (error instanceof Stopped || stopped.aborted) throw new Stopped();
      return {
        ok: false,
        error: { errorType: 'InvokeError', errorMessage: describeError(error) },
        durationMs: 0,
        coldStart: false,
        timedOut: false,
      };
    } finally {
      if (onStop !== undefined) stopped.removeEventListener('abort', onStop);
    }
  }

  /** Records done (taken or parked): off the buffer, and the checkpoint moves past them. */
  #done(shard: ShardState, records: readonly PendingRecord[]): void {
    const last = records.at(-1);
    if (last === undefined) return;
    const index = shard.buffer.indexOf(last);
    if (index < 0) throw new Error(`shard ${shard.id}: record ${last.sequenceNumber} is not in the buffer`);
    shard.buffer.splice(0, index + 1);
    this.#checkpoints.set(this.mapping.id, shard.streamArn, shard.id, last.sequenceNumber);
  }

  /** The record as reports show it. */
  #summary(record: _Record, sequenceNumber: string): StreamRecordSummary {
    const keys: Record<string, string> = {};
    for (const [name, value] of Object.entries(record.dynamodb?.Keys ?? {})) keys[name] = plainValue(value);
    const attribute = this.#options.traceAttribute;
    const traced =
      attribute === undefined
        ? undefined
        : (record.dynamodb?.NewImage?.[attribute]?.S ?? record.dynamodb?.OldImage?.[attribute]?.S);
    const traceId = traceIdOf(traced);
    return {
      eventName: record.eventName ?? 'UNKNOWN',
      keys,
      sequenceNumber,
      ...(traceId === undefined ? {} : { traceId }),
    };
  }

  #report(
    shard: ShardState,
    report: InvocationReport<PendingRecord>,
    parked: { readonly id: string; readonly queueId: string } | undefined,
  ): void {
    const { onBatch } = this.#options;
    if (onBatch === undefined) return;
    try {
      onBatch({
        mappingId: this.mapping.id,
        tableId: this.mapping.tableId,
        functionId: this.mapping.functionId,
        shardId: shard.id,
        attempt: report.attempt,
        outcome: report.outcome,
        durationMs: report.result.durationMs,
        ...(report.error === undefined ? {} : { error: report.error }),
        ...(report.retryInMs === undefined ? {} : { retryInMs: report.retryInMs }),
        ...(parked === undefined ? {} : { queueId: parked.queueId, parkedId: parked.id }),
        records: report.records.map((record) => record.summary),
      });
    } catch {
      // A broken listener must not stop the stream.
    }
  }

  #park(
    shard: ShardState,
    batch: ParkedBatch<PendingRecord>,
  ): { readonly id: string; readonly queueId: string } {
    const { records, condition, invokes, functionError, why } = batch;
    const body = onFailureRecord({
      functionArn: this.#functionArn,
      condition,
      invokeCount: invokes,
      functionError,
      shardId: shard.id,
      streamArn: shard.streamArn,
      records,
      nowMs: this.#now(),
    });
    const reason =
      condition === 'RecordAgeExceeded'
        ? `${condition}: ${describeBatch(shard, records)} ${why}`
        : `${condition}: ${describeBatch(shard, records)} after ${invokes} invocation(s), the last: ${why}`;
    const queueId = this.mapping.onFailureQueueId ?? DEFAULT_ON_FAILURE_QUEUE;
    const id = randomUUID();
    this.#options.parkingLot.park({ id, queueId, at: new Date(this.#now()).toISOString(), body, reason });
    this.#stats.parked += records.length;
    this.#log('error', `gave up on ${describeBatch(shard, records)}, parked in ${queueId}: ${reason}`);
    this.#done(shard, records);
    return { id, queueId };
  }

  // ── plumbing ──────────────────────────────────────────────────────────────────────────────────

  #spawn(loop: Promise<void>): void {
    const tracked = loop.catch((error: unknown) => {
      this.#log('error', `poller loop ended: ${describeError(error)}`);
    });
    this.#loops.add(tracked);
    void tracked.finally(() => this.#loops.delete(tracked));
  }

  /** Waits `ms`; returns early on stop (and, when `wakeable`, when idle() is called). */
  #sleep(ms: number, wakeable: boolean): Promise<void> {
    if (this.#stopped.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wakers.delete(done);
        this.#stopped.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#stopped.signal.addEventListener('abort', done, { once: true });
      if (wakeable) this.#wakers.add(done);
    });
  }

  #notify(): void {
    if (this.#waiters.length === 0) return;
    this.#waiters = this.#waiters.filter((waiter) => {
      if (!this.#idleSince(waiter.since)) return true;
      waiter.resolve();
      return false;
    });
  }

  #idleSince(since: number): boolean {
    if (this.#discoveredAt < since) return false;
    for (const shard of this.#shards.values()) {
      if (shard.finished || !shard.started) continue;
      if (shard.busy || shard.buffer.length > 0 || shard.caughtUpAt < since) return false;
    }
    return true;
  }

  #log(level: StreamPollerLog['level'], message: string): void {
    this.#options.log?.({ level, mappingId: this.mapping.id, message });
  }
}

function newShard(
  streamArn: string,
  id: string,
  parentId: string | undefined,
  initialPosition: 'TRIM_HORIZON' | 'LATEST',
): ShardState {
  return {
    key: `${streamArn} ${id}`,
    id,
    parentId,
    streamArn,
    initialPosition,
    iterator: undefined,
    lastRead: undefined,
    fromTrimHorizon: false,
    buffer: [],
    bufferedSince: 0,
    closed: false,
    finished: false,
    started: false,
    busy: false,
    caughtUpAt: Number.NEGATIVE_INFINITY,
  };
}

/** The first records of the buffer that make a batch: at most `batchSize`, under 6 MB (at least one). */
function takeBatch(buffer: readonly PendingRecord[], batchSize: number): PendingRecord[] {
  const batch: PendingRecord[] = [];
  let bytes = 20; // {"Records":[...]}
  for (const record of buffer) {
    if (batch.length >= batchSize) break;
    if (batch.length > 0 && bytes + record.size > MAX_PAYLOAD_BYTES) break;
    batch.push(record);
    bytes += record.size;
  }
  return batch;
}

function describeBatch(shard: ShardState, records: readonly PendingRecord[]): string {
  const first = records[0]?.sequenceNumber;
  const last = records.at(-1)?.sequenceNumber;
  const span = first === last ? `record ${first}` : `${records.length} records ${first}…${last}`;
  return `${span} of shard ${shard.id}`;
}

/** A key attribute's value as a plain string: numbers as written, binary as base64. */
function plainValue(value: StreamAttributeValue): string {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return value.N;
  if (value.B !== undefined) return Buffer.from(value.B).toString('base64');
  return JSON.stringify(value);
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
