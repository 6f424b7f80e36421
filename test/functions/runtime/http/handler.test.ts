import type { APIGatewayProxyEventV2, APIGatewayProxyHandlerV2 } from 'aws-lambda';
import { z } from 'zod';
import {
  DEFAULT_MAX_BODY_BYTES,
  type HttpResult,
  httpHandler,
  httpRouter,
} from '../../../../functions/runtime/http';
import type { OperationDescriptor, ParsedRequest } from '../../../../functions/runtime/operation';
import {
  apiEvent,
  bodyOf,
  createUser,
  getUser,
  getUserNote,
  IMPLEMENTATIONS,
  JSON_TYPE,
  jsonEvent,
  listUsers,
  OPERATIONS,
  recordingLogger,
} from './support';

const LIMIT = 1024;
const ada = { name: 'Ada', email: 'ada@example.com' };
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

interface Want {
  readonly status: number;
  /** The parsed JSON body; `undefined` for none. */
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

function routerWith(implementations = IMPLEMENTATIONS, operations = OPERATIONS) {
  const { logger, calls } = recordingLogger();
  return { handle: httpRouter(operations, implementations, { logger, maxBodyBytes: LIMIT }), calls };
}

function expectResult(result: HttpResult, want: Want): void {
  expect({ status: result.statusCode, body: bodyOf(result) }).toEqual({
    status: want.status,
    body: want.body,
  });
  if (want.body === undefined) {
    expect(result.body).toBeUndefined();
    expect(result.headers['content-type']).toBeUndefined();
  } else {
    expect(result.headers['content-type']).toBe('application/json');
  }
  if (want.headers) expect(result.headers).toEqual(expect.objectContaining(want.headers));
}

const error = (code: string, ...messages: string[]) => ({ code, messages });

describe('httpRouter', () => {
  const { handle } = routerWith();

  describe.each<[string, [string, APIGatewayProxyEventV2, Want][]]>([
    [
      'success',
      [
        [
          '200 with query defaults',
          apiEvent('GET', '/users'),
          { status: 200, body: { items: [], query: { limit: 20 } } },
        ],
        [
          '200 with query coerced, unknown keys stripped',
          apiEvent('GET', '/users', { query: 'limit=5&offset=10&active=true&q=a+b&utm=x' }),
          { status: 200, body: { items: [], query: { limit: 5, offset: 10, active: true, q: 'a b' } } },
        ],
        [
          '200 with one value of a list parameter',
          apiEvent('GET', '/users', { query: 'tag=a' }),
          { status: 200, body: { items: [], query: { limit: 20, tag: ['a'] } } },
        ],
        [
          '200 with a repeated list parameter',
          apiEvent('GET', '/users', { query: 'tag=a&tag=b%2Cc' }),
          { status: 200, body: { items: [], query: { limit: 20, tag: ['a', 'b,c'] } } },
        ],
        [
          '200 from queryStringParameters when there is no rawQueryString',
          apiEvent('GET', '/users', { queryStringParameters: { limit: '7' } }),
          { status: 200, body: { items: [], query: { limit: 7 } } },
        ],
        [
          '200 from a literal route over a parameter',
          apiEvent('GET', '/users/me'),
          { status: 200, body: { id: 'usr_me', ...ada } },
        ],
        [
          '200 with undeclared response fields stripped, header names lower-cased',
          apiEvent('GET', '/users/usr_1'),
          { status: 200, body: { id: 'usr_1', ...ada }, headers: { etag: '"1"' } },
        ],
        [
          '200 with percent-decoded path parameters',
          apiEvent('GET', '/users/a%20b/notes/%E2%9C%93%2F..'),
          { status: 200, body: { id: 'a b', note: '✓/..' } },
        ],
        [
          '201 with unknown body fields stripped',
          jsonEvent('POST', '/users', { ...ada, admin: true }),
          { status: 201, body: { id: 'usr_new', ...ada }, headers: { location: '/users/usr_new' } },
        ],
        [
          '201 with a charset and upper-case header names',
          apiEvent('POST', '/users', {
            headers: { 'Content-Type': 'application/json; charset=UTF-8' },
            body: JSON.stringify(ada),
          }),
          { status: 201, body: { id: 'usr_new', ...ada } },
        ],
        [
          '201 with a +json media type',
          jsonEvent('POST', '/users', ada, { headers: { 'content-type': 'application/vnd.users+json' } }),
          { status: 201, body: { id: 'usr_new', ...ada } },
        ],
        [
          '201 with a base64 body',
          apiEvent('POST', '/users', {
            headers: JSON_TYPE,
            body: b64(JSON.stringify({ name: 'Zoë ✓', email: 'zoe@example.com' })),
            isBase64Encoded: true,
          }),
          { status: 201, body: { id: 'usr_new', name: 'Zoë ✓', email: 'zoe@example.com' } },
        ],
        [
          '201 with a body of exactly the limit',
          jsonEvent('POST', '/users', `{"name":"Ada","email":"ada@example.com"${' '.repeat(LIMIT - 40)}}`),
          { status: 201, body: { id: 'usr_new', ...ada } },
        ],
        [
          '200 from PUT',
          jsonEvent('PUT', '/users/usr_1', ada),
          { status: 200, body: { id: 'usr_1', ...ada } },
        ],
        ['204 with no body', apiEvent('DELETE', '/users/usr_1'), { status: 204, body: undefined }],
        [
          '200 ignoring a body on an operation without one',
          apiEvent('GET', '/users/me', { headers: { 'content-type': 'text/plain' }, body: 'not json' }),
          { status: 200, body: { id: 'usr_me', ...ada } },
        ],
      ],
    ],
    [
      '400 malformed_json',
      [
        [
          'malformed JSON',
          jsonEvent('POST', '/users', '{"name":'),
          { status: 400, body: error('malformed_json', 'body: is not valid JSON') },
        ],
        [
          'a JSON prefix with trailing text',
          jsonEvent('POST', '/users', '{} x'),
          { status: 400, body: error('malformed_json', 'body: is not valid JSON') },
        ],
        [
          'malformed base64',
          apiEvent('POST', '/users', { headers: JSON_TYPE, body: 'e30=!', isBase64Encoded: true }),
          { status: 400, body: error('malformed_json', 'body: is not valid base64') },
        ],
        [
          'base64 of invalid UTF-8',
          apiEvent('POST', '/users', {
            headers: JSON_TYPE,
            body: Buffer.from([0x7b, 0xff, 0x7d]).toString('base64'),
            isBase64Encoded: true,
          }),
          { status: 400, body: error('malformed_json', 'body: is not valid JSON') },
        ],
        [
          'malformed JSON on a path that is also invalid (the envelope first)',
          jsonEvent('PUT', '/users/BAD', '{'),
          { status: 400, body: error('malformed_json', 'body: is not valid JSON') },
        ],
      ],
    ],
    [
      '404 not_found',
      [
        [
          'an unknown path',
          apiEvent('GET', '/orders'),
          { status: 404, body: error('not_found', 'no such route') },
        ],
        [
          'a trailing slash',
          apiEvent('GET', '/users/'),
          { status: 404, body: error('not_found', 'no such route') },
        ],
        [
          'a malformed %-sequence in a parameter',
          apiEvent('GET', '/users/%E0%A4%A/notes/x'),
          { status: 404, body: error('not_found', 'no such route') },
        ],
        ['an empty path', apiEvent('GET', ''), { status: 404, body: error('not_found', 'no such route') }],
      ],
    ],
    [
      '405 method_not_allowed',
      [
        [
          'a collection',
          apiEvent('PATCH', '/users'),
          {
            status: 405,
            body: error('method_not_allowed', 'method not allowed; allowed: GET, POST'),
            headers: { allow: 'GET, POST' },
          },
        ],
        [
          'an item',
          jsonEvent('POST', '/users/usr_1', ada),
          {
            status: 405,
            body: error('method_not_allowed', 'method not allowed; allowed: DELETE, GET, PUT'),
            headers: { allow: 'DELETE, GET, PUT' },
          },
        ],
      ],
    ],
    [
      '413 payload_too_large',
      [
        [
          'one byte over',
          jsonEvent('POST', '/users', `{"name":"Ada","email":"ada@example.com"${' '.repeat(LIMIT - 39)}}`),
          { status: 413, body: error('payload_too_large', `body: must be at most ${LIMIT} bytes`) },
        ],
        [
          'over in UTF-8 bytes though not in characters',
          jsonEvent('POST', '/users', { name: 'é'.repeat(LIMIT / 2), email: 'a@b.co' }),
          { status: 413, body: error('payload_too_large', `body: must be at most ${LIMIT} bytes`) },
        ],
        [
          'over once base64-decoded',
          apiEvent('POST', '/users', {
            headers: JSON_TYPE,
            body: b64(' '.repeat(LIMIT + 1)),
            isBase64Encoded: true,
          }),
          { status: 413, body: error('payload_too_large', `body: must be at most ${LIMIT} bytes`) },
        ],
      ],
    ],
    [
      '415 unsupported_media_type',
      [
        [
          'no content-type',
          apiEvent('POST', '/users', { body: JSON.stringify(ada) }),
          { status: 415, body: error('unsupported_media_type', 'content-type: must be application/json') },
        ],
        [
          'text/plain',
          apiEvent('POST', '/users', {
            headers: { 'content-type': 'text/plain' },
            body: JSON.stringify(ada),
          }),
          { status: 415, body: error('unsupported_media_type', 'content-type: must be application/json') },
        ],
        [
          'a form',
          apiEvent('POST', '/users', {
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: 'name=Ada',
          }),
          { status: 415, body: error('unsupported_media_type', 'content-type: must be application/json') },
        ],
        [
          'a charset other than UTF-8',
          jsonEvent('POST', '/users', ada, {
            headers: { 'content-type': 'application/json; charset=latin1' },
          }),
          { status: 415, body: error('unsupported_media_type', 'content-type: must be application/json') },
        ],
      ],
    ],
    [
      '422 validation_failed',
      [
        [
          'a query value over its maximum',
          apiEvent('GET', '/users', { query: 'limit=1000' }),
          { status: 422, body: error('validation_failed', 'query.limit: must be <= 100') },
        ],
        [
          'a query value that is not a number',
          apiEvent('GET', '/users', { query: 'limit=ten&offset=0x10' }),
          {
            status: 422,
            body: error(
              'validation_failed',
              'query.limit: expected number, received string',
              'query.offset: must match /^-?\\d+$/',
            ),
          },
        ],
        [
          'an empty query value coerced to 0',
          apiEvent('GET', '/users', { query: 'limit=' }),
          { status: 422, body: error('validation_failed', 'query.limit: must be >= 1') },
        ],
        [
          'a scalar query parameter given twice',
          apiEvent('GET', '/users', { query: 'limit=1&limit=2&q=a&q=b' }),
          {
            status: 422,
            body: error(
              'validation_failed',
              'query.limit: expected number, received array',
              'query.q: expected string, received array',
            ),
          },
        ],
        [
          'an enum query value',
          apiEvent('GET', '/users', { query: 'active=yes' }),
          { status: 422, body: error('validation_failed', 'query.active: must be one of "true", "false"') },
        ],
        [
          'a path parameter',
          apiEvent('GET', '/users/BAD'),
          { status: 422, body: error('validation_failed', 'path.id: must match /^usr_[a-z0-9]+$/') },
        ],
        [
          'a missing body',
          apiEvent('POST', '/users', { headers: JSON_TYPE }),
          { status: 422, body: error('validation_failed', 'body: is required') },
        ],
        [
          'an empty body, whatever its content-type',
          apiEvent('POST', '/users', { headers: { 'content-type': 'text/plain' }, body: '' }),
          { status: 422, body: error('validation_failed', 'body: is required') },
        ],
        [
          'missing fields',
          jsonEvent('POST', '/users', {}),
          {
            status: 422,
            body: error('validation_failed', 'body.name: is required', 'body.email: is required'),
          },
        ],
        [
          'invalid fields',
          jsonEvent('POST', '/users', { name: '', email: 'not-an-email' }),
          {
            status: 422,
            body: error(
              'validation_failed',
              'body.name: must have at least 1 character',
              'body.email: must be a valid email',
            ),
          },
        ],
        [
          'a body of the wrong type',
          jsonEvent('POST', '/users', [ada]),
          { status: 422, body: error('validation_failed', 'body: expected object, received array') },
        ],
        [
          'a JSON null body',
          jsonEvent('POST', '/users', 'null'),
          { status: 422, body: error('validation_failed', 'body: expected object, received null') },
        ],
        [
          'path and body problems together',
          jsonEvent('PUT', '/users/BAD', { name: 'Ada' }),
          {
            status: 422,
            body: error(
              'validation_failed',
              'path.id: must match /^usr_[a-z0-9]+$/',
              'body.email: is required',
            ),
          },
        ],
      ],
    ],
  ])('%s', (_group, cases) => {
    it.each(cases)('%s', async (_label, event, want) => {
      expectResult(await handle(event), want);
    });
  });

  it('never echoes input values in 422 messages', async () => {
    const secret = 'zz-secret-value';
    const result = await handle(
      jsonEvent('POST', '/users', { name: secret.repeat(10), email: secret }, { query: `limit=${secret}` }),
    );
    expect(result.statusCode).toBe(422);
    expect(result.body).not.toContain(secret);
  });

  it('accepts a body of the default limit, 1 MiB, and refuses one byte more', async () => {
    const handleDefault = httpRouter([createUser], { createUser: IMPLEMENTATIONS.createUser! });
    const json = JSON.stringify(ada);
    const padded = (size: number) => `${json.slice(0, -1)}${' '.repeat(size - json.length)}}`;
    expect(DEFAULT_MAX_BODY_BYTES).toBe(1024 * 1024);
    const atLimit = await handleDefault(jsonEvent('POST', '/users', padded(DEFAULT_MAX_BODY_BYTES)));
    const over = await handleDefault(jsonEvent('POST', '/users', padded(DEFAULT_MAX_BODY_BYTES + 1)));
    expect([atLimit.statusCode, over.statusCode]).toEqual([201, 413]);
  });

  it('gives the implementation parsed parts, lower-cased headers and the request id', async () => {
    const seen: ParsedRequest[] = [];
    const { handle: spying } = routerWith({
      ...IMPLEMENTATIONS,
      replaceUser: async (request) => {
        seen.push(request);
        return { status: 200, body: { id: 'usr_1', ...ada } };
      },
    });
    await spying(
      jsonEvent(
        'PUT',
        '/users/usr_1',
        { ...ada, extra: 1 },
        { headers: { 'X-Trace': 't', 'If-Match': '"3"' } },
      ),
    );
    expect(seen).toEqual([
      {
        operation: OPERATIONS.find((operation) => operation.id === 'replaceUser'),
        path: { id: 'usr_1' },
        query: {},
        body: ada,
        headers: {
          host: 'api.example.com',
          'content-type': 'application/json',
          'x-trace': 't',
          'if-match': '"3"',
        },
        requestId: 'req-1',
      },
    ]);
  });

  it('logs a 4xx at debug with the ids and the code, never the input', async () => {
    const { handle: logged, calls } = routerWith();
    await logged(jsonEvent('POST', '/users', { name: '', email: 'ada@example.com' }, { requestId: 'req-9' }));
    expect(calls).toEqual([
      {
        level: 'debug',
        input: {
          message: 'request refused',
          request_id: 'req-9',
          aws_request_id: undefined,
          operation_id: 'createUser',
          status: 422,
          code: 'validation_failed',
        },
      },
    ]);
  });

  describe('500 internal_error', () => {
    const INTERNAL = error('internal_error', 'internal error');
    const email = 'grace@example.com';

    it.each<[string, (request: ParsedRequest) => Promise<never>]>([
      [
        'an Error carrying input values',
        async (request) => {
          const thrown = new Error(`cannot create ${JSON.stringify(request.body)}`);
          Object.assign(thrown, { email, input: request.body });
          throw thrown;
        },
      ],
      [
        'a TypeError with a cause',
        async (request) => {
          throw new TypeError(`bad ${JSON.stringify(request.body)}`, { cause: new Error(email) });
        },
      ],
      [
        'a string',
        async () => {
          throw `failed for ${email}`;
        },
      ],
      [
        'a plain object',
        async (request) => {
          throw { email, body: request.body };
        },
      ],
      [
        'undefined',
        async () => {
          throw undefined;
        },
      ],
      [
        'an explicit internalError with a cause',
        async () => {
          const { internalError } = await import('../../../../functions/runtime/errors');
          throw internalError(new Error(email));
        },
      ],
    ])('never leaks %s: fixed body, logged with the request id', async (_label, fail) => {
      const { handle: failing, calls } = routerWith({ ...IMPLEMENTATIONS, createUser: fail });
      const result = await failing(
        jsonEvent('POST', '/users', { name: 'Grace Hopper', email }, { requestId: 'req-500' }),
        { awsRequestId: 'lambda-1' } as never,
      );
      expectResult(result, { status: 500, body: INTERNAL });
      for (const leak of [email, 'Grace', 'cannot create', 'bad', 'failed for', 'stack', 'at ', '.ts']) {
        expect(result.body).not.toContain(leak);
      }
      expect(calls).toEqual([
        {
          level: 'error',
          input: expect.objectContaining({
            message: 'request failed',
            request_id: 'req-500',
            aws_request_id: 'lambda-1',
            operation_id: 'createUser',
          }),
        },
      ]);
    });

    it.each<[string, (request: ParsedRequest) => Promise<never>]>([
      ['an undeclared status', async () => ({ status: 200, body: { id: 'usr_1', ...ada } }) as never],
      ['a body that breaks its schema', async () => ({ status: 201, body: { id: 1, name: 'Ada' } }) as never],
      ['no body where one is declared', async () => ({ status: 201 }) as never],
      ['no result at all', async () => undefined as never],
    ])('answers %s with a 500 and logs the problems', async (_label, implementation) => {
      const { handle: broken, calls } = routerWith({ ...IMPLEMENTATIONS, createUser: implementation });
      const result = await broken(jsonEvent('POST', '/users', ada));
      expectResult(result, { status: 500, body: INTERNAL });
      expect(calls).toHaveLength(1);
      expect(calls[0]).toEqual({
        level: 'error',
        input: expect.objectContaining({ message: 'request failed' }),
      });
    });

    it.each<[string, z.ZodType, unknown]>([
      ['a BigInt', z.object({ n: z.bigint() }), { n: 1n }],
      ['a function', z.custom<() => void>(), () => undefined],
    ])('answers a body JSON cannot write (%s) with a 500', async (_label, schema, body) => {
      const operation = { ...createUser, responses: { 201: schema } };
      const { handle: broken, calls } = routerWith({ createUser: async () => ({ status: 201, body }) }, [
        operation,
      ]);
      expectResult(await broken(jsonEvent('POST', '/users', ada)), { status: 500, body: INTERNAL });
      expect(calls.map((call) => call.level)).toEqual(['error']);
    });

    it('refuses a unit response with a body, naming the problem in the log', async () => {
      const { handle: broken, calls } = routerWith({
        ...IMPLEMENTATIONS,
        deleteUser: async () => ({ status: 204, body: { id: 'usr_1' } }),
      });
      expectResult(await broken(apiEvent('DELETE', '/users/usr_1')), { status: 500, body: INTERNAL });
      expect(calls[0]?.input).toEqual(
        expect.objectContaining({ status: 204, problems: ['body: must be absent (unit response)'] }),
      );
    });

    it('logs which response fields break the schema, without their values', async () => {
      const { handle: broken, calls } = routerWith({
        ...IMPLEMENTATIONS,
        createUser: async () => ({ status: 201, body: { id: 'usr_1', name: 'Ada', email: 42 } }),
      });
      await broken(jsonEvent('POST', '/users', ada));
      expect(calls[0]?.input).toEqual(
        expect.objectContaining({ status: 201, problems: ['body.email: expected string'] }),
      );
    });

    it('still answers when the logger throws', async () => {
      const throwing = () => {
        throw new Error('logger down');
      };
      const handleAnyway = httpRouter(
        OPERATIONS,
        {
          ...IMPLEMENTATIONS,
          createUser: async () => {
            throw new Error('boom');
          },
        },
        { logger: { debug: throwing, error: throwing } },
      );
      expect((await handleAnyway(jsonEvent('POST', '/users', ada))).statusCode).toBe(500);
      expect((await handleAnyway(apiEvent('GET', '/nope'))).statusCode).toBe(404);
    });
  });

  it.each<[string, () => unknown, RegExp]>([
    ['a missing implementation', () => httpRouter([getUser], {}), /no implementation for getUser/],
    [
      'an implementation without an operation',
      () => httpRouter([getUser], { getUser: IMPLEMENTATIONS.getUser!, getUsr: IMPLEMENTATIONS.getUser! }),
      /getUsr matches no operation/,
    ],
    [
      'a duplicate operation id',
      () => httpRouter([getUser, { ...getUser, path: '/people/:id' }], { getUser: IMPLEMENTATIONS.getUser! }),
      /two operations have the id getUser/,
    ],
    [
      'a duplicate route',
      () =>
        httpRouter([getUser, { ...getUser, id: 'getUser2', path: '/users/:userId' }], {
          getUser: IMPLEMENTATIONS.getUser!,
          getUser2: IMPLEMENTATIONS.getUser!,
        }),
      /two routes for GET/,
    ],
    [
      'a negative body limit',
      () => httpRouter([getUser], { getUser: IMPLEMENTATIONS.getUser! }, { maxBodyBytes: -1 }),
      /maxBodyBytes/,
    ],
    [
      'a fractional body limit',
      () => httpHandler(getUser, IMPLEMENTATIONS.getUser!, { maxBodyBytes: 1.5 }),
      /maxBodyBytes/,
    ],
  ])('refuses %s at construction', (_label, build, want) => {
    expect(build).toThrow(want);
  });
});

describe('httpHandler', () => {
  it('is an APIGatewayProxyHandlerV2', () => {
    const handler: APIGatewayProxyHandlerV2 = httpHandler(getUser, IMPLEMENTATIONS.getUser!);
    expect(typeof handler).toBe('function');
  });

  it('accepts an implementation typed with its operation’s own types', async () => {
    const typed = async (request: ParsedRequest<{ id: string; note: string }>) => ({
      status: 200,
      body: { id: request.path.id.toUpperCase(), note: request.path.note },
    });
    const handle = httpHandler(getUserNote, typed);
    const result = await handle(apiEvent('GET', '/x', { pathParameters: { id: 'a', note: 'b' } }));
    expect(bodyOf(result)).toEqual({ id: 'A', note: 'b' });
  });

  it.each<[string, APIGatewayProxyEventV2, Want]>([
    [
      'API Gateway’s pathParameters, as they are (already decoded, not decoded again)',
      apiEvent('GET', '/users/a%2520b/notes/x', { pathParameters: { id: 'a%20b', note: '100%' } }),
      { status: 200, body: { id: 'a%20b', note: '100%' } },
    ],
    [
      'only the operation’s own parameters',
      apiEvent('GET', '/stage/users/a/notes/b', { pathParameters: { id: 'a', note: 'b', proxy: 'x' } }),
      { status: 200, body: { id: 'a', note: 'b' } },
    ],
    [
      'rawPath matched and decoded when there are no pathParameters',
      apiEvent('GET', '/users/a%20b/notes/%E2%9C%93'),
      { status: 200, body: { id: 'a b', note: '✓' } },
    ],
    [
      '404 when there are no pathParameters and rawPath does not match',
      apiEvent('GET', '/users/a'),
      { status: 404, body: error('not_found', 'no such route') },
    ],
    [
      '404 when rawPath has a malformed %-sequence',
      apiEvent('GET', '/users/%ZZ/notes/x'),
      { status: 404, body: error('not_found', 'no such route') },
    ],
    [
      '422 when a parameter is missing from pathParameters',
      apiEvent('GET', '/users/a/notes/b', { pathParameters: { id: 'a' } }),
      { status: 422, body: error('validation_failed', 'path.note: is required') },
    ],
    [
      'the method unchecked (API Gateway routed it)',
      apiEvent('POST', '/users/a/notes/b', { pathParameters: { id: 'a', note: 'b' } }),
      { status: 200, body: { id: 'a', note: 'b' } },
    ],
  ])('uses %s', async (_label, event, want) => {
    const { logger } = recordingLogger();
    const handle = httpHandler(getUserNote, IMPLEMENTATIONS.getUserNote!, { logger });
    expectResult(await handle(event), want);
  });

  it.each<[OperationDescriptor, APIGatewayProxyEventV2, Want]>([
    [
      listUsers,
      apiEvent('GET', '/users', { query: 'limit=0' }),
      {
        status: 422,
        body: error('validation_failed', 'query.limit: must be >= 1'),
      },
    ],
    [createUser, jsonEvent('POST', '/users', ada), { status: 201, body: { id: 'usr_new', ...ada } }],
    [
      createUser,
      jsonEvent('POST', '/users', 'x'),
      { status: 400, body: error('malformed_json', 'body: is not valid JSON') },
    ],
  ])('serves %o like the router', async (operation, event, want) => {
    const { logger } = recordingLogger();
    const handle = httpHandler(operation, IMPLEMENTATIONS[operation.id]!, { logger });
    expectResult(await handle(event), want);
  });

  it('validates with async refinements', async () => {
    const operation: OperationDescriptor = {
      ...createUser,
      body: z.object({ name: z.string().refine(async (name) => name !== 'taken', 'is taken') }),
      responses: { 201: z.object({ ok: z.boolean() }) },
    };
    const { logger } = recordingLogger();
    const handle = httpHandler(operation, async () => ({ status: 201, body: { ok: true } }), { logger });
    expect((await handle(jsonEvent('POST', '/users', { name: 'free' }))).statusCode).toBe(201);
    expectResult(await handle(jsonEvent('POST', '/users', { name: 'taken' })), {
      status: 422,
      body: error('validation_failed', 'body.name: is taken'),
    });
  });
});

describe('values the schema accepts but DynamoDB would refuse', () => {
  const saveDocument: OperationDescriptor = {
    id: 'saveDocument',
    service: 'documents',
    resource: 'document',
    method: 'POST',
    path: '/documents',
    pathParameters: z.object({}),
    queryParameters: z.object({}),
    body: z.object({ title: z.string(), data: z.json(), score: z.number().optional() }),
    responses: { 201: z.object({ ok: z.boolean() }) },
    successStatus: 201,
    auth: 'iam',
  };
  const handler = httpHandler(saveDocument, async () => ({ status: 201, body: { ok: true } }), {
    logger: recordingLogger().logger,
  });
  const post = (text: string) => handler(apiEvent('POST', '/documents', { body: text, headers: JSON_TYPE }));

  it.each([
    [
      'a whole number beyond 2^53',
      '{"title":"t","data":{"n":1e20}}',
      'body.data.n: must be between -9007199254740991 and 9007199254740991',
    ],
    [
      'a tiny magnitude',
      '{"title":"t","data":[1e-200]}',
      'body.data[0]: must be 0 or at least 1e-130 in magnitude',
    ],
    [
      'an unsafe number field',
      '{"title":"t","data":1,"score":12345678901234567890}',
      'body.score: must be between -9007199254740991 and 9007199254740991',
    ],
    ['an empty key', '{"title":"t","data":{"":1}}', 'body.data: must not have an empty key'],
    [
      'a __proto__ key',
      '{"title":"t","data":{"__proto__":{"admin":true}}}',
      'body.data: must not have the key "__proto__"',
    ],
  ])('%s is a 422 naming the field', async (_title, text, message) => {
    const result = await post(text);
    expect(result.statusCode).toBe(422);
    expect(bodyOf(result)).toEqual({ code: 'validation_failed', messages: [message] });
  });

  it('an unknown field with such a value is stripped, not refused', async () => {
    expect((await post('{"title":"t","data":1,"extra":1e20}')).statusCode).toBe(201);
  });
});
