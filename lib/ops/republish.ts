import { randomUUID } from 'node:crypto';
import { QueryCommand, type QueryCommandInput, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { type Clock, systemClock } from '../../functions/runtime/clock';
import {
  CREATED_AT_ATTRIBUTE,
  DEFAULT_LIST_SHARDS,
  ID_ATTRIBUTE,
  LIST_INDEX,
  LIST_PARTITION_ATTRIBUTE,
  listPartition,
  TRACE_ATTRIBUTE,
  UPDATED_AT_ATTRIBUTE,
  VERSION_ATTRIBUTE,
} from '../../functions/runtime/conventions';
import { eventEntry, keptTrace } from '../../functions/runtime/forwarder/event-entry';
import type { OutgoingEvent } from '../../functions/runtime/forwarder/map-record';
import { errorName } from '../../functions/runtime/forwarder/retry-policy';
import { type PutEventsClient, sendEvents } from '../../functions/runtime/forwarder/send';
import type { TraceContext } from '../../functions/runtime/trace-context';

/**
 * `dev republish`: re-emits `<resource>.upserted` for stored items, through the forwarder's own
 * PutEvents path (batches of 10, every response entry read, throttles retried with backoff).
 *
 * Events carry ids only and subscribers fetch current state, so republishing is always safe: it is
 * the recovery path for anything parked on the forwarder's on-failure queue, and the backfill for a
 * new subscriber. Each republished event gets a fresh `event_id` (`republish-<uuid>`): subscribers
 * deduplicate on it, and a republish must not be mistaken for a delivery they already acted on.
 * Its entry is the forwarder's (forwarder/event-entry.ts), `TraceHeader` included: the trace the
 * item's last write kept (`_trace`), so X-Ray links the republished event to that write as it
 * linked the first.
 *
 * Items are read a page at a time from each of the resource's list shards (in id order, so oldest
 * first) and merged by id, so the whole resource goes out oldest first, optionally only those changed since a time, at a bounded rate. It stops at the first event
 * EventBridge does not accept, or at a read that fails, and says where, so a rerun with `--since`
 * picks up from there. It does not throw for a failed call: the summary says how far it got.
 */

/** The only operation republish needs from DynamoDB; a DynamoDBDocumentClient is one. */
export interface QueryClient {
  send(command: QueryCommand): Promise<QueryCommandOutput>;
}

export interface RepublishTarget {
  readonly service: string;
  /** Stored resources that publish `upserted`, in the order to republish them. */
  readonly resources: readonly string[];
  readonly tableName: string;
  readonly eventBusName: string;
  /** Each resource's list shards (its spec's `storage.list_shards`); the default when left out. */
  readonly listShards?: Readonly<Record<string, number>>;
}

export interface RepublishProgress {
  readonly resource: string;
  readonly scanned: number;
  readonly published: number;
}

export interface RepublishOptions {
  /** Only items whose `updated_at` is at or after this instant. */
  readonly since?: Date;
  /** Items read per query page (1..1000). */
  readonly pageSize?: number;
  /** Events put per second at most, across resources. */
  readonly maxEventsPerSecond?: number;
  readonly onProgress?: (progress: RepublishProgress) => void;
}

export interface RepublishDeps {
  readonly dynamodb: QueryClient;
  readonly eventBridge: PutEventsClient;
  readonly clock?: Clock;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly newEventId?: () => string;
}

export interface RepublishFailure {
  /** `read`: querying the table failed; `put`: EventBridge did not take an event. */
  readonly stage: 'read' | 'put';
  readonly resource: string;
  /** The item whose event EventBridge did not take (`put` only). */
  readonly id?: string;
  /** The entry's `ErrorCode`, or the name of what the call threw. */
  readonly code: string | undefined;
  /** What the failed call threw, when it threw (an entry EventBridge refused throws nothing). */
  readonly error?: unknown;
  /**
   * `--since` for a rerun of `resource` that misses nothing from where it stopped; undefined when
   * `resource` must be run again from its start (or from the original `since`).
   */
  readonly resumeSince?: string;
  /** The resources after `resource`, not started. */
  readonly notStarted: readonly string[];
}

export interface RepublishSummary {
  readonly byResource: Readonly<Record<string, RepublishProgress>>;
  readonly scanned: number;
  readonly published: number;
  readonly putEventsCalls: number;
  readonly failure?: RepublishFailure;
  readonly durationMs: number;
}

export const DEFAULT_PAGE_SIZE = 100;
export const DEFAULT_MAX_EVENTS_PER_SECOND = 100;
/** How long one page may spend retrying throttled entries before republish gives up. */
const PAGE_DEADLINE_MS = 60_000;
/**
 * How much earlier than the stopping point's creation time a resume starts: ids (the list order)
 * and `created_at` come from the clocks of different writers, a little apart.
 */
export const RESUME_MARGIN_MS = 1_000;

interface StoredItem {
  readonly id: string;
  readonly version: number;
  readonly createdAt: string | undefined;
  /** The trace the item's last write kept, when it kept a valid one. */
  readonly trace?: TraceContext | undefined;
}

function storedItem(raw: Record<string, unknown>): StoredItem | undefined {
  const id = raw[ID_ATTRIBUTE];
  const version = raw[VERSION_ATTRIBUTE];
  const createdAt = raw[CREATED_AT_ATTRIBUTE];
  if (typeof id !== 'string' || typeof version !== 'number') return undefined;
  const trace = keptTrace(raw);
  return {
    id,
    version,
    createdAt: typeof createdAt === 'string' ? createdAt : undefined,
    ...(trace === undefined ? {} : { trace }),
  };
}

/**
 * Where a rerun must start so that it misses nothing after `item` (the item that failed, or the
 * last one published). The list is in id order and ids begin with the creation time, so every
 * later item was created, and so last updated, at or after `item` was created: `--since` that
 * time (less a margin) covers them all. Items before it that changed since are republished again,
 * which is harmless. (Its `updated_at` would not do: an item updated after later ones were created
 * would skip them.)
 */
export function resumeSince(item: StoredItem | undefined, since: Date | undefined): string | undefined {
  const created = item?.createdAt === undefined ? Number.NaN : Date.parse(item.createdAt);
  if (Number.isNaN(created)) return since?.toISOString();
  const from = Math.max(created - RESUME_MARGIN_MS, since?.getTime() ?? Number.NEGATIVE_INFINITY);
  return new Date(from).toISOString();
}

/** The query of one page of one list shard of a resource's items, oldest first. */
export function pageQuery(
  target: RepublishTarget,
  resource: string,
  options: { since?: Date; pageSize: number; startKey?: Record<string, unknown>; shard?: number },
): QueryCommandInput {
  return {
    TableName: target.tableName,
    IndexName: LIST_INDEX.name,
    KeyConditionExpression: '#list = :list',
    ProjectionExpression: '#id, #version, #created, #trace',
    ...(options.since ? { FilterExpression: '#updated >= :since' } : {}),
    ExpressionAttributeNames: {
      '#list': LIST_PARTITION_ATTRIBUTE,
      '#id': ID_ATTRIBUTE,
      '#version': VERSION_ATTRIBUTE,
      '#created': CREATED_AT_ATTRIBUTE,
      '#trace': TRACE_ATTRIBUTE,
      ...(options.since ? { '#updated': UPDATED_AT_ATTRIBUTE } : {}),
    },
    ExpressionAttributeValues: {
      ':list': listPartition(resource, options.shard ?? 0),
      ...(options.since ? { ':since': options.since.toISOString() } : {}),
    },
    ScanIndexForward: true,
    Limit: options.pageSize,
    ...(options.startKey ? { ExclusiveStartKey: options.startKey } : {}),
  };
}

/** Where the reading of one list shard is: its next start key, what was read and not yet taken. */
interface ShardReader {
  readonly shard: number;
  startKey: Record<string, unknown> | undefined;
  done: boolean;
  buffered: StoredItem[];
}

/**
 * The next run of a resource's items, oldest first across its shards: what every shard that may
 * hold more has been read up to (an item older than a shard's last read one cannot be missing from
 * that shard). Reads a page of each shard whose buffer is empty; empty when every shard is done.
 * Counts the items each query scanned through `scanned`.
 */
async function nextRun(
  readers: readonly ShardReader[],
  read: (reader: ShardReader) => Promise<QueryCommandOutput>,
  scanned: (count: number) => void,
): Promise<StoredItem[]> {
  for (const reader of readers) {
    while (!reader.done && reader.buffered.length === 0) {
      const page = await read(reader);
      reader.startKey = page.LastEvaluatedKey;
      reader.done = page.LastEvaluatedKey === undefined;
      reader.buffered = (page.Items ?? []).map(storedItem).filter((i): i is StoredItem => i !== undefined);
      scanned(page.ScannedCount ?? page.Items?.length ?? 0);
    }
  }
  let frontier: ShardReader | undefined;
  for (const reader of readers) {
    const last = reader.buffered[reader.buffered.length - 1]?.id;
    const least = frontier?.buffered[frontier.buffered.length - 1]?.id;
    if (!reader.done && last !== undefined && (least === undefined || last < least)) frontier = reader;
  }
  const bound = frontier?.buffered[frontier.buffered.length - 1]?.id;
  // Each shard's part of the run, in the order DynamoDB returned it (id order); the shard that sets
  // the bound gives all it holds, so every run takes something.
  const parts = readers.map((reader) => {
    const cut =
      reader === frontier || bound === undefined ? -1 : reader.buffered.findIndex((item) => item.id > bound);
    const taken = cut < 0 ? reader.buffered : reader.buffered.slice(0, cut);
    reader.buffered = cut < 0 ? [] : reader.buffered.slice(cut);
    return taken;
  });
  return mergeById(parts);
}

/** Merges runs each in id order into one in id order (a run's own order kept). */
function mergeById(parts: readonly StoredItem[][]): StoredItem[] {
  const merged: StoredItem[] = [];
  const next = parts.map(() => 0);
  for (;;) {
    let pick = -1;
    for (const [p, part] of parts.entries()) {
      const head = part[next[p] ?? 0];
      const best = pick < 0 ? undefined : parts[pick]?.[next[pick] ?? 0];
      if (head !== undefined && (best === undefined || head.id < best.id)) pick = p;
    }
    const item = pick < 0 ? undefined : parts[pick]?.[next[pick] ?? 0];
    if (item === undefined) return merged;
    merged.push(item);
    next[pick] = (next[pick] ?? 0) + 1;
  }
}

/** The event republish puts for one stored item: exactly the forwarder's shape, a fresh event id. */
export function republishEvent(
  target: RepublishTarget,
  resource: string,
  item: StoredItem,
  index: number,
  eventId: string,
  at: Date,
): OutgoingEvent {
  const { detail, entry, size } = eventEntry({
    eventBusName: target.eventBusName,
    service: target.service,
    resource,
    action: 'upserted',
    id: item.id,
    eventId,
    version: item.version,
    at,
    trace: item.trace,
  });
  return {
    kind: 'event',
    index,
    sequenceNumber: undefined,
    eventId,
    eventName: 'REPUBLISH',
    resource,
    action: 'upserted',
    detail,
    entry,
    size,
    ttlDelete: false,
  };
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function republish(
  target: RepublishTarget,
  deps: RepublishDeps,
  options: RepublishOptions = {},
): Promise<RepublishSummary> {
  const clock = deps.clock ?? systemClock;
  const sleep = deps.sleep ?? realSleep;
  const random = deps.random ?? Math.random;
  const newEventId = deps.newEventId ?? (() => `republish-${randomUUID()}`);
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const rate = options.maxEventsPerSecond ?? DEFAULT_MAX_EVENTS_PER_SECOND;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000)
    throw new RangeError('pageSize must be 1..1000');
  if (!(rate > 0)) throw new RangeError('maxEventsPerSecond must be positive');

  // What a PutEvents call threw: sendEvents keeps only its name, the operator needs the rest.
  let thrown: unknown;
  const eventBridge: PutEventsClient = {
    async send(command, sendOptions) {
      try {
        return await deps.eventBridge.send(command, sendOptions);
      } catch (error) {
        thrown = error;
        throw error;
      }
    },
  };

  const started = clock.now().getTime();
  const byResource: Record<string, RepublishProgress> = {};
  let scanned = 0;
  let published = 0;
  let putEventsCalls = 0;
  const summary = (failure?: RepublishFailure): RepublishSummary => ({
    byResource,
    scanned,
    published,
    putEventsCalls,
    ...(failure ? { failure } : {}),
    durationMs: clock.now().getTime() - started,
  });

  for (const [r, resource] of target.resources.entries()) {
    const notStarted = target.resources.slice(r + 1);
    let progress: RepublishProgress = { resource, scanned: 0, published: 0 };
    byResource[resource] = progress;
    const shards = target.listShards?.[resource] ?? DEFAULT_LIST_SHARDS;
    const readers: ShardReader[] = Array.from({ length: shards }, (_, shard) => ({
      shard,
      startKey: undefined,
      done: false,
      buffered: [],
    }));
    let lastPublished: StoredItem | undefined;
    do {
      let items: StoredItem[];
      try {
        items = await nextRun(
          readers,
          (reader) =>
            deps.dynamodb.send(
              new QueryCommand(
                pageQuery(target, resource, {
                  pageSize,
                  shard: reader.shard,
                  ...(options.since ? { since: options.since } : {}),
                  ...(reader.startKey ? { startKey: reader.startKey } : {}),
                }),
              ),
            ),
          (count) => {
            scanned += count;
          },
        );
      } catch (error) {
        const resume = resumeSince(lastPublished, options.since);
        return summary({
          stage: 'read',
          resource,
          code: errorName(error),
          error,
          ...(resume ? { resumeSince: resume } : {}),
          notStarted,
        });
      }

      // Keep to the rate: the page after n events may not go before n / rate seconds from the start.
      const due = started + (published / rate) * 1000;
      const wait = due - clock.now().getTime();
      if (wait > 0) await sleep(wait);

      const at = clock.now();
      const events = items.map((item, i) => republishEvent(target, resource, item, i, newEventId(), at));
      thrown = undefined;
      const report = await sendEvents(events, {
        client: eventBridge,
        deadline: clock.now().getTime() + PAGE_DEADLINE_MS,
        clock,
        sleep,
        random,
      });
      putEventsCalls += report.calls;
      for (const [i, item] of items.entries()) {
        const outcome = report.outcomes.get(i);
        if (outcome?.status !== 'delivered') {
          progress = { resource, scanned: progress.scanned + i, published: progress.published + i };
          byResource[resource] = progress;
          const code = outcome?.status === 'failed' ? outcome.code : undefined;
          // The error thrown is this entry's only if its last failure was that throw.
          const error = thrown !== undefined && code === errorName(thrown) ? thrown : undefined;
          const resume = resumeSince(item, options.since);
          return summary({
            stage: 'put',
            resource,
            id: item.id,
            code,
            ...(error !== undefined ? { error } : {}),
            ...(resume ? { resumeSince: resume } : {}),
            notStarted,
          });
        }
        published += 1;
        lastPublished = item;
      }
      progress = {
        resource,
        scanned: progress.scanned + items.length,
        published: progress.published + items.length,
      };
      byResource[resource] = progress;
      options.onProgress?.(progress);
    } while (readers.some((reader) => !reader.done || reader.buffered.length > 0));
  }
  return summary();
}
