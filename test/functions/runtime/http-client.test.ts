import { createHash, createHmac } from 'node:crypto';
import { z } from 'zod';
import { fixedClock } from '../../../functions/runtime/clock';
import {
  ApiClient,
  type ApiClientConfig,
  ApiError,
  CALL_ATTEMPTS,
  encodeRfc3986,
  expandPath,
  type FetchLike,
  InvalidResponseError,
} from '../../../functions/runtime/http-client';
import { UsersClient } from '../../../functions/users/generated/client';

const CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const NOW = '2026-11-22T14:00:00.000Z';
const BASE = 'https://abc123.execute-api.eu-west-1.amazonaws.com';

interface Sent {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
}

/** A fetch that records what it was sent and answers with the next canned response. */
function fakeFetch(
  ...responses: Array<{ status: number; body?: unknown; raw?: string; headers?: Record<string, string> }>
) {
  const sent: Sent[] = [];
  const fetch: FetchLike = async (url, init) => {
    sent.push({ url, method: init.method, headers: { ...init.headers }, body: init.body });
    const next = responses.shift() ?? { status: 200, body: {} };
    const text = next.raw ?? (next.body === undefined ? '' : JSON.stringify(next.body));
    return new Response(next.status === 204 ? null : text, {
      status: next.status,
      headers: { 'content-type': 'application/json', 'x-trace': 't-1', ...next.headers },
    });
  };
  return { fetch, sent };
}

function client(fetch: FetchLike, config: Partial<ApiClientConfig> = {}): ApiClient {
  return new ApiClient({
    baseUrlVariable: 'THINGS_API_URL',
    baseUrl: BASE,
    region: 'eu-west-1',
    credentials: CREDENTIALS,
    clock: fixedClock(NOW),
    fetch,
    ...config,
  });
}

const getThing = { id: 'getThing', method: 'GET', path: '/things/:id' } as const;
const createThing = { id: 'createThing', method: 'POST', path: '/things' } as const;
const thingSchema = z.object({ id: z.string(), size: z.int().default(1) });

// --- An independent SigV4 implementation (AWS General Reference, "Create a signed AWS API request") ---

const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** Recomputes the signature of what was actually sent (the Host header is the URL's). */
function expectedSignature(
  sent: Sent,
  secret: string,
  region: string,
): { signature: string; header: string } {
  const authorization = sent.headers.authorization ?? '';
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)?.[1] ?? '';
  const url = new URL(sent.url);
  const headers: Record<string, string> = { host: url.host };
  for (const [name, value] of Object.entries(sent.headers)) headers[name.toLowerCase()] = value;
  const amzDate = headers['x-amz-date'] ?? '';
  const day = amzDate.slice(0, 8);
  // API Gateway: each path segment is encoded once more in the canonical URI.
  const canonicalUri = url.pathname
    .split('/')
    .map((segment) => encodeRfc3986(segment))
    .join('/');
  const pairs = [...url.searchParams].map(([k, v]) => [encodeRfc3986(k), encodeRfc3986(v)] as const);
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const canonicalQuery = pairs.map(([k, v]) => `${k}=${v}`).join('&');
  const names = signedHeaders.split(';');
  const canonicalHeaders = names.map((name) => `${name}:${(headers[name] ?? '').trim()}\n`).join('');
  const canonicalRequest = [
    sent.method,
    canonicalUri,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    sha256(sent.body ?? ''),
  ].join('\n');
  const scope = `${day}/${region}/execute-api/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), 'execute-api'), 'aws4_request');
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  return {
    signature,
    header: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

describe('SigV4 signing', () => {
  it('signs a GET for execute-api: Authorization and X-Amz-Date present, signature verifies', async () => {
    const { fetch, sent } = fakeFetch({ status: 200, body: { id: 't-1' } });
    await client(fetch).fetchJson({ operation: getThing, path: { id: 't-1' } }, thingSchema);
    const [request] = sent;
    if (!request) throw new Error('nothing sent');
    expect(request.url).toBe(`${BASE}/things/t-1`);
    expect(request.headers['x-amz-date']).toBe('20261122T140000Z');
    expect(request.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20261122\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
    );
    expect(request.headers.authorization).toBe(
      expectedSignature(request, CREDENTIALS.secretAccessKey, 'eu-west-1').header,
    );
    expect(request.headers.host).toBeUndefined(); // fetch derives it from the URL, the value that was signed
    expect(request.headers.accept).toBe('application/json');
    expect(request.body).toBeUndefined();
  });

  it('signs bodies, queries, encoded path values, stage paths, ports and session tokens', async () => {
    const { fetch, sent } = fakeFetch({ status: 201, body: { id: 'a b/c' } });
    const api = client(fetch, {
      baseUrl: 'http://localhost:4010/prod/',
      region: 'us-east-1',
      credentials: async () => ({ ...CREDENTIALS, sessionToken: 'token+/=' }),
    });
    await api.fetchJson(
      {
        operation: { ...createThing, path: '/things/:id/parts' },
        path: { id: 'a b/c' },
        query: { tag: ['x y', 'ä'], limit: 5, flag: true, none: undefined, 'odd key': "it's" },
        body: { name: 'Zoë', list: [1, 2] },
      },
      z.object({ id: z.string() }),
    );
    const [request] = sent;
    if (!request) throw new Error('nothing sent');
    expect(request.url).toBe(
      'http://localhost:4010/prod/things/a%20b%2Fc/parts?flag=true&limit=5&odd%20key=it%27s&tag=x%20y&tag=%C3%A4',
    );
    expect(request.body).toBe('{"name":"Zoë","list":[1,2]}');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-amz-security-token']).toBe('token+/=');
    expect(request.headers.authorization).toBe(
      expectedSignature(request, CREDENTIALS.secretAccessKey, 'us-east-1').header,
    );
    expect(request.headers.authorization).toContain('x-amz-security-token');
  });

  it('changes the signature when anything signed changes', async () => {
    const { fetch, sent } = fakeFetch({ status: 200, body: { id: '1' } }, { status: 200, body: { id: '1' } });
    await client(fetch).fetchJson({ operation: getThing, path: { id: '1' } }, thingSchema);
    await client(fetch).fetchJson({ operation: getThing, path: { id: '2' } }, thingSchema);
    expect(sent[0]?.headers.authorization).not.toBe(sent[1]?.headers.authorization);
  });
});

describe('configuration', () => {
  it('reads the base URL and region from the environment, on the first call', async () => {
    const { fetch, sent } = fakeFetch({ status: 200, body: { id: '1' } });
    const api = new ApiClient({
      baseUrlVariable: 'THINGS_API_URL',
      env: { THINGS_API_URL: 'https://things.example.com/v1', AWS_REGION: 'eu-central-1' },
      credentials: CREDENTIALS,
      clock: fixedClock(NOW),
      fetch,
    });
    await api.fetchJson({ operation: getThing, path: { id: '1' } }, thingSchema);
    expect(sent[0]?.url).toBe('https://things.example.com/v1/things/1');
    expect(sent[0]?.headers.authorization).toContain('/eu-central-1/execute-api/');
  });

  it('says what is missing, without failing at construction', async () => {
    const { fetch } = fakeFetch();
    const noUrl = new ApiClient({
      baseUrlVariable: 'THINGS_API_URL',
      env: {},
      fetch,
      credentials: CREDENTIALS,
    });
    await expect(noUrl.fetchJson({ operation: getThing, path: { id: '1' } }, thingSchema)).rejects.toThrow(
      'no base URL: pass baseUrl or set THINGS_API_URL',
    );
    const noRegion = new ApiClient({
      baseUrlVariable: 'X',
      baseUrl: BASE,
      env: {},
      fetch,
      credentials: CREDENTIALS,
    });
    await expect(noRegion.fetchJson({ operation: getThing, path: { id: '1' } }, thingSchema)).rejects.toThrow(
      'no region',
    );
    await expect(client(fetch).fetchJson({ operation: getThing }, thingSchema)).rejects.toThrow(
      'path parameter id needs a value',
    );
  });

  it('expands and encodes paths', () => {
    expect(expandPath('/a/:x/b/:y_z', { x: 'é/?', y_z: 3 })).toBe('/a/%C3%A9%2F%3F/b/3');
    expect(encodeRfc3986("!'()*~-_.")).toBe('%21%27%28%29%2A~-_.');
  });
});

describe('responses', () => {
  it('parses a 2xx body with the schema (defaults applied, unknown keys stripped)', async () => {
    const { fetch } = fakeFetch({ status: 200, body: { id: '1', secret: 'x' } });
    await expect(
      client(fetch).fetchJson({ operation: getThing, path: { id: '1' } }, thingSchema),
    ).resolves.toEqual({
      id: '1',
      size: 1,
    });
  });

  it('turns a 404 into undefined when asked to', async () => {
    const { fetch } = fakeFetch({ status: 404, body: { code: 'not_found', messages: ['thing not found'] } });
    await expect(
      client(fetch).fetchOptional({ operation: getThing, path: { id: '1' } }, thingSchema),
    ).resolves.toBeUndefined();
  });

  it('throws an ApiError with the status and the generic_error body', async () => {
    const { fetch } = fakeFetch(
      { status: 409, body: { code: 'conflict', messages: ['version changed'] } },
      { status: 404, body: { code: 'not_found', messages: ['no such route'] } },
      { status: 502, raw: 'Bad Gateway' },
    );
    const api = client(fetch);
    const conflict = await api
      .fetchJson({ operation: createThing, body: {} }, thingSchema)
      .catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(ApiError);
    expect(conflict).toMatchObject({
      status: 409,
      code: 'conflict',
      messages: ['version changed'],
      operation: 'createThing',
    });
    expect((conflict as Error).message).toBe(
      'createThing failed with status 409: conflict (version changed)',
    );
    await expect(api.fetchEmpty({ operation: getThing, path: { id: '1' } })).rejects.toMatchObject({
      status: 404,
    });
    const gateway = await api
      .fetchJson({ operation: createThing, body: {} }, thingSchema)
      .catch((e: unknown) => e);
    expect(gateway).toMatchObject({ status: 502, body: undefined, messages: [] });
  });

  it('throws an InvalidResponseError for a 2xx that breaks the contract, naming fields not values', async () => {
    const { fetch } = fakeFetch(
      { status: 200, body: { id: 42, size: 'secret-value' } },
      { status: 200, raw: '{' },
    );
    const api = client(fetch);
    const invalid = await api
      .fetchJson({ operation: createThing, body: {} }, thingSchema)
      .catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(InvalidResponseError);
    expect((invalid as InvalidResponseError).problems).toEqual([
      'body.id: expected string, received number',
      'body.size: expected number, received string',
    ]);
    expect((invalid as Error).message).not.toContain('secret-value');
    await expect(api.fetchJson({ operation: createThing, body: {} }, thingSchema)).rejects.toThrow(
      'not valid JSON',
    );
  });

  it('returns raw responses from send, with lower-cased headers', async () => {
    const { fetch } = fakeFetch({ status: 204 });
    const response = await client(fetch).send({ operation: getThing, path: { id: '1' } });
    expect(response).toEqual({
      status: 204,
      headers: { 'content-type': 'application/json', 'x-trace': 't-1' },
      body: undefined,
    });
  });
});

describe('the generated UsersClient', () => {
  const user = {
    id: 'usr-1',
    name: { first: 'Ada' },
    status: 'active',
    version: 1,
    created_at: NOW,
    updated_at: NOW,
  };

  function users(...responses: Array<{ status: number; body?: unknown; headers?: Record<string, string> }>) {
    const { fetch, sent } = fakeFetch(...responses);
    return {
      sent,
      api: new UsersClient({
        baseUrl: BASE,
        region: 'eu-west-1',
        credentials: CREDENTIALS,
        fetch,
        clock: fixedClock(NOW),
      }),
    };
  }

  it('gets a user by id, or undefined when there is none', async () => {
    const { api, sent } = users({ status: 200, body: { ...user, email_hash: 'x' } }, { status: 404 });
    await expect(api.getUser('usr-1')).resolves.toEqual(user);
    await expect(api.getUser('usr-2')).resolves.toBeUndefined();
    expect(sent.map((s) => `${s.method} ${s.url}`)).toEqual([
      `GET ${BASE}/users/usr-1`,
      `GET ${BASE}/users/usr-2`,
    ]);
  });

  it('lists with query parameters, creates with a body, deletes', async () => {
    const { api, sent } = users(
      { status: 200, body: [user], headers: { 'x-next-cursor': 'page-2' } },
      { status: 200, body: [user] },
      { status: 201, body: user },
      { status: 204 },
      { status: 422, body: { code: 'validation_failed', messages: ['body.name: is required'] } },
    );
    await expect(api.listUsers({ limit: 10, email: 'a@b.c' })).resolves.toEqual({
      items: [user],
      cursor: 'page-2',
    });
    await expect(api.listUsers({ cursor: 'page-2' })).resolves.toEqual({ items: [user] });
    await expect(api.createUser({ name: { first: 'Ada' } })).resolves.toEqual(user);
    await expect(api.deleteUser('usr-1')).resolves.toBeUndefined();
    await expect(api.replaceUser('usr-1', { name: {} })).rejects.toMatchObject({
      status: 422,
      code: 'validation_failed',
    });
    expect(sent.map((s) => `${s.method} ${s.url} ${s.body ?? ''}`.trim())).toEqual([
      `GET ${BASE}/users?email=a%40b.c&limit=10`,
      `GET ${BASE}/users?cursor=page-2`,
      `POST ${BASE}/users {"name":{"first":"Ada"}}`,
      `DELETE ${BASE}/users/usr-1`,
      `PUT ${BASE}/users/usr-1 {"name":{}}`,
    ]);
    for (const request of sent) {
      expect(request.headers.authorization).toBe(
        expectedSignature(request, CREDENTIALS.secretAccessKey, 'eu-west-1').header,
      );
    }
  });

  it('reads its base URL from USERS_API_URL', async () => {
    const { fetch, sent } = fakeFetch({ status: 404 });
    const api = new UsersClient({
      env: { USERS_API_URL: 'https://users.example.com', AWS_REGION: 'eu-west-1' },
      credentials: CREDENTIALS,
      fetch,
    });
    await api.getUser('usr-1');
    expect(sent[0]?.url).toBe('https://users.example.com/users/usr-1');
  });
});

describe('retries and request headers', () => {
  it('sends a retryable call again after a 503 and a 429, and returns the answer that came', async () => {
    const { fetch, sent } = fakeFetch({ status: 503 }, { status: 429 }, { status: 200, body: { id: 't1' } });
    const thing = await client(fetch).fetchJson(
      { operation: getThing, path: { id: 't1' }, retry: true },
      thingSchema,
    );
    expect(thing).toEqual({ id: 't1', size: 1 });
    expect(sent).toHaveLength(3);
  });

  it('sends a retryable call again when it got no answer at all', async () => {
    let calls = 0;
    const flaky: FetchLike = async (url, init) => {
      calls += 1;
      if (calls === 1) throw new TypeError('fetch failed: ECONNRESET');
      return fakeFetch({ status: 200, body: { id: 't1' } }).fetch(url, init);
    };
    await expect(
      client(flaky).fetchJson({ operation: getThing, path: { id: 't1' }, retry: true }, thingSchema),
    ).resolves.toEqual({ id: 't1', size: 1 });
    expect(calls).toBe(2);
  });

  it(`gives up after ${CALL_ATTEMPTS} attempts with the last answer`, async () => {
    const { fetch, sent } = fakeFetch(
      { status: 503 },
      { status: 503 },
      { status: 503 },
      { status: 200, body: {} },
    );
    await expect(
      client(fetch).fetchJson({ operation: getThing, path: { id: 't1' }, retry: true }, thingSchema),
    ).rejects.toMatchObject({ status: 503 });
    expect(sent).toHaveLength(CALL_ATTEMPTS);
  });

  it('never sends a call that is not retryable twice, nor a retryable one after a 4xx or a 500', async () => {
    const once = fakeFetch({ status: 503 });
    await expect(
      client(once.fetch).fetchJson({ operation: createThing, body: {} }, thingSchema),
    ).rejects.toThrow();
    expect(once.sent).toHaveLength(1);
    const refused = fakeFetch({ status: 409, body: { code: 'conflict', messages: ['x'] } }, { status: 500 });
    await expect(
      client(refused.fetch).fetchJson({ operation: createThing, body: {}, retry: true }, thingSchema),
    ).rejects.toMatchObject({ status: 409 });
    expect(refused.sent).toHaveLength(1);
  });

  it('signs the extra headers it sends (If-Match, Idempotency-Key), the same on every attempt', async () => {
    const { fetch, sent } = fakeFetch({ status: 502 }, { status: 201, body: { id: 't1' } });
    await client(fetch).fetchJson(
      { operation: createThing, body: { size: 2 }, headers: { 'idempotency-key': 'k-1' }, retry: true },
      thingSchema,
    );
    expect(sent.map((s) => s.headers['idempotency-key'])).toEqual(['k-1', 'k-1']);
    expect(sent[0]?.headers.authorization).toMatch(/SignedHeaders=[^,]*idempotency-key/);
  });
});

describe('the generated UsersClient: conditional and idempotent calls', () => {
  const user = {
    id: 'usr-01KAAAAAAAAAAAAAAAAAAAAAAA',
    name: {},
    status: 'active',
    version: 2,
    created_at: NOW,
    updated_at: NOW,
  };

  it('sends If-Match with the version given to replace and delete', async () => {
    const { fetch, sent } = fakeFetch({ status: 200, body: user }, { status: 204 });
    const users = new UsersClient({ baseUrl: BASE, region: 'eu-west-1', credentials: CREDENTIALS, fetch });
    await users.replaceUser(user.id, { name: {} }, { ifMatch: 2 });
    await users.deleteUser(user.id, { ifMatch: 2 });
    expect(sent.map((s) => s.headers['if-match'])).toEqual(['"2"', '"2"']);
  });

  it('sends an Idempotency-Key with every create, the same on a retry, a new one per call', async () => {
    const created = { ...user, version: 1 };
    const { fetch, sent } = fakeFetch(
      { status: 503 },
      { status: 201, body: created },
      { status: 201, body: created },
    );
    const users = new UsersClient({ baseUrl: BASE, region: 'eu-west-1', credentials: CREDENTIALS, fetch });
    await users.createUser({ name: {} });
    await users.createUser({ name: {} }, { idempotencyKey: 'mine' });
    const keys = sent.map((s) => s.headers['idempotency-key']);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).toBe('mine');
  });
});

describe('the trace of the invocation', () => {
  const trace = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';

  it('goes on with every call, unsigned (API Gateway adds its own segment to the header)', async () => {
    const { fetch, sent } = fakeFetch({ status: 200, body: { id: 't1' } });
    await client(fetch, { env: { _X_AMZN_TRACE_ID: trace } }).fetchJson(
      { operation: getThing, path: { id: 't1' } },
      thingSchema,
    );
    expect(sent[0]?.headers['x-amzn-trace-id']).toBe(trace);
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(sent[0]?.headers.authorization ?? '')?.[1] ?? '';
    expect(signedHeaders).not.toBe('');
    expect(signedHeaders.split(';')).not.toContain('x-amzn-trace-id');
  });

  it('is read at each call: Lambda changes it with every invocation', async () => {
    const { fetch, sent } = fakeFetch(
      { status: 200, body: { id: 't1' } },
      { status: 200, body: { id: 't1' } },
    );
    const env: Record<string, string | undefined> = { _X_AMZN_TRACE_ID: trace };
    const api = client(fetch, { env });
    await api.fetchJson({ operation: getThing, path: { id: 't1' } }, thingSchema);
    env._X_AMZN_TRACE_ID = 'Root=1-00000001-000000000000000000000002';
    await api.fetchJson({ operation: getThing, path: { id: 't1' } }, thingSchema);
    expect(sent.map((request) => request.headers['x-amzn-trace-id'])).toEqual([
      trace,
      'Root=1-00000001-000000000000000000000002',
    ]);
  });

  it('is not sent outside a trace, nor when malformed (never echoed)', async () => {
    const { fetch, sent } = fakeFetch(
      { status: 200, body: { id: 't1' } },
      { status: 200, body: { id: 't1' } },
    );
    await client(fetch, { env: {} }).fetchJson({ operation: getThing, path: { id: 't1' } }, thingSchema);
    await client(fetch, { env: { _X_AMZN_TRACE_ID: 'Root=<script>' } }).fetchJson(
      { operation: getThing, path: { id: 't1' } },
      thingSchema,
    );
    expect(sent.map((request) => request.headers['x-amzn-trace-id'])).toEqual([undefined, undefined]);
  });
});
