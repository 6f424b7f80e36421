/**
 * Index values: what an item is indexed under, and what a lookup reads.
 *
 * A field's value is its JSON value (strings as they are, numbers and booleans as their JSON text,
 * so `7` and `"7"` are one value); the values of a multi-field index are escaped and joined by `#` as
 * the layout says (conventions/table-layout.ts `joinIndexParts`), so two different value combinations
 * never share a guard item. A missing or null field leaves the item out of the index (sparse); so
 * does an empty value, which DynamoDB does not allow as a key.
 *
 * An index with `ignoreCase` (the spec's `ignore_case`) folds the letter case of each string value
 * with {@link foldIndexCase} before it becomes the index value, so the GSI attribute, the guard
 * item's key and every lookup hold the folded text: `D@Example.com` and `d@example.com` are one value
 * (a clash on a unique index, a match when finding), while the item keeps the field as it was given.
 */
import { canonicalJson } from '../canonical-json';
import { guardKey, joinIndexParts, MAX_PARTITION_KEY_BYTES } from '../conventions';
import type { IndexConfig } from './definition';

/**
 * The values to look up in an index: in the order of the index's fields, or by field name.
 * A missing (undefined or null) value matches nothing: the index is sparse.
 */
export type IndexValues = readonly unknown[] | Readonly<Record<string, unknown>>;

/**
 * How an `ignoreCase` index folds a string: `String.prototype.toLowerCase`, Unicode's default
 * lower-case mapping, the same on every machine (it never depends on a locale, unlike
 * `toLocaleLowerCase`; a Turkish `I` still folds to `i`). It is not Unicode case folding, which no
 * built-in offers: `STRASSE` and `straße` stay different, as do the final and the medial sigma
 * written in lower case (`ς`, `σ`), and strings are not normalized (a precomposed `é` differs from
 * `e` + combining accent). Changing it changes every stored index value: `dev diff` reports turning
 * `ignore_case` on or off (`index-ignore-case-changed`) for that reason.
 */
export function foldIndexCase(text: string): string {
  return text.toLowerCase();
}

/** One index field's value as index text (a string's case folded when the index ignores case), or undefined when it has none. */
function indexPart(index: IndexConfig, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const json: unknown = JSON.parse(canonicalJson(value));
  if (json === null) return undefined;
  if (typeof json !== 'string') return canonicalJson(json);
  return index.ignoreCase === true ? foldIndexCase(json) : json;
}

/** The index value of an item's (or a form's) fields; undefined when a field has no value. */
export function indexValue(index: IndexConfig, item: Readonly<Record<string, unknown>>): string | undefined {
  const parts: string[] = [];
  for (const field of index.fields) {
    const part = indexPart(index, item[field]);
    if (part === undefined) return undefined;
    parts.push(part);
  }
  return joinIndexParts(parts);
}

/** The index value to look up; throws TypeError for values that do not fit the index. */
export function lookupValue(index: IndexConfig, values: IndexValues): string | undefined {
  const value = lookupValueOf(index, values);
  if (value === undefined) return undefined;
  // No item is indexed under a value whose key DynamoDB would refuse (the guard's key on a unique
  // index, the GSI key otherwise): nothing to look up, rather than a request that fails.
  const key = index.unique ? guardKey(index.name, value) : value;
  return Buffer.byteLength(key, 'utf8') > MAX_PARTITION_KEY_BYTES ? undefined : value;
}

function lookupValueOf(index: IndexConfig, values: IndexValues): string | undefined {
  if (Array.isArray(values)) {
    if (values.length !== index.fields.length) {
      throw new TypeError(`${index.name} takes ${index.fields.length} value(s), got ${values.length}`);
    }
    const parts: string[] = [];
    for (const value of values as readonly unknown[]) {
      const part = indexPart(index, value);
      if (part === undefined) return undefined;
      parts.push(part);
    }
    return joinIndexParts(parts);
  }
  if (typeof values !== 'object' || values === null) throw new TypeError(`${index.name} takes values`);
  return indexValue(index, values as Readonly<Record<string, unknown>>);
}
