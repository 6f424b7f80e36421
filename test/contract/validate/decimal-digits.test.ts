import { expectOnly, type Fires, type Passes, type SpecObject, validateChanged } from './helpers';

/** Adds field `probe` (fields[2] of user_form) with a type and digit keys (and whatever else is given). */
const probe = (type: string, keys: Record<string, unknown>) => (s: SpecObject) => {
  s.models.user_form.fields.push({ name: 'probe', type, required: false, ...keys });
};

const AT = '$.models.user_form.fields[2]';

describe('decimal-digits', () => {
  const fires: Fires[] = [
    [
      'a scale on a string',
      probe('string', { scale: 2 }),
      {
        rule: 'decimal-digits',
        path: `${AT}.scale`,
        message:
          'scale on field "probe" of model "user_form" of type "string": scale applies only to decimals',
      },
    ],
    [
      'a precision on a double (a number, not a decimal)',
      probe('double', { precision: 10 }),
      {
        rule: 'decimal-digits',
        path: `${AT}.precision`,
        message: 'of type "double": precision applies only to decimals',
      },
    ],
    [
      'a scale on a list of decimals',
      probe('[decimal]', { scale: 2 }),
      {
        rule: 'decimal-digits',
        path: `${AT}.scale`,
        message: 'of type "[decimal]" (a list): scale applies only to decimals',
      },
    ],
    [
      'a precision on a query parameter of type integer',
      (s) => {
        s.resources.user.operations[1].parameters[1].precision = 3;
      },
      {
        rule: 'decimal-digits',
        path: '$.resources.user.operations[1].parameters[1].precision',
        message: 'precision on query parameter "limit" of GET /users of type "integer"',
      },
    ],
    [
      'a precision of 0',
      probe('decimal', { precision: 0 }),
      {
        rule: 'decimal-digits',
        path: `${AT}.precision`,
        message: 'precision of field "probe" of model "user_form" is 0, not a whole number from 1 to 100',
      },
    ],
    [
      'a negative scale',
      probe('decimal', { scale: -1 }),
      { rule: 'decimal-digits', path: `${AT}.scale`, message: 'is -1, not a whole number from 0 to 100' },
    ],
    [
      'a fractional scale',
      probe('decimal', { scale: 2.5 }),
      { rule: 'decimal-digits', path: `${AT}.scale`, message: 'is 2.5, not a whole number from 0 to 100' },
    ],
    [
      'a precision past the limit',
      probe('decimal', { precision: 1000 }),
      {
        rule: 'decimal-digits',
        path: `${AT}.precision`,
        message: 'is 1000, not a whole number from 1 to 100',
      },
    ],
    [
      'a scale above the precision (likely swapped)',
      probe('decimal', { precision: 2, scale: 10 }),
      {
        rule: 'decimal-digits',
        path: `${AT}.scale`,
        message: 'scale 10 of field "probe" of model "user_form" is more than its precision 2',
      },
    ],
    [
      'an example with more digits after the point than the scale',
      probe('decimal', { scale: 2, example: '12.505' }),
      {
        rule: 'decimal-digits',
        path: `${AT}.example`,
        message:
          'example of field "probe" of model "user_form" is "12.505", which has more digits after the point than its scale 2',
      },
    ],
    [
      'an example with more significant digits than the precision',
      probe('decimal', { precision: 4, example: '12345' }),
      {
        rule: 'decimal-digits',
        path: `${AT}.example`,
        message: 'is "12345", which has more significant digits than its precision 4',
      },
    ],
    [
      'a default with more digits than the scale (reported by default-value)',
      probe('decimal', { scale: 0, default: '1.0' }),
      {
        rule: 'default-value',
        path: `${AT}.default`,
        message:
          'default of field "probe" of model "user_form" is "1.0", which has more digits after the point than its scale 0',
      },
    ],
    [
      'a default with more significant digits than the precision',
      probe('decimal', { precision: 2, default: '0.125' }),
      {
        rule: 'default-value',
        path: `${AT}.default`,
        message: 'is "0.125", which has more significant digits than its precision 2',
      },
    ],
    [
      'a precision written as a string (a structure error)',
      probe('decimal', { precision: '12' }),
      { rule: 'structure', path: `${AT}.precision`, message: 'expected a number, found the string "12"' },
    ],
  ];
  it.each(fires)('fires on %s', (_title, given, want) => expectOnly(validateChanged(given), want));

  const passes: Passes[] = [
    ['a precision and a scale on a decimal', probe('decimal', { precision: 12, scale: 2 })],
    ['scale 0 (whole amounts) and the largest precision', probe('decimal', { precision: 100, scale: 0 })],
    ['the scale equal to the precision', probe('decimal', { precision: 3, scale: 3, example: '0.125' })],
    ['digits with bounds', probe('decimal', { minimum: 0, maximum: 999.99, precision: 5, scale: 2 })],
    [
      'a default and an example that fit',
      probe('decimal', { precision: 4, scale: 2, default: '10.50', example: '0.05' }),
    ],
    [
      'leading zeros do not count toward the precision',
      probe('decimal', { precision: 3, scale: 3, default: '000.005' }),
    ],
    [
      'an example that is not a decimal (examples are otherwise unchecked)',
      probe('decimal', { scale: 0, example: 'ten' }),
    ],
    [
      'digits on a decimal query parameter',
      (s) => {
        s.resources.user.operations[1].parameters.push({
          name: 'over',
          type: 'decimal',
          required: false,
          scale: 2,
        });
      },
    ],
    ['digits on an unknown type (reported as unknown-type only)', probe('decimle', { scale: 2 })],
  ];
  it.each(passes)('does not fire on %s', (_title, given) => {
    expect(validateChanged(given).filter((d) => d.rule !== 'unknown-type')).toEqual([]);
  });
});
