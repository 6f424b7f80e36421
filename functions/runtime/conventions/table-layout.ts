/**
 * How a service's items sit in its one DynamoDB table. The repository and the dedupe and
 * idempotency stores (run time), the generators (lib/codegen), the CDK stack (lib/infra) and
 * republish (lib/ops) all take the layout from here, so they cannot disagree. The layout of one
 * spec's table (its indexes) is lib/spec/table-layout.ts `tableLayout`, built from these.
 *
 * - Table key: `pk` (string) only. A resource item's pk is its id (ids carry a per-resource prefix).
 * - `_type` on every item: the resource name for resource items; `_guard` for unique-index guard
 *   items; `_dedupe` for subscriber idempotency records. The stream forwarder publishes only
 *   items whose `_type` is a resource of the service.
 * - List GSI `by_type`: partition `_type`, sort `id`; ids sort by creation time, so a descending
 *   query lists newest first.
 * - One GSI per spec index, named `ix_<resource>__<field>[__<field>...]`: its partition key is an
 *   attribute of the same name holding the index value ({@link joinIndexParts}: a one-field index's
 *   value as it is, a multi-field index's values each escaped and joined by `#`), set only when
 *   every field has a non-empty value (a sparse index); sort key `id`.
 * - A unique index also writes a guard item per value, pk `_unique#<index name>#<value>`, with
 *   `owner` = the id, in the same transaction as the item.
 * - An index with `ignore_case` holds its string values case-folded (functions/runtime/repository.ts
 *   `foldIndexCase`), in its attribute and in its guard keys; the fields themselves are stored as given.
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

/** The GSI every resource is listed by: its `_type`, in id order. */
export const LIST_INDEX = { name: 'by_type', partitionKey: TYPE_ATTRIBUTE, sortKey: ID_ATTRIBUTE } as const;

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
