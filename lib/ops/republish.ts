import { randomUUID } from 'node:crypto';
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { QueryCommand, type QueryCommandInput, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { type Clock, systemClock } from '../../functions/runtime/clock';
import { detailType, eventSource } from '../../functions/runtime/event-names';
import { entrySize } from '../../functions/runtime/forwarder/entry-size';
import type { EventDetail, OutgoingEvent } from '../../functions/runtime/forwarder/map-record';
import { type PutEventsClient, sendEvents } from '../../functions/runtime/forwarder/send';
import { LIST_INDEX, TYPE_ATTRIBUTE } from '../spec/table-layout';

/**
 * `dev republish`: re-emits `<resource>.upserted` for stored items, through the forwarder's own
 * PutEvents path (batches of 10, every response entry read, throttles retried with backoff).
 *
 * Events carry ids only and subscribers fetch current state, so republishing is always safe: it is
 * the recovery path for anything parked on the forwarder's on-failure queue, and the backfill for a
 * new subscriber. Each republished event gets a fresh `event_id` (`republish-<uuid>`): subscribers
 * deduplicate on it, and a republish must not be mistaken for a delivery they already acted on.
 *
 * Items are read a page at a time from the table's list index (oldest first), optionally only those
 * changed since a time, at a bounded rate. It stops at the first event EventBridge does not accept
 * and says where, so a rerun with `--since` picks up from there.
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
  readonly resource: string;
  readonly id: string;
  readonly code: string | undefined;
  /** `updated_at` of the item that failed: rerun with `--since` this value to resume. */
  readonly updatedAt: string | undefined;
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

interface StoredItem {
  readonly id: string;
  readonly version: number;
  readonly updatedAt: string | undefined;
}

function storedItem(raw: Record<string, unknown>): StoredItem | undefined {
  const { id, version, updated_at } = raw;
  if (typeof id !== 'string' || typeof version !== 'number') return undefined;
  return { id, version, updatedAt: typeof updated_at === 'string' ? updated_at : undefined };
}

/** The query of one page of a resource's items, oldest first. */
export function pageQuery(
  target: RepublishTarget,
  resource: string,
  options: { since?: Date; pageSize: number; startKey?: Record<string, unknown> },
): QueryCommandInput {
  return {
    TableName: target.tableName,
    IndexName: LIST_INDEX.name,
    KeyConditionExpression: '#type = :type',
    ProjectionExpression: '#id, #version, #updated',
    ...(options.since ? { FilterExpression: '#updated >= :since' } : {}),
    ExpressionAttributeNames: {
      '#type': TYPE_ATTRIBUTE,
      '#id': 'id',
      '#version': 'version',
      '#updated': 'updated_at',
    },
    ExpressionAttributeValues: {
      ':type': resource,
      ...(options.since ? { ':since': options.since.toISOString() } : {}),
    },
    ScanIndexForward: true,
    Limit: options.pageSize,
    ...(options.startKey ? { ExclusiveStartKey: options.startKey } : {}),
  };
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
  const detail: EventDetail = {
    id: item.id,
    event_id: eventId,
    version: item.version,
    occurred_at: at.toISOString(),
  };
  const entry: PutEventsRequestEntry = {
    EventBusName: target.eventBusName,
    Source: eventSource(target.service),
    DetailType: detailType(resource, 'upserted'),
    Detail: JSON.stringify(detail),
    Time: at,
  };
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
    size: entrySize(entry),
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

  for (const resource of target.resources) {
    let progress: RepublishProgress = { resource, scanned: 0, published: 0 };
    byResource[resource] = progress;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await deps.dynamodb.send(
        new QueryCommand(
          pageQuery(target, resource, {
            pageSize,
            ...(options.since ? { since: options.since } : {}),
            ...(startKey ? { startKey } : {}),
          }),
        ),
      );
      startKey = page.LastEvaluatedKey;
      const items = (page.Items ?? []).map(storedItem).filter((i): i is StoredItem => i !== undefined);
      scanned += page.ScannedCount ?? page.Items?.length ?? 0;

      // Keep to the rate: the page after n events may not go before n / rate seconds from the start.
      const due = started + (published / rate) * 1000;
      const wait = due - clock.now().getTime();
      if (wait > 0) await sleep(wait);

      const at = clock.now();
      const events = items.map((item, i) => republishEvent(target, resource, item, i, newEventId(), at));
      const report = await sendEvents(events, {
        client: deps.eventBridge,
        deadline: clock.now().getTime() + PAGE_DEADLINE_MS,
        clock,
        sleep,
        random,
      });
      putEventsCalls += report.calls;
      for (const [i, item] of items.entries()) {
        const outcome = report.outcomes.get(i);
        if (outcome?.status !== 'delivered') {
          progress = { ...progress, scanned: progress.scanned + i };
          byResource[resource] = progress;
          const code = outcome?.status === 'failed' ? outcome.code : undefined;
          return summary({ resource, id: item.id, code, updatedAt: item.updatedAt });
        }
        published += 1;
      }
      progress = {
        resource,
        scanned: progress.scanned + items.length,
        published: progress.published + items.length,
      };
      byResource[resource] = progress;
      options.onProgress?.(progress);
    } while (startKey);
  }
  return summary();
}
