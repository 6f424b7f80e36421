/**
 * fast-check arbitraries for the spec's types, what the generated `generated/testing/arbitraries.ts`
 * of every service builds its models from. Each makes only values the generated zod schema of the
 * same member accepts (lib/codegen/zod-source.ts has the mapping; test/codegen/testing-arbitraries
 * parses a thousand values of every model with it), and only text the HTTP adapter accepts too:
 * well-formed Unicode (no lone surrogates). Never imported by deployed code (fast-check is a
 * devDependency).
 */
import Big from 'big.js';
import fc from 'fast-check';
import type { StringFormat } from '../conventions';
import { isId } from '../ids';

/** What a string member of a spec says of its values. */
export interface TextConstraints {
  /** Least length, in UTF-16 code units (`String.length`), as zod counts. */
  readonly minLength?: number;
  readonly maxLength?: number;
  /** An ECMAScript regular expression, compiled with the `u` flag, not anchored (as the spec says). */
  readonly pattern?: string;
  readonly format?: StringFormat;
}

/** How much longer than its least length a string without format, pattern or maximum grows. */
const DEFAULT_EXTRA_LENGTH = 20;

function withinLength(value: string, constraints: TextConstraints): boolean {
  return (
    value.length >= (constraints.minLength ?? 0) &&
    (constraints.maxLength === undefined || value.length <= constraints.maxLength) &&
    value.isWellFormed()
  );
}

/** An arbitrary that fails, with `message`, when a value is drawn (and not when it is built). */
function unavailable<T>(message: string): fc.Arbitrary<T> {
  return fc.constant(undefined).map((): T => {
    throw new Error(message);
  });
}

/** `local@domain.tld` as zod's `z.email()` accepts: ASCII atoms, a dot in the domain. */
function email(): fc.Arbitrary<string> {
  const atom = fc.string({
    unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+-'),
    minLength: 1,
    maxLength: 8,
  });
  const label = fc
    .tuple(
      fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'),
      fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'), maxLength: 8 }),
    )
    .map(([first, rest]) => first + rest);
  const tld = fc.string({
    unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'),
    minLength: 2,
    maxLength: 6,
  });
  return fc
    .tuple(
      fc.array(atom, { minLength: 1, maxLength: 3 }),
      fc.array(label, { minLength: 1, maxLength: 3 }),
      tld,
    )
    .map(([local, labels, top]) => `${local.join('.')}@${labels.join('.')}.${top}`);
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** Instants far enough from year 0 and 9999 that any offset keeps a four-digit year. */
const instant = fc.date({
  min: new Date('1000-01-01T00:00:00.000Z'),
  max: new Date('9000-12-31T23:59:59.999Z'),
  noInvalidDate: true,
});

/** A calendar date, `YYYY-MM-DD` (`z.iso.date()`). */
export function date(): fc.Arbitrary<string> {
  return instant.map((at) => at.toISOString().slice(0, 10));
}

/**
 * An ISO 8601 date-time with seconds and a zone (`z.iso.datetime({ offset: true })`): `Z` or
 * `±hh:mm`, with or without milliseconds.
 */
export function dateTime(): fc.Arbitrary<string> {
  return fc
    .tuple(instant, fc.integer({ min: -14 * 60, max: 14 * 60 }), fc.boolean(), fc.boolean())
    .map(([at, offsetMinutes, utc, millis]) => {
      const offset = utc ? 0 : offsetMinutes - (offsetMinutes % 15);
      const local = new Date(at.getTime() + offset * 60_000);
      const text =
        `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
        `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
        (millis ? `.${pad(local.getUTCMilliseconds(), 3)}` : '');
      if (utc) return `${text}Z`;
      const sign = offset < 0 ? '-' : '+';
      const magnitude = Math.abs(offset);
      return `${text}${sign}${pad(Math.floor(magnitude / 60))}:${pad(magnitude % 60)}`;
    });
}

function formatted(format: StringFormat): fc.Arbitrary<string> {
  switch (format) {
    case 'email':
      return email();
    case 'uri':
      return fc.webUrl({ withQueryParameters: true, withFragments: true });
    case 'uuid':
      return fc.uuid();
    case 'date':
      return date();
    case 'date-time':
      return dateTime();
  }
}

/** Any text: mostly ASCII, often any Unicode (astral characters too), never a lone surrogate. */
function anyText(minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: 'grapheme-ascii', minLength, maxLength }),
    fc.string({ unit: 'binary', minLength, maxLength }),
  );
}

/**
 * A string as a spec member describes it: its format's values, or those of its pattern, or any
 * text; then within its lengths and matching its pattern. A pattern fast-check cannot generate from
 * (lookarounds, back references) makes an arbitrary that throws saying so when a value is drawn.
 */
export function text(constraints: TextConstraints = {}): fc.Arbitrary<string> {
  const minLength = constraints.minLength ?? 0;
  const maxLength = constraints.maxLength;
  let regex: RegExp | undefined;
  if (constraints.pattern !== undefined) regex = new RegExp(constraints.pattern, 'u');
  let base: fc.Arbitrary<string>;
  if (constraints.format !== undefined) {
    base = formatted(constraints.format);
  } else if (regex !== undefined) {
    try {
      base = fc.stringMatching(regex);
    } catch (error) {
      return unavailable(
        `cannot generate strings matching ${regex}: ${error instanceof Error ? error.message : String(error)}; ` +
          'give the field a value of your own',
      );
    }
  } else {
    base = anyText(minLength, maxLength ?? minLength + DEFAULT_EXTRA_LENGTH);
  }
  return base.filter(
    (value) =>
      withinLength(value, { minLength, ...(maxLength === undefined ? {} : { maxLength }) }) &&
      (regex === undefined || regex.test(value)),
  );
}

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 } as const;
const SAFE = { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER } as const;

/** An `integer` (`z.int32()`, 32 bits) or a `long` (`z.int()`, the safe-integer range) within its bounds. */
export function integer(constraints: {
  readonly bits: 32 | 53;
  readonly min?: number;
  readonly max?: number;
}): fc.Arbitrary<number> {
  const range = constraints.bits === 32 ? INT32 : SAFE;
  return fc.integer({
    min: Math.max(range.min, Math.ceil(constraints.min ?? range.min)),
    max: Math.min(range.max, Math.floor(constraints.max ?? range.max)),
  });
}

/** A `double` (`z.number()`: finite) within its bounds. */
export function double(
  constraints: { readonly min?: number; readonly max?: number } = {},
): fc.Arbitrary<number> {
  return fc.double({
    noNaN: true,
    noDefaultInfinity: true,
    min: constraints.min ?? -Number.MAX_VALUE,
    max: constraints.max ?? Number.MAX_VALUE,
  });
}

/** How far an unbounded decimal goes: ±10^15. */
const DECIMAL_RANGE = new Big('1e15');

/**
 * A `decimal`: a string `-?digits(.digits)?` whose value is within its bounds, compared exactly as
 * decimals (as the generated schema does), with 0 to 6 decimal places, at most `scale` of them, and
 * at most `precision` significant digits (lib/contract/decimal-digits.ts: the digits of the value
 * without its point, leading zeros aside).
 */
export function decimal(
  constraints: {
    readonly min?: number;
    readonly max?: number;
    readonly precision?: number;
    readonly scale?: number;
  } = {},
): fc.Arbitrary<string> {
  const min = constraints.min === undefined ? DECIMAL_RANGE.neg() : new Big(constraints.min);
  const max = constraints.max === undefined ? DECIMAL_RANGE : new Big(constraints.max);
  if (min.gt(max)) return unavailable(`no decimal lies between ${min.toFixed()} and ${max.toFixed()}`);
  // With a precision, the digits written (the units of 10^-scale) stay below 10^precision.
  const unitsLimit =
    constraints.precision === undefined ? undefined : 10n ** BigInt(constraints.precision) - 1n;
  return fc.integer({ min: 0, max: Math.min(6, constraints.scale ?? 6) }).chain((scale) => {
    const factor = new Big(10).pow(scale);
    // The least and greatest multiples of 10^-scale within the bounds (and the precision).
    let low = BigInt(min.times(factor).round(0, Big.roundUp).toFixed());
    let high = BigInt(max.times(factor).round(0, Big.roundDown).toFixed());
    if (unitsLimit !== undefined) {
      if (low < -unitsLimit) low = -unitsLimit;
      if (high > unitsLimit) high = unitsLimit;
    }
    if (low > high) return fc.constant(min.toFixed());
    return fc.bigInt({ min: low, max: high }).map((units) => {
      const negative = units < 0n;
      const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
      const whole = digits.slice(0, digits.length - scale);
      const fraction = digits.slice(digits.length - scale);
      return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
    });
  });
}

/** A `uuid` (`z.guid()`: any 8-4-4-4-12 hex digits). */
export function guid(): fc.Arbitrary<string> {
  return fc.uuid();
}

/** Keys of maps and objects: any text but `__proto__`, which a parsed JSON object cannot keep as data. */
const key = anyText(0, 10).filter((name) => name !== '__proto__' && name.isWellFormed());

/** An `object` (`z.record(z.string(), z.unknown())`): string keys, JSON values. */
export function object(): fc.Arbitrary<Record<string, unknown>> {
  return fc.dictionary(key, json(), { maxKeys: 5, noNullPrototype: true });
}

function hasProtoKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasProtoKey);
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([name, item]) => name === '__proto__' || hasProtoKey(item));
}

/** A JSON value, as zod's `z.json()` types it (fast-check's own type allows `undefined` members). */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A `json` value (`z.json()`). */
export function json(): fc.Arbitrary<Json> {
  // fast-check's JSON values are what JSON.parse makes: no `undefined` member, whatever its type says.
  // Without `__proto__` keys: zod's parse drops them (it never sets a prototype), so a value with one
  // would not come back as it went in.
  return fc.jsonValue({ maxDepth: 3 }).filter((value) => !hasProtoKey(value)) as fc.Arbitrary<Json>;
}

/** A list `[T]`, its item count within its bounds. */
export function list<T>(
  item: fc.Arbitrary<T>,
  constraints: { readonly minLength?: number; readonly maxLength?: number } = {},
): fc.Arbitrary<T[]> {
  return fc.array(item, {
    ...(constraints.minLength === undefined
      ? {}
      : { minLength: Math.max(0, Math.ceil(constraints.minLength)) }),
    ...(constraints.maxLength === undefined ? {} : { maxLength: Math.floor(constraints.maxLength) }),
  });
}

/** A map `map[T]`: string keys, at most `maxKeys` of them (default 5). */
export function map<T>(
  item: fc.Arbitrary<T>,
  constraints: { readonly maxKeys?: number } = {},
): fc.Arbitrary<Record<string, T>> {
  return fc.dictionary(key, item, { maxKeys: constraints.maxKeys ?? 5, noNullPrototype: true });
}

/**
 * A model's value: one arbitrary per member (a member given as `undefined` is left out: a recursive
 * one at the last level of nesting), those not in `requiredKeys` (`required: false`, no default)
 * sometimes left out, never `undefined`; a plain object, as JSON parsing makes.
 */
export function model<T extends object>(
  // Over the keys of Required<T>, so an optional member keeps its `| undefined` (a `-?` would drop it).
  members: { readonly [K in keyof Required<T>]: fc.Arbitrary<T[K]> | undefined },
  requiredKeys: ReadonlyArray<keyof T & string>,
): fc.Arbitrary<T> {
  const present: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, member] of Object.entries(members) as [string, fc.Arbitrary<unknown> | undefined][]) {
    if (member !== undefined) present[name] = member;
  }
  const required = requiredKeys.filter((name) => Object.hasOwn(present, name));
  return fc.record(present, { requiredKeys: required, noNullPrototype: true }) as unknown as fc.Arbitrary<T>;
}

/** An id of a stored resource as its repository mints them: `<prefix>-<ULID>`. */
export function resourceId(prefix: string): fc.Arbitrary<string> {
  return fc
    .ulid()
    .map((ulid) => `${prefix}-${ulid}`)
    .filter((id) => isId(prefix, id));
}
