/**
 * Redaction of personal data by field name. The spec marks fields `personal_data`; the generator
 * collects their names per service, and the logger (logger.ts) passes everything it logs through
 * {@link redact} with that set.
 */

/** What a personal value is replaced with. */
export const REDACTED = '[REDACTED]';

/** What a reference back to an enclosing object is replaced with. */
export const CIRCULAR = '[Circular]';

/**
 * A copy of `value` in which the value of every property whose name is in `personalFields` (exact,
 * case-sensitive match) is {@link REDACTED}, at any depth: in nested objects, in arrays, in an
 * error's own fields and its `cause`. The input is never mutated.
 *
 * The copy is the value as JSON would see it, so nothing that serializing it would show escapes:
 * - primitives and functions are returned as they are; so is a `Date` (it has no fields);
 * - an object with a `toJSON` method is replaced by its redacted `toJSON()` result;
 * - arrays become arrays; any other object (plain, null-prototype, class instance, Map, Set) becomes
 *   a plain object of its own enumerable string-keyed properties, as in JSON;
 * - an `Error` stays an `Error` (same prototype) so loggers still format it as one; its `name`,
 *   `message` and `stack` are kept as they are (they describe the failure; error messages must not
 *   contain personal values), its other own properties and its `cause` are redacted.
 *
 * Cycles are safe: a reference back to an object being copied becomes {@link CIRCULAR}. An object
 * reached twice without a cycle is copied once and shared in the result.
 */
export function redact(value: unknown, personalFields: ReadonlySet<string>): unknown {
  return copy(value, personalFields, new Set(), new Map());
}

function copy(
  value: unknown,
  fields: ReadonlySet<string>,
  inProgress: Set<object>,
  done: Map<object, unknown>,
): unknown {
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  if (done.has(value)) return done.get(value);
  if (inProgress.has(value)) return CIRCULAR;

  inProgress.add(value);
  let result: unknown;
  const visit = (item: unknown): unknown => copy(item, fields, inProgress, done);
  const entriesOf = (source: object): [string, unknown][] =>
    Object.entries(source).map(([key, item]) => [key, fields.has(key) ? REDACTED : visit(item)]);

  if (value instanceof Error) {
    result = copyError(value, entriesOf(value), visit);
  } else if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    result = visit((value as { toJSON(): unknown }).toJSON());
  } else if (Array.isArray(value)) {
    result = value.map(visit);
  } else {
    result = Object.fromEntries(entriesOf(value));
  }
  inProgress.delete(value);
  done.set(value, result);
  return result;
}

function copyError(error: Error, entries: [string, unknown][], visit: (item: unknown) => unknown): Error {
  const copied = Object.create(Object.getPrototypeOf(error) as object | null) as Error;
  // Kept as they are, non-enumerable like the originals (a class may declare `name` as an own field).
  for (const key of ['message', 'stack'] as const) {
    if (Object.hasOwn(error, key)) {
      Object.defineProperty(copied, key, { value: error[key], writable: true, configurable: true });
    }
  }
  if (Object.hasOwn(error, 'cause')) {
    Object.defineProperty(copied, 'cause', { value: visit(error.cause), writable: true, configurable: true });
  }
  for (const [key, item] of entries) {
    Object.defineProperty(copied, key, {
      value: key === 'name' ? error.name : item,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
  return copied;
}
