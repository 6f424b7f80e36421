import Big from 'big.js';
import { type DecimalDigits, digitsRefinementSource } from '../contract/decimal-digits';
import type { Field, Parameter, StringFormat } from '../contract/schema';
import { FORMAT_SOURCES } from '../contract/string-format';
import { namedTypesOf, parseTypeRef, type TypeRef } from '../contract/type-ref';

/**
 * The type mapping: spec types (with bounds, `required` and `default`) → zod source text.
 *
 * | spec type           | zod                                                   |
 * | ------------------- | ----------------------------------------------------- |
 * | `string`            | `z.string()`; bounds are its length; `format` picks the base (below), `pattern` adds `.regex(new RegExp(p, 'u'))` |
 * | `boolean`           | `z.boolean()`                                         |
 * | `integer`           | `z.int32()` (32-bit)                                  |
 * | `long`              | `z.int()` (the JavaScript safe-integer range)         |
 * | `double`            | `z.number()` (finite)                                 |
 * | `decimal`           | `z.string().regex(…)`, a string on the wire; bounds compare its value exactly (big.js); `scale` and `precision` count its digits as written (lib/contract/decimal-digits.ts) |
 * | `uuid`              | `z.guid()` (8-4-4-4-12 hex digits, as the spec validator and JSON Schema accept) |
 * | `date-iso8601`      | `z.iso.date()`                                        |
 * | `date-time-iso8601` | `z.iso.datetime({ offset: true })` (seconds required, any zone) |
 * | `object`            | `z.record(z.string(), z.unknown())`                   |
 * | `json`              | `z.json()`                                            |
 * | `[T]`               | `z.array(T)`; bounds are its item count               |
 * | `map[T]`            | `z.record(z.string(), T)`                             |
 * | enum, model         | its schema constant, e.g. `userStatusSchema`          |
 * | `generic_error`     | `genericErrorSchema`                                  |
 *
 * String formats (lib/contract/string-format.ts): `email` → `z.email()`, `uri` → `z.string()` refined
 * by an absolute-URI check ("must be a valid URI"), `uuid` → `z.uuid()`, `date` → `z.iso.date()`,
 * `date-time` → `z.iso.datetime({ offset: true })`; length bounds and the pattern follow.
 *
 * `required: false` adds `.optional()`; a `default` adds `.default(value)`, or `.prefault(value)`
 * when the type contains a model (the value is then parsed, so the model's own defaults apply).
 *
 * Path and query parameters arrive as text (the `text` encoding): numbers and booleans are read
 * from it before the same checks run, and a list parameter sent once (a string) is a list of one.
 */

/** Where a value comes from: a JSON document (bodies, responses) or a URL (path and query parameters). */
export type Encoding = 'json' | 'text';

/** The names the mapping needs from the spec being generated. */
export interface TypeNames {
  /** The schema constant of an enum, a model or a built-in, e.g. `userSchema`. */
  schemaOf(name: string): string;
  /** The TypeScript type of an enum or model value, e.g. `UserStatus`. */
  typeOf(name: string): string;
  isModel(name: string): boolean;
}

/** The helpers text-encoded schemas call; declared once by the module that uses them. */
export const TEXT_HELPERS = {
  numberFromText: [
    '/** A number written in a path or query string; anything else is left for the schema to reject. */',
    'const numberFromText = (value: unknown): unknown =>',
    "  typeof value === 'string' && /^-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?$/.test(value) ? Number(value) : value;",
  ].join('\n'),
  booleanFromText: [
    '/** `true` or `false` written in a path or query string; anything else is left for the schema to reject. */',
    'const booleanFromText = (value: unknown): unknown =>',
    "  value === 'true' ? true : value === 'false' ? false : value;",
  ].join('\n'),
  listFromText: [
    '/** A list query parameter is repeated (`?tag=a&tag=b`); sent once, it arrives as a string: a list of one. */',
    "const listFromText = (value: unknown): unknown => (typeof value === 'string' ? [value] : value);",
  ].join('\n'),
} as const;

export type TextHelper = keyof typeof TEXT_HELPERS;

/** Collects the text helpers a module's schemas use. */
export type HelperSink = Set<TextHelper>;

export const DECIMAL_REGEX = '/^-?\\d+(\\.\\d+)?$/';

/** The bounds of a member, when it has any. */
export interface Bounds {
  readonly minimum?: number | undefined;
  readonly maximum?: number | undefined;
}

/** What a string member's text must look like, when it says. */
export interface TextRules {
  readonly pattern?: string | undefined;
  readonly format?: StringFormat | undefined;
}

function numberText(value: number): string {
  return JSON.stringify(value);
}

/** `.min(a).max(b)`, or `.length(n)` when both are `n` (lengths and counts). */
function sizeBounds(bounds: Bounds): string {
  const { minimum, maximum } = bounds;
  if (minimum !== undefined && minimum === maximum) return `.length(${numberText(minimum)})`;
  return (
    (minimum === undefined ? '' : `.min(${numberText(minimum)})`) +
    (maximum === undefined ? '' : `.max(${numberText(maximum)})`)
  );
}

function valueBounds(bounds: Bounds): string {
  return (
    (bounds.minimum === undefined ? '' : `.min(${numberText(bounds.minimum)})`) +
    (bounds.maximum === undefined ? '' : `.max(${numberText(bounds.maximum)})`)
  );
}

/**
 * A decimal's bounds compare its value exactly, as decimals (big.js), never as floats: `0.30000000000000001`
 * is above a maximum of 0.3. A value that is not a decimal passes them (the regex check already
 * rejects it, and big.js would throw on it). The messages name the limit, never the value.
 */
function decimalBounds(bounds: Bounds): string {
  const check = (limit: number, method: 'gte' | 'lte', operator: '>=' | '<=') => {
    const text = new Big(limit).toFixed();
    return `.refine((value) => !${DECIMAL_REGEX}.test(value) || new Big(value).${method}(${JSON.stringify(text)}), ${JSON.stringify(`must be ${operator} ${text}`)})`;
  };
  return (
    (bounds.minimum === undefined ? '' : check(bounds.minimum, 'gte', '>=')) +
    (bounds.maximum === undefined ? '' : check(bounds.maximum, 'lte', '<='))
  );
}

/** A string's schema: its format's base, its length bounds, its pattern, then its format's own check. */
function stringSchema(bounds: Bounds, text: TextRules): string {
  const format = text.format === undefined ? { base: 'z.string()', check: '' } : FORMAT_SOURCES[text.format];
  const pattern =
    text.pattern === undefined ? '' : `.regex(new RegExp(${JSON.stringify(text.pattern)}, 'u'))`;
  return `${format.base}${sizeBounds(bounds)}${pattern}${format.check}`;
}

/**
 * The imports schema source needs besides zod: big.js where it compares decimals. `reserve` is
 * given the names imported, so no generated name can take them.
 */
export function schemaLibraryImports(code: string, reserve: (names: readonly string[]) => void): string[] {
  if (!/\bnew Big\(/.test(code)) return [];
  reserve(['Big']);
  return ["import Big from 'big.js';"];
}

/** The zod schema of a type, with the bounds of the member it belongs to (bounds apply to the outer type). */
export function zodType(
  ref: TypeRef,
  names: TypeNames,
  options: {
    readonly bounds?: Bounds;
    readonly text?: TextRules;
    /** A decimal's `precision` and `scale`. */
    readonly digits?: DecimalDigits;
    readonly encoding?: Encoding;
    readonly helpers?: HelperSink;
  } = {},
): string {
  const bounds = options.bounds ?? {};
  const encoding = options.encoding ?? 'json';
  const use = (helper: TextHelper) => {
    options.helpers?.add(helper);
    return helper;
  };
  switch (ref.kind) {
    case 'named':
      return names.schemaOf(ref.name);
    case 'list': {
      const item = zodType(ref.of, names, {
        encoding,
        ...(options.helpers ? { helpers: options.helpers } : {}),
      });
      const list = `z.array(${item})${sizeBounds(bounds)}`;
      return encoding === 'text' ? `z.preprocess(${use('listFromText')}, ${list})` : list;
    }
    case 'map':
      return `z.record(z.string(), ${zodType(ref.of, names, { encoding, ...(options.helpers ? { helpers: options.helpers } : {}) })})`;
    case 'primitive': {
      const fromText = (helper: TextHelper, schema: string) =>
        encoding === 'text' ? `z.preprocess(${use(helper)}, ${schema})` : schema;
      switch (ref.name) {
        case 'string':
          return stringSchema(bounds, options.text ?? {});
        case 'boolean':
          return fromText('booleanFromText', 'z.boolean()');
        case 'integer':
          return fromText('numberFromText', `z.int32()${valueBounds(bounds)}`);
        case 'long':
          return fromText('numberFromText', `z.int()${valueBounds(bounds)}`);
        case 'double':
          return fromText('numberFromText', `z.number()${valueBounds(bounds)}`);
        case 'decimal':
          return `z.string().regex(${DECIMAL_REGEX})${decimalBounds(bounds)}${digitsRefinementSource(options.digits ?? {}, DECIMAL_REGEX)}`;
        case 'uuid':
          return 'z.guid()';
        case 'date-iso8601':
          return 'z.iso.date()';
        case 'date-time-iso8601':
          return 'z.iso.datetime({ offset: true })';
        case 'object':
          return 'z.record(z.string(), z.unknown())';
        case 'json':
          return 'z.json()';
        case 'unit':
          return 'z.undefined()';
      }
    }
  }
}

type Member = Pick<
  Field | Parameter,
  'type' | 'required' | 'default' | 'minimum' | 'maximum' | 'pattern' | 'format' | 'precision' | 'scale'
>;

/** Whether a default of this type needs `.prefault` (the type holds a model, whose own defaults must apply). */
function holdsModel(ref: TypeRef, names: TypeNames): boolean {
  return namedTypesOf(ref).some((name) => names.isModel(name));
}

/** The modifier for `required` and `default`: `.optional()`, `.default(v)`, `.prefault(v)` or nothing. */
function presence(
  member: Member,
  ref: TypeRef,
  names: TypeNames,
): { text: string; kind?: 'optional' | 'default' | 'prefault' } {
  if (member.default !== undefined) {
    const kind = holdsModel(ref, names) ? 'prefault' : 'default';
    return { text: `.${kind}(${JSON.stringify(member.default)})`, kind };
  }
  if (member.required === false) return { text: '.optional()', kind: 'optional' };
  return { text: '' };
}

/** The zod schema of a field or parameter: its type, bounds, `required` and `default`. */
export function zodMember(
  member: Member,
  names: TypeNames,
  options: { readonly encoding?: Encoding; readonly helpers?: HelperSink } = {},
): string {
  const ref = parseTypeRef(member.type);
  const base = zodType(ref, names, {
    ...options,
    bounds: { minimum: member.minimum, maximum: member.maximum },
    text: { pattern: member.pattern, format: member.format },
    digits: { precision: member.precision, scale: member.scale },
  });
  return base + presence(member, ref, names).text;
}

/**
 * The static zod type of a member's schema, for the explicit annotation a getter needs when a
 * model refers to itself (directly or through other models). Only the shapes such a member can
 * have are supported: named types, lists and maps of them, optional or defaulted.
 */
export function zodMemberType(member: Member, names: TypeNames): string {
  const ref = parseTypeRef(member.type);
  const inner = zodRefType(ref, names);
  const kind = presence(member, ref, names).kind;
  if (kind === 'optional') return `z.ZodOptional<${inner}>`;
  if (kind === 'default') return `z.ZodDefault<${inner}>`;
  if (kind === 'prefault') return `z.ZodPrefault<${inner}>`;
  return inner;
}

function zodRefType(ref: TypeRef, names: TypeNames): string {
  switch (ref.kind) {
    case 'named':
      return `typeof ${names.schemaOf(ref.name)}`;
    case 'list':
      return `z.ZodArray<${zodRefType(ref.of, names)}>`;
    case 'map':
      return `z.ZodRecord<z.ZodString, ${zodRefType(ref.of, names)}>`;
    case 'primitive':
      // A member whose type is a primitive cannot refer to a model: it never needs a getter.
      throw new Error(`internal: no static zod type for primitive "${ref.name}" in a recursive member`);
  }
}

/** The TypeScript type of a value of a type, as a caller writes it (parameters of the generated client). */
export function tsType(ref: TypeRef, names: TypeNames): string {
  switch (ref.kind) {
    case 'named':
      return names.typeOf(ref.name);
    case 'list': {
      const item = tsType(ref.of, names);
      return /^[A-Za-z0-9_.]+$/.test(item) ? `readonly ${item}[]` : `ReadonlyArray<${item}>`;
    }
    case 'map':
      return `Readonly<Record<string, ${tsType(ref.of, names)}>>`;
    case 'primitive':
      switch (ref.name) {
        case 'integer':
        case 'long':
        case 'double':
          return 'number';
        case 'boolean':
          return 'boolean';
        case 'object':
          return 'Record<string, unknown>';
        case 'json':
          return 'unknown';
        case 'unit':
          return 'undefined';
        default:
          return 'string';
      }
  }
}
