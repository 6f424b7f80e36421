/**
 * Property tests over the reference services: malformed paths, queries, headers and bodies thrown at
 * every operation of users, orders and notifications through one `httpRouter` (and through each
 * operation's own handler, as API Gateway invokes it). Every service runs its generated
 * implementations (`implementationsWith(deps)`: the standard operations and orders' written ones)
 * over repositories whose DynamoDB (mocked) holds nothing; orders ask the generated fake users
 * service (`fakeUsers`), in which only one user exists. Whatever arrives: never a 5xx, every 4xx a generic_error, and a well-formed
 * request always succeeds.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { implementationsWith as notificationsImplementations } from '../../../functions/notifications/generated/implementations';
import { OPERATIONS as NOTIFICATION_OPERATIONS } from '../../../functions/notifications/generated/operations';
import { createNotificationsDeps } from '../../../functions/notifications/generated/service';
import { lineItemsTotal } from '../../../functions/orders/domain/total';
import { implementationsWith as ordersImplementations } from '../../../functions/orders/generated/implementations';
import { OPERATIONS as ORDER_OPERATIONS } from '../../../functions/orders/generated/operations';
import { createOrdersDeps } from '../../../functions/orders/generated/service';
import { testClock } from '../../../functions/runtime/clock';
import {
  httpHandler,
  httpRouter,
  type Implementation,
  MAX_BODY_DEPTH,
} from '../../../functions/runtime/http';
import type { OperationDescriptor } from '../../../functions/runtime/operation';
import { createDocumentClient } from '../../../functions/runtime/service-environment';
import { implementationsWith as usersImplementations } from '../../../functions/users/generated/implementations';
import { OPERATIONS as USER_OPERATIONS } from '../../../functions/users/generated/operations';
import { createUsersDeps } from '../../../functions/users/generated/service';
import { userFormArbitrary } from '../../../functions/users/generated/testing/arbitraries';
import { fakeUsers } from '../../../functions/users/generated/testing/fake';
import { apiEvent, recordingLogger } from '../support/api-event';
import { anyString, expectWellFormed } from '../support/http-properties';

const ddb = mockClient(DynamoDBDocumentClient);

const LIMIT = 512;
const ORDER_ID = 'ord-01KAAAAAAAAAAAAAAAAAAAAAAA';
const NOTIFICATION_ID = 'ntf-01KAAAAAAAAAAAAAAAAAAAAAAA';
const NOW = '2026-01-01T00:00:00.000Z';

const client = createDocumentClient(new DynamoDBClient({ region: 'local' }));
const clock = testClock(NOW);
const { logger, calls } = recordingLogger();

/** The users service as orders ask it: a fake in which only USER_ID exists. */
const users = fakeUsers({ clock, seed: { user: [{ name: {}, status: 'active' }] } });
const USER_ID = users.seeded.user[0]?.id ?? '';

const IMPLEMENTATIONS: Readonly<Record<string, Implementation>> = {
  ...usersImplementations(createUsersDeps({ client, tableName: 'users', clock, logger })),
  ...notificationsImplementations(
    createNotificationsDeps({ client, tableName: 'notifications', clock, logger }),
  ),
  ...ordersImplementations(
    createOrdersDeps({ client, tableName: 'orders', clock, logger, clients: { users: users.client } }),
  ),
};
const OPERATIONS: readonly OperationDescriptor[] = [
  ...USER_OPERATIONS,
  ...ORDER_OPERATIONS,
  ...NOTIFICATION_OPERATIONS,
];
/** A small body limit, so that generated bodies cross it often. */
const router = httpRouter(OPERATIONS, IMPLEMENTATIONS, { logger, maxBodyBytes: LIMIT });
/** The deployed limit (1 MiB), for well-formed requests. */
const fullRouter = httpRouter(OPERATIONS, IMPLEMENTATIONS, { logger });
const handlers = OPERATIONS.map((operation) => {
  const implementation = IMPLEMENTATIONS[operation.id];
  if (implementation === undefined) throw new Error(`no implementation for ${operation.id}`);
  return httpHandler(operation, implementation, { logger, maxBodyBytes: LIMIT });
});

beforeEach(() => {
  ddb.reset();
  // An empty table: no item, no page, every write accepted.
  ddb.onAnyCommand().resolves({});
  calls.length = 0;
});

afterEach(() => {
  // A 500 is logged at error level: none may have happened.
  expect(calls.filter((call) => call.level === 'error')).toEqual([]);
});

// ---- arbitraries -------------------------------------------------------------------------------

/** Strings that have a UTF-8 form (no lone surrogates). */
const wellFormedString = anyString.filter((s) => s.isWellFormed());
const percenty = fc.stringMatching(/^(?:%[0-9A-Fa-fGz]{0,2}|[a-z_0-9.+ &=;-])*$/);

const segment = fc.oneof(
  fc.constantFrom(
    'users',
    'orders',
    'notifications',
    USER_ID,
    ORDER_ID,
    NOTIFICATION_ID,
    'usr-',
    'usr-1',
    '',
    '.',
    '..',
    '%',
    '%2F',
    '%E0%A4%A',
    '%ED%A0%80',
    '%FF',
    '%00',
    '%zz',
    '__proto__',
    'constructor',
    'x'.repeat(3000),
  ),
  anyString,
  percenty,
);
const service = fc.constantFrom('users', 'orders', 'notifications');
const path = fc.oneof(
  fc.array(segment, { maxLength: 5 }).map((segments) => `/${segments.join('/')}`),
  fc.tuple(service, segment).map(([name, id]) => `/${name}/${id}`),
  service.map((name) => `/${name}`),
  fc.constantFrom('/', '', '//', '/users/', `/users/${USER_ID}/`, '/Users', '/users//x'),
  anyString,
);
const method = fc.oneof(
  fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'get', ''),
  anyString,
);
const queryKey = fc.oneof(
  fc.constantFrom('limit', 'cursor', 'email', 'order_id', 'user_id', '__proto__', 'constructor'),
  anyString,
);
const queryValue = fc.oneof(
  fc.constantFrom('', '0', '1', '25', '100', '101', '-1', '1e2', '0x10', 'NaN', 'Infinity', '%', '%zz'),
  fc.constantFrom('eyJwayI6InVzci0xIn0', 'e30', 'x'.repeat(9000), `${'a'.repeat(260)}@example.com`),
  fc.integer().map(String),
  fc.double().map(String),
  anyString,
  percenty,
);
const rawQueryString = fc.oneof(
  fc.constant(''),
  fc
    .array(fc.tuple(queryKey, queryValue), { maxLength: 5 })
    .map((pairs) => pairs.map(([key, value]) => `${key}=${value}`).join('&')),
  fc
    .array(fc.tuple(queryKey, queryValue), { maxLength: 5 })
    .map((pairs) => new URLSearchParams(pairs).toString()),
  anyString,
  percenty,
);
const contentType = fc.oneof(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'APPLICATION/JSON; charset="UTF-8"',
    'application/vnd.api+json',
    'application/json; charset=latin1',
    'text/plain',
    '',
  ),
  anyString,
);
const headers = fc
  .tuple(fc.dictionary(anyString, anyString, { maxKeys: 3 }), fc.option(contentType), fc.boolean())
  .map(([extra, type, upper]) => {
    const out: Record<string, string> = { ...extra };
    if (type !== null) out[upper ? 'Content-Type' : 'content-type'] = type;
    return out;
  });

const text = fc.oneof(fc.string({ maxLength: 30 }), anyString);
/** Any user form the users spec accepts (its generated arbitrary: emails of its `email` format). */
const validUserForm = userFormArbitrary;
const userish = fc.oneof(
  validUserForm,
  fc.record(
    {
      email: fc.oneof(text, fc.jsonValue(), fc.string({ minLength: 255, maxLength: 300 })),
      name: fc.oneof(
        fc.record(
          { first: fc.oneof(text, fc.jsonValue()), last: fc.oneof(text, fc.jsonValue()) },
          { requiredKeys: [] },
        ),
        fc.jsonValue(),
      ),
      status: fc.oneof(text, fc.constantFrom('active', 'ACTIVE', null)),
    },
    { requiredKeys: [] },
  ),
);
const lineItem = fc.record(
  {
    sku: fc.oneof(fc.string({ minLength: 1, maxLength: 64 }), text),
    quantity: fc.oneof(fc.integer({ min: 1, max: 10_000 }), fc.jsonValue()),
    unit_price: fc.oneof(fc.constantFrom('1', '10.00', '-2.5'), text),
  },
  { requiredKeys: [] },
);
const orderish = fc.record(
  {
    user_id: fc.oneof(fc.constant(USER_ID), text),
    status: fc.oneof(fc.constantFrom('pending', 'shipped'), text),
    line_items: fc.oneof(fc.array(lineItem, { maxLength: 3 }), fc.jsonValue()),
    currency: fc.oneof(fc.constantFrom('EUR', 'USD'), text),
    total: fc.oneof(fc.constantFrom('10.00', '0'), text),
  },
  { requiredKeys: [] },
);
const json = fc.oneof(userish, orderish, fc.jsonValue());
const body = fc.oneof(
  fc.constant(undefined),
  fc.constant(''),
  anyString,
  json.map((value) => JSON.stringify(value)),
  fc.tuple(json, fc.jsonValue()).map(([value, extra]) => JSON.stringify({ ...(value as object), extra })),
  fc.string({ minLength: LIMIT - 10, maxLength: LIMIT * 2 }),
  fc.uint8Array({ maxLength: LIMIT }).map((bytes) => Buffer.from(bytes).toString('base64')),
  json.map((value) => Buffer.from(JSON.stringify(value)).toString('base64')),
  fc.constantFrom('null', '[]', '{}', '"x"', '0', '{"name":', '\uFEFF{}', '{"a":1}{"b":2}', 'e30', 'e30=='),
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
    pathParameters: fc.option(
      fc.dictionary(fc.constantFrom('id', 'x'), fc.oneof(segment, anyString), { maxKeys: 2 }),
      {
        nil: undefined,
      },
    ),
  })
  .map(({ body: given, ...init }) =>
    apiEvent(init.method, init.path, { ...init, ...(given === undefined ? {} : { body: given }) }),
  );

const jsonType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'Application/Problem+JSON',
);

/** Routes that exist, with every other part of the request arbitrary. */
const route = fc.oneof(
  fc.constantFrom('GET /users', 'POST /users', 'GET /orders', 'POST /orders', 'GET /notifications'),
  fc
    .tuple(
      fc.constantFrom('GET', 'PUT', 'DELETE'),
      fc.constantFrom('users', 'orders'),
      fc.oneof(segment, fc.constantFrom(USER_ID, ORDER_ID)),
    )
    .map(([verb, name, id]) => `${verb} /${name}/${id}`),
  fc.oneof(segment, fc.constant(NOTIFICATION_ID)).map((id) => `GET /notifications/${id}`),
);
const nearMiss: fc.Arbitrary<APIGatewayProxyEventV2> = fc
  .tuple(route, rawQueryString, body, fc.boolean(), fc.oneof(jsonType, contentType))
  .map(([target, query, given, base64, type]) => {
    const space = target.indexOf(' ');
    return apiEvent(target.slice(0, space), target.slice(space + 1), {
      query,
      headers: { 'content-type': type },
      ...(given === undefined ? {} : { body: given }),
      isBase64Encoded: base64,
    });
  });

// ---- properties --------------------------------------------------------------------------------

describe('every operation of users, orders and notifications under malformed input', () => {
  it('never answers 5xx through the router; every 4xx is a generic_error', async () => {
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
      { numRuns: 1500 },
    );
  });

  it('never answers 5xx from any operation’s own handler (API Gateway has matched the route)', async () => {
    await fc.assert(
      fc.asyncProperty(event, fc.constantFrom(...handlers), async (given, handle) => {
        expectWellFormed(await handle(given));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('users, orders and notifications (reference services): well-formed requests', () => {
  const post = (target: string, value: unknown) =>
    apiEvent('POST', target, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(value),
    });

  it('create any valid user: 201 with the stored user', async () => {
    await fc.assert(
      fc.asyncProperty(validUserForm, async (form) => {
        const result = await fullRouter(post('/users', form));
        expect(result.statusCode).toBe(201);
        expect(JSON.parse(result.body ?? '')).toMatchObject({ ...form, version: 1 });
      }),
      { numRuns: 300 },
    );
  });

  it('a user form with a lone surrogate anywhere is 422, not 500', async () => {
    const lone = fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff');
    const withLone = fc
      .tuple(fc.string({ maxLength: 10 }), lone, fc.string({ maxLength: 10 }))
      .map(([a, b, c]) => `${a}${b}${c}`);
    await fc.assert(
      fc.asyncProperty(
        validUserForm,
        fc.constantFrom('email', 'first', 'last'),
        withLone,
        async (form, field, value) => {
          const broken =
            field === 'email'
              ? { ...form, email: value }
              : { ...form, name: { ...form.name, [field]: value } };
          const result = await fullRouter(post('/users', broken));
          expect(result.statusCode).toBe(422);
        },
      ),
      { numRuns: 200 },
    );
  });

  // A price with as many digits after the point as its currency has minor units (JPY 0, EUR 2).
  const validLineItem = (minorUnits: number) =>
    fc.record({
      sku: fc.string({ minLength: 1, maxLength: 64, unit: 'grapheme' }).filter((sku) => sku.length <= 64),
      quantity: fc.integer({ min: 1, max: 10_000 }),
      unit_price: fc
        .tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 10 ** minorUnits - 1 }))
        .map(([units, minor]) =>
          minorUnits === 0 ? String(units) : `${units}.${String(minor).padStart(minorUnits, '0')}`,
        ),
    });
  // A new order is pending: sent as such, or left to the default.
  const validOrderForm = fc
    .constantFrom(['EUR', 2], ['USD', 2], ['JPY', 0], ['BHD', 3])
    .chain(([currency, minorUnits]) =>
      fc.record(
        {
          line_items: fc.array(validLineItem(Number(minorUnits)), { minLength: 1, maxLength: 5 }),
          currency: fc.constant(String(currency)),
          status: fc.constant('pending'),
        },
        { requiredKeys: ['line_items', 'currency'] },
      ),
    )
    .map((form) => ({ ...form, user_id: USER_ID, total: lineItemsTotal(form.line_items) }));

  it('place any valid order of an existing user: 201 with the stored order', async () => {
    await fc.assert(
      fc.asyncProperty(validOrderForm, async (form) => {
        const result = await fullRouter(post('/orders', form));
        expect(result.statusCode).toBe(201);
        expect(JSON.parse(result.body ?? '')).toMatchObject({ ...form, version: 1 });
      }),
      { numRuns: 200 },
    );
  });

  // JSON lets a client send a lone surrogate ("\ud800") and zod's string accepts it, but it has no
  // UTF-8 form: the HTTP adapter refuses it for every service (functions/runtime/unicode-text.ts).
  it('an order form with a lone surrogate in a string is 422, not 500', async () => {
    const lone = fc.constantFrom('\ud800', '\udfff');
    try {
      await fc.assert(
        fc.asyncProperty(validOrderForm, lone, async (form, value) => {
          const [first, ...rest] = form.line_items;
          const broken = { ...form, line_items: [{ ...first, sku: `A${value}` }, ...rest] };
          const result = await fullRouter(post('/orders', broken));
          expect(result.statusCode).toBe(422);
        }),
        { numRuns: 50 },
      );
    } finally {
      calls.length = 0; // the 500s it finds are what this test is about, not a failure of afterEach
    }
  });

  it('read any id of an empty table: 404 for users and notifications', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('users', 'notifications'),
        fc.oneof(segment, anyString),
        async (name, id) => {
          const result = await router(
            apiEvent('GET', `/${name}/${encodeURIComponent(id.replace(/[\ud800-\udfff]/g, ''))}`),
          );
          expect([404]).toContain(result.statusCode);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('list with a lone surrogate in the email or order id: 422 naming it', async () => {
    const result = await router(apiEvent('GET', '/users', { queryStringParameters: { email: 'a\ud800' } }));
    expect(result.statusCode).toBe(422);
    expect(JSON.parse(result.body ?? '')).toEqual({
      code: 'validation_failed',
      messages: ['query.email: must be valid Unicode text'],
    });
  });

  it('list with any well-formed email or order id: 200 and an array', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('email', 'order_id'),
        wellFormedString,
        fc.integer({ min: 1, max: 100 }),
        async (key, value, limit) => {
          const target = key === 'email' ? '/users' : '/notifications';
          const result = await router(
            apiEvent('GET', target, { queryStringParameters: { [key]: value, limit: String(limit) } }),
          );
          expect(result.statusCode).toBe(200);
          expect(Array.isArray(JSON.parse(result.body ?? ''))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('users, orders and notifications (reference services): deeply nested bodies', () => {
  /** `depth` levels of arrays or objects around a leaf, as JSON text (built without recursion). */
  const nested = (depth: number, kind: 'array' | 'object', leaf: string): string =>
    kind === 'array'
      ? `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`
      : `${'{"a":'.repeat(depth)}${leaf}${'}'.repeat(depth)}`;
  const withBody = OPERATIONS.filter((operation) => operation.body !== undefined);

  it('every operation with a body answers a 4xx generic_error, never a 5xx, up to 100,000 levels and 1 MiB', async () => {
    expect(withBody.length).toBeGreaterThan(0);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...withBody),
        fc.oneof(fc.integer({ min: 65, max: 2_000 }), fc.integer({ min: 2_000, max: 100_000 })),
        fc.constantFrom<'array' | 'object'>('array', 'object'),
        fc.constantFrom('1', '"\\ud800"', '"x"', 'null'),
        fc.boolean(),
        async (operation, depth, kind, leaf, asExtraField) => {
          const deep = nested(depth, kind, leaf);
          const body = asExtraField ? `{"name":{"first":"Ada"},"extra":${deep}}` : deep;
          const path = operation.path.replace(/:[a-z_]+/g, (name) => (name === ':id' ? USER_ID : 'x'));
          const result = await fullRouter(
            apiEvent(operation.method, path, { body, headers: { 'content-type': 'application/json' } }),
          );
          expect(result.statusCode).toBeGreaterThanOrEqual(400);
          expect(result.statusCode).toBeLessThan(500);
          expectWellFormed(result);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a body nested one level deeper than the limit names the limit', async () => {
    const operation = withBody[0];
    if (operation === undefined) throw new Error('no operation with a body');
    const path = operation.path.replace(/:[a-z_]+/g, USER_ID);
    const result = await fullRouter(
      apiEvent(operation.method, path, {
        body: nested(MAX_BODY_DEPTH + 1, 'array', '1'),
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(result.statusCode).toBe(422);
    expect(JSON.parse(result.body ?? '')).toEqual({
      code: 'validation_failed',
      messages: [`body: must not nest arrays and objects more than ${MAX_BODY_DEPTH} levels deep`],
    });
  });
});
