import { expectOnly, type Fires, type Passes, validateChanged } from './helpers';

describe('field-name-unique and parameter-name-unique', () => {
  const fires: Fires[] = [
    [
      'a field given twice',
      (s) => {
        s.models.user_form.fields.push({ name: 'email', type: 'string' });
      },
      {
        rule: 'field-name-unique',
        path: '$.models.user_form.fields[2].name',
        message: 'field "email" appears more than once in model "user_form" (first at fields[0])',
      },
    ],
    [
      'a parameter given twice',
      (s) => {
        s.resources.user.operations[1].parameters.push({ name: 'limit', type: 'integer', required: false });
      },
      {
        rule: 'parameter-name-unique',
        path: '$.resources.user.operations[1].parameters[2].name',
        message: 'parameter "limit" appears more than once in GET /users (first at parameters[1])',
      },
    ],
  ];
  it.each(fires)('fires on %s', (_title, given, want) => expectOnly(validateChanged(given), want));

  const passes: Passes[] = [
    ['the same field name in two models', () => {}],
    [
      'the same parameter name in two operations',
      (s) => {
        s.resources.user.operations[0].parameters = [{ name: 'limit', type: 'integer', required: false }];
      },
    ],
  ];
  it.each(passes)('does not fire on %s', (_title, given) => expectOnly(validateChanged(given)));
});
