import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { type HttpApi, type HttpApiOptions, startHttpApi } from '@tributary/local-runtime';
import { fixedClock, systemClock } from '../../../functions/runtime/clock';
import { ApiClient } from '../../../functions/runtime/http-client';
import { UsersClient } from '../../../functions/users/generated/client';
import { EchoInvoker, returns, usersApi } from '../../../packages/local-runtime/test/http-api/helpers';

const REGION = 'eu-west-1';
const credentials = { accessKeyId: 'LOCALACCESSKEY', secretAccessKey: 'local-secret' };
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret ' +
  'Access Key and signing method. Consult the service documentation for details.';

const getUser = { id: 'getUser', method: 'GET', path: '/users/:id' } as const;
const createUser = { id: 'createUser', method: 'POST', path: '/users' } as const;
const listUsers = { id: 'listUsers', method: 'GET', path: '/users' } as const;

interface SignOptions {
  method?: string;
  path: string;
  query?: Record<string, string>;
  body?: string;
  signWith?: { accessKeyId: string; secretAccessKey: string };
  region?: string;
  service?: string;
  date?: Date;
}

/** Signs like the SDK does, then returns what to send (so a test can change it first). */
async function signed(baseUrl: string, options: SignOptions) {
  const url = new URL(baseUrl);
  const signer = new SignatureV4({
    service: options.service ?? 'execute-api',
    region: options.region ?? REGION,
    credentials: options.signWith ?? credentials,
    sha256: Sha256,
  });
  const request = await signer.sign(
    new HttpRequest({
      method: options.method ?? 'GET',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: options.path,
      query: options.query ?? {},
      headers: {
        host: url.host,
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(options.body === undefined ? {} : { body: options.body }),
    }),
    { signingDate: options.date ?? new Date() },
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) if (name !== 'host') headers[name] = value;
  const query = new URLSearchParams(options.query ?? {}).toString();
  return {
    url: `${url.origin}${options.path}${query ? `?${query}` : ''}`,
    init: {
      method: options.method ?? 'GET',
      headers,
      ...(options.body === undefined ? {} : { body: options.body }),
    },
  };
}

describe('local HTTP API with IAM auth (dev up --iam)', () => {
  let api: HttpApi;
  let invoker: EchoInvoker;

  async function start(overrides: Partial<HttpApiOptions> = {}): Promise<void> {
    api = await startHttpApi({
      api: usersApi(),
      host: '127.0.0.1',
      invoker,
      iam: true,
      credentials,
      region: REGION,
      account: '123456789012',
      ...overrides,
    });
  }

  beforeEach(() => {
    invoker = new EchoInvoker();
  });

  afterEach(() => api.close());

  it('refuses an unsigned request to an AWS_IAM route with 403 Forbidden, invoking nothing', async () => {
    await start();
    const response = await fetch(`${api.url}/users/u1`);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ message: 'Forbidden' });
    expect(invoker.invocations).toHaveLength(0);
  });

  it('lets an unsigned request through to a route without auth', async () => {
    await start();
    const response = await fetch(`${api.url}/health`);
    expect(response.status).toBe(200);
    expect(invoker.last.requestContext).not.toHaveProperty('authorizer');
  });

  it("accepts the project's signing client and tells the function who called", async () => {
    await start();
    const client = new ApiClient({ baseUrl: api.url, region: REGION, credentials, baseUrlVariable: 'X' });
    const response = await client.send({
      operation: getUser,
      path: { id: 'usr 1/ü' },
      query: { q: ['a b', 'c+d'], z: 1 },
    });
    expect(response.status).toBe(200);
    expect(invoker.last).toMatchObject({
      rawPath: '/users/usr%201%2F%C3%BC',
      pathParameters: { id: 'usr 1/ü' },
      queryStringParameters: { q: 'a b,c+d', z: '1' },
      requestContext: {
        authorizer: {
          iam: {
            accessKey: 'LOCALACCESSKEY',
            accountId: '123456789012',
            callerId: 'LOCALACCESSKEY',
            cognitoIdentity: null,
            principalOrgId: null,
            userArn: 'arn:aws:iam::123456789012:user/local',
            userId: 'LOCALACCESSKEY',
          },
        },
      },
    });
    const post = await client.send({ operation: createUser, body: { name: { first: 'Zoë' } } });
    expect(post.status).toBe(200);
    expect(invoker.last).toMatchObject({ body: '{"name":{"first":"Zoë"}}', isBase64Encoded: false });
  });

  it('serves the generated UsersClient as the owner service would', async () => {
    await start();
    const user = {
      id: 'usr-1',
      name: { first: 'Ada' },
      status: 'active',
      version: 3,
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-02T00:00:00Z',
    };
    invoker.answer = (event) =>
      event.pathParameters?.id === 'usr-1'
        ? returns({
            statusCode: 200,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(user),
          })
        : returns({
            statusCode: 404,
            body: JSON.stringify({ code: 'not_found', messages: ['no such user'] }),
          });
    const users = new UsersClient({ baseUrl: api.url, region: REGION, credentials });
    await expect(users.getUser('usr-1')).resolves.toEqual(user);
    await expect(users.getUser('usr-2')).resolves.toBeUndefined();
    invoker.answer = () =>
      returns({ statusCode: 200, headers: { 'x-next-cursor': 'next' }, body: JSON.stringify([user]) });
    await expect(users.listUsers({ email: 'ada@example.com', limit: 5 })).resolves.toEqual({
      items: [user],
      cursor: 'next',
    });
    expect(invoker.last.queryStringParameters).toEqual({ email: 'ada@example.com', limit: '5' });
  });

  it('takes signed and unsigned requests alike when IAM auth is off (the dev up default)', async () => {
    await start({ iam: false, credentials: undefined });
    expect((await fetch(`${api.url}/users/u1`)).status).toBe(200);
    const client = new ApiClient({ baseUrl: api.url, region: REGION, credentials, baseUrlVariable: 'X' });
    expect((await client.send({ operation: listUsers })).status).toBe(200);
    expect(invoker.last.requestContext).not.toHaveProperty('authorizer');
  });

  it('refuses a signature made with another secret', async () => {
    await start();
    const { url, init } = await signed(api.url, {
      path: '/users/u1',
      signWith: { accessKeyId: credentials.accessKeyId, secretAccessKey: 'wrong' },
    });
    const response = await fetch(url, init);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ message: MISMATCH });
    expect(invoker.invocations).toHaveLength(0);
  });

  it('refuses a request changed after signing: body, path, query', async () => {
    await start();
    const body = await signed(api.url, { method: 'POST', path: '/users', body: '{"a":1}' });
    const tamperedBody = await fetch(body.url, { ...body.init, body: '{"a":2}' });
    expect([tamperedBody.status, await tamperedBody.json()]).toEqual([403, { message: MISMATCH }]);

    const path = await signed(api.url, { path: '/users/u1' });
    const otherPath = await fetch(path.url.replace('/u1', '/u2'), path.init);
    expect([otherPath.status, await otherPath.json()]).toEqual([403, { message: MISMATCH }]);

    const query = await signed(api.url, { path: '/users', query: { limit: '5' } });
    const otherQuery = await fetch(query.url.replace('limit=5', 'limit=6'), query.init);
    expect([otherQuery.status, await otherQuery.json()]).toEqual([403, { message: MISMATCH }]);

    // Untouched, the same requests pass.
    expect((await fetch(body.url, body.init)).status).toBe(200);
    expect((await fetch(path.url, path.init)).status).toBe(200);
    expect((await fetch(query.url, query.init)).status).toBe(200);
  });

  it.each([
    [
      'an unknown access key',
      { signWith: { accessKeyId: 'OTHER', secretAccessKey: 'x' } },
      'The security token included in the request is invalid.',
    ],
    ['another region', { region: 'us-east-1' }, 'Credential should be scoped to a valid region. '],
    [
      'another service',
      { service: 'lambda' },
      "Credential should be scoped to correct service: 'execute-api'. ",
    ],
  ])('refuses a signature with %s', async (_label, overrides, message) => {
    await start();
    const { url, init } = await signed(api.url, { path: '/users/u1', ...overrides });
    const response = await fetch(url, init);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ message });
  });

  it('refuses a signature more than 5 minutes old or ahead', async () => {
    await start({ clock: fixedClock('2026-01-01T00:10:00Z') });
    const old = await signed(api.url, { path: '/users/u1', date: new Date('2026-01-01T00:04:59Z') });
    expect(await (await fetch(old.url, old.init)).json()).toEqual({
      message:
        'Signature expired: 20260101T000459Z is now earlier than 20260101T000500Z (20260101T001000Z - 5 min.)',
    });
    const ahead = await signed(api.url, { path: '/users/u1', date: new Date('2026-01-01T00:15:01Z') });
    expect(await (await fetch(ahead.url, ahead.init)).json()).toEqual({
      message:
        'Signature not yet current: 20260101T001501Z is still later than 20260101T001500Z (20260101T001000Z + 5 min.)',
    });
    const recent = await signed(api.url, { path: '/users/u1', date: new Date('2026-01-01T00:06:00Z') });
    expect((await fetch(recent.url, recent.init)).status).toBe(200);
  });

  it('refuses an Authorization header that is not SigV4', async () => {
    await start();
    const response = await fetch(`${api.url}/users/u1`, { headers: { authorization: 'Bearer abc' } });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { message: string }).message).toMatch(
      /^Authorization header requires 'Credential' parameter\./,
    );
  });

  it('accepts every set of credentials a lookup knows (the developer’s and each function’s), and no other', async () => {
    const fnCredentials = { accessKeyId: 'ASIAFUNCTIONKEY00000', secretAccessKey: 'function-secret' };
    const known = [credentials, fnCredentials];
    await start({ credentials: (accessKeyId) => known.find((c) => c.accessKeyId === accessKeyId) });
    for (const signWith of known) {
      const request = await signed(api.url, { path: '/users/u1', signWith });
      expect((await fetch(request.url, request.init)).status).toBe(200);
      expect(invoker.last.requestContext.authorizer.iam.accessKey).toBe(signWith.accessKeyId);
    }
    const stranger = await signed(api.url, {
      path: '/users/u1',
      signWith: { accessKeyId: 'ASIASTRANGER', secretAccessKey: 'x' },
    });
    const refused = await fetch(stranger.url, stranger.init);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      message: 'The security token included in the request is invalid.',
    });
    const forged = await signed(api.url, {
      path: '/users/u1',
      signWith: { accessKeyId: fnCredentials.accessKeyId, secretAccessKey: 'guessed' },
    });
    expect(await (await fetch(forged.url, forged.init)).json()).toEqual({ message: MISMATCH });
  });

  it('needs the local credentials to start with IAM auth on', async () => {
    await expect(
      startHttpApi({ api: usersApi(), host: '127.0.0.1', invoker, iam: true, region: REGION }),
    ).rejects.toThrow(/needs the local credentials/);
    await start({ clock: systemClock });
  });
});
