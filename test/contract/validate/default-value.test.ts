import { expectOnly, type Fires, type Passes, type SpecObject, validateChanged } from './helpers';

/** Adds field `probe` (fields[2] of user_form) with a type, a default and more keys. */
const probe =
  (type: string, value: unknown, more: Record<string, unknown> = {}) =>
  (s: SpecObject) => {
    s.models.name = {
      fields: [
        { name: 'first', type: 'string' },
        { name: 'last', type: 'string', required: false },
        { name: 'title', type: 'string', default: 'none' },
      ],
    };
    s.models.user_form.fields.push({ name: 'probe', type, default: value, ...more });
  };

const AT = '$.models.user_form.fields[2].default';
const ON = 'default of field "probe" of model "user_form"';

describe('default-value', () => {
  const mismatches: Array<[type: string, value: unknown, message: string]> = [
    ['string', 5, `${ON} is 5, not a string`],
    ['uuid', 'abc', 'is "abc", not a UUID'],
    ['uuid', '3f2b8c1e4a5d4e6f8a9b0c1d2e3f4a5b', 'not a UUID'],
    ['date-iso8601', '2026-02-29', 'not a date written YYYY-MM-DD'],
    ['date-iso8601', '2026-1-01', 'not a date written YYYY-MM-DD'],
    ['date-iso8601', '2026-11-22T00:00:00Z', 'not a date written YYYY-MM-DD'],
    ['date-time-iso8601', '2026-11-22T14:00:00', 'not a date-time with seconds and a time zone'],
    ['date-time-iso8601', '2026-11-22T24:00:00Z', 'not a date-time'],
    ['date-time-iso8601', '2026-11-22 14:00:00Z', 'not a date-time'],
    ['decimal', 12.5, 'is 12.5, not a decimal written as a string'],
    ['decimal', '1e5', 'not a decimal'],
    ['decimal', '12.', 'not a decimal'],
    [
      'integer',
      2147483648,
      'is 2147483648, not a whole number from -2147483648 to 2147483647 (integer is 32-bit)',
    ],
    ['integer', -2147483649, '32-bit'],
    ['integer', 1.5, '32-bit'],
    ['integer', '1', 'is "1", not a whole number'],
    ['long', 9007199254740992, 'the JavaScript safe range'],
    ['long', 0.5, 'the JavaScript safe range'],
    ['double', 'x', 'is "x", not a number'],
    ['boolean', 'true', 'is "true", not true or false'],
    ['object', [], 'is [], not a JSON object'],
    ['object', null, 'is null, not a JSON object'],
    ['user_status', 'actve', 'is "actve", not a value of enum "user_status" (active, inactive)'],
    ['[string]', 'a', 'is "a", not a list (JSON array)'],
    ['map[string]', ['a'], 'not a map (JSON object)'],
    ['name', 'Ada', 'is "Ada", not an object of model "name"'],
  ];
  it.each(mismatches)('fires on a %s default of %j', (type, value, message) => {
    expectOnly(validateChanged(probe(type, value)), { rule: 'default-value', path: AT, message });
  });

  const fires: Fires[] = [
    [
      'a wrong list item',
      probe('[integer]', [1, 'x']),
      { rule: 'default-value', path: `${AT}[1]`, message: `${ON}: default[1] is "x", not a whole number` },
    ],
    [
      'a wrong map value',
      probe('map[[user_status]]', { a: ['active'], b: ['gone'] }),
      {
        rule: 'default-value',
        path: `${AT}.b[0]`,
        message: ': default.b[0] is "gone", not a value of enum "user_status"',
      },
    ],
    [
      'an unknown key of a model value',
      probe('name', { first: 'Ada', nick: 'A' }),
      {
        rule: 'default-value',
        path: `${AT}.nick`,
        message: ': default has key "nick", which is not a field of model "name"',
      },
    ],
    [
      'a missing required field of a model value',
      probe('[name]', [{ last: 'Lovelace' }]),
      {
        rule: 'default-value',
        path: `${AT}[0]`,
        message: ': default[0] lacks the required field "first" of model "name"',
      },
    ],
    [
      'a wrong field of a model value',
      probe('name', { first: 1 }),
      { rule: 'default-value', path: `${AT}.first`, message: ': default.first is 1, not a string' },
    ],
    [
      'a number below its minimum',
      probe('integer', 0, { minimum: 1 }),
      { rule: 'default-value', path: AT, message: `${ON} is 0, less than its minimum 1` },
    ],
    [
      'a decimal above its maximum',
      probe('decimal', '100.01', { maximum: 100 }),
      { rule: 'default-value', path: AT, message: 'is "100.01", more than its maximum 100' },
    ],
    [
      'a decimal above its maximum by less than a double can tell (compared as decimals)',
      probe('decimal', '100.0000000000000001', { maximum: 100 }),
      { rule: 'default-value', path: AT, message: 'is "100.0000000000000001", more than its maximum 100' },
    ],
    [
      'a decimal below its minimum by less than a double can tell',
      probe('decimal', '0.29999999999999999', { minimum: 0.3 }),
      { rule: 'default-value', path: AT, message: 'less than its minimum 0.3' },
    ],
    [
      'a string that does not match its pattern',
      probe('string', 'eur', { pattern: '^[A-Z]{3}$' }),
      {
        rule: 'default-value',
        path: AT,
        message: `${ON} is "eur", which does not match its pattern "^[A-Z]{3}$"`,
      },
    ],
    [
      'a string that is not of its format',
      probe('string', 'ada.example.com', { format: 'email' }),
      {
        rule: 'default-value',
        path: AT,
        message: `${ON} is "ada.example.com", not an email address, such as "ada@example.com" (its format is "email")`,
      },
    ],
    [
      'a relative URI where an absolute one is wanted',
      probe('string', '/a/b', { format: 'uri' }),
      { rule: 'default-value', path: AT, message: 'not an absolute URI' },
    ],
    [
      'a URI with a space',
      probe('string', 'https://example.com/a b', { format: 'uri' }),
      { rule: 'default-value', path: AT, message: 'not an absolute URI' },
    ],
    [
      'a UUID of no RFC 9562 version',
      probe('string', '3f2b8c1e-4a5d-0e6f-8a9b-0c1d2e3f4a5b', { format: 'uuid' }),
      { rule: 'default-value', path: AT, message: 'not an RFC 9562 UUID' },
    ],
    [
      'a date that is not in the calendar',
      probe('string', '2026-02-30', { format: 'date' }),
      { rule: 'default-value', path: AT, message: 'not a date written YYYY-MM-DD' },
    ],
    [
      'a date-time without a zone',
      probe('string', '2026-11-22T14:00:00', { format: 'date-time' }),
      { rule: 'default-value', path: AT, message: 'not a date-time with seconds and a time zone' },
    ],
    [
      'a string longer than its maximum',
      probe('string', 'EURO', { minimum: 3, maximum: 3 }),
      { rule: 'default-value', path: AT, message: 'has 4 characters ("EURO"), more than its maximum 3' },
    ],
    [
      'a list shorter than its minimum',
      probe('[string]', [], { minimum: 1 }),
      { rule: 'default-value', path: AT, message: 'has 0 items ([]), less than its minimum 1' },
    ],
    [
      'a parameter above its maximum',
      (s) => {
        s.resources.user.operations[1].parameters[1].default = 500;
      },
      {
        rule: 'default-value',
        path: '$.resources.user.operations[1].parameters[1].default',
        message: 'default of query parameter "limit" of GET /users is 500, more than its maximum 100',
      },
    ],
  ];
  it.each(fires)('fires on %s', (_title, given, want) => expectOnly(validateChanged(given), want));

  it('suggests the nearest enum value', () => {
    const [diagnostic] = validateChanged(probe('user_status', 'actve'));
    expect(diagnostic?.hint).toBe('Did you mean "active"?');
  });

  const fits: Array<[type: string, value: unknown, more?: Record<string, unknown>]> = [
    ['string', ''],
    ['uuid', '3F2B8C1E-4A5D-4E6F-8A9B-0C1D2E3F4A5B'],
    ['date-iso8601', '2024-02-29'],
    ['date-time-iso8601', '2026-11-22T14:00:00Z'],
    ['date-time-iso8601', '2026-11-22T14:00:00.123+05:30'],
    ['decimal', '-12.50'],
    ['decimal', '7', { minimum: 7, maximum: 7 }],
    ['integer', -2147483648],
    ['integer', 2147483647],
    ['long', 9007199254740991],
    ['double', 1.5],
    ['double', -2, { minimum: -2 }],
    ['boolean', false],
    ['object', { a: [1] }],
    ['json', null],
    ['json', [1, 'a', { b: true }]],
    ['user_status', 'inactive'],
    ['[integer]', [1, 2], { maximum: 2 }],
    ['map[user_status]', { a: 'active' }],
    ['name', { first: 'Ada' }],
    ['[name]', [{ first: 'Ada', last: 'Lovelace', title: 'Countess' }]],
    ['string', 'EUR', { minimum: 3, maximum: 3 }],
    ['string', '日本語', { maximum: 3 }],
    ['decimal', '100.0000000000000000', { maximum: 100 }],
    ['string', 'EUR', { pattern: '^[A-Z]{3}$' }],
    ['string', 'Ärger', { pattern: '^\\p{Lu}' }],
    ['string', 'ada@example.com', { format: 'email' }],
    ['string', 'https://example.com/a%20b?q=1#top', { format: 'uri' }],
    ['string', 'urn:isbn:0451450523', { format: 'uri' }],
    ['string', '3f2b8c1e-4a5d-4e6f-8a9b-0c1d2e3f4a5b', { format: 'uuid' }],
    ['string', '2024-02-29', { format: 'date' }],
    ['string', '2026-11-22T14:00:00+01:00', { format: 'date-time' }],
  ];
  // `more = {}` keeps the arity at 2: jest treats a missing last argument as a `done` callback.
  it.each(fits)('does not fire on a %s default of %j', (type, value, more = {}) => {
    expectOnly(validateChanged(probe(type, value, more)));
  });

  const passes: Passes[] = [
    ['no default at all', () => {}],
    [
      'a default beside a pattern that does not compile (reported as string-constraints only)',
      probe('string', 'x', { pattern: '(' }),
    ],
    [
      'a default of an unknown type (reported as unknown-type only)',
      (s) => {
        s.models.user_form.fields.push({ name: 'probe', type: 'nope', default: 1 });
      },
    ],
  ];
  it.each(passes)('does not fire on %s', (_title, given) => {
    expect(validateChanged(given).filter((d) => d.rule === 'default-value')).toEqual([]);
  });
});
