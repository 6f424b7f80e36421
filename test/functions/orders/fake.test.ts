/**
 * The generated fake of orders (functions/orders/generated/testing/fake.ts): its written create and
 * replace and its standard get, list and delete, in process behind the real HTTP adapter, asking a
 * fake of users about users. Every operation, with its 404, 409 and 422.
 */
import type { CreateOrderBodyInput } from '../../../functions/orders/generated/operations';
import { type FakeOrders, fakeOrders } from '../../../functions/orders/generated/testing';
import { testClock } from '../../../functions/runtime/clock';
import { ApiError } from '../../../functions/runtime/http-client';
import { type FakeUsers, fakeUsers } from '../../../functions/users/generated/testing';

const START = '2026-03-01T12:00:00.000Z';

async function apiError(call: Promise<unknown>): Promise<ApiError> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

function orderOf(userId: string, overrides: Partial<CreateOrderBodyInput> = {}): CreateOrderBodyInput {
  return {
    user_id: userId,
    currency: 'EUR',
    line_items: [{ sku: 'BOOK-1', quantity: 2, unit_price: '12.50' }],
    total: '25.00',
    ...overrides,
  };
}

let users: FakeUsers;
let orders: FakeOrders;
let adaId: string;

beforeEach(async () => {
  const clock = testClock(START);
  users = fakeUsers({ clock });
  orders = fakeOrders({ clock, clients: { users: users.client } });
  adaId = (await users.client.createUser({ email: 'ada@example.com', name: { first: 'Ada' } })).id;
});

describe('fakeOrders: createOrder (written: asks users)', () => {
  it('answers 201 with the stored order, pending by default', async () => {
    const created = await orders.client.createOrder(orderOf(adaId));
    expect(created).toEqual({
      id: expect.stringMatching(/^ord-/),
      ...orderOf(adaId),
      status: 'pending',
      version: 1,
      created_at: START,
      updated_at: START,
    });
    expect(orders.repositories.order.all()).toEqual([created]);
  });

  it('answers 422 for a user the users fake does not have, or has inactive, and a wrong total', async () => {
    const unknown = await apiError(orders.client.createOrder(orderOf('usr-01JD3QZ8V5K2W7G9X4M6N8P0RT')));
    expect(unknown.status).toBe(422);
    expect(unknown.messages).toEqual(['body.user_id: no such user']);

    await users.client.replaceUser(adaId, { name: { first: 'Ada' }, status: 'inactive' });
    const inactive = await apiError(orders.client.createOrder(orderOf(adaId, { total: '24.99' })));
    expect(inactive.messages).toEqual([
      'body.user_id: the user is inactive and may not place orders',
      expect.stringMatching(/^body\.total: must equal the sum of the line items/),
    ]);
    expect(orders.repositories.order.size).toBe(0);
  });

  it('answers 422 naming the fields of a body its schema refuses', async () => {
    const bad = { ...orderOf(adaId), currency: 'eur', line_items: [], total: '1,00' };
    const error = await apiError(orders.client.createOrder(bad));
    expect(error.status).toBe(422);
    expect(error.messages.map((message) => message.split(':')[0])).toEqual([
      'body.line_items',
      'body.currency',
      'body.total',
    ]);
  });

  it('asks a fake of users made on first use when the test gives no users client', async () => {
    const alone = fakeOrders();
    const error = await apiError(alone.client.createOrder(orderOf(adaId)));
    expect(error.messages).toEqual(['body.user_id: no such user']);
    const seeded = alone.deps.clients.users.createUser({ name: { first: 'Seeded' } });
    const order = await alone.client.createOrder(orderOf((await seeded).id));
    expect(order.status).toBe('pending');
  });
});

describe('fakeOrders: getOrder, listOrders, replaceOrder, deleteOrder', () => {
  it('gets an order, and undefined (404) for one it does not have', async () => {
    const created = await orders.client.createOrder(orderOf(adaId));
    await expect(orders.client.getOrder(created.id)).resolves.toEqual(created);
    await expect(orders.client.getOrder('ord-01JD3QZ8V5K2W7G9X4M6N8P0RT')).resolves.toBeUndefined();
  });

  it("lists newest first, a user's orders by user_id, a page at a time", async () => {
    const bob = await users.client.createUser({ name: { first: 'Bob' } });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await orders.client.createOrder(orderOf(adaId))).id);
      await orders.client.createOrder(orderOf(bob.id));
    }
    const page = await orders.client.listOrders({ user_id: adaId, limit: 2 });
    expect(page.items.map((order) => order.id)).toEqual([ids[2], ids[1]]);
    const rest = await orders.client.listOrders({ user_id: adaId, limit: 2, cursor: page.cursor });
    expect(rest).toEqual({ items: [expect.objectContaining({ id: ids[0] })] });
    await expect(orders.client.listOrders()).resolves.toMatchObject({ items: { length: 6 } });
    expect((await apiError(orders.client.listOrders({ limit: 101 }))).status).toBe(422);
  });

  it('replaces (version 2); 404 for an order it does not have; 422 for a broken rule', async () => {
    const created = await orders.client.createOrder(orderOf(adaId));
    const confirmed = await orders.client.replaceOrder(created.id, orderOf(adaId, { status: 'confirmed' }));
    expect(confirmed).toMatchObject({ id: created.id, status: 'confirmed', version: 2 });
    const missing = await apiError(
      orders.client.replaceOrder('ord-01JD3QZ8V5K2W7G9X4M6N8P0RT', orderOf(adaId)),
    );
    expect(missing.status).toBe(404);
    const total = await apiError(orders.client.replaceOrder(created.id, orderOf(adaId, { total: '1.00' })));
    expect(total.status).toBe(422);
    await expect(orders.client.getOrder(created.id)).resolves.toEqual(confirmed);
  });

  it('answers 409 to the loser of two concurrent replaces of one version', async () => {
    const created = await orders.client.createOrder(orderOf(adaId));
    const results = await Promise.allSettled([
      orders.client.replaceOrder(created.id, orderOf(adaId, { status: 'confirmed' })),
      orders.client.replaceOrder(created.id, orderOf(adaId, { status: 'cancelled' })),
    ]);
    const won = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const lost = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    expect(won).toHaveLength(1);
    expect(lost).toEqual([
      expect.objectContaining({ status: 409, body: expect.objectContaining({ code: 'conflict' }) }),
    ]);
    await expect(orders.client.getOrder(created.id)).resolves.toEqual(won[0]);
  });

  it('deletes (204); a second delete is a 404', async () => {
    const created = await orders.client.createOrder(orderOf(adaId));
    await orders.client.deleteOrder(created.id);
    await expect(orders.client.getOrder(created.id)).resolves.toBeUndefined();
    expect((await apiError(orders.client.deleteOrder(created.id))).status).toBe(404);
  });
});
