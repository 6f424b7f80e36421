/**
 * The orders service (a reference service), its generated Lambdas (standard and written operations)
 * end to end against DynamoDB Local (one JVM for this file), on a table created
 * from the orders spec's layout, with the real users client on a fake network: create → get → list
 * by user with a cursor → replace identical → replace → delete; then cancelOpenOrdersOfUser over
 * 30 orders of one user, across pages.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { cancelOpenOrdersOfUser } from '../../../functions/orders/domain/cancel-open-orders';
import { makeHandler as makeCreateOrder } from '../../../functions/orders/generated/lambdas/create-order';
import { makeHandler as makeDeleteOrder } from '../../../functions/orders/generated/lambdas/delete-order';
import { makeHandler as makeGetOrder } from '../../../functions/orders/generated/lambdas/get-order';
import { makeHandler as makeListOrders } from '../../../functions/orders/generated/lambdas/list-orders';
import { makeHandler as makeReplaceOrder } from '../../../functions/orders/generated/lambdas/replace-order';
import type { Order } from '../../../functions/orders/generated/models';
import {
  createOrderOperation,
  deleteOrderOperation,
  getOrderOperation,
  listOrdersOperation,
  replaceOrderOperation,
} from '../../../functions/orders/generated/operations';
import { createOrdersDeps } from '../../../functions/orders/generated/service';
import { testClock } from '../../../functions/runtime/clock';
import { specSchema } from '../../../lib/contract/schema';
import { tableLayout } from '../../../lib/contract/table-layout';
import {
  createServiceTable,
  type DynamoDbLocal,
  localDynamoDbClient,
  startDynamoDbLocal,
} from '../../support/dynamodb-local';
import { bodyOf, recordingLogger, routeEvent } from '../support/api-event';
import { fakeUsersApi, OTHER_USER_ID, orderForm, USER_ID } from './support/fixtures';

const LAYOUT = tableLayout(
  specSchema.parse(JSON.parse(readFileSync(join(__dirname, '../../../api-specs/orders.json'), 'utf8'))),
);

let local: DynamoDbLocal;
let raw: DynamoDBClient;
let doc: DynamoDBDocumentClient;
let tables = 0;

beforeAll(async () => {
  local = await startDynamoDbLocal();
  raw = localDynamoDbClient(local);
  doc = DynamoDBDocumentClient.from(raw);
}, 120_000);

afterAll(async () => {
  doc?.destroy();
  await local?.stop();
});

async function freshService() {
  const tableName = `orders-${++tables}`;
  await createServiceTable(raw, tableName, LAYOUT);
  const clock = testClock('2026-03-01T12:00:00.000Z');
  const users = fakeUsersApi();
  const deps = createOrdersDeps({
    client: doc,
    tableName,
    clock,
    logger: recordingLogger().logger,
    clients: { users: users.client },
  });
  return {
    clock,
    orders: deps.repositories.order,
    users,
    create: makeCreateOrder(deps),
    get: makeGetOrder(deps),
    list: makeListOrders(deps),
    replace: makeReplaceOrder(deps),
    remove: makeDeleteOrder(deps),
  };
}

describe('orders (reference service) against DynamoDB Local, through its generated Lambdas', () => {
  it('create → get → list by user with a cursor → replace identical → replace → delete', async () => {
    const s = await freshService();

    const created: Order[] = [];
    for (let n = 0; n < 3; n++) {
      s.clock.advance(1_000);
      const result = await s.create(routeEvent(createOrderOperation, { body: orderForm() }));
      expect(result.statusCode).toBe(201);
      created.push(bodyOf(result) as Order);
    }
    const other = await s.create(
      routeEvent(createOrderOperation, { body: orderForm({ user_id: OTHER_USER_ID }) }),
    );
    expect(other.statusCode).toBe(201);
    const [first, second, third] = created as [Order, Order, Order];
    expect(first).toMatchObject({ status: 'pending', version: 1, total: '25.00' });

    const got = await s.get(routeEvent(getOrderOperation, { path: { id: first.id } }));
    expect(got.statusCode).toBe(200);
    expect(bodyOf(got)).toEqual(first);

    // The user's orders, newest first, two at a time.
    const page1 = await s.list(routeEvent(listOrdersOperation, { query: { user_id: USER_ID, limit: '2' } }));
    expect(page1.statusCode).toBe(200);
    expect((bodyOf(page1) as Order[]).map((o) => o.id)).toEqual([third.id, second.id]);
    const cursor = page1.headers['x-next-cursor'];
    expect(cursor).toEqual(expect.any(String));
    const page2 = await s.list(
      routeEvent(listOrdersOperation, { query: { user_id: USER_ID, limit: '2', cursor: cursor! } }),
    );
    expect((bodyOf(page2) as Order[]).map((o) => o.id)).toEqual([first.id]);
    expect(page2.headers['x-next-cursor']).toBeUndefined();
    // Everyone's: four orders; a cursor of the user's listing does not fit it.
    const all = await s.list(routeEvent(listOrdersOperation));
    expect(bodyOf(all)).toHaveLength(4);
    const misused = await s.list(routeEvent(listOrdersOperation, { query: { cursor: cursor! } }));
    expect(misused.statusCode).toBe(422);

    // Identical: nothing written, version and updated_at unchanged.
    s.clock.advance(1_000);
    const same = await s.replace(
      routeEvent(replaceOrderOperation, { path: { id: first.id }, body: { ...orderForm(), total: '25.00' } }),
    );
    expect(same.statusCode).toBe(200);
    expect(bodyOf(same)).toEqual(first);

    const changedForm = orderForm({
      status: 'confirmed',
      line_items: [{ sku: 'SKU-9', quantity: 3, unit_price: '0.1' }],
      total: '0.30',
    });
    const changed = await s.replace(
      routeEvent(replaceOrderOperation, { path: { id: first.id }, body: changedForm }),
    );
    expect(changed.statusCode).toBe(200);
    expect(bodyOf(changed)).toMatchObject({ ...changedForm, version: 2, created_at: first.created_at });
    expect((bodyOf(changed) as Order).updated_at).not.toBe(first.updated_at);

    const wrongTotal = await s.replace(
      routeEvent(replaceOrderOperation, { path: { id: first.id }, body: { ...changedForm, total: '0.31' } }),
    );
    expect(wrongTotal.statusCode).toBe(422);

    const deleted = await s.remove(routeEvent(deleteOrderOperation, { path: { id: first.id } }));
    expect(deleted.statusCode).toBe(204);
    const gone = await s.get(routeEvent(getOrderOperation, { path: { id: first.id } }));
    expect(gone.statusCode).toBe(404);
    const again = await s.remove(routeEvent(deleteOrderOperation, { path: { id: first.id } }));
    expect(again.statusCode).toBe(404);
    const replaceGone = await s.replace(
      routeEvent(replaceOrderOperation, { path: { id: first.id }, body: orderForm() }),
    );
    expect(replaceGone.statusCode).toBe(404);
  });

  it('an order for an unknown user is refused and nothing is stored', async () => {
    const s = await freshService();
    const result = await s.create(
      routeEvent(createOrderOperation, { body: orderForm({ user_id: 'usr-01KZZZZZZZZZZZZZZZZZZZZZZZ' }) }),
    );
    expect(result.statusCode).toBe(422);
    expect((await s.orders.list()).items).toEqual([]);
  });

  it('cancelOpenOrdersOfUser cancels the open ones of 30 orders across pages; a rerun writes nothing', async () => {
    const s = await freshService();
    const statuses = ['pending', 'confirmed', 'shipped', 'delivered', 'cancelled'] as const;
    for (let n = 0; n < 30; n++) {
      s.clock.advance(10);
      await s.orders.create({ ...orderForm(), status: statuses[n % 5] ?? 'pending' });
    }
    const bystander = await s.orders.create({ ...orderForm({ user_id: OTHER_USER_ID }), status: 'pending' });

    const result = await cancelOpenOrdersOfUser({ orders: s.orders }, USER_ID, { pageSize: 7 });
    expect(result).toEqual({ examined: 30, cancelled: 12, notOpen: 18, gone: 0 });

    const after: Order[] = [];
    let cursor: string | undefined;
    do {
      const page = await s.orders.findAllByUserId(USER_ID, { limit: 100, ...(cursor ? { cursor } : {}) });
      after.push(...page.items);
      cursor = page.cursor;
    } while (cursor !== undefined);
    expect(after).toHaveLength(30);
    const count = (status: string) => after.filter((o) => o.status === status).length;
    expect([count('cancelled'), count('shipped'), count('delivered'), count('pending')]).toEqual([
      18, 6, 6, 0,
    ]);
    for (const order of after.filter((o) => o.status === 'cancelled')) {
      // Cancelled here: version 2; cancelled from the start: still version 1.
      expect([1, 2]).toContain(order.version);
    }
    expect(await s.orders.get(bystander.id)).toEqual(bystander);

    const rerun = await cancelOpenOrdersOfUser({ orders: s.orders }, USER_ID, { pageSize: 7 });
    expect(rerun).toEqual({ examined: 30, cancelled: 0, notOpen: 30, gone: 0 });
  });
});
