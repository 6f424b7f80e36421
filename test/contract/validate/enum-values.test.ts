import { expectOnly, type Fires, type Passes, validateChanged } from './helpers';

describe('enum-values', () => {
  const fires: Fires[] = [
    [
      'an enum without values',
      (s) => {
        s.enums.user_kind = { values: [] };
      },
      { rule: 'enum-values', path: '$.enums.user_kind.values', message: 'enum "user_kind" has no values' },
    ],
    [
      'a value given twice',
      (s) => {
        s.enums.user_status.values.push({ name: 'active', description: 'Again.' });
      },
      {
        rule: 'enum-values',
        path: '$.enums.user_status.values[2].name',
        message: 'value "active" appears more than once in enum "user_status" (first at values[0])',
      },
    ],
  ];
  it.each(fires)('fires on %s', (_title, given, want) => expectOnly(validateChanged(given), want));

  const passes: Passes[] = [
    [
      'an enum with a single value',
      (s) => {
        s.enums.user_kind = { values: [{ name: 'person' }] };
      },
    ],
    [
      'the same value name in two enums',
      (s) => {
        s.enums.user_kind = { values: [{ name: 'active' }] };
      },
    ],
  ];
  it.each(passes)('does not fire on %s', (_title, given) => expectOnly(validateChanged(given)));
});
