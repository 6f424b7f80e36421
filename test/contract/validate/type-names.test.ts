import { type Change, expectOnly, type Fires, type Passes, validateChanged } from './helpers';

const addModel =
  (name: string): Change =>
  (s) => {
    s.models[name] = { fields: [{ name: 'x', type: 'string' }] };
  };
const addEnum =
  (name: string): Change =>
  (s) => {
    s.enums[name] = { values: [{ name: 'x' }] };
  };

describe('type-name-unique and type-name-reserved', () => {
  const fires: Fires[] = [
    [
      'an enum named like a model',
      addEnum('user_form'),
      {
        rule: 'type-name-unique',
        path: '$.enums.user_form',
        message: 'type name "user_form" is used by both a model and an enum',
      },
    ],
    [
      'a model named like a primitive',
      addModel('string'),
      {
        rule: 'type-name-reserved',
        path: '$.models.string',
        message: 'model "string" has the name of the primitive type',
      },
    ],
    [
      'a model named unit',
      addModel('unit'),
      { rule: 'type-name-reserved', path: '$.models.unit', message: 'primitive type "unit"' },
    ],
    [
      'an enum named like the built-in',
      addEnum('generic_error'),
      {
        rule: 'type-name-reserved',
        path: '$.enums.generic_error',
        message: 'enum "generic_error" has the name of the built-in type',
      },
    ],
    [
      'an enum named like a dated primitive',
      addEnum('date-iso8601'),
      {
        rule: 'type-name-reserved',
        path: '$.enums["date-iso8601"]',
        message: 'primitive type "date-iso8601"',
      },
    ],
  ];
  it.each(fires)('fires on %s', (_title, given, want) => expectOnly(validateChanged(given), want));

  const passes: Passes[] = [
    ['distinct model and enum names', (s) => addEnum('user_kind')(s)],
    [
      'names that only contain a primitive',
      (s) => {
        addModel('strings')(s);
        addEnum('error')(s);
      },
    ],
  ];
  it.each(passes)('does not fire on %s', (_title, given) => expectOnly(validateChanged(given)));
});
