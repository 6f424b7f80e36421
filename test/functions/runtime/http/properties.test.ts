/**
 * Property tests: malformed paths, queries, headers and bodies thrown at a router of a few operations
 * whose implementations never throw. Whatever arrives, the answer is never a 5xx, and every 4xx is a
 * generic_error.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import { httpHandler, httpRouter } from '../../../../functions/runtime/http';
import { anyString, expectWellFormed } from '../../support/http-properties';
import {
  apiEvent,
  createUser,
  getUserNote,
  IMPLEMENTATIONS,
  jsonEvent,
  OPERATIONS,
  recordingLogger,
} from './support';

const LIMIT = 256;
const { logger } = recordingLogger();
const router = httpRouter(OPERATIONS, IMPLEMENTATIONS, { logger, maxBodyBytes: LIMIT });

const percenty = fc.stringMatching(/^(?:%[0-9A-Fa-fGz]{0,2}|[a-z_0-9.+ &=;])*$/);

const segment = fc.oneof(
  fc.constantFrom(
    'users',
    'me',
    'notes',
    'usr_1',
    'usr_abc',
    '',
    '.',
    '..',
    '%',
    '%2F',
    '%2f',
    '%E0%A4%A',
    '%ED%A0%80',
    '%FF',
    '%00',
    '%zz',
    '%25',
    '%C3%A9',
    '__proto__',
  ),
  anyString,
  percenty,
);
const path = fc.oneof(
  fc.array(segment, { maxLength: 6 }).map((segments) => `/${segments.join('/')}`),
  segment.map((id) => `/users/${id}`),
  fc.tuple(segment, segment).map(([id, note]) => `/users/${id}/notes/${note}`),
  fc.constantFrom('/users', '/users/me', '/users/usr_1', '/users/a/notes/b', '/', '', '//', '/users/'),
  anyString,
);
const method = fc.oneof(
  fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'get', ''),
  anyString,
);
const queryKey = fc.oneof(
  fc.constantFrom('limit', 'offset', 'tag', 'q', 'active', '__proto__', 'constructor', 'toString'),
  anyString,
);
const queryValue = fc.oneof(
  fc.constantFrom(
    '',
    '0',
    '1',
    '100',
    '101',
    '-1',
    '1e2',
    '0x10',
    'NaN',
    'Infinity',
    'true',
    'false',
    '%',
    '%zz',
  ),
  fc.integer().map(String),
  fc.double().map(String),
  anyString,
  percenty,
);
const rawQueryString = fc.oneof(
  fc.constant(''),
  fc
    .array(fc.tuple(queryKey, queryValue), { maxLength: 6 })
    .map((pairs) => pairs.map(([key, value]) => `${key}=${value}`).join('&')),
  fc
    .array(fc.tuple(queryKey, queryValue), { maxLength: 6 })
    .map((pairs) => new URLSearchParams(pairs).toString()),
  anyString,
  percenty,
);
const contentType = fc.oneof(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'APPLICATION/JSON; charset="UTF-8"',
    'application/merge-patch+json',
    'application/+json',
    'application/json; charset=latin1',
    'application/json;;;',
    'text/plain',
    'text/json',
    'multipart/form-data; boundary=----',
    '',
  ),
  anyString,
  anyString.map((suffix) => `application/json;${suffix}`),
);
const headers = fc
  .tuple(fc.dictionary(anyString, anyString, { maxKeys: 4 }), fc.option(contentType), fc.boolean())
  .map(([extra, type, upper]) => {
    const out: Record<string, string> = { ...extra };
    if (type !== null) out[upper ? 'Content-Type' : 'content-type'] = type;
    return out;
  });
const validUser = fc.record({
  name: fc.string({ minLength: 1, maxLength: 50, unit: 'grapheme' }),
  email: fc.stringMatching(/^[a-z0-9]{1,10}@[a-z]{1,10}\.[a-z]{2,4}$/),
});
const userish = fc.oneof(
  validUser,
  fc.record(
    {
      name: fc.oneof(anyString, fc.jsonValue()),
      email: fc.oneof(fc.emailAddress(), anyString, fc.jsonValue()),
    },
    { requiredKeys: [] },
  ),
);
const body = fc.oneof(
  fc.constant(undefined),
  fc.constant(''),
  anyString,
  fc.jsonValue().map((value) => JSON.stringify(value)),
  userish.map((value) => JSON.stringify(value)),
  fc
    .tuple(userish, fc.jsonValue())
    .map(([value, extra]) => JSON.stringify({ ...value, extra, __proto__: extra })),
  fc.string({ minLength: LIMIT - 10, maxLength: LIMIT * 3 }),
  fc.uint8Array({ maxLength: LIMIT * 2 }).map((bytes) => Buffer.from(bytes).toString('base64')),
  userish.map((value) => Buffer.from(JSON.stringify(value)).toString('base64')),
  fc.constantFrom(
    'null',
    '[]',
    '{}',
    '"x"',
    '0',
    '{"name":',
    '\uFEFF{}',
    '{"a":1}{"b":2}',
    '='.repeat(8),
    'e30',
    'e30==',
  ),
);

const event: fc.Arbitrary<APIGatewayProxyEventV2> = fc
  .record({
    method,
    path,
    query: rawQueryString,
    headers,
    body,
    isBase64Encoded: fc.boolean(),
    queryStringParameters: fc.option(fc.dictionary(queryKey, queryValue, { maxKeys: 3 }), { nil: undefined }),
    pathParameters: fc.option(fc.dictionary(fc.constantFrom('id', 'note', 'x'), anyString, { maxKeys: 3 }), {
      nil: undefined,
    }),
  })
  .map((init) => apiEvent(init.method, init.path, init));

const jsonType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'Application/Problem+JSON',
  'application/json; charset="UTF-8"; v=1',
);

/** A request some route accepts, with one part made wrong. */
const nearMiss: fc.Arbitrary<APIGatewayProxyEventV2> = fc.oneof(
  fc
    .tuple(fc.constantFrom('POST /users', 'PUT /users/usr_1'), body, fc.boolean(), jsonType)
    .map(([route, given, base64, type]) => {
      const [verb = '', target = ''] = route.split(' ');
      return apiEvent(verb, target, {
        headers: { 'content-type': type },
        ...(given === undefined ? {} : { body: given }),
        isBase64Encoded: base64,
      });
    }),
  fc.tuple(userish, jsonType).map(([value, type]) =>
    apiEvent('POST', '/users', {
      headers: { 'content-type': type },
      body: Buffer.from(JSON.stringify(value)).toString('base64'),
      isBase64Encoded: true,
    }),
  ),
  fc.tuple(userish, headers, fc.boolean()).map(([value, h, base64]) =>
    apiEvent('POST', '/users', {
      headers: h,
      body: base64 ? Buffer.from(JSON.stringify(value)).toString('base64') : JSON.stringify(value),
      isBase64Encoded: base64,
    }),
  ),
  fc.tuple(segment, userish).map(([id, value]) => jsonEvent('PUT', `/users/${id}`, value)),
  rawQueryString.map((query) => apiEvent('GET', '/users', { query })),
  fc.tuple(segment, segment).map(([id, note]) => apiEvent('GET', `/users/${id}/notes/${note}`)),
);

describe('the router under malformed input', () => {
  it('never answers 5xx; every 4xx is a generic_error', async () => {
    await fc.assert(
      fc.asyncProperty(event, async (given) => {
        expectWellFormed(await router(given));
      }),
      { numRuns: 1000 },
    );
  });

  it('never answers 5xx to near misses of real routes', async () => {
    await fc.assert(
      fc.asyncProperty(nearMiss, async (given) => {
        expectWellFormed(await router(given));
      }),
      { numRuns: 1000 },
    );
  });

  it('never answers 5xx from a single-operation handler', async () => {
    const handlers = [getUserNote, createUser].map((operation) =>
      httpHandler(operation, IMPLEMENTATIONS[operation.id]!, { logger, maxBodyBytes: LIMIT }),
    );
    await fc.assert(
      fc.asyncProperty(event, fc.constantFrom(...handlers), async (given, handle) => {
        expectWellFormed(await handle(given));
      }),
      { numRuns: 500 },
    );
  });

  it('never echoes a value the client sent in a 4xx', async () => {
    const secret = fc.string({ minLength: 1, maxLength: 20 }).map((text) => `SECRET-${text}-VALUE`);
    await fc.assert(
      fc.asyncProperty(secret, fc.constantFrom('name', 'email', 'extra'), async (value, field) => {
        const results = await Promise.all([
          router(
            jsonEvent('POST', '/users', { [field]: value }, { query: `limit=${encodeURIComponent(value)}` }),
          ),
          router(jsonEvent('PUT', `/users/${encodeURIComponent(value)}`, { name: '', email: value })),
          router(
            apiEvent('GET', '/users', {
              query: new URLSearchParams({ limit: value, offset: value }).toString(),
            }),
          ),
        ]);
        for (const result of results) {
          expect(result.statusCode).toBe(422);
          expect(result.body).not.toContain('SECRET-');
        }
      }),
    );
  });

  it('answers whatever an implementation throws with the fixed 500 body', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything(),
          anyString.map((message) => new Error(message)),
          anyString.map((message) => new RangeError(message, { cause: message })),
        ),
        async (thrown) => {
          const failing = httpRouter(
            OPERATIONS,
            {
              ...IMPLEMENTATIONS,
              getMe: async () => {
                throw thrown;
              },
            },
            { logger },
          );
          const result = await failing(apiEvent('GET', '/users/me'));
          expect(result).toEqual({
            statusCode: 500,
            headers: { 'content-type': 'application/json' },
            body: '{"code":"internal_error","messages":["internal error"]}',
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
