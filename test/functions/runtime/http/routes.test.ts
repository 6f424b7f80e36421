import { type RouteMatch, RouteTable } from '../../../../functions/runtime/http';

const table = new RouteTable<string>([
  { method: 'GET', path: '/users', value: 'listUsers' },
  { method: 'POST', path: '/users', value: 'createUser' },
  { method: 'GET', path: '/users/me', value: 'getMe' },
  { method: 'GET', path: '/users/:id', value: 'getUser' },
  { method: 'DELETE', path: '/users/:id', value: 'deleteUser' },
  { method: 'GET', path: '/users/:id/orders', value: 'listUserOrders' },
  { method: 'GET', path: '/users/:id/notes/:note', value: 'getUserNote' },
  { method: 'GET', path: '/users/me/notes/latest', value: 'getMyLatestNote' },
  { method: 'GET', path: '/', value: 'root' },
]);

describe('RouteTable.match', () => {
  it.each<[string, string, string, RouteMatch<string>]>([
    ['a literal path', 'GET', '/users', { kind: 'found', value: 'listUsers', params: {} }],
    ['the same path, another method', 'POST', '/users', { kind: 'found', value: 'createUser', params: {} }],
    ['the root', 'GET', '/', { kind: 'found', value: 'root', params: {} }],
    ['a parameter', 'GET', '/users/usr_1', { kind: 'found', value: 'getUser', params: { id: 'usr_1' } }],
    ['a literal over a parameter', 'GET', '/users/me', { kind: 'found', value: 'getMe', params: {} }],
    [
      'the parameter when the literal lacks the method',
      'DELETE',
      '/users/me',
      { kind: 'found', value: 'deleteUser', params: { id: 'me' } },
    ],
    [
      'the parameter when the literal branch ends elsewhere',
      'GET',
      '/users/me/orders',
      { kind: 'found', value: 'listUserOrders', params: { id: 'me' } },
    ],
    [
      'a literal deeper down',
      'GET',
      '/users/me/notes/latest',
      { kind: 'found', value: 'getMyLatestNote', params: {} },
    ],
    [
      'two parameters',
      'GET',
      '/users/usr_1/notes/n1',
      { kind: 'found', value: 'getUserNote', params: { id: 'usr_1', note: 'n1' } },
    ],
    [
      'percent-decoded parameters',
      'GET',
      '/users/a%20b/notes/%E2%9C%93%2Fx',
      { kind: 'found', value: 'getUserNote', params: { id: 'a b', note: '✓/x' } },
    ],
    ['unicode as is', 'GET', '/users/ünï', { kind: 'found', value: 'getUser', params: { id: 'ünï' } }],
    ['an unknown path', 'GET', '/orders', { kind: 'not_found' }],
    ['a trailing slash', 'GET', '/users/', { kind: 'not_found' }],
    ['a trailing slash after a parameter', 'GET', '/users/usr_1/', { kind: 'not_found' }],
    ['a double slash', 'GET', '//users', { kind: 'not_found' }],
    ['an empty parameter', 'GET', '/users//orders', { kind: 'not_found' }],
    ['a path without a leading slash', 'GET', 'users', { kind: 'not_found' }],
    ['an empty path', 'GET', '', { kind: 'not_found' }],
    ['a longer path', 'GET', '/users/a/b/c/d/e/f', { kind: 'not_found' }],
    ['literals are case-sensitive', 'GET', '/Users', { kind: 'not_found' }],
    ['literals are not decoded', 'GET', '/us%65rs', { kind: 'not_found' }],
    ['a malformed %-sequence', 'GET', '/users/%E0%A4%A', { kind: 'not_found' }],
    ['a lone %', 'GET', '/users/100%', { kind: 'not_found' }],
    ['invalid UTF-8', 'GET', '/users/%FF', { kind: 'not_found' }],
    [
      'a known path, another method',
      'PUT',
      '/users',
      { kind: 'method_not_allowed', allowed: ['GET', 'POST'] },
    ],
    [
      'every method of every matching pattern',
      'PATCH',
      '/users/me',
      { kind: 'method_not_allowed', allowed: ['GET', 'DELETE'] },
    ],
    ['methods are case-sensitive', 'get', '/users', { kind: 'method_not_allowed', allowed: ['GET', 'POST'] }],
  ])('%s: %s %s', (_label, method, path, want) => {
    expect(table.match(method, path)).toEqual(want);
  });

  it.each<[string, { method: string; path: string }[], RegExp]>([
    ['a path without a leading slash', [{ method: 'GET', path: 'users' }], /must start with/],
    ['an empty segment', [{ method: 'GET', path: '/users//x' }], /empty segment/],
    ['a trailing slash', [{ method: 'GET', path: '/users/' }], /empty segment/],
    ['a bad parameter name', [{ method: 'GET', path: '/users/:' }], /bad parameter/],
    ['a repeated parameter', [{ method: 'GET', path: '/a/:id/b/:id' }], /repeats/],
    ['an empty method', [{ method: '', path: '/a' }], /method is empty/],
    [
      'the same route twice, whatever the parameter names',
      [
        { method: 'GET', path: '/users/:id' },
        { method: 'GET', path: '/users/:userId' },
      ],
      /two routes for GET \/users\/:userId/,
    ],
  ])('refuses %s', (_label, routes, want) => {
    expect(() => new RouteTable(routes.map((route) => ({ ...route, value: 'x' })))).toThrow(want);
  });
});
