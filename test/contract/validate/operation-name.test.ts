import { expectOnly, type Fires, type Passes, type SpecObject, validateChanged } from './helpers';

/** The base spec's operations of resource `user`: GET /:id, GET, POST, DELETE /:id. */
const ops = (s: SpecObject) => s.resources.user.operations;

/** Adds `POST /users/:id/confirm` (derived id `postUsersByIdConfirm`), named `name` when given. */
const confirm = (name?: string) => (s: SpecObject) => {
  ops(s).push({
    method: 'POST',
    path: '/:id/confirm',
    ...(name === undefined ? {} : { name }),
    responses: { '200': { type: 'user' } },
  });
};

describe('operation-name', () => {
  const fires: Fires[] = [
    [
      'a reserved word',
      confirm('delete'),
      {
        rule: 'operation-name',
        path: '$.resources.user.operations[4].name',
        message: `name "delete" of POST /users/:id/confirm is a reserved word; it cannot name the generated client's method`,
      },
    ],
    [
      '"constructor", which would be the client class constructor',
      confirm('constructor'),
      { rule: 'operation-name', path: '$.resources.user.operations[4].name', message: 'name "constructor"' },
    ],
    [
      'the id another operation derives',
      confirm('getUser'),
      {
        rule: 'operation-name',
        path: '$.resources.user.operations[4].name',
        message:
          'name "getUser" of POST /users/:id/confirm is the id of GET /users/:id, which has the derived id "getUser"',
      },
    ],
    [
      'the id another operation derives, in other letter case',
      confirm('listusers'),
      {
        rule: 'operation-name',
        path: '$.resources.user.operations[4].name',
        message:
          'name "listusers" of POST /users/:id/confirm differs only in letter case from the id of GET /users, which has the derived id "listUsers"',
      },
    ],
    [
      'a name another operation declares',
      (s) => {
        ops(s)[0].name = 'confirmUser';
        confirm('confirmUser')(s);
      },
      {
        rule: 'operation-name',
        path: '$.resources.user.operations[4].name',
        message:
          'name "confirmUser" of POST /users/:id/confirm is the id of GET /users/:id, which declares the name "confirmUser"',
      },
    ],
    [
      'a name that is not lower camelCase (a structure error)',
      confirm('Confirm-user'),
      {
        rule: 'structure',
        path: '$.resources.user.operations[4].name',
        message: 'operation name "Confirm-user" is not a lower camelCase identifier',
      },
    ],
    [
      'a name with an underscore',
      confirm('confirm_user'),
      { rule: 'structure', path: '$.resources.user.operations[4].name', message: 'not a lower camelCase' },
    ],
  ];
  it.each(fires)('fires on %s', (_title, given, want) => expectOnly(validateChanged(given), want));

  const passes: Passes[] = [
    ['a name of its own', confirm('confirmUser')],
    [
      'a name equal to the operation’s own derived id',
      (s) => void Object.assign(ops(s)[0], { name: 'getUser' }),
    ],
    [
      'names that take ids freed by other names',
      (s) => {
        ops(s)[0].name = 'fetchUser';
        confirm('getUser')(s);
      },
    ],
    ['a name that only contains a reserved word', confirm('deleteUserNow')],
  ];
  it.each(passes)('does not fire on %s', (_title, given) => expectOnly(validateChanged(given)));
});
