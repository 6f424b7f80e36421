import { expectOnly, type Fires, type Passes, validateChanged } from './helpers';

const ops = (s: any) => s.resources.user.operations;
const pathParameter = (type: string) => (s: any) => {
  ops(s)[0].parameters = [{ name: 'id', type }];
};
const queryParameter = (type: string) => (s: any) => {
  ops(s)[1].parameters.push({ name: 'filter', type, required: false });
};

describe('parameter-type', () => {
  const fires: Fires[] = [
    [
      'an object path parameter',
      pathParameter('object'),
      {
        rule: 'parameter-type',
        path: '$.resources.user.operations[0].parameters[0].type',
        message:
          'path parameter "id" of GET /users/:id has type "object"; a path parameter must be a primitive (not object, json or unit) or an enum',
      },
    ],
    [
      'a list path parameter',
      pathParameter('[string]'),
      {
        rule: 'parameter-type',
        path: '$.resources.user.operations[0].parameters[0].type',
        message: 'has type "[string]" (a list)',
      },
    ],
    [
      'a model query parameter',
      queryParameter('user_form'),
      {
        rule: 'parameter-type',
        path: '$.resources.user.operations[1].parameters[2].type',
        message:
          'query parameter "filter" of GET /users has type "user_form" (a model); a query parameter must be a primitive (not object, json or unit), an enum, or a list of them',
      },
    ],
    [
      'a list of models as a query parameter',
      queryParameter('[user_form]'),
      {
        rule: 'parameter-type',
        path: '$.resources.user.operations[1].parameters[2].type',
        message: '"[user_form]" (a list)',
      },
    ],
    [
      'a map query parameter',
      queryParameter('map[string]'),
      {
        rule: 'parameter-type',
        path: '$.resources.user.operations[1].parameters[2].type',
        message: '"map[string]" (a map)',
      },
    ],
    [
      'a json query parameter',
      queryParameter('json'),
      {
        rule: 'parameter-type',
        path: '$.resources.user.operations[1].parameters[2].type',
        message: 'has type "json"',
      },
    ],
    [
      'a list of lists as a query parameter',
      queryParameter('[[string]]'),
      {
        rule: 'parameter-type',
        path: '$.resources.user.operations[1].parameters[2].type',
        message: 'has type "[[string]]"',
      },
    ],
  ];
  it.each(fires)('fires on %s', (_title, given, want) => expectOnly(validateChanged(given), want));

  const passes: Passes[] = [
    ['an enum path parameter', pathParameter('user_status')],
    ['an integer path parameter', pathParameter('integer')],
    ['a uuid path parameter', pathParameter('uuid')],
    ['a list of enums as a query parameter', queryParameter('[user_status]')],
    ['a date query parameter', queryParameter('date-iso8601')],
    ['a boolean query parameter', queryParameter('boolean')],
  ];
  it.each(passes)('does not fire on %s', (_title, given) => expectOnly(validateChanged(given)));
});
