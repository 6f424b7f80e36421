/**
 * Delivering `user.deleted` to the orders subscriber users-user against fakes
 * (generated/testing/deliver.ts → the generated makeSubscriber of lambdas/on-users-user.ts): it
 * cancels the open orders of a user the users fake says is gone, and does nothing for a live one.
 */
import { type FakeOrders, fakeOrders } from '../../../functions/orders/generated/testing';
import { deliverUsersUser } from '../../../functions/orders/generated/testing/deliver';
import { testClock } from '../../../functions/runtime/clock';
import { FAKE_CREDENTIALS, FAKE_REGION, MemoryDedupe } from '../../../functions/runtime/testing';
import { UsersClient } from '../../../functions/users/generated/client';
import { type FakeUsers, fakeUsers } from '../../../functions/users/generated/testing';

let users: FakeUsers;
let orders: FakeOrders;

beforeEach(() => {
  const clock = testClock('2026-03-01T12:00:00.000Z');
  users = fakeUsers({ clock });
  orders = fakeOrders({ clock, clients: { users: users.client } });
});

async function placeOrders(userId: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const order = await orders.client.createOrder({
      user_id: userId,
      currency: 'EUR',
      line_items: [{ sku: `SKU-${i}`, quantity: 1, unit_price: '10.00' }],
      total: '10.00',
    });
    ids.push(order.id);
  }
  return ids;
}

const statuses = async (ids: readonly string[]) =>
  Promise.all(ids.map(async (id) => (await orders.client.getOrder(id))?.status));

describe('deliverUsersUser', () => {
  it('cancels the open orders of a user the users fake no longer has; shipped ones and others stay', async () => {
    const bob = await users.client.createUser({ name: { first: 'Bob' } });
    const ada = await users.client.createUser({ name: { first: 'Ada' } });
    const bobs = await placeOrders(bob.id, 3);
    const adas = await placeOrders(ada.id, 2);
    const shipped = bobs[0] ?? '';
    const current = await orders.client.getOrder(shipped);
    // Along the lifecycle: a pending order is confirmed before it ships.
    for (const status of ['confirmed', 'shipped'] as const) {
      await orders.client.replaceOrder(shipped, {
        user_id: bob.id,
        currency: 'EUR',
        line_items: current?.line_items ?? [],
        total: '10.00',
        status,
      });
    }
    await users.client.deleteUser(bob.id);

    const delivery = await deliverUsersUser('deleted', bob.id, { deps: orders.deps, version: 1 });

    expect(delivery.outcome).toBe('handled');
    expect(delivery.event).toMatchObject({
      source: 'tributary.users',
      'detail-type': 'user.deleted',
      detail: {
        id: bob.id,
        version: 1,
        event_id: expect.any(String),
        occurred_at: '2026-03-01T12:00:00.000Z',
      },
    });
    expect(await statuses(bobs)).toEqual(['shipped', 'cancelled', 'cancelled']);
    expect(await statuses(adas)).toEqual(['pending', 'pending']);
    expect(delivery.logs).toContainEqual(
      expect.objectContaining({
        level: 'info',
        message: 'cancelled the open orders of a user',
        attributes: expect.objectContaining({ user_id: bob.id, cancelled: 2, notOpen: 1 }),
      }),
    );
  });

  it('does nothing for a user the users fake still has (a forged or replayed event)', async () => {
    const ada = await users.client.createUser({ name: { first: 'Ada' } });
    const adas = await placeOrders(ada.id, 2);
    const before = orders.repositories.order.all();

    const delivery = await deliverUsersUser('deleted', ada.id, { deps: orders.deps });

    expect(delivery.outcome).toBe('handled');
    expect(await statuses(adas)).toEqual(['pending', 'pending']);
    expect(orders.repositories.order.all()).toEqual(before);
    expect(delivery.logs).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: expect.stringContaining('deleted event contradicted by the owner'),
      }),
    );
  });

  it('skips a redelivery of the same event, and acknowledges user.upserted without work', async () => {
    const bob = await users.client.createUser({ name: { first: 'Bob' } });
    const bobs = await placeOrders(bob.id, 1);
    await users.client.deleteUser(bob.id);
    const dedupe = new MemoryDedupe();
    const first = await deliverUsersUser('deleted', bob.id, { deps: orders.deps, dedupe, eventId: 'evt-1' });
    expect(first.outcome).toBe('handled');
    expect(dedupe.handled()).toEqual(['evt-1']);
    // An order placed meanwhile stays open: the redelivery is skipped, not handled again.
    const later = orders.repositories.order.seed({
      user_id: bob.id,
      status: 'pending',
      currency: 'EUR',
      line_items: [{ sku: 'X', quantity: 1, unit_price: '1' }],
      total: '1',
    });
    const again = await deliverUsersUser('deleted', bob.id, { deps: orders.deps, dedupe, eventId: 'evt-1' });
    expect(again.outcome).toBe('duplicate');
    expect(await statuses([...bobs, later.id])).toEqual(['cancelled', 'pending']);

    const upserted = await deliverUsersUser('upserted', bob.id, { deps: orders.deps, dedupe });
    expect(upserted.outcome).toBe('ignored');
    expect(dedupe.handled()).toEqual(['evt-1']);
  });

  it('rejects, as the invocation would fail, when the users service cannot answer', async () => {
    const down = new UsersClient({
      baseUrl: 'http://users.fake.invalid',
      region: FAKE_REGION,
      credentials: FAKE_CREDENTIALS,
      env: {},
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
    const cut = fakeOrders({ clients: { users: down } });
    const order = cut.repositories.order.seed({
      user_id: 'usr-01JD3QZ8V5K2W7G9X4M6N8P0RT',
      status: 'pending',
      currency: 'EUR',
      line_items: [{ sku: 'X', quantity: 1, unit_price: '1' }],
      total: '1',
    });
    const dedupe = new MemoryDedupe();
    await expect(
      deliverUsersUser('deleted', 'usr-01JD3QZ8V5K2W7G9X4M6N8P0RT', { deps: cut.deps, dedupe }),
    ).rejects.toThrow('fetch failed');
    expect(dedupe.handled()).toEqual([]);
    await expect(cut.repositories.order.get(order.id)).resolves.toMatchObject({ status: 'pending' });
  });
});
