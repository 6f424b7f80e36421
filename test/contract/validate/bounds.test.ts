import { expectOnly, type Fires, type Passes, type SpecObject, validateChanged } from './helpers';

/** Adds field `probe` (fields[2] of user_form) with a type and bounds. */
const probe = (type: string, bounds: { minimum?: number; maximum?: number }) => (s: SpecObject) => {
  s.models.user_form.fields.push({ name: 'probe', type, required: false, ...bounds });
};

const AT = '$.models.user_form.fields[2]';

describe('bounds', () => {
  const fires: Fires[] = [
    [
      'a minimum on a boolean',
      probe('boolean', { minimum: 0 }),
      {
        rule: 'bounds',
        path: `${AT}.minimum`,
        message:
          'minimum on field "probe" of model "user_form" of type "boolean": bounds apply only to numbers (integer, long, double, decimal), strings and lists',
      },
    ],
    [
      'a maximum on an enum',
      probe('user_status', { maximum: 1 }),
      {
        rule: 'bounds',
        path: `${AT}.maximum`,
        message: 'of type "user_status" (an enum): bounds apply only to',
      },
    ],
    [
      'a maximum on a model',
      probe('user_form', { maximum: 1 }),
      { rule: 'bounds', path: `${AT}.maximum`, message: 'of type "user_form" (a model)' },
    ],
    [
      'a maximum on a map',
      probe('map[string]', { maximum: 3 }),
      { rule: 'bounds', path: `${AT}.maximum`, message: '(a map)' },
    ],
    [
      'a minimum on a uuid',
      probe('uuid', { minimum: 36 }),
      { rule: 'bounds', path: `${AT}.minimum`, message: 'of type "uuid"' },
    ],
    [
      'a fractional bound on an integer',
      probe('integer', { minimum: 1.5 }),
      {
        rule: 'bounds',
        path: `${AT}.minimum`,
        message:
          'minimum of field "probe" of model "user_form" is 1.5, but "integer" holds whole numbers only',
      },
    ],
    [
      'a bound outside the integer range',
      probe('integer', { maximum: 3000000000 }),
      {
        rule: 'bounds',
        path: `${AT}.maximum`,
        message: 'is 3000000000, outside the range of "integer" (-2147483648 to 2147483647)',
      },
    ],
    [
      'a bound outside the long range',
      probe('long', { maximum: 2 ** 60 }),
      { rule: 'bounds', path: `${AT}.maximum`, message: 'outside the range of "long"' },
    ],
    [
      'a negative string length',
      probe('string', { minimum: -1 }),
      {
        rule: 'bounds',
        path: `${AT}.minimum`,
        message: 'is -1, but it bounds a length: a whole number of 0 or more',
      },
    ],
    [
      'a fractional item count',
      probe('[string]', { maximum: 2.5 }),
      { rule: 'bounds', path: `${AT}.maximum`, message: 'bounds an item count' },
    ],
    [
      'a minimum above the maximum',
      probe('double', { minimum: 5, maximum: 1 }),
      {
        rule: 'bounds',
        path: `${AT}.maximum`,
        message: 'maximum 1 of field "probe" of model "user_form" is less than its minimum 5',
      },
    ],
    [
      'bounds on a path parameter',
      (s) => {
        s.resources.user.operations[0].parameters = [{ name: 'id', type: 'string', minimum: 10, maximum: 2 }];
      },
      {
        rule: 'bounds',
        path: '$.resources.user.operations[0].parameters[0].maximum',
        message: 'maximum 2 of path parameter "id" of GET /users/:id is less than its minimum 10',
      },
    ],
  ];
  it.each(fires)('fires on %s', (_title, given, want) => expectOnly(validateChanged(given), want));

  const passes: Passes[] = [
    ['decimal bounds', probe('decimal', { minimum: 0, maximum: 0.5 })],
    ['fractional double bounds', probe('double', { minimum: -1.5, maximum: 1.5 })],
    ['the greatest long', probe('long', { maximum: Number.MAX_SAFE_INTEGER })],
    ['equal string bounds', probe('string', { minimum: 3, maximum: 3 })],
    ['an item count on a list of enums', probe('[user_status]', { maximum: 3 })],
    ['equal integer bounds', probe('integer', { minimum: -2147483648, maximum: -2147483648 })],
    ['bounds on an unknown type (reported as unknown-type only)', probe('nope', { minimum: 1 })],
  ];
  it.each(passes)('does not fire on %s', (_title, given) => {
    expect(validateChanged(given).filter((d) => d.rule !== 'unknown-type')).toEqual([]);
  });
});
