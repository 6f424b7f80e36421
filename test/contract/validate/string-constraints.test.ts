import { expectOnly, type Fires, type Passes, type SpecObject, validateChanged } from './helpers';

/** Adds field `probe` (fields[2] of user_form) with a type and text rules. */
const probe = (type: string, rules: { pattern?: string; format?: string }) => (s: SpecObject) => {
  s.models.user_form.fields.push({ name: 'probe', type, required: false, ...rules });
};

const AT = '$.models.user_form.fields[2]';

describe('string-constraints', () => {
  const fires: Fires[] = [
    [
      'a pattern on an integer',
      probe('integer', { pattern: '^1' }),
      {
        rule: 'string-constraints',
        path: `${AT}.pattern`,
        message:
          'pattern on field "probe" of model "user_form" of type "integer": pattern applies only to strings',
      },
    ],
    [
      'a format on a list of strings',
      probe('[string]', { format: 'email' }),
      {
        rule: 'string-constraints',
        path: `${AT}.format`,
        message:
          'format on field "probe" of model "user_form" of type "[string]" (a list): format applies only to strings',
      },
    ],
    [
      'a format on the uuid type',
      probe('uuid', { format: 'uuid' }),
      {
        rule: 'string-constraints',
        path: `${AT}.format`,
        message: 'of type "uuid": format applies only to strings',
      },
    ],
    [
      'a pattern on an enum',
      probe('user_status', { pattern: 'a' }),
      { rule: 'string-constraints', path: `${AT}.pattern`, message: 'of type "user_status" (an enum)' },
    ],
    [
      'a pattern that does not compile',
      probe('string', { pattern: '^(ab$' }),
      {
        rule: 'string-constraints',
        path: `${AT}.pattern`,
        message:
          'pattern of field "probe" of model "user_form" is not a valid regular expression with the "u" flag: Invalid regular expression',
      },
    ],
    [
      'a pattern that compiles only without the u flag',
      probe('string', { pattern: '^\\-\\d+$' }),
      {
        rule: 'string-constraints',
        path: `${AT}.pattern`,
        message: 'with the "u" flag: Invalid regular expression',
      },
    ],
    [
      'a lone brace, which the u flag refuses',
      probe('string', { pattern: 'a{' }),
      { rule: 'string-constraints', path: `${AT}.pattern`, message: 'with the "u" flag' },
    ],
    [
      'a pattern on a query parameter of type integer',
      (s) => {
        s.resources.user.operations[1].parameters[1].pattern = '^\\d+$';
      },
      {
        rule: 'string-constraints',
        path: '$.resources.user.operations[1].parameters[1].pattern',
        message: 'pattern on query parameter "limit" of GET /users of type "integer"',
      },
    ],
    [
      'a format that is not on the list (a structure error)',
      probe('string', { format: 'url' }),
      { rule: 'structure', path: `${AT}.format`, message: 'the string "url" is not allowed here' },
    ],
  ];
  it.each(fires)('fires on %s', (_title, given, want) => expectOnly(validateChanged(given), want));

  const passes: Passes[] = [
    ['a pattern and a format on a string', probe('string', { pattern: '@example\\.com$', format: 'email' })],
    ['a Unicode property escape', probe('string', { pattern: '^\\p{Lu}\\p{Ll}*$' })],
    [
      'every format',
      (s) => {
        for (const format of ['email', 'uri', 'uuid', 'date', 'date-time']) probe('string', { format })(s);
        s.models.user_form.fields.forEach((field: SpecObject, i: number) => {
          field.name = `f${i}`;
        });
      },
    ],
    [
      'a pattern on a path parameter',
      (s) => {
        s.resources.user.operations[0].parameters = [{ name: 'id', type: 'string', pattern: '^usr-' }];
      },
    ],
    ['a pattern on an unknown type (reported as unknown-type only)', probe('strnig', { pattern: '(' })],
  ];
  it.each(passes)('does not fire on %s', (_title, given) => {
    expect(validateChanged(given).filter((d) => d.rule !== 'unknown-type')).toEqual([]);
  });
});
