import { ROUTES_VARIABLE } from '../../../../functions/runtime/conventions';
import { methodNotAllowed, notFound, toErrorResponse } from '../../../../functions/runtime/errors';
import { httpRouter } from '../../../../functions/runtime/http';
import {
  createFallbackHandler,
  formatRoutes,
  handler,
  parseRoutes,
} from '../../../../functions/runtime/http/fallback-handler';
import { apiEvent, IMPLEMENTATIONS, OPERATIONS } from './support';

/** The users service's route keys, as the stack writes them. */
const ROUTES = 'DELETE /users/{id},GET /users,GET /users/{id},POST /users,PUT /users/{id}';
const fallback = createFallbackHandler(parseRoutes(ROUTES));

const error = (code: string, message: string) => ({ code, messages: [message] });
const NOT_FOUND = { status: 404, allow: undefined, body: error('not_found', 'no such route') };
const ITEM_405 = {
  status: 405,
  allow: 'DELETE, GET, PUT',
  body: error('method_not_allowed', 'method not allowed; allowed: DELETE, GET, PUT'),
};
const COLLECTION_405 = {
  status: 405,
  allow: 'GET, POST',
  body: error('method_not_allowed', 'method not allowed; allowed: GET, POST'),
};

async function answer(method: string, rawPath: string) {
  const response = await fallback(apiEvent(method, rawPath));
  expect(response.headers['content-type']).toBe('application/json');
  return { status: response.statusCode, allow: response.headers.allow, body: JSON.parse(response.body) };
}

describe('the $default route fallback', () => {
  it.each([
    ['an unknown path', 'GET', '/nope', NOT_FOUND],
    ['an unknown path under a known one', 'PATCH', '/users/usr-1/notes', NOT_FOUND],
    ['the root', 'GET', '/', NOT_FOUND],
    ['an empty path', 'GET', '', NOT_FOUND],
    ['a path without a leading slash', 'GET', 'users', NOT_FOUND],
    ['a known item path, wrong method', 'PATCH', '/users/usr-01KAMS3Y0000000000000000AA', ITEM_405],
    ['a known collection path, wrong method', 'DELETE', '/users', COLLECTION_405],
    ['a method in lower case (HTTP methods are case-sensitive)', 'get', '/users', COLLECTION_405],
    ['a trailing slash on a collection', 'PATCH', '/users/', NOT_FOUND],
    ['a trailing slash on an item', 'PATCH', '/users/usr-1/', NOT_FOUND],
    ['a doubled slash', 'PATCH', '//users', NOT_FOUND],
    ['an encoded slash inside the id (one segment)', 'PATCH', '/users/a%2Fb', ITEM_405],
    ['an encoded id', 'POST', '/users/%E2%9C%93', ITEM_405],
    ['a malformed %-sequence in the id', 'PATCH', '/users/%E0%A4%A', ITEM_405],
    ['an encoded literal (compared as sent, as the runtime router does)', 'PATCH', '/us%65rs', NOT_FOUND],
    ['a HEAD of an item (no operation declares HEAD)', 'HEAD', '/users/usr-1', ITEM_405],
    ['a HEAD of an unknown path', 'HEAD', '/nope', NOT_FOUND],
    ['an OPTIONS of a collection: allow is its answer', 'OPTIONS', '/users', COLLECTION_405],
    ['a request API Gateway should have routed (no operation took it)', 'GET', '/users/usr-1', NOT_FOUND],
  ])('%s: %s %s', async (_what, method, path, expected) => {
    expect(await answer(method, path)).toEqual(expected);
  });

  it('answers what the runtime router answers for every request no operation serves', async () => {
    const router = httpRouter(OPERATIONS, IMPLEMENTATIONS);
    const own = createFallbackHandler(
      parseRoutes(
        formatRoutes(
          OPERATIONS.map((op) => ({ method: op.method, routePath: op.path.replace(/:(\w+)/g, '{$1}') })),
        ),
      ),
    );
    const requests: [string, string][] = [
      ['PATCH', '/users'],
      ['PATCH', '/users/usr_1'],
      ['HEAD', '/users/me'],
      ['OPTIONS', '/users/usr_1/notes/n1'],
      ['GET', '/users/usr_1/notes'],
      ['GET', '/orders'],
      ['POST', '/users/'],
    ];
    for (const [method, path] of requests) {
      const routed = await router(apiEvent(method, path));
      const fellBack = await own(apiEvent(method, path));
      expect([method, path, fellBack.statusCode, fellBack.headers, fellBack.body]).toEqual([
        method,
        path,
        routed.statusCode,
        routed.headers,
        routed.body,
      ]);
    }
  });

  it('builds its bodies with the runtime errors', async () => {
    const expected405 = toErrorResponse(methodNotAllowed(['PUT', 'GET', 'DELETE']));
    expect(await fallback(apiEvent('PATCH', '/users/x'))).toEqual(expected405);
    expect(await fallback(apiEvent('PATCH', '/nope'))).toEqual(toErrorResponse(notFound()));
  });

  it('falls back to requestContext.http.path without rawPath', async () => {
    const event = apiEvent('PATCH', '/users/x');
    const { rawPath: _, ...withoutRawPath } = event;
    expect((await fallback(withoutRawPath as typeof event)).statusCode).toBe(405);
  });
});

describe('ROUTES', () => {
  it('is the route keys, sorted, joined by commas', () => {
    expect(
      formatRoutes([
        { method: 'PUT', routePath: '/users/{id}' },
        { method: 'GET', routePath: '/users/{id}' },
        { method: 'GET', routePath: '/users' },
      ]),
    ).toBe('GET /users,GET /users/{id},PUT /users/{id}');
  });

  it('reads route keys into the runtime route table (variables become :name)', () => {
    expect(parseRoutes('GET /users/{id}, POST /users,GET /')).toEqual([
      { method: 'GET', path: '/users/:id', value: 'GET /users/{id}' },
      { method: 'POST', path: '/users', value: 'POST /users' },
      { method: 'GET', path: '/', value: 'GET /' },
    ]);
    expect(parseRoutes('')).toEqual([]);
  });

  it.each([
    ['no method', '/users', /"\/users" is not "METHOD \/path"/],
    ['no path', 'GET', /"GET" is not "METHOD \/path"/],
    ['a relative path', 'GET users', /is not "METHOD \/path"/],
    ['a lower-case method', 'get /users', /is not "METHOD \/path"/],
    ['an empty entry', 'GET /users,,POST /users', /"" is not "METHOD \/path"/],
    ['a greedy variable', 'GET /files/{path+}', /has the segment "\{path\+\}"/],
    ['a variable inside a segment', 'GET /users/id-{id}', /has the segment "id-\{id\}"/],
  ])('refuses %s', (_what, text, message) => {
    expect(() => parseRoutes(text)).toThrow(TypeError);
    expect(() => parseRoutes(text)).toThrow(message);
  });

  it('refuses what the route table refuses: the same route twice, an empty segment', () => {
    expect(() => createFallbackHandler(parseRoutes('GET /users,GET /users'))).toThrow(
      /two routes for GET \/users/,
    );
    expect(() => createFallbackHandler(parseRoutes('GET /users//x'))).toThrow(/empty segment/);
  });
});

describe('the Lambda entry', () => {
  const saved = process.env[ROUTES_VARIABLE];
  afterAll(() => {
    if (saved === undefined) delete process.env[ROUTES_VARIABLE];
    else process.env[ROUTES_VARIABLE] = saved;
  });

  it('fails without ROUTES (a deployment bug), then serves the routes ROUTES names, read once', async () => {
    delete process.env[ROUTES_VARIABLE];
    await expect(handler(apiEvent('GET', '/nope'))).rejects.toThrow(`${ROUTES_VARIABLE} is not set`);
    process.env[ROUTES_VARIABLE] = ROUTES;
    const patched = await handler(apiEvent('PATCH', '/users/usr-1'));
    expect([patched.statusCode, patched.headers.allow]).toEqual([405, 'DELETE, GET, PUT']);
    // Read on the first request only: the container keeps its table.
    process.env[ROUTES_VARIABLE] = 'GET /other';
    expect((await handler(apiEvent('PATCH', '/users'))).statusCode).toBe(405);
  });
});
