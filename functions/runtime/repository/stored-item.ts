/**
 * A resource and its stored item, both ways.
 *
 * Stored resource item:
 *
 *   { pk: <id>, _type: <resource>, _list: <resource>#<shard>, id, ...fields, version, hash_code,
 *     created_at, updated_at, _trace: <X-Ray trace header of the write>   (when it had one),
 *     ix_<resource>__<fields>: <index value>   (per index, only when every field has a value) }
 *
 * - The fields are the resource's content: what a caller gave, less `id` and the system attributes
 *   (the repository's), made JSON data, so the item holds exactly what `hash_code` covers
 *   (hash-code.ts). A field named like a table attribute is refused rather than dropped: it would
 *   overwrite the layout (`pk`, `_type`, `_list`, an index attribute) or the trace.
 * - `_trace` is the trace of the request that wrote this version (creates, replaces, seeds), kept so
 *   that the item's stream record carries it to the forwarder, which sets it as the event's
 *   `TraceHeader` (forwarder/event-entry.ts `keptTrace`). It is not content: outside `hash_code`, so
 *   a write that would change only the trace is no change, writes nothing and publishes nothing. A
 *   delete writes no attribute at all (DynamoDB's DeleteItem cannot), so its stream record's old
 *   image holds the trace of the write before it; the forwarder leaves that out of the deletion's
 *   event rather than tie the deletion to another request.
 * - On the way out, `pk`, `_type`, `_list`, `hash_code`, `_trace` and the index attributes are
 *   stripped before `parse`: a resource is returned with its fields, `id`, `version`, `created_at`
 *   and `updated_at` only.
 */
import { canonicalJson } from '../canonical-json';
import {
  CREATED_AT_ATTRIBUTE,
  HASH_CODE_ATTRIBUTE,
  ID_ATTRIBUTE,
  LIST_PARTITION_ATTRIBUTE,
  listPartition,
  listShard,
  MAX_ITEM_BYTES,
  TABLE_KEY,
  TRACE_ATTRIBUTE,
  TYPE_ATTRIBUTE,
  UPDATED_AT_ATTRIBUTE,
  VERSION_ATTRIBUTE,
} from '../conventions';
import { HASH_EXCLUDED_FIELDS, hashCode } from '../hash-code';
import { itemSizeBytes } from '../item-size';
import type { ResourceDefinition } from './definition';
import { ItemTooLargeError } from './errors';
import { indexValue } from './index-values';
import type { Item } from './table-store';

/** Whether an attribute is the table's or the repository's bookkeeping, never the resource's. */
function isTableAttribute(definition: ResourceDefinition<unknown>, name: string): boolean {
  return (
    name === TABLE_KEY ||
    name === TYPE_ATTRIBUTE ||
    name === LIST_PARTITION_ATTRIBUTE ||
    name === TRACE_ATTRIBUTE ||
    name.startsWith(definition.indexAttributePrefix)
  );
}

/**
 * The fields as they are stored and hashed: id and system attributes dropped (they are the
 * repository's), made JSON data (undefined members dropped, Dates as strings...), so the stored item
 * holds exactly what the hash covers. Throws TypeError for a field named like a table attribute.
 */
export function storableContent(definition: ResourceDefinition<unknown>, fields: object): Item {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    throw new TypeError('fields must be an object');
  }
  const content: Item = {};
  for (const [name, value] of Object.entries(fields)) {
    if (HASH_EXCLUDED_FIELDS.has(name) || value === undefined) continue;
    if (isTableAttribute(definition, name))
      throw new TypeError(`field ${name} clashes with a table attribute`);
    content[name] = value;
  }
  return JSON.parse(canonicalJson(content)) as Item;
}

/** What a stored item is besides its content. */
export interface ItemStamp {
  readonly id: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The write's X-Ray trace header, kept as `_trace`; no attribute when undefined. */
  readonly trace: string | undefined;
}

/**
 * The item to store for `content`: the content, the table's attributes, the system attributes and
 * the index attributes. Throws {@link ItemTooLargeError} (413) when DynamoDB would refuse it for its
 * size, so nothing is sent.
 */
export function storedItem(definition: ResourceDefinition<unknown>, content: Item, stamp: ItemStamp): Item {
  const item: Item = {
    ...content,
    [TABLE_KEY]: stamp.id,
    [TYPE_ATTRIBUTE]: definition.resource,
    [LIST_PARTITION_ATTRIBUTE]: listPartition(
      definition.resource,
      listShard(stamp.id, definition.listShards),
    ),
    [ID_ATTRIBUTE]: stamp.id,
    [VERSION_ATTRIBUTE]: stamp.version,
    [HASH_CODE_ATTRIBUTE]: hashCode(content),
    [CREATED_AT_ATTRIBUTE]: stamp.createdAt,
    [UPDATED_AT_ATTRIBUTE]: stamp.updatedAt,
    ...(stamp.trace === undefined ? {} : { [TRACE_ATTRIBUTE]: stamp.trace }),
  };
  for (const index of definition.indexes.values()) {
    const value = indexValue(index, content);
    if (value !== undefined) item[index.name] = value;
  }
  const size = itemSizeBytes(item);
  if (size > MAX_ITEM_BYTES) throw new ItemTooLargeError(definition.resource, size, MAX_ITEM_BYTES);
  return item;
}

/** Whether a stored item's content is `content`: the same `hash_code`, so a write would change nothing. */
export function holdsContent(stored: Item, content: Item): boolean {
  return hashCode(content) === stored[HASH_CODE_ATTRIBUTE];
}

/** `item` when it is this resource's item with this id (not a guard, not another resource's), else undefined. */
export function resourceItem(
  definition: ResourceDefinition<unknown>,
  item: Item | undefined,
  id: string,
): Item | undefined {
  return item !== undefined && item[TYPE_ATTRIBUTE] === definition.resource && item[ID_ATTRIBUTE] === id
    ? item
    : undefined;
}

/** The version a stored item is at; throws (a 500) for an item without a valid one. */
export function storedVersion(item: Item): number {
  const version = item[VERSION_ATTRIBUTE];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new Error(`stored item ${String(item[TABLE_KEY])} has no valid version`);
  }
  return version;
}

/** When a stored item was created (kept through every replace); `fallback` when it has no `created_at`. */
export function storedCreatedAt(item: Item, fallback: string): string {
  const createdAt = item[CREATED_AT_ATTRIBUTE];
  return typeof createdAt === 'string' ? createdAt : fallback;
}

/** A stored item as the resource: table attributes stripped, then `parse`. */
export function toResource<T>(definition: ResourceDefinition<T>, stored: Item): T {
  const resource: Item = {};
  for (const [name, value] of Object.entries(stored)) {
    if (name === HASH_CODE_ATTRIBUTE || isTableAttribute(definition, name)) continue;
    resource[name] = value;
  }
  return definition.parse(resource);
}
