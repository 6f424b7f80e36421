import {
  type HelperSink,
  schemaLibraryImports,
  type TextHelper,
  type TypeNames,
  tsType,
  zodMember,
  zodMemberType,
} from '../../lib/codegen/zod-source';
import { URI_PATTERN } from '../../lib/contract/string-format';
import { parseTypeRef } from '../../lib/contract/type-ref';

const names: TypeNames = {
  schemaOf: (name) =>
    name === 'generic_error'
      ? 'genericErrorSchema'
      : `${name.replace(/_(.)/g, (_, c: string) => c.toUpperCase())}Schema`,
  typeOf: (name) => name.replace(/(^|_)(.)/g, (_, __, c: string) => c.toUpperCase()),
  isModel: (name) => ['user', 'line_item', 'category'].includes(name),
};

type Member = Parameters<typeof zodMember>[0];

const DECIMAL_TEST = '/^-?\\d+(\\.\\d+)?$/';
const DECIMAL = `z.string().regex(${DECIMAL_TEST})`;

describe('type mapping: spec type and bounds → zod (JSON bodies and responses)', () => {
  it.each<[Member, string]>([
    [{ type: 'string' }, 'z.string()'],
    [{ type: 'string', minimum: 1, maximum: 64 }, 'z.string().min(1).max(64)'],
    [{ type: 'string', minimum: 3, maximum: 3 }, 'z.string().length(3)'],
    [{ type: 'string', maximum: 254, required: false }, 'z.string().max(254).optional()'],
    [{ type: 'boolean' }, 'z.boolean()'],
    [{ type: 'boolean', default: true }, 'z.boolean().default(true)'],
    [{ type: 'integer' }, 'z.int32()'],
    [{ type: 'integer', minimum: 1, maximum: 10000 }, 'z.int32().min(1).max(10000)'],
    [{ type: 'integer', default: 25, minimum: 1, maximum: 100 }, 'z.int32().min(1).max(100).default(25)'],
    [{ type: 'long' }, 'z.int()'],
    [{ type: 'long', minimum: 1 }, 'z.int().min(1)'],
    [{ type: 'double' }, 'z.number()'],
    [{ type: 'double', minimum: -0.5, maximum: 1.5 }, 'z.number().min(-0.5).max(1.5)'],
    [{ type: 'decimal' }, DECIMAL],
    [
      { type: 'decimal', minimum: 0, maximum: 99.5 },
      `${DECIMAL}.refine((value) => !${DECIMAL_TEST}.test(value) || new Big(value).gte("0"), "must be >= 0")` +
        `.refine((value) => !${DECIMAL_TEST}.test(value) || new Big(value).lte("99.5"), "must be <= 99.5")`,
    ],
    [
      { type: 'decimal', minimum: 1e21, maximum: 1e-7 },
      `${DECIMAL}.refine((value) => !${DECIMAL_TEST}.test(value) || new Big(value).gte("1000000000000000000000"), "must be >= 1000000000000000000000")` +
        `.refine((value) => !${DECIMAL_TEST}.test(value) || new Big(value).lte("0.0000001"), "must be <= 0.0000001")`,
    ],
    [{ type: 'string', format: 'email' }, 'z.email()'],
    [{ type: 'string', format: 'email', maximum: 254, required: false }, 'z.email().max(254).optional()'],
    [{ type: 'string', format: 'uuid' }, 'z.uuid()'],
    [{ type: 'string', format: 'date' }, 'z.iso.date()'],
    [{ type: 'string', format: 'date-time' }, 'z.iso.datetime({ offset: true })'],
    [
      { type: 'string', format: 'uri', maximum: 2048 },
      `z.string().max(2048).refine((value) => ${URI_PATTERN.toString()}.test(value) && URL.canParse(value), "must be a valid URI")`,
    ],
    [{ type: 'string', pattern: '^[A-Z]{3}$' }, `z.string().regex(new RegExp("^[A-Z]{3}$", 'u'))`],
    [
      { type: 'string', pattern: 'a/b\\d"', minimum: 3, maximum: 3, default: 'a/b' },
      `z.string().length(3).regex(new RegExp("a/b\\\\d\\"", 'u')).default("a/b")`,
    ],
    [
      { type: 'string', format: 'email', pattern: '@example\\.com$' },
      `z.email().regex(new RegExp("@example\\\\.com$", 'u'))`,
    ],
    [{ type: 'uuid' }, 'z.guid()'],
    [{ type: 'date-iso8601' }, 'z.iso.date()'],
    [{ type: 'date-time-iso8601' }, 'z.iso.datetime({ offset: true })'],
    [{ type: 'object' }, 'z.record(z.string(), z.unknown())'],
    [{ type: 'object', default: {} }, 'z.record(z.string(), z.unknown()).default({})'],
    [{ type: 'json' }, 'z.json()'],
    [{ type: 'json', required: false }, 'z.json().optional()'],
    [{ type: '[string]' }, 'z.array(z.string())'],
    [{ type: '[string]', maximum: 3, default: [] }, 'z.array(z.string()).max(3).default([])'],
    [{ type: '[line_item]', minimum: 1, maximum: 100 }, 'z.array(lineItemSchema).min(1).max(100)'],
    [{ type: '[[integer]]', minimum: 2, maximum: 2 }, 'z.array(z.array(z.int32())).length(2)'],
    [{ type: 'map[integer]' }, 'z.record(z.string(), z.int32())'],
    [{ type: 'map[[decimal]]' }, `z.record(z.string(), z.array(${DECIMAL}))`],
    [{ type: 'user_status' }, 'userStatusSchema'],
    [{ type: 'user_status', default: 'active' }, 'userStatusSchema.default("active")'],
    [{ type: 'user', required: false }, 'userSchema.optional()'],
    [{ type: 'line_item', default: { sku: 'x' } }, 'lineItemSchema.prefault({"sku":"x"})'],
    [{ type: '[line_item]', default: [] }, 'z.array(lineItemSchema).prefault([])'],
    [{ type: 'generic_error' }, 'genericErrorSchema'],
    // A default wins over required: false (a defaulted field may be left out anyway).
    [{ type: 'string', required: false, default: 'x' }, 'z.string().default("x")'],
  ])('%j → %s', (member, want) => {
    expect(zodMember(member, names)).toBe(want);
  });
});

describe('decimal precision and scale → zod refinements (lib/contract/decimal-digits.ts)', () => {
  const guard = `(value) => !${DECIMAL_TEST}.test(value) || `;
  const scale = (n: number, message: string) =>
    `.refine(${guard}!/\\.\\d{${n + 1}}/.test(value), ${JSON.stringify(message)})`;
  const precision = (n: number, message: string) =>
    `.refine(${guard}value.replace(/[-.]/g, '').replace(/^0+/, '').length <= ${n}, ${JSON.stringify(message)})`;

  it.each<[Member, string]>([
    [{ type: 'decimal', scale: 2 }, DECIMAL + scale(2, 'must have at most 2 digits after the point')],
    [{ type: 'decimal', scale: 1 }, DECIMAL + scale(1, 'must have at most 1 digit after the point')],
    [{ type: 'decimal', scale: 0 }, DECIMAL + scale(0, 'must have no digits after the point')],
    [{ type: 'decimal', precision: 12 }, DECIMAL + precision(12, 'must have at most 12 significant digits')],
    [{ type: 'decimal', precision: 1 }, DECIMAL + precision(1, 'must have at most 1 significant digit')],
    [
      { type: 'decimal', minimum: 0, precision: 5, scale: 2, required: false },
      `${DECIMAL}.refine(${guard}new Big(value).gte("0"), "must be >= 0")` +
        scale(2, 'must have at most 2 digits after the point') +
        precision(5, 'must have at most 5 significant digits') +
        '.optional()',
    ],
    // Not on other types (the validator refuses them there): the keys change nothing.
    [{ type: 'double', scale: 2 }, 'z.number()'],
    [{ type: 'string', precision: 3 }, 'z.string()'],
  ])('%j → %s', (member, want) => {
    expect(zodMember(member, names)).toBe(want);
  });

  /** The schema the source text makes, evaluated as generated code is. */
  function compiled(member: Member): { safeParse(value: unknown): { success: boolean; error?: unknown } } {
    const { z } = require('zod') as typeof import('zod');
    const Big = require('big.js') as unknown;
    return new Function('z', 'Big', `return ${zodMember(member, names)};`)(z, Big);
  }

  it.each([
    [{ scale: 2 }, ['0', '12', '12.5', '12.50', '-0.05', '007.10'], ['12.505', '0.000', '1.5000']],
    [{ scale: 0 }, ['0', '1250', '-3'], ['1250.0', '0.5']],
    [{ precision: 3 }, ['0', '999', '0.00123', '1.20', '000.5', '-12.3'], ['1000', '1.234', '12.30']],
    [{ precision: 5, scale: 2 }, ['999.99', '0.01', '99999'], ['999.999', '100000', '1000.00']],
  ] as const)('%j accepts %j and refuses %j, counting digits as written', (digits, good, bad) => {
    const schema = compiled({ type: 'decimal', ...digits });
    for (const value of good) expect(schema.safeParse(value).success).toBe(true);
    for (const value of bad) expect(schema.safeParse(value).success).toBe(false);
    // A value that is not a decimal gets the regex's message only.
    expect(schema.safeParse('1.2.3').success).toBe(false);
  });
});

describe('type mapping: path and query parameters (text)', () => {
  it.each<[Member, string, TextHelper[]]>([
    [{ type: 'string' }, 'z.string()', []],
    [{ type: 'string', required: false }, 'z.string().optional()', []],
    [
      { type: 'integer', default: 25, minimum: 1, maximum: 100 },
      'z.preprocess(numberFromText, z.int32().min(1).max(100)).default(25)',
      ['numberFromText'],
    ],
    [
      { type: 'long', required: false },
      'z.preprocess(numberFromText, z.int()).optional()',
      ['numberFromText'],
    ],
    [{ type: 'double', minimum: 0 }, 'z.preprocess(numberFromText, z.number().min(0))', ['numberFromText']],
    [
      { type: 'boolean', default: false },
      'z.preprocess(booleanFromText, z.boolean()).default(false)',
      ['booleanFromText'],
    ],
    [{ type: 'decimal' }, DECIMAL, []],
    [{ type: 'user_status', required: false }, 'userStatusSchema.optional()', []],
    [{ type: '[user_status]' }, 'z.preprocess(listFromText, z.array(userStatusSchema))', ['listFromText']],
    [
      { type: '[integer]', maximum: 2 },
      'z.preprocess(listFromText, z.array(z.preprocess(numberFromText, z.int32())).max(2))',
      ['listFromText', 'numberFromText'],
    ],
    [{ type: 'uuid' }, 'z.guid()', []],
    [{ type: 'string', format: 'uuid', required: false }, 'z.uuid().optional()', []],
    [{ type: 'string', pattern: '^\\d+$' }, `z.string().regex(new RegExp("^\\\\d+$", 'u'))`, []],
  ])('%j → %s', (member, want, wantHelpers) => {
    const helpers: HelperSink = new Set();
    expect(zodMember(member, names, { encoding: 'text', helpers })).toBe(want);
    expect([...helpers].sort()).toEqual(wantHelpers);
  });
});

describe('static zod types of recursive members (getter annotations)', () => {
  it.each<[Member, string]>([
    [{ type: 'category' }, 'typeof categorySchema'],
    [{ type: 'category', required: false }, 'z.ZodOptional<typeof categorySchema>'],
    [{ type: '[category]', required: false, minimum: 1 }, 'z.ZodOptional<z.ZodArray<typeof categorySchema>>'],
    [{ type: 'map[category]' }, 'z.ZodRecord<z.ZodString, typeof categorySchema>'],
    [{ type: '[category]', default: [] }, 'z.ZodPrefault<z.ZodArray<typeof categorySchema>>'],
  ])('%j → %s', (member, want) => {
    expect(zodMemberType(member, names)).toBe(want);
  });
});

describe('TypeScript types of parameter values (client arguments)', () => {
  it.each([
    ['string', 'string'],
    ['uuid', 'string'],
    ['decimal', 'string'],
    ['date-time-iso8601', 'string'],
    ['integer', 'number'],
    ['long', 'number'],
    ['double', 'number'],
    ['boolean', 'boolean'],
    ['user_status', 'UserStatus'],
    ['[integer]', 'readonly number[]'],
    ['[user_status]', 'readonly UserStatus[]'],
    ['map[string]', 'Readonly<Record<string, string>>'],
    ['[map[string]]', 'ReadonlyArray<Readonly<Record<string, string>>>'],
  ])('%s → %s', (type, want) => {
    expect(tsType(parseTypeRef(type), names)).toBe(want);
  });
});

describe('imports the schema source needs besides zod', () => {
  it('imports big.js where decimals are compared, and reserves its name', () => {
    const reserved: string[] = [];
    const code = `const s = ${zodMember({ type: 'decimal', maximum: 1 }, names)};`;
    expect(schemaLibraryImports(code, (list) => reserved.push(...list))).toEqual([
      "import Big from 'big.js';",
    ]);
    expect(reserved).toEqual(['Big']);
  });

  it('imports nothing for decimals without bounds', () => {
    const reserved: string[] = [];
    const code = `const s = ${zodMember({ type: 'decimal' }, names)};`;
    expect(schemaLibraryImports(code, (list) => reserved.push(...list))).toEqual([]);
    expect(reserved).toEqual([]);
  });
});
