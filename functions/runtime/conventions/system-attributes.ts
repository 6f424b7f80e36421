/**
 * The attributes every stored resource carries besides its own fields, maintained by the
 * repository (functions/runtime/repository/) and never written by callers: the generators leave
 * them out of forms (lib/codegen), the hash leaves them out of the content (hash-code.ts), the
 * forwarder reads `id` and `version` from stream images, republish reads them from the table.
 */

/** Every resource's identifier (`<prefix>-<ULID>`, ids.ts); also its item's partition key value. */
export const ID_ATTRIBUTE = 'id';

/** Starts at 1, +1 per write; every write is conditional on the version read. */
export const VERSION_ATTRIBUTE = 'version';

/** SHA-256 of the resource's content (hash-code.ts): a write that changes nothing is skipped. */
export const HASH_CODE_ATTRIBUTE = 'hash_code';

/** When the resource was created and last changed (ISO 8601, the repository's clock). */
export const CREATED_AT_ATTRIBUTE = 'created_at';
export const UPDATED_AT_ATTRIBUTE = 'updated_at';

/**
 * The X-Ray trace header of the request that last wrote the item (trace-context.ts), kept with the
 * write so the stream record carries it to the forwarder, which sets it as the event's
 * `TraceHeader`. Not content (outside `hash_code`), never returned.
 */
export const TRACE_ATTRIBUTE = '_trace';

/** Attributes the repository maintains on every stored resource; never part of its content. */
export const SYSTEM_ATTRIBUTES = Object.freeze([
  VERSION_ATTRIBUTE,
  HASH_CODE_ATTRIBUTE,
  CREATED_AT_ATTRIBUTE,
  UPDATED_AT_ATTRIBUTE,
] as const);

export type SystemAttribute = (typeof SYSTEM_ATTRIBUTES)[number];

/**
 * The system attributes a resource is returned with (its API's responses, the generated models):
 * all but `hash_code`, which the repository strips on the way out.
 */
export const RETURNED_SYSTEM_ATTRIBUTES: readonly Exclude<SystemAttribute, typeof HASH_CODE_ATTRIBUTE>[] =
  Object.freeze([VERSION_ATTRIBUTE, CREATED_AT_ATTRIBUTE, UPDATED_AT_ATTRIBUTE] as const);
