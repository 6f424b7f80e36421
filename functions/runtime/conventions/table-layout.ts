/**
 * How a service's items sit in its one DynamoDB table. The repository and the dedupe and
 * idempotency stores (run time), the generators (lib/codegen), the CDK stack (lib/infra) and
 * republish (lib/ops) all take the layout from here, so they cannot disagree. The layout of one
 * spec's table (its indexes) is lib/contract/table-layout.ts `tableLayout`, built from these.
 *
 * - Table key: `pk` (string) only. A resource item's pk is its id (ids carry a per-resource prefix).
 * - `_type` on every item: the resource name for resource items; `_guard` for unique-index guard
 *   items; `_dedupe` for subscriber idempotency records. The stream forwarder publishes only
 *   items whose `_type` is a resource of the service.
 * - List GSI `by_type_shard`: partition `_list`, sort `id`. A resource item's `_list` is
 *   `<resource>#<shard>` ({@link listPartition}), the shard its id hashes to ({@link listShard}) among
 *   the resource's list shards (the spec's `storage.list_shards`, default {@link DEFAULT_LIST_SHARDS}),
 *   so one resource type's writes spread over that many index partitions instead of one (each takes
 *   about 1,000 writes per second). Ids sort by creation time, so a descending query of each shard,
 *   merged by id, lists newest first. Only resource items carry `_list`: guard, dedupe and
 *   idempotency items are not in the index (it is sparse).
 * - One GSI per spec index, named `ix_<resource>__<field>[__<field>...]`: its partition key is an
 *   attribute of the same name holding the index value ({@link joinIndexParts}: a one-field index's
 *   value as it is, a multi-field index's values each escaped and joined by `#`), set only when
 *   every field has a non-empty value (a sparse index); sort key `id`.
 * - A unique index also writes a guard item per value, pk `_unique#<index name>#<value>`, with
 *   `owner` = the id, in the same transaction as the item.
 * - An index with `ignore_case` holds its string values case-folded
 *   (functions/runtime/repository/index-values.ts `foldIndexCase`), in its attribute and in its guard
 *   keys; the fields themselves are stored as given.
 * - Subscriber dedupe records: pk `_dedupe#<subscriber>#<event_id>`; HTTP idempotency records
 *   (Powertools): pk `idempotency#<service>.<operation>#<hash>`. Both expire through DynamoDB's TTL
 *   on `expires_at`.
 */
import { ID_ATTRIBUTE } from './system-attributes';

/** The table's partition key: the only key attribute. */
export const TABLE_KEY = 'pk';

/** What an item is: a resource's name, {@link GUARD_TYPE} or {@link DEDUPE_TYPE}. */
export const TYPE_ATTRIBUTE = '_type';

/** The `_type` of a unique index's guard items. */
export const GUARD_TYPE = '_guard';

/** The `_type` of a subscriber's dedupe records. */
export const DEDUPE_TYPE = '_dedupe';

/**
 * The attribute holding a resource item's list partition, `<resource>#<shard>`. Not `_type` itself:
 * `_type` stays the plain resource name every reader checks, and guard and dedupe items (which have a
 * `_type`) carry no `_list`, so they stay out of the list index.
 */
export const LIST_PARTITION_ATTRIBUTE = '_list';

/**
 * The GSI every resource is listed by: its `_list` shard partitions, in id order. (A new name rather
 * than the old `by_type`: DynamoDB cannot change the key of an existing GSI.)
 */
export const LIST_INDEX = {
  name: 'by_type_shard',
  partitionKey: LIST_PARTITION_ATTRIBUTE,
  sortKey: ID_ATTRIBUTE,
} as const;

/**
 * How many list shards a resource type has unless its spec says otherwise. DynamoDB documents about
 * 1,000 write units per second per partition, and every write of an item (up to 1 KB) writes its list
 * index entry too: 8 shards lift a type's ceiling from about 1,000 to about 8,000 writes per second,
 * twice the 4,000 write units per second a new on-demand table starts with, so the list index is no
 * longer the first limit. What it costs: a list page queries 8 partitions (in parallel) instead of one.
 */
export const DEFAULT_LIST_SHARDS = 8;

/** The most list shards a resource may have: a list page reads up to `limit + 1` items from each. */
export const MAX_LIST_SHARDS = 32;

/** What DynamoDB documents one partition to take: about 1,000 write units per second. */
export const PARTITION_WRITE_UNITS_PER_SECOND = 1_000;

/**
 * The list shard of an id among `shards`: FNV-1a (32 bits) of the id's UTF-8 bytes, mod `shards`.
 * Deterministic (the same id is always in the same shard: a replace keeps it there) and even, since
 * an id's ULID carries 80 random bits. Throws RangeError for a shard count outside 1..MAX_LIST_SHARDS.
 */
export function listShard(id: string, shards: number): number {
  assertListShards(shards);
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(id)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
}

/** `order`, 3 → `order#3`: the `_list` value (list index partition) of shard 3 of `order`. */
export function listPartition(resource: string, shard: number): string {
  return `${resource}#${shard}`;
}

/** Throws RangeError unless `shards` is a whole number of list shards, 1..MAX_LIST_SHARDS. */
export function assertListShards(shards: number): void {
  if (!Number.isInteger(shards) || shards < 1 || shards > MAX_LIST_SHARDS) {
    throw new RangeError(`list shards must be a whole number from 1 to ${MAX_LIST_SHARDS}, got ${shards}`);
  }
}

/** Attribute holding the expiry (epoch seconds) of items DynamoDB TTL removes (dedupe and idempotency records). */
export const TTL_ATTRIBUTE = 'expires_at';

/** The attribute of a guard item naming the id of the resource that holds the value. */
export const OWNER_ATTRIBUTE = 'owner';

/** How every storage index's name (and partition-key attribute) starts. */
export const INDEX_NAME_PREFIX = 'ix_';

/** How every guard item's key starts. */
export const GUARD_KEY_PREFIX = '_unique#';

/** How every dedupe record's key starts. */
export const DEDUPE_KEY_PREFIX = `${DEDUPE_TYPE}#`;

/** How every idempotency record's key starts (`idempotency#users.createUser#<hash>`): IAM scopes their grant by it. */
export const IDEMPOTENCY_KEY_PREFIX = 'idempotency#';

/** `user`, [`email`] → `ix_user__email`: the GSI of a storage index, also its partition-key attribute. */
export function indexName(resource: string, fields: readonly string[]): string {
  return `${INDEX_NAME_PREFIX}${resource}__${fields.join('__')}`;
}

/**
 * The index value of an item's index fields (each already as text): one field's value as it is;
 * several joined by `#`, each first escaped (`\` → `\\`, `#` → `\#`) so that ("a#b", "c") and
 * ("a", "b#c") stay different values. Undefined when it would be empty, which DynamoDB does not
 * allow as a key: the item is then in no index.
 */
export function joinIndexParts(parts: readonly string[]): string | undefined {
  const value =
    parts.length === 1 ? (parts[0] ?? '') : parts.map((part) => part.replace(/[\\#]/g, '\\$&')).join('#');
  return value === '' ? undefined : value;
}

/** The guard item key of a unique index value. */
export function guardKey(index: string, value: string): string {
  return `${GUARD_KEY_PREFIX}${index}#${value}`;
}

/** The key of the dedupe record of `eventId` for `subscriber`: `_dedupe#<subscriber>#<event_id>`. */
export function dedupeKey(subscriber: string, eventId: string): string {
  return `${DEDUPE_KEY_PREFIX}${subscriber}#${eventId}`;
}

/** `users`, `createUser` → `idempotency#users.createUser`: what the operation's idempotency keys start with (a `#<hash>` follows). */
export function idempotencyKeyPrefix(service: string, operationId: string): string {
  return `${IDEMPOTENCY_KEY_PREFIX}${service}.${operationId}`;
}
