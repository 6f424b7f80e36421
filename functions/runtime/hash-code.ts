/**
 * `hash_code`: the fingerprint of a resource's content. The repository compares it with the stored
 * one and skips a write (and so the stream record and the event) when nothing changed.
 *
 * hash_code = lowercase hex SHA-256 of the canonical JSON (RFC 8785, see canonical-json.ts) of the
 * resource's top-level fields other than `id` and the system attributes
 * (conventions/system-attributes.ts). Key order and fields set to `undefined` do not change it; any
 * change of a value does.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { ID_ATTRIBUTE, SYSTEM_ATTRIBUTES } from './conventions';

/** Top-level fields that never count towards the hash: `id` and the system attributes. */
export const HASH_EXCLUDED_FIELDS: ReadonlySet<string> = new Set([ID_ATTRIBUTE, ...SYSTEM_ATTRIBUTES]);

export interface HashCodeOptions {
  /** More top-level fields to leave out, on top of {@link HASH_EXCLUDED_FIELDS}. */
  readonly exclude?: Iterable<string>;
}

/** The content of `item` that the hash covers: a shallow copy without the excluded fields. */
export function hashedContent(
  item: Readonly<Record<string, unknown>>,
  options: HashCodeOptions = {},
): Record<string, unknown> {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new TypeError('hashCode takes a resource object');
  }
  const excluded = new Set([...HASH_EXCLUDED_FIELDS, ...(options.exclude ?? [])]);
  return Object.fromEntries(Object.entries(item).filter(([key]) => !excluded.has(key)));
}

/**
 * The hash_code of a resource: 64 lowercase hex digits. Throws `TypeError` if `item` is not an
 * object, or a `NotJsonError` if its content is not JSON data.
 */
export function hashCode(item: Readonly<Record<string, unknown>>, options: HashCodeOptions = {}): string {
  return createHash('sha256')
    .update(canonicalJson(hashedContent(item, options)), 'utf8')
    .digest('hex');
}
