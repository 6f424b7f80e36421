import { EventPatternError, parsePattern } from '../../src/event-pattern';
import { formatJsonPath } from '../../src/json-path';

interface InvalidCase {
  readonly name: string;
  readonly pattern: unknown;
  /** The JSON path the error names. */
  readonly path: string;
  /** Part of the reason. */
  readonly reason: string;
}

function errorOf(pattern: unknown): EventPatternError {
  try {
    parsePattern(pattern);
  } catch (error) {
    if (error instanceof EventPatternError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(pattern)} to be rejected`);
}

const n = (...spec: unknown[]) => ({ n: [{ numeric: spec }] });
const ab = (value: unknown) => ({ s: [{ 'anything-but': value }] });

const cases: InvalidCase[] = [
  // structure
  { name: 'an array', pattern: [], path: '$', reason: 'is a JSON object, not an array' },
  { name: 'a string', pattern: 'x', path: '$', reason: 'not a string' },
  { name: 'null', pattern: null, path: '$', reason: 'not null' },
  { name: 'an empty pattern', pattern: {}, path: '$', reason: 'empty objects are not allowed' },
  {
    name: 'a leaf that is not an array',
    pattern: { source: 'aws.ec2' },
    path: '$.source',
    reason: 'must be an array',
  },
  { name: 'a number leaf', pattern: { detail: { n: 5 } }, path: '$.detail.n', reason: 'not a number' },
  { name: 'a null leaf', pattern: { n: null }, path: '$.n', reason: 'not null' },
  { name: 'an empty nested object', pattern: { detail: {} }, path: '$.detail', reason: 'empty objects' },
  {
    name: 'an empty array',
    pattern: { source: [] },
    path: '$.source',
    reason: 'empty arrays are not allowed',
  },
  {
    name: 'an array in the array',
    pattern: { source: [['a']] },
    path: '$.source[0]',
    reason: 'cannot be an array',
  },
  {
    name: 'an empty match expression',
    pattern: { source: ['a', {}] },
    path: '$.source[1]',
    reason: 'empty object',
  },
  {
    name: 'two operators in one object',
    pattern: { s: [{ prefix: 'a', suffix: 'b' }] },
    path: '$.s[0]',
    reason: 'exactly one operator',
  },
  {
    name: 'an unknown operator',
    pattern: { s: [{ prefx: 'a' }] },
    path: '$.s[0].prefx',
    reason: 'unknown operator "prefx"',
  },
  {
    name: 'an engine-only operator',
    pattern: { s: [{ exactly: 'a' }] },
    path: '$.s[0].exactly',
    reason: 'unknown operator',
  },
  {
    name: 'an operator outside an array',
    pattern: { s: { prefix: 'a' } },
    path: '$.s.prefix',
    reason: 'must be an array',
  },
  // prefix, suffix, equals-ignore-case
  {
    name: 'prefix number',
    pattern: { s: [{ prefix: 5 }] },
    path: '$.s[0].prefix',
    reason: 'takes a string, not a number',
  },
  { name: 'prefix list', pattern: { s: [{ prefix: ['a'] }] }, path: '$.s[0].prefix', reason: 'not an array' },
  {
    name: 'prefix with an unknown option',
    pattern: { s: [{ prefix: { 'ignore-case': 'a' } }] },
    path: '$.s[0].prefix["ignore-case"]',
    reason: 'only "equals-ignore-case"',
  },
  {
    name: 'prefix ignoring case, number',
    pattern: { s: [{ prefix: { 'equals-ignore-case': 5 } }] },
    path: '$.s[0].prefix["equals-ignore-case"]',
    reason: 'takes a string',
  },
  {
    name: 'prefix, empty options',
    pattern: { s: [{ prefix: {} }] },
    path: '$.s[0].prefix',
    reason: 'empty object',
  },
  { name: 'suffix null', pattern: { s: [{ suffix: null }] }, path: '$.s[0].suffix', reason: 'not null' },
  {
    name: 'suffix, two options',
    pattern: { s: [{ suffix: { 'equals-ignore-case': 'a', x: 1 } }] },
    path: '$.s[0].suffix',
    reason: 'one option',
  },
  {
    name: 'equals-ignore-case number',
    pattern: { s: [{ 'equals-ignore-case': 5 }] },
    path: '$.s[0]["equals-ignore-case"]',
    reason: 'takes a string, not a number',
  },
  // wildcard
  {
    name: 'wildcard number',
    pattern: { s: [{ wildcard: 5 }] },
    path: '$.s[0].wildcard',
    reason: 'takes a string',
  },
  {
    name: 'wildcard **',
    pattern: { s: [{ wildcard: 'a**b' }] },
    path: '$.s[0].wildcard',
    reason: 'consecutive wildcard',
  },
  {
    name: 'wildcard bad escape',
    pattern: { s: [{ wildcard: 'a\\b' }] },
    path: '$.s[0].wildcard',
    reason: 'invalid escape',
  },
  {
    name: 'wildcard trailing backslash',
    pattern: { s: [{ wildcard: 'a\\' }] },
    path: '$.s[0].wildcard',
    reason: 'invalid escape',
  },
  // numeric
  {
    name: 'numeric not an array',
    pattern: { n: [{ numeric: '>5' }] },
    path: '$.n[0].numeric',
    reason: 'takes an array',
  },
  { name: 'numeric empty', pattern: n(), path: '$.n[0].numeric', reason: 'needs an operator' },
  {
    name: 'numeric unknown operator',
    pattern: n('~', 1),
    path: '$.n[0].numeric[0]',
    reason: 'unknown numeric operator "~"',
  },
  {
    name: 'numeric number first',
    pattern: n(1, 2),
    path: '$.n[0].numeric[0]',
    reason: 'expected a comparison operator',
  },
  {
    name: 'numeric operator alone',
    pattern: n('>'),
    path: '$.n[0].numeric[1]',
    reason: 'must be followed by a number',
  },
  {
    name: 'numeric string bound',
    pattern: n('>', '1'),
    path: '$.n[0].numeric[1]',
    reason: 'not a string "1"',
  },
  {
    name: 'numeric upper bound first',
    pattern: n('<', 10, '>', 0),
    path: '$.n[0].numeric[2]',
    reason: 'nothing may follow',
  },
  {
    name: 'numeric = then more',
    pattern: n('=', 1, '<', 2),
    path: '$.n[0].numeric[2]',
    reason: 'nothing may follow',
  },
  {
    name: 'numeric two lower bounds',
    pattern: n('>', 0, '>=', 5),
    path: '$.n[0].numeric[2]',
    reason: 'only be followed by an upper bound',
  },
  {
    name: 'numeric empty range',
    pattern: n('>', 5, '<', 1),
    path: '$.n[0].numeric[3]',
    reason: 'the range is empty',
  },
  {
    name: 'numeric equal bounds',
    pattern: n('>=', 5, '<=', 5),
    path: '$.n[0].numeric[3]',
    reason: 'the range is empty',
  },
  { name: 'numeric too many', pattern: n('>', 0, '<', 5, 6), path: '$.n[0].numeric[4]', reason: 'too many' },
  {
    name: 'numeric upper bound missing',
    pattern: n('>', 0, '<'),
    path: '$.n[0].numeric[3]',
    reason: 'followed by a number',
  },
  {
    name: 'numeric beyond 5e9',
    pattern: n('=', 6e9),
    path: '$.n[0].numeric[1]',
    reason: 'outside the numbers',
  },
  {
    name: 'numeric below -5e9',
    pattern: n('>', -6e9),
    path: '$.n[0].numeric[1]',
    reason: 'outside the numbers',
  },
  // anything-but
  {
    name: 'anything-but boolean',
    pattern: ab(true),
    path: '$.s[0]["anything-but"]',
    reason: 'not a boolean',
  },
  { name: 'anything-but null', pattern: ab(null), path: '$.s[0]["anything-but"]', reason: 'not null' },
  {
    name: 'anything-but empty list',
    pattern: ab([]),
    path: '$.s[0]["anything-but"]',
    reason: 'at least one value',
  },
  {
    name: 'anything-but mixed list',
    pattern: ab(['a', 1]),
    path: '$.s[0]["anything-but"][1]',
    reason: 'only strings or only numbers',
  },
  {
    name: 'anything-but null in list',
    pattern: ab(['a', null]),
    path: '$.s[0]["anything-but"][1]',
    reason: 'not null',
  },
  {
    name: 'anything-but boolean in list',
    pattern: ab([true]),
    path: '$.s[0]["anything-but"][0]',
    reason: 'not a boolean',
  },
  {
    name: 'anything-but nested list',
    pattern: ab([['a']]),
    path: '$.s[0]["anything-but"][0]',
    reason: 'not an array',
  },
  {
    name: 'anything-but number beyond 5e9',
    pattern: ab([1, 6e9]),
    path: '$.s[0]["anything-but"][1]',
    reason: 'outside',
  },
  {
    name: 'anything-but empty object',
    pattern: ab({}),
    path: '$.s[0]["anything-but"]',
    reason: 'empty object',
  },
  {
    name: 'anything-but two nested operators',
    pattern: ab({ prefix: 'a', suffix: 'b' }),
    path: '$.s[0]["anything-but"]',
    reason: 'one nested operator',
  },
  {
    name: 'anything-but numeric',
    pattern: ab({ numeric: ['>', 1] }),
    path: '$.s[0]["anything-but"].numeric',
    reason: 'does not take "numeric"',
  },
  {
    name: 'anything-but exists',
    pattern: ab({ exists: true }),
    path: '$.s[0]["anything-but"].exists',
    reason: 'does not take "exists"',
  },
  {
    name: 'anything-but empty prefix',
    pattern: ab({ prefix: '' }),
    path: '$.s[0]["anything-but"].prefix',
    reason: 'empty prefix',
  },
  {
    name: 'anything-but empty suffix in a list',
    pattern: ab({ suffix: ['.x', ''] }),
    path: '$.s[0]["anything-but"].suffix[1]',
    reason: 'empty suffix',
  },
  {
    name: 'anything-but prefix number',
    pattern: ab({ prefix: 5 }),
    path: '$.s[0]["anything-but"].prefix',
    reason: 'not a number',
  },
  {
    name: 'anything-but prefix empty list',
    pattern: ab({ prefix: [] }),
    path: '$.s[0]["anything-but"].prefix',
    reason: 'at least one',
  },
  {
    name: 'anything-but equals-ignore-case number',
    pattern: ab({ 'equals-ignore-case': [1] }),
    path: '$.s[0]["anything-but"]["equals-ignore-case"][0]',
    reason: 'takes strings',
  },
  {
    name: 'anything-but bad wildcard',
    pattern: ab({ wildcard: ['*.x', 'a**'] }),
    path: '$.s[0]["anything-but"].wildcard[1]',
    reason: 'consecutive wildcard',
  },
  // exists
  {
    name: 'exists string',
    pattern: { s: [{ exists: 'true' }] },
    path: '$.s[0].exists',
    reason: 'not a string "true"',
  },
  { name: 'exists number', pattern: { s: [{ exists: 1 }] }, path: '$.s[0].exists', reason: 'true or false' },
  { name: 'exists null', pattern: { s: [{ exists: null }] }, path: '$.s[0].exists', reason: 'not null' },
  // cidr
  { name: 'cidr number', pattern: { ip: [{ cidr: 10 }] }, path: '$.ip[0].cidr', reason: 'takes a string' },
  {
    name: 'cidr without mask',
    pattern: { ip: [{ cidr: '10.0.0.0' }] },
    path: '$.ip[0].cidr',
    reason: 'one "/" is required',
  },
  {
    name: 'cidr mask not a number',
    pattern: { ip: [{ cidr: '10.0.0.0/x' }] },
    path: '$.ip[0].cidr',
    reason: 'whole number',
  },
  {
    name: 'cidr bad address',
    pattern: { ip: [{ cidr: '300.0.0.0/8' }] },
    path: '$.ip[0].cidr',
    reason: 'not an IPv4',
  },
  { name: 'cidr /32', pattern: { ip: [{ cidr: '10.0.0.1/32' }] }, path: '$.ip[0].cidr', reason: 'below 32' },
  {
    name: 'cidr IPv6 /128',
    pattern: { ip: [{ cidr: '::1/128' }] },
    path: '$.ip[0].cidr',
    reason: 'below 128',
  },
  // $or
  { name: '$or object', pattern: { $or: { a: [1] } }, path: '$.$or', reason: 'takes an array of objects' },
  { name: '$or empty', pattern: { $or: [] }, path: '$.$or', reason: 'at least two objects, not 0' },
  {
    name: '$or with one object',
    pattern: { $or: [{ a: [1] }] },
    path: '$.$or',
    reason: 'at least two objects, not 1',
  },
  { name: '$or with a value', pattern: { $or: [{ a: [1] }, 'b'] }, path: '$.$or[1]', reason: 'only objects' },
  {
    name: '$or with an empty object',
    pattern: { $or: [{ a: [1] }, {}] },
    path: '$.$or[1]',
    reason: 'empty objects',
  },
  {
    name: '$or with an operator as field name',
    pattern: { $or: [{ prefix: ['a'] }, { b: [1] }] },
    path: '$.$or[0].prefix',
    reason: 'reserved',
  },
  {
    name: '$or, reserved name deeper',
    pattern: { detail: { $or: [{ x: { numeric: [1] } }, { b: [1] }] } },
    path: '$.detail.$or[0].x.numeric',
    reason: 'reserved',
  },
  {
    name: '$or, error inside an alternative',
    pattern: { $or: [{ a: [1] }, { b: [{ numeric: ['>', 'x'] }] }] },
    path: '$.$or[1].b[0].numeric[1]',
    reason: 'must be followed by a number',
  },
  {
    name: '$or over 1,000 combinations',
    pattern: { detail: { $or: Array.from({ length: 1001 }, (_, i) => ({ id: [i] })) } },
    path: '$.detail.$or',
    reason: 'multiply out to 1,001 combinations, more than the 1,000 EventBridge allows',
  },
];

describe('invalid patterns', () => {
  it.each(cases)('$name: rejected at $path', ({ pattern, path, reason }) => {
    const error = errorOf(pattern);
    expect(formatJsonPath(error.path)).toBe(path);
    expect(error.reason).toContain(reason);
    expect(error.hint.length).toBeGreaterThan(0);
    expect(error.message).toContain(path);
  });

  it('suggests the operator meant', () => {
    expect(errorOf({ s: [{ prefx: 'a' }] }).hint).toContain('Did you mean "prefix"?');
    expect(errorOf({ s: [{ 'equals-ignorecase': 'a' }] }).hint).toContain(
      'Did you mean "equals-ignore-case"?',
    );
  });

  it('says how to write an operator given as a field', () => {
    expect(errorOf({ state: { prefix: 'init' } }).hint).toContain('"state": [{ "prefix": "init" }]');
  });
});

describe('valid patterns', () => {
  const valid: Array<[string, object]> = [
    [
      'every operator',
      {
        a: ['x', 1, true, null, ''],
        b: [{ prefix: 'x' }, { prefix: { 'equals-ignore-case': 'x' } }, { prefix: '' }],
        c: [{ suffix: 'x' }, { suffix: { 'equals-ignore-case': 'x' } }],
        d: [{ 'equals-ignore-case': 'x' }, { wildcard: 'a*b\\*c\\\\' }, { wildcard: '' }],
        e: [{ numeric: ['=', 5] }, { numeric: ['<', 5] }, { numeric: ['<=', 5] }, { numeric: ['>', 5] }],
        f: [{ numeric: ['>=', -5e9, '<=', 5e9] }, { numeric: ['>', 0, '<', 0.5] }],
        g: [{ exists: true }, { exists: false }, { cidr: '10.0.0.0/24' }, { cidr: '2001:db8::/127' }],
      },
    ],
    [
      'every anything-but form',
      {
        a: [
          { 'anything-but': 'x' },
          { 'anything-but': 5 },
          { 'anything-but': ['x', 'y'] },
          { 'anything-but': [1, 2] },
        ],
        b: [{ 'anything-but': { prefix: 'x' } }, { 'anything-but': { prefix: ['x', 'y'] } }],
        c: [{ 'anything-but': { suffix: 'x' } }, { 'anything-but': { suffix: ['x'] } }],
        d: [
          { 'anything-but': { 'equals-ignore-case': 'x' } },
          { 'anything-but': { 'equals-ignore-case': ['x', 'y'] } },
        ],
        e: [{ 'anything-but': { wildcard: '*x' } }, { 'anything-but': { wildcard: ['*x', 'y*'] } }],
        f: [{ 'anything-but': '' }],
      },
    ],
    [
      '$or at several levels',
      { $or: [{ a: [1] }, { b: { $or: [{ c: [1] }, { d: [2] }] } }], e: { $or: [{ f: [1] }, { g: [1] }] } },
    ],
    ['operator names as field names outside $or', { prefix: ['a'], detail: { numeric: [1] } }],
    ['a field named like an operator value', { detail: { exists: [true] } }],
  ];
  it.each(valid)('%s', (_name, pattern) => {
    expect(() => parsePattern(pattern)).not.toThrow();
  });
});
