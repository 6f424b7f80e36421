/**
 * The `$default` route locally, as API Gateway has it: whatever no other route matches (an unknown
 * path, a known path with another method) goes to the `$default` route's function, here the real
 * fallback handler the stacks deploy there; without a `$default` route it is API Gateway's own 404
 * (payload.test.ts).
 */

import { type HttpApi, type HttpApiAccessLog, startHttpApi } from '@tributary/local-runtime';
import {
  createFallbackHandler,
  formatRoutes,
  parseRoutes,
} from '../../../functions/runtime/http/fallback-handler';
import {
  defaultRoutes,
  EchoInvoker,
  rawRequest,
  returns,
  route,
  usersApi,
} from '../../../packages/local-runtime/test/http-api/helpers';

const FALLBACK = 'Users/Fallback';
const credentials = { accessKeyId: 'LOCALACCESSKEY', secretAccessKey: 'local-secret' };
const fallback = createFallbackHandler(
  parseRoutes(formatRoutes(defaultRoutes.map((r) => ({ method: r.method, routePath: r.path })))),
);

describe('local HTTP API: the $default route', () => {
  let api: HttpApi;
  let invoker: EchoInvoker;
  let logged: HttpApiAccessLog[];

  async function start(iam: boolean): Promise<void> {
    invoker = new EchoInvoker();
    const echo = invoker.answer;
    // The fallback's function runs the real handler; every other function echoes its event.
    invoker.answer = async (event, functionId) =>
      functionId === FALLBACK ? returns(await fallback(event)) : echo(event, functionId);
    logged = [];
    api = await startHttpApi({
      api: usersApi([...defaultRoutes, route('$default', '$default', FALLBACK, 'NONE')]),
      host: '127.0.0.1',
      invoker,
      iam,
      credentials,
      region: 'eu-west-1',
      onRequest: (entry) => logged.push(entry),
    });
  }

  afterEach(() => api.close());

  it('gets what no route matches, as a $default event with the full path, and answers 404/405 as generic_error', async () => {
    await start(false);
    const unknown = await fetch(`${api.url}/nope/deeper?x=1`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/json');
    expect(await unknown.json()).toEqual({ code: 'not_found', messages: ['no such route'] });
    expect(invoker.invocations.map((i) => i.functionId)).toEqual([FALLBACK]);
    expect(invoker.last).toMatchObject({
      routeKey: '$default',
      rawPath: '/nope/deeper',
      rawQueryString: 'x=1',
      requestContext: { routeKey: '$default', http: { method: 'GET', path: '/nope/deeper' } },
    });
    expect(invoker.last.pathParameters).toBeUndefined();

    const patched = await fetch(`${api.url}/users/usr-1`, { method: 'PATCH' });
    expect(patched.status).toBe(405);
    expect(patched.headers.get('allow')).toBe('DELETE, GET, PUT');
    expect(await patched.json()).toEqual({
      code: 'method_not_allowed',
      messages: ['method not allowed; allowed: DELETE, GET, PUT'],
    });
    expect(invoker.last).toMatchObject({
      routeKey: '$default',
      requestContext: { http: { method: 'PATCH' } },
    });
  });

  it('never takes a request another route matches', async () => {
    await start(false);
    for (const [method, path, functionId] of [
      ['GET', '/users', 'Users/ListUsers'],
      ['POST', '/users', 'Users/CreateUser'],
      ['GET', '/users/usr-1', 'Users/GetUser'],
      ['DELETE', '/users/usr-1', 'Users/DeleteUser'],
      ['GET', '/health', 'Users/Health'],
    ] as const) {
      const response = await fetch(`${api.url}${path}`, { method });
      expect([method, path, response.status, invoker.invocations.at(-1)?.functionId]).toEqual([
        method,
        path,
        200,
        functionId,
      ]);
    }
  });

  it('answers a trailing slash, an encoded slash and HEAD/OPTIONS through the fallback', async () => {
    await start(false);
    const trailing = await rawRequest(api.url, { method: 'PATCH', path: '/users/' });
    expect([trailing.status, JSON.parse(trailing.body).code]).toEqual([404, 'not_found']);
    const encoded = await rawRequest(api.url, { method: 'PATCH', path: '/users/a%2Fb' });
    expect([encoded.status, encoded.headers.allow]).toEqual([405, 'DELETE, GET, PUT']);
    // HEAD: the 405 and its allow header, and no body (HTTP drops it).
    const head = await rawRequest(api.url, { method: 'HEAD', path: '/users/usr-1' });
    expect([head.status, head.headers.allow, head.body]).toEqual([405, 'DELETE, GET, PUT', '']);
    const options = await rawRequest(api.url, { method: 'OPTIONS', path: '/users' });
    expect([options.status, options.headers.allow]).toEqual([405, 'GET, POST']);
    expect(invoker.invocations.map((i) => [i.functionId, i.event.requestContext.http.method])).toEqual([
      [FALLBACK, 'PATCH'],
      [FALLBACK, 'PATCH'],
      [FALLBACK, 'HEAD'],
      [FALLBACK, 'OPTIONS'],
    ]);
  });

  it('logs the $default route key and function, with unknown segments hidden', async () => {
    await start(false);
    await fetch(`${api.url}/users/ada@example.com/secret`, { method: 'PATCH' });
    // `$default` is a route key, not a literal segment of the API.
    await fetch(`${api.url}/$default`);
    expect(logged).toEqual([
      expect.objectContaining({
        method: 'PATCH',
        path: '/users/*/*',
        routeKey: '$default',
        functionId: FALLBACK,
        status: 404,
      }),
      expect.objectContaining({ method: 'GET', path: '/*', routeKey: '$default', status: 404 }),
    ]);
  });

  it('under IAM auth: a $default route without auth takes unsigned requests; an IAM route still needs a signature', async () => {
    await start(true);
    const patched = await fetch(`${api.url}/users/usr-1`, { method: 'PATCH' });
    expect([patched.status, patched.headers.get('allow')]).toEqual([405, 'DELETE, GET, PUT']);
    const unknown = await fetch(`${api.url}/nope`);
    expect(unknown.status).toBe(404);
    // A request a route with IAM auth matches is that route's, never the $default's: 403 unsigned.
    const unsigned = await fetch(`${api.url}/users/usr-1`);
    expect(unsigned.status).toBe(403);
    expect(await unsigned.json()).toEqual({ message: 'Forbidden' });
    expect(invoker.invocations.map((i) => i.functionId)).toEqual([FALLBACK, FALLBACK]);
  });

  it('under IAM auth: a $default route with IAM auth needs a signature, as on API Gateway', async () => {
    invoker = new EchoInvoker();
    api = await startHttpApi({
      api: usersApi([...defaultRoutes, route('$default', '$default', FALLBACK, 'AWS_IAM')]),
      host: '127.0.0.1',
      invoker,
      iam: true,
      credentials,
      region: 'eu-west-1',
    });
    const response = await fetch(`${api.url}/users/usr-1`, { method: 'PATCH' });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ message: 'Forbidden' });
    expect(invoker.invocations).toHaveLength(0);
  });
});
