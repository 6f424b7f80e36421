/**
 * One stream record → one EventBridge entry, or the reason there is none.
 *
 * - INSERT and MODIFY of a resource item → `<resource>.upserted`, read from `NewImage`;
 *   REMOVE → `<resource>.deleted`, read from `OldImage` (its `version` is the last one stored).
 *   TTL deletes (`userIdentity.principalId` `dynamodb.amazonaws.com`) are REMOVEs like any other.
 * - `detail` is exactly `{ id, event_id, version, occurred_at }`: `id` from the item, `event_id` the
 *   stream record's `eventID` (unique per change; subscribers deduplicate on it), `occurred_at`
 *   from `ApproximateCreationDateTime` (epoch seconds), else the clock. The entry's `Time` is the same
 *   instant.
 * - Only the attributes the event needs (`_type`, `id`, `version`, `hash_code`, `_trace`) are read
 *   from an image: nothing else of the item, personal data included, is ever converted, logged or
 *   sent, and an attribute the SDK cannot convert (say a number beyond 2^53) cannot make a record
 *   unusable.
 * - `TraceHeader`: an upsert carries the trace its write kept (`_trace`, event-entry.ts `keptTrace`);
 *   a deletion carries none (a delete writes no attribute, so the old image's `_trace` is the
 *   previous write's).
 *
 * Records that produce no event:
 * - skipped (normal): the item's `_type` is not one of the service's resources (guard items,
 *   dedupe records, anything without a `_type`); or a MODIFY whose old and new images carry the same
 *   `version` and the same `hash_code` (an attribute-only change such as a TTL or index backfill: the
 *   resource as its API returns it did not change, and the repository itself never writes a no-op,
 *   so — like a no-op replace — it produces no event). A MODIFY with a new hash_code but the same
 *   version (a write that bypassed the repository) is published: an extra event is always safe,
 *   a missing one is not.
 * - unusable (an operator must look): no image to read (the stream is not NEW_AND_OLD_IMAGES), an
 *   image the SDK cannot read, a resource item without a valid `id` or `version`, a record without
 *   `eventID` or with an unknown `eventName`, or an entry over the 256 KB a call may carry.
 *
 * The entry itself is event-entry.ts's, the one republish puts too.
 *
 * Entry size: `id` is the item's partition key (at most 2,048 bytes in DynamoDB), the names are at
 * most 128 characters (config.ts), `eventID` is a short id: an entry is a few KB at worst, so 10 of
 * them are far under 256 KB. The `oversized` reason exists so that a record could never block a
 * shard even if that stopped holding; the chunker asserts it.
 *
 * {@link mapRecord} never throws: whatever goes wrong with one record makes that record unusable.
 */

import type { AttributeValue as SdkAttributeValue } from '@aws-sdk/client-dynamodb';
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import type { Clock } from '../clock';
import {
  type EventAction,
  type EventDetail,
  HASH_CODE_ATTRIBUTE,
  ID_ATTRIBUTE,
  MAX_PARTITION_KEY_BYTES,
  TRACE_ATTRIBUTE,
  TYPE_ATTRIBUTE,
  VERSION_ATTRIBUTE,
} from '../conventions';
import type { TraceContext } from '../trace-context';
import type { ForwarderConfig } from './config';
import { MAX_CALL_BYTES } from './entry-size';
import { eventEntry, keptTrace } from './event-entry';

/** The principal DynamoDB's TTL deletes carry in `userIdentity`. */
export const TTL_PRINCIPAL = 'dynamodb.amazonaws.com';

interface RecordRef {
  /** Position in the batch: the stream order. */
  readonly index: number;
  readonly sequenceNumber: string | undefined;
  readonly eventId: string | undefined;
  readonly eventName: string | undefined;
}

/** A record that becomes an event. */
export interface OutgoingEvent extends RecordRef {
  readonly kind: 'event';
  readonly resource: string;
  readonly action: EventAction;
  readonly detail: EventDetail;
  readonly entry: PutEventsRequestEntry;
  /** {@link entrySize} of `entry`. */
  readonly size: number;
  /** A REMOVE made by DynamoDB's TTL. */
  readonly ttlDelete: boolean;
}

export type SkipReason = 'not_a_resource' | 'unchanged';

/** A record that, by design, produces no event. */
export interface SkippedRecord extends RecordRef {
  readonly kind: 'skipped';
  readonly reason: SkipReason;
  /** The item's `_type`, when it has one. */
  readonly type: string | undefined;
}

export type UnusableReason =
  | 'unknown_event_name'
  | 'no_event_id'
  | 'no_image'
  | 'unreadable_image'
  | 'invalid_id'
  | 'invalid_version'
  | 'oversized';

/** A record that should have produced an event but cannot: logged as an error and counted. */
export interface UnusableRecord extends RecordRef {
  readonly kind: 'unusable';
  readonly reason: UnusableReason;
  readonly type: string | undefined;
}

export type MappedRecord = OutgoingEvent | SkippedRecord | UnusableRecord;

type StreamImage = Readonly<Record<string, AttributeValue>>;

/** The only attributes ever read from an image. */
const READ_ATTRIBUTES = [
  TYPE_ATTRIBUTE,
  ID_ATTRIBUTE,
  VERSION_ATTRIBUTE,
  HASH_CODE_ATTRIBUTE,
  TRACE_ATTRIBUTE,
] as const;

interface ImageFacts {
  readonly type: unknown;
  readonly id: unknown;
  readonly version: unknown;
  readonly hashCode: unknown;
  readonly trace: TraceContext | undefined;
}

function readImage(image: StreamImage): ImageFacts {
  const picked: Record<string, SdkAttributeValue> = {};
  for (const name of READ_ATTRIBUTES) {
    const value = image[name];
    // The Lambda event's attribute values are the SDK's, with binaries base64-encoded; none of the
    // attributes read here is binary.
    if (value !== undefined) picked[name] = value as SdkAttributeValue;
  }
  const item = unmarshall(picked);
  return {
    type: item[TYPE_ATTRIBUTE],
    id: item[ID_ATTRIBUTE],
    version: item[VERSION_ATTRIBUTE],
    hashCode: item[HASH_CODE_ATTRIBUTE],
    trace: keptTrace(item),
  };
}

/**
 * Whether a MODIFY left the resource as it was: same `version` and same `hash_code` in both images.
 * No old image, or one that cannot be read, counts as a change (an extra event is safe).
 */
function isUnchanged(oldImage: StreamImage | undefined, now: ImageFacts): boolean {
  if (oldImage === undefined || typeof now.hashCode !== 'string') return false;
  try {
    const old = readImage(oldImage);
    return old.version === now.version && old.hashCode === now.hashCode;
  } catch {
    return false;
  }
}

function isTtlDelete(record: DynamoDBRecord): boolean {
  return record.userIdentity?.type === 'Service' && record.userIdentity.principalId === TTL_PRINCIPAL;
}

/** `ApproximateCreationDateTime` (epoch seconds) as an ISO instant, else the clock's now. */
function occurredAt(record: DynamoDBRecord, clock: Clock): Date {
  const seconds = record.dynamodb?.ApproximateCreationDateTime;
  if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0) {
    const at = new Date(Math.round(seconds * 1000));
    if (!Number.isNaN(at.getTime())) return at;
  }
  return clock.now();
}

function isValidId(id: unknown): id is string {
  return typeof id === 'string' && id !== '' && Buffer.byteLength(id, 'utf8') <= MAX_PARTITION_KEY_BYTES;
}

function isValidVersion(version: unknown): version is number {
  return typeof version === 'number' && Number.isSafeInteger(version) && version >= 1;
}

/** Maps the record at `index` of a batch. Never throws. */
export function mapRecord(
  record: DynamoDBRecord,
  index: number,
  config: ForwarderConfig,
  clock: Clock,
): MappedRecord {
  const ref: RecordRef = {
    index,
    sequenceNumber: record.dynamodb?.SequenceNumber,
    eventId: record.eventID,
    eventName: record.eventName,
  };
  let type: string | undefined;
  const unusable = (reason: UnusableReason): UnusableRecord => ({ ...ref, kind: 'unusable', reason, type });
  try {
    const action: EventAction | undefined =
      record.eventName === 'INSERT' || record.eventName === 'MODIFY'
        ? 'upserted'
        : record.eventName === 'REMOVE'
          ? 'deleted'
          : undefined;
    if (action === undefined) return unusable('unknown_event_name');
    const image = action === 'deleted' ? record.dynamodb?.OldImage : record.dynamodb?.NewImage;
    if (image === undefined) return unusable('no_image');

    let facts: ImageFacts;
    try {
      facts = readImage(image);
    } catch {
      return unusable('unreadable_image');
    }
    type = typeof facts.type === 'string' ? facts.type : undefined;
    if (type === undefined || !config.resourceTypes.has(type)) {
      return { ...ref, kind: 'skipped', reason: 'not_a_resource', type };
    }
    if (record.eventName === 'MODIFY' && isUnchanged(record.dynamodb?.OldImage, facts)) {
      return { ...ref, kind: 'skipped', reason: 'unchanged', type };
    }
    if (record.eventID === undefined || record.eventID === '') return unusable('no_event_id');
    if (!isValidId(facts.id)) return unusable('invalid_id');
    if (!isValidVersion(facts.version)) return unusable('invalid_version');

    const { detail, entry, size } = eventEntry({
      eventBusName: config.eventBusName,
      service: config.service,
      resource: type,
      action,
      id: facts.id,
      eventId: record.eventID,
      version: facts.version,
      at: occurredAt(record, clock),
      // A deletion has no trace of its own (a delete writes no attribute): the old image's `_trace`
      // is the previous write's, and would tie the deletion to another request. So none.
      ...(action === 'upserted' ? { trace: facts.trace } : {}),
    });
    if (size > MAX_CALL_BYTES) return unusable('oversized');
    return {
      ...ref,
      kind: 'event',
      resource: type,
      action,
      detail,
      entry,
      size,
      ttlDelete: action === 'deleted' && isTtlDelete(record),
    };
  } catch {
    return unusable('unreadable_image');
  }
}

/** Maps every record of a batch, keeping the stream order. */
export function mapRecords(
  records: readonly DynamoDBRecord[],
  config: ForwarderConfig,
  clock: Clock,
): MappedRecord[] {
  return records.map((record, index) => mapRecord(record, index, config, clock));
}
