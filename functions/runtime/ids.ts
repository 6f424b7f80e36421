/**
 * Resource identifiers: `<prefix>-<ULID>`, e.g. `usr-01JD3QZ8V5K2W7G9X4M6N8P0RT`.
 *
 * - The prefix names the resource, so an id pasted into a ticket says what it is.
 * - The ULID (https://github.com/ulid/spec) starts with the creation time in milliseconds, so ids
 *   sort by creation time as plain strings (DynamoDB sort keys, "newest first" listings).
 * - Time comes from an injected {@link Clock}; each clock has its own monotonic ULID factory, so ids
 *   made from one clock are strictly increasing even within one millisecond or if the clock steps back
 *   (the ULID then keeps the last time seen and increments its random part).
 */
import { decodeTime, monotonicFactory, TIME_MAX, type ULIDFactory } from 'ulid';
import { type Clock, systemClock } from './clock';

/** A prefix: a lowercase letter, then up to 9 lowercase letters or digits. */
const PREFIX = /^[a-z][a-z0-9]{0,9}$/;

/**
 * A canonical ULID: 26 Crockford base-32 characters, upper case, first one 0-7 (the 48-bit time fits).
 * Stricter than `ulid`'s `isValid`, which accepts lower case and times past the 48-bit maximum.
 */
const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

/** A resource name as the spec allows it: lower snake case. */
const RESOURCE_NAME = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);

const factories = new WeakMap<Clock, ULIDFactory>();

function factoryFor(clock: Clock): ULIDFactory {
  let factory = factories.get(clock);
  if (factory === undefined) {
    factory = monotonicFactory();
    factories.set(clock, factory);
  }
  return factory;
}

/** Throws unless `prefix` is a valid id prefix. */
export function assertIdPrefix(prefix: string): void {
  if (!PREFIX.test(prefix)) {
    throw new TypeError(
      `id prefix must be a lowercase letter then up to 9 lowercase letters or digits, got ${JSON.stringify(prefix)}`,
    );
  }
}

/**
 * A new id for a resource whose prefix is `prefix`, timestamped by `clock`.
 * Throws `RangeError` if the clock reads at or before the Unix epoch (ULIDs cannot encode it) or past
 * the ULID maximum (year 10889).
 */
export function newId(prefix: string, clock: Clock = systemClock): string {
  assertIdPrefix(prefix);
  const millis = clock.now().getTime();
  // The factory treats 0 and NaN as "use Date.now()", which would silently ignore the clock.
  if (!(Number.isInteger(millis) && millis > 0 && millis <= TIME_MAX)) {
    throw new RangeError(
      `cannot make an id at time ${millis}: the clock must read after 1970-01-01T00:00:00Z`,
    );
  }
  return `${prefix}-${factoryFor(clock)(millis)}`;
}

/** True when `value` is an id made by {@link newId} with exactly this prefix. */
export function isId(prefix: string, value: unknown): value is string {
  if (typeof value !== 'string' || !PREFIX.test(prefix)) return false;
  const head = `${prefix}-`;
  return value.startsWith(head) && ULID.test(value.slice(head.length));
}

/** The creation time encoded in an id (any prefix). Throws `TypeError` if `value` is not an id. */
export function idTime(value: string): Date {
  const dash = value.indexOf('-');
  const prefix = value.slice(0, dash);
  if (dash < 0 || !isId(prefix, value)) throw new TypeError(`not an id: ${JSON.stringify(value)}`);
  return new Date(decodeTime(value.slice(dash + 1)));
}

/**
 * The id prefix of a resource, derived from its (lower snake case) name.
 *
 * Rule: drop the underscores; keep the first character, then the consonants (anything but a, e, i, o,
 * u; digits count as consonants) that follow it, up to three characters in all. If that gives fewer
 * than three, fill up with the skipped characters, keeping the name's order. A name shorter than three
 * characters is its own prefix.
 *
 *   user → usr, order → ord, notification → ntf, line_item → lnt, audio → aud, io → io
 *
 * Different names can give the same prefix (`user`, `user_session` → `usr`): the generator rejects a
 * service whose resources clash, see {@link findPrefixClashes}.
 */
export function idPrefixFor(resourceName: string): string {
  if (!RESOURCE_NAME.test(resourceName)) {
    throw new TypeError(`resource name must be lower snake case, got ${JSON.stringify(resourceName)}`);
  }
  const chars = [...resourceName.replaceAll('_', '')];
  const picked = [0];
  for (let i = 1; i < chars.length && picked.length < 3; i++) {
    if (!VOWELS.has(chars[i] ?? '')) picked.push(i);
  }
  for (let i = 1; i < chars.length && picked.length < 3; i++) {
    if (!picked.includes(i)) picked.push(i);
  }
  return picked
    .sort((a, b) => a - b)
    .map((i) => chars[i])
    .join('');
}

/** Resources of one service that would share an id prefix. */
export interface PrefixClash {
  readonly prefix: string;
  /** The clashing resource names, in the order given. */
  readonly resources: readonly string[];
}

/**
 * The prefixes that more than one of `resourceNames` would use (by {@link idPrefixFor}), in order of
 * first appearance. Empty when every resource of the service has its own prefix.
 */
export function findPrefixClashes(resourceNames: Iterable<string>): PrefixClash[] {
  const byPrefix = new Map<string, string[]>();
  for (const name of new Set(resourceNames)) {
    const prefix = idPrefixFor(name);
    const names = byPrefix.get(prefix);
    if (names) names.push(name);
    else byPrefix.set(prefix, [name]);
  }
  return [...byPrefix]
    .filter(([, names]) => names.length > 1)
    .map(([prefix, resources]) => ({ prefix, resources }));
}
