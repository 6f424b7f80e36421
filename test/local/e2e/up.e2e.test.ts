/**
 * End to end over `dev up`: the synthesized reference app running on this machine (DynamoDB Local
 * with real streams, every Lambda from its esbuild bundle in its own worker, the local event bus and
 * HTTP APIs), driven over real HTTP like a user with curl would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { LOCAL_CREDENTIALS, LOCAL_REGION, type RunningSystem, up } from '@tributary/local-runtime';
import { NotificationsClient } from '../../../functions/notifications/generated/client';
import { OrdersClient } from '../../../functions/orders/generated/client';
import { UsersClient } from '../../../functions/users/generated/client';
import { discoverSpecFiles, serviceNameOfFile } from '../../../lib/contract/files';
import { planSystem } from '../../../lib/infra/system';
import { call as callUrl, type Json, orderOf, ROOT } from './helpers';

const work = mkdtempSync(join(tmpdir(), 'tributary-up-'));
let system: RunningSystem;

jest.setTimeout(240_000);

beforeAll(async () => {
  system = await up({
    root: ROOT,
    cdkOut: join(work, 'cdk.out'),
    synth: 'always',
    parkedFile: join(work, 'parked.jsonl'),
    busRetry: { baseDelayMs: 5, maxDelayMs: 20 },
  });
});

afterAll(async () => {
  await system?.stop();
  rmSync(work, { recursive: true, force: true });
});

const call = (service: string, method: string, path: string, body?: unknown) =>
  callUrl(system.urls[service] ?? '', method, path, body);

describe('the reference system (users, orders, notifications) on one machine', () => {
  let user: Json;
  let order: Json;

  it('serves every service on its own local URL', () => {
    // Every service of api-specs/, whichever they are.
    expect(Object.keys(system.urls).sort()).toEqual(discoverSpecFiles(ROOT).map(serviceNameOfFile).sort());
    for (const url of Object.values(system.urls)) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('creates a user and reads it back', async () => {
    const created = await call('users', 'POST', '/users', {
      email: 'ada@example.com',
      name: { first: 'Ada' },
    });
    expect(created.status).toBe(201);
    user = created.body ?? {};
    expect(user).toMatchObject({ email: 'ada@example.com', status: 'active', version: 1 });
    const read = await call('users', 'GET', `/users/${user.id}`);
    expect(read).toMatchObject({ status: 200, body: user });
  });

  it('replaces a user with identical content: same version, and no event', async () => {
    await system.idle();
    const before = system.stats().bus.accepted;
    const replaced = await call('users', 'PUT', `/users/${user.id}`, {
      email: 'ada@example.com',
      name: { first: 'Ada' },
    });
    expect(replaced).toMatchObject({ status: 200, body: { version: 1 } });
    await system.idle();
    expect(system.stats().bus.accepted).toBe(before);
    const changed = await call('users', 'PUT', `/users/${user.id}`, {
      email: 'ada@example.com',
      name: { first: 'Augusta Ada' },
    });
    expect(changed).toMatchObject({ status: 200, body: { version: 2 } });
    await system.idle();
    expect(system.stats().bus.accepted).toBe(before + 1);
  });

  it('creates an order, and the notification appears', async () => {
    const created = await call('orders', 'POST', '/orders', orderOf(user.id));
    expect(created.status).toBe(201);
    order = created.body ?? {};
    await system.idle();
    const notifications = await call('notifications', 'GET', `/notifications?order_id=${order.id}`);
    expect(notifications.status).toBe(200);
    expect(notifications.body).toEqual([
      expect.objectContaining({
        order_id: order.id,
        order_version: 1,
        user_id: user.id,
        recipient_email: 'ada@example.com',
      }),
    ]);
  });

  it('deletes the user, and the order is cancelled', async () => {
    expect((await call('users', 'DELETE', `/users/${user.id}`)).status).toBe(204);
    await system.idle();
    const read = await call('orders', 'GET', `/orders/${order.id}`);
    expect(read.body).toMatchObject({ status: 'cancelled', version: 2 });
    expect((await call('users', 'GET', `/users/${user.id}`)).status).toBe(404);
  });

  it('acts on no forged or replayed user.deleted: a live user keeps its open order', async () => {
    const live = (
      await call('users', 'POST', '/users', { email: 'grace@example.com', name: { first: 'Grace' } })
    ).body as Json;
    const placed = (await call('orders', 'POST', '/orders', orderOf(live.id))).body as Json;
    await system.idle();
    const bus = new EventBridgeClient({
      endpoint: system.eventBusUrl,
      region: LOCAL_REGION,
      credentials: { ...LOCAL_CREDENTIALS },
    });
    const deleted = (id: string, eventId: string) => ({
      EventBusName: system.system.buses[0],
      Source: 'tributary.users',
      DetailType: 'user.deleted',
      Detail: JSON.stringify({ id, event_id: eventId, version: 1, occurred_at: new Date().toISOString() }),
    });
    // A forged deletion of the live user, and a replay (as from the archive) of the real deletion.
    const put = await bus.send(
      new PutEventsCommand({
        Entries: [deleted(live.id, 'forged-live'), deleted(user.id, 'replayed-deleted')],
      }),
    );
    bus.destroy();
    expect(put.FailedEntryCount).toBe(0);
    await system.idle();
    expect((await call('orders', 'GET', `/orders/${placed.id}`)).body).toMatchObject({
      status: 'pending',
      version: 1,
    });
    // The replay found the deleted user's order already cancelled: nothing changed.
    expect((await call('orders', 'GET', `/orders/${order.id}`)).body).toMatchObject({
      status: 'cancelled',
      version: 2,
    });
  });

  it('parks a stream record that cannot become an event, with its reason, where dev parked sees it', async () => {
    const users = [...system.system.tables.values()].find((table) => table.stack.endsWith('-users'));
    expect(users).toBeDefined();
    const raw = new DynamoDBClient({
      endpoint: system.dynamodbEndpoint,
      region: LOCAL_REGION,
      credentials: { ...LOCAL_CREDENTIALS },
    });
    const id = 'usr-01KAMS3Y0000000000000000ZZ';
    // A user item the repository never wrote: it has no version, so no event can say which one it is.
    await raw.send(
      new PutItemCommand({
        TableName: users?.tableName,
        Item: { pk: { S: id }, _type: { S: 'user' }, id: { S: id }, name: { M: {} } },
      }),
    );
    raw.destroy();
    await system.idle();
    const parked = system.parking.list().filter((message) => JSON.stringify(message.body).includes(id));
    expect(parked).toHaveLength(1);
    expect(parked[0]?.queueId).toMatch(/-users\/ForwarderOnFailure/);
    expect(parked[0]?.body).toMatchObject({ kind: 'unusable_stream_record', reason: 'invalid_version', id });
    expect(parked[0]?.reason).toMatch(/no valid version.*dev republish users/);
  });

  it.each([
    ['malformed JSON', 'users', 'POST', '/users', '{"name":', 400, 'malformed_json'],
    [
      'an invalid body',
      'users',
      'POST',
      '/users',
      JSON.stringify({ name: {}, email: 5 }),
      422,
      'validation_failed',
    ],
    [
      'an unknown user',
      'orders',
      'POST',
      '/orders',
      JSON.stringify(orderOf('usr-01KAMS3Y0000000000000000AA')),
      422,
      'validation_failed',
    ],
    [
      'a wrong total',
      'orders',
      'POST',
      '/orders',
      JSON.stringify({ ...orderOf('usr-x'), total: '1.00' }),
      422,
      'validation_failed',
    ],
    ['a missing item', 'users', 'GET', '/users/usr-01KAMS3Y0000000000000000AA', undefined, 404, 'not_found'],
    [
      'a required query parameter left out',
      'notifications',
      'GET',
      '/notifications',
      undefined,
      422,
      'validation_failed',
    ],
  ])('answers %s with a 4xx generic_error', async (_, service, method, path, body, status, code) => {
    const response = await fetch(`${system.urls[service]}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body }),
    });
    expect(response.status).toBe(status);
    const json = (await response.json()) as Json;
    expect(json.code).toBe(code);
    expect(Array.isArray(json.messages) && json.messages.length > 0).toBe(true);
  });

  it('retries a subscriber that throws, then parks the event in its dead-letter queue', async () => {
    const bus = new EventBridgeClient({
      endpoint: system.eventBusUrl,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    const before = system.stats().bus;
    // A detail the notifications subscriber cannot accept: it throws on every attempt.
    const put = await bus.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: system.system.buses[0],
            Source: 'tributary.orders',
            DetailType: 'order.upserted',
            Detail: JSON.stringify({
              id: 42,
              event_id: 'e2e-broken',
              version: 'one',
              occurred_at: 'yesterday',
            }),
          },
        ],
      }),
    );
    expect(put.FailedEntryCount).toBe(0);
    await system.idle(60_000);
    const after = system.stats().bus;
    expect(after.retried).toBeGreaterThan(before.retried);
    expect(after.parked).toBe(before.parked + 1);
    const parked = system.parking.list().filter((m) => JSON.stringify(m.body).includes('e2e-broken'));
    expect(parked).toHaveLength(1);
    expect(parked[0]?.queueId).toMatch(/DeadLetters/);
    bus.destroy();
  });
});

describe("what no operation's route matches: the $default route's fallback", () => {
  it('answers PATCH /users/<id> 405 with allow: DELETE, GET, PUT and a generic_error body', async () => {
    const response = await call('users', 'PATCH', '/users/usr-01KAMS3Y0000000000000000AA', { name: 'x' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('DELETE, GET, PUT');
    expect(response.body).toEqual({
      code: 'method_not_allowed',
      messages: ['method not allowed; allowed: DELETE, GET, PUT'],
    });
  });

  it('answers every service: 405 with its methods for an item path, 404 for an unknown path, both generic_error', async () => {
    // What each service's spec declares, read from the specs (not from the running template).
    const plans = planSystem({ root: ROOT, checkEntries: false }).services;
    expect(Object.keys(system.urls).length).toBeGreaterThan(0);
    for (const service of Object.keys(system.urls)) {
      const operations = plans.find((plan) => plan.name === service)?.operations ?? [];
      const item = operations.find((op) => op.routePath.includes('{'));
      if (item === undefined) throw new Error(`${service} has no item route`);
      const allowed: string[] = [
        ...new Set(operations.filter((op) => op.routePath === item.routePath).map((op) => op.method)),
      ].sort();
      const wrong = ['PATCH', 'POST', 'PUT', 'DELETE'].find((method) => !allowed.includes(method));
      if (wrong === undefined) throw new Error(`${service}: ${item.routePath} takes every method`);
      const path = item.routePath.replace(/\{[^}]+\}/g, 'x-01KAMS3Y0000000000000000AA');
      const refused = await call(service, wrong, path);
      expect([service, wrong, path, refused.status, refused.headers.get('allow'), refused.body]).toEqual([
        service,
        wrong,
        path,
        405,
        allowed.join(', '),
        { code: 'method_not_allowed', messages: [`method not allowed; allowed: ${allowed.join(', ')}`] },
      ]);
      const unknown = await call(service, 'GET', '/nope');
      expect([service, unknown.status, unknown.body]).toEqual([
        service,
        404,
        { code: 'not_found', messages: ['no such route'] },
      ]);
    }
  });
});

describe('conditional and idempotent writes (users) through the generated client', () => {
  const options = () => ({
    baseUrl: system.urls.users ?? '',
    region: LOCAL_REGION,
    credentials: { ...LOCAL_CREDENTIALS },
  });

  it('two clients that read version 1: the first replace wins, the second gets 412 and loses nothing', async () => {
    const alice = new UsersClient(options());
    const bob = new UsersClient(options());
    const created = await alice.createUser({ email: 'two.clients@example.com', name: { first: 'Two' } });
    const seenByAlice = await alice.getUser(created.id);
    const seenByBob = await bob.getUser(created.id);
    expect([seenByAlice?.version, seenByBob?.version]).toEqual([1, 1]);
    await alice.replaceUser(created.id, { email: created.email, name: { first: 'Alice' } }, { ifMatch: 1 });
    await expect(
      bob.replaceUser(created.id, { email: created.email, name: { first: 'Bob' } }, { ifMatch: 1 }),
    ).rejects.toMatchObject({ status: 412, code: 'precondition_failed' });
    expect(await bob.getUser(created.id)).toMatchObject({ name: { first: 'Alice' }, version: 2 });
  });

  it('a create retried with the same Idempotency-Key makes one user and one event', async () => {
    await system.idle();
    const before = system.stats().bus.accepted;
    const users = new UsersClient(options());
    const form = { email: 'retried@example.com', name: { first: 'Once' } };
    const first = await users.createUser(form, { idempotencyKey: 'e2e-key-1' });
    const again = await users.createUser(form, { idempotencyKey: 'e2e-key-1' });
    expect(again).toEqual(first);
    const page = await users.listUsers({ email: form.email });
    expect(page.items.map((user) => user.id)).toEqual([first.id]);
    await system.idle();
    expect(system.stats().bus.accepted).toBe(before + 1);
  });
});

describe('dev up --iam', () => {
  let iam: RunningSystem;

  beforeAll(async () => {
    // The same synthesized app, a second system beside the first.
    iam = await up({
      root: ROOT,
      cdkOut: join(work, 'cdk.out'),
      synth: 'never',
      iam: true,
      parkedFile: join(work, 'parked-iam.jsonl'),
    });
  });

  afterAll(async () => {
    await iam?.stop();
  });

  const signed = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };

  it('answers an unsigned request 403, as API Gateway does', async () => {
    const response = await fetch(`${iam.urls.users}/users/usr-01KAMS3Y0000000000000000AA`);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ message: 'Forbidden' });
  });

  it('serves signed requests, and the subscribers (each signing as itself) keep working', async () => {
    const users = new UsersClient({ ...signed, baseUrl: iam.urls.users });
    const orders = new OrdersClient({ ...signed, baseUrl: iam.urls.orders });
    const notifications = new NotificationsClient({ ...signed, baseUrl: iam.urls.notifications });
    const user = await users.createUser({ email: 'grace@example.com', name: { first: 'Grace' } });
    // orders calls users (signed) to check the user exists
    const order = await orders.createOrder(orderOf(user.id));
    await iam.idle();
    // notifications' subscriber called orders and users (signed) to record this
    const page = await notifications.listNotifications({ order_id: order.id });
    expect(page.items).toEqual([expect.objectContaining({ order_id: order.id, user_id: user.id })]);
    expect(iam.parking.list()).toEqual([]);
  });

  it("refuses a PutEvents signed as the orders forwarder with the users' source, as its role says", async () => {
    const forwarder = [...iam.system.functions.values()].find(
      (fn) => fn.stack === 'tributary-dev-orders' && fn.environment.EVENT_BUS_NAME !== undefined,
    );
    const credentials = forwarder && iam.credentialsOf(forwarder.id);
    if (!forwarder || !credentials) throw new Error('the orders forwarder and its credentials');
    // A real user with an open order: a forged user.deleted would cancel the order.
    const users = new UsersClient({ ...signed, baseUrl: iam.urls.users });
    const orders = new OrdersClient({ ...signed, baseUrl: iam.urls.orders });
    const user = await users.createUser({ email: 'ada@example.com', name: { first: 'Ada' } });
    const order = await orders.createOrder(orderOf(user.id));
    await iam.idle();
    const before = iam.stats().bus;

    const asForwarder = new EventBridgeClient({
      endpoint: iam.eventBusUrl,
      region: LOCAL_REGION,
      credentials,
      maxAttempts: 1,
    });
    const detail = (eventId: string) =>
      JSON.stringify({ id: user.id, event_id: eventId, version: 9, occurred_at: new Date().toISOString() });
    const put = await asForwarder.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: forwarder.environment.EVENT_BUS_NAME,
            Source: 'tributary.users',
            DetailType: 'user.deleted',
            Detail: detail('forged-1'),
          },
          {
            EventBusName: forwarder.environment.EVENT_BUS_NAME,
            Source: 'tributary.orders',
            DetailType: 'order.upserted',
            Detail: JSON.stringify({
              id: order.id,
              event_id: 'own-1',
              version: 1,
              occurred_at: order.created_at,
            }),
          },
        ],
      }),
    );
    asForwarder.destroy();
    expect(put.FailedEntryCount).toBe(1);
    expect(put.Entries?.[0]).toEqual({
      ErrorCode: 'NotAuthorizedForSourceException',
      ErrorMessage: 'Not authorized for the source.',
    });
    expect(put.Entries?.[1]?.EventId).toEqual(expect.any(String));
    await iam.idle();
    expect(iam.stats().bus).toMatchObject({ accepted: before.accepted + 1, rejected: before.rejected + 1 });
    // The order was not cancelled: the forged event reached no subscriber.
    expect(await orders.getOrder(order.id)).toMatchObject({
      status: order.status,
      version: order.version,
    });
    expect(iam.parking.list()).toEqual([]);
  });
});
