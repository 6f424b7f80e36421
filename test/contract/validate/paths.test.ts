import { expectOnly, type Fires, type Passes, validateChanged } from './helpers';

const ops = (s: any) => s.resources.user.operations;

describe('path-format', () => {
  const resourcePath: Array<[path: string, message: string]> = [
    ['users', 'path "users" of resource "user" does not start with "/"'],
    ['', 'path "" of resource "user" does not start with "/"'],
    ['/org//users', 'has an empty segment ("//")'],
    ['/users?x=1', 'has the segment "users?x=1" with characters other than'],
  ];
  it.each(resourcePath)('fires on the resource path %j', (path, message) => {
    expectOnly(
      validateChanged((s) => {
        s.resources.user.path = path;
      }),
      { rule: 'path-format', path: '$.resources.user.path', message },
    );
  });

  // Operation 3 is DELETE /:id: a 204 without a body, so a malformed path triggers nothing else.
  const operationPath: Array<[path: string, message: string]> = [
    [':id', 'path ":id" of operation 3 (DELETE) of resource "user" does not start with "/"'],
    ['//:id', 'has an empty segment'],
    ['//', 'has an empty segment'],
    ['/{id}', 'has the segment "{id}" with characters other than letters, digits, "-", ".", "_" and "~"'],
    ['/:id-x', 'has the segment ":id-x", which is not ":" and a parameter name'],
    ['/:', 'has the segment ":"'],
    ['/a:b', 'has the segment "a:b"'],
  ];
  it.each(operationPath)('fires on the operation path %j', (path, message) => {
    expectOnly(
      validateChanged((s) => {
        ops(s)[3].path = path;
      }),
      { rule: 'path-format', path: '$.resources.user.operations[3].path', message },
    );
  });

  const passes: Passes[] = [
    [
      'an empty operation path',
      (s) => {
        ops(s)[1].path = '';
      },
    ],
    [
      'no resource path (the default /users)',
      (s) => {
        delete s.resources.user.path;
      },
    ],
    [
      'trailing slashes (left to the lint rule path-no-trailing-slash)',
      (s) => {
        s.resources.user.path = '/users/';
        ops(s)[3].path = '/:id/';
      },
    ],
    [
      'the root resource path',
      (s) => {
        s.resources.user.path = '/';
      },
    ],
    [
      'nested paths with parameters and URL-safe characters',
      (s) => {
        s.resources.user.path = '/v1.0/orgs/:org_id/users';
        ops(s)[3].path = '/:id/history~all';
      },
    ],
  ];
  it.each(passes)('does not fire on %s', (_title, given) => expectOnly(validateChanged(given)));
});

describe('path-parameters', () => {
  const fires: Fires[] = [
    [
      'a parameter named twice in an operation path',
      (s) => {
        ops(s)[3].path = '/:id/:id';
      },
      {
        rule: 'path-parameters',
        path: '$.resources.user.operations[3].path',
        message: 'DELETE /users/:id/:id names ":id" more than once',
      },
    ],
    [
      'an operation path repeating a resource path parameter',
      (s) => {
        s.resources.user.path = '/orgs/:id/users';
        ops(s)[0].path = '/:user_id';
        ops(s)[3].path = '/:user_id/:id';
      },
      {
        rule: 'path-parameters',
        path: '$.resources.user.operations[3].path',
        message: 'names ":id" more than once',
      },
    ],
    [
      'a parameter named twice in a resource path',
      (s) => {
        s.resources.user.path = '/orgs/:org/teams/:org/users';
      },
      {
        rule: 'path-parameters',
        path: '$.resources.user.path',
        message: 'path "/orgs/:org/teams/:org/users" of resource "user" names ":org" more than once',
      },
    ],
    [
      'an optional path parameter',
      (s) => {
        ops(s)[0].parameters = [{ name: 'id', type: 'string', required: false }];
      },
      {
        rule: 'path-parameters',
        path: '$.resources.user.operations[0].parameters[0].required',
        message: 'path parameter "id" of GET /users/:id is optional',
      },
    ],
    [
      'a path parameter with a default',
      (s) => {
        ops(s)[0].parameters = [{ name: 'id', type: 'string', default: 'usr-1' }];
      },
      {
        rule: 'path-parameters',
        path: '$.resources.user.operations[0].parameters[0].default',
        message: 'path parameter "id" of GET /users/:id has a default',
      },
    ],
    [
      'an optional parameter of the resource path',
      (s) => {
        s.resources.user.path = '/orgs/:org_id/users';
        ops(s)[1].parameters.push({ name: 'org_id', type: 'string', required: false });
      },
      {
        rule: 'path-parameters',
        path: '$.resources.user.operations[1].parameters[2].required',
        message: 'path parameter "org_id" of GET /orgs/:org_id/users is optional',
      },
    ],
  ];
  it.each(fires)('fires on %s', (_title, given, want) => expectOnly(validateChanged(given), want));

  const passes: Passes[] = [
    [
      'a declared, required path parameter',
      (s) => {
        ops(s)[0].parameters = [{ name: 'id', type: 'string', required: true }];
      },
    ],
    [
      'an optional query parameter named like no path parameter',
      (s) => {
        ops(s)[0].parameters = [{ name: 'fields', type: 'string', required: false }];
      },
    ],
    [
      'distinct parameters in resource and operation paths',
      (s) => {
        s.resources.user.path = '/orgs/:org_id/users';
      },
    ],
  ];
  it.each(passes)('does not fire on %s', (_title, given) => expectOnly(validateChanged(given)));
});

describe('duplicate-route', () => {
  const fires: Fires[] = [
    [
      'the same operation twice',
      (s) => {
        ops(s).push(structuredClone(ops(s)[3]));
      },
      {
        rule: 'duplicate-route',
        path: '$.resources.user.operations[4]',
        message: 'DELETE /users/:id is defined twice',
      },
    ],
    [
      'the same route in two resources',
      (s) => {
        s.models.member = { fields: [{ name: 'id', type: 'string' }] };
        s.resources.member = {
          path: '/users',
          operations: [{ method: 'POST', responses: { '201': { type: 'member' } } }],
        };
      },
      {
        rule: 'duplicate-route',
        path: '$.resources.member.operations[0]',
        message: 'POST /users is defined twice ($.resources.user.operations[2])',
      },
    ],
  ];
  it.each(fires)('fires on %s', (_title, given, want) => expectOnly(validateChanged(given), want));

  it('fires on the same route with another parameter name (which path-parameter-names reports too)', () => {
    expectOnly(
      validateChanged((s) => {
        ops(s).push({ method: 'GET', path: '/:user_id', responses: { '200': { type: 'user' } } });
      }),
      {
        rule: 'duplicate-route',
        path: '$.resources.user.operations[4]',
        message: 'GET /users/:user_id is the same route as GET /users/:id ($.resources.user.operations[0])',
      },
      {
        rule: 'path-parameter-names',
        path: '$.resources.user.operations[4].path',
        message: '":user_id" in GET /users/:user_id is ":id" in GET /users/:id',
      },
    );
  });

  const passes: Passes[] = [
    [
      'the same path with another method',
      (s) => {
        ops(s).push({
          method: 'PUT',
          path: '/:id',
          body: { type: 'user_form' },
          responses: { '200': { type: 'user' } },
        });
      },
    ],
    [
      'a literal segment where another route has a parameter',
      (s) => {
        ops(s).push({ method: 'GET', path: '/:id/history', responses: { '200': { type: '[user]' } } });
      },
    ],
  ];
  it.each(passes)('does not fire on %s', (_title, given) => expectOnly(validateChanged(given)));
});

describe('path-parameter-names', () => {
  /** Adds resource `item` (path `path`) with operations on `paths` below it. */
  const items =
    (paths: string[], path = '/items') =>
    (s: any) => {
      s.models.item = { fields: [{ name: 'id', type: 'string' }] };
      s.resources.item = {
        path,
        operations: paths.map((p) => ({ method: 'POST', path: p, responses: { '200': { type: 'item' } } })),
      };
    };

  const fires: Fires[] = [
    [
      'one position named two ways, below the parameter',
      items(['/:id', '/:product_id/count']),
      {
        rule: 'path-parameter-names',
        path: '$.resources.item.operations[1].path',
        message:
          '":product_id" in POST /items/:product_id/count is ":id" in POST /items/:id: paths that agree up to a parameter must give it one name',
      },
    ],
    [
      'a deeper position, after a parameter named alike',
      items(['/:id/parts/:part_id', '/:id/parts/:number/stock']),
      {
        rule: 'path-parameter-names',
        path: '$.resources.item.operations[1].path',
        message: '":number" in POST /items/:id/parts/:number/stock is ":part_id"',
      },
    ],
    [
      'two resources sharing a base path',
      (s) => {
        s.models.member = { fields: [{ name: 'id', type: 'string' }] };
        s.resources.member = {
          path: '/users/:user_id/memberships',
          operations: [{ method: 'GET', responses: { '200': { type: '[member]' } } }],
        };
      },
      {
        rule: 'path-parameter-names',
        path: '$.resources.member.path',
        message: '":user_id" in GET /users/:user_id/memberships is ":id" in GET /users/:id',
      },
    ],
  ];
  it.each(fires)('fires on %s', (_title, given, want) => expectOnly(validateChanged(given), want));

  it('reports a resource path once, however many operations inherit it', () => {
    const diagnostics = validateChanged((s) => {
      s.models.member = { fields: [{ name: 'id', type: 'string' }] };
      s.resources.member = {
        path: '/users/:user_id/memberships',
        operations: [
          { method: 'GET', responses: { '200': { type: '[member]' } } },
          { method: 'POST', responses: { '201': { type: 'member' } } },
          { method: 'GET', path: '/:id', responses: { '200': { type: 'member' } } },
        ],
      };
    });
    expect(diagnostics.map((d) => [d.rule, d.path])).toEqual([
      ['path-parameter-names', '$.resources.member.path'],
    ]);
  });

  const passes: Passes[] = [
    ['the same name at the same position', items(['/:id', '/:id/count', '/:id/parts/:part_id'])],
    ['a literal where another path has a parameter', items(['/:id', '/count', '/count/:day'])],
    ['different names below different literals', items(['/by-sku/:sku', '/by-name/:name'])],
    ['parameters at different depths', items(['/:id', '/latest/:n'])],
  ];
  it.each(passes)('does not fire on %s', (_title, given) => expectOnly(validateChanged(given)));
});
