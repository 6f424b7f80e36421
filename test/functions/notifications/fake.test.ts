/**
 * The generated fake of notifications: its standard get and list in process behind the real HTTP
 * adapter, and its orders-order subscriber fed `order.upserted` events against fakes of orders and
 * users (generated/testing/deliver.ts): one notification per order version, whatever comes twice.
 */
import {
  type FakeNotifications,
  fakeNotifications,
} from '../../../functions/notifications/generated/testing';
import { deliverOrdersOrder } from '../../../functions/notifications/generated/testing/deliver';
import { type FakeOrders, fakeOrders } from '../../../functions/orders/generated/testing';
import { testClock } from '../../../functions/runtime/clock';
import { ApiError } from '../../../functions/runtime/http-client';
import { StaleOwnerStateError } from '../../../functions/runtime/subscriber';
import { MemoryDedupe } from '../../../functions/runtime/testing';
import { type FakeUsers, fakeUsers } from '../../../functions/users/generated/testing';

const START = '2026-03-01T12:00:00.000Z';

let users: FakeUsers;
let orders: FakeOrders;
let notifications: FakeNotifications;

beforeEach(() => {
  const clock = testClock(START);
  users = fakeUsers({ clock });
  orders = fakeOrders({ clock, clients: { users: users.client } });
  notifications = fakeNotifications({ clock, clients: { orders: orders.client, users: users.client } });
});

async function placeOrder(userId: string) {
  return orders.client.createOrder({
    user_id: userId,
    currency: 'EUR',
    line_items: [{ sku: 'BOOK-1', quantity: 2, unit_price: '12.50' }],
    total: '25.00',
  });
}

describe('fakeNotifications: getNotification, listNotifications', () => {
  const seed = (orderId: string, version: number) => ({
    order_id: orderId,
    order_version: version,
    user_id: 'usr-01JD3QZ8V5K2W7G9X4M6N8P0RT',
    channel: 'email' as const,
    subject: `Your order, version ${version}`,
    sent_at: START,
  });

  it('gets a notification, and undefined (404) for one it does not have', async () => {
    const seeded = fakeNotifications({ seed: { notification: [seed('ord-1', 1)] } });
    const [stored] = seeded.seeded.notification;
    await expect(seeded.client.getNotification(stored?.id ?? '')).resolves.toEqual(stored);
    await expect(seeded.client.getNotification('ntf-01JD3QZ8V5K2W7G9X4M6N8P0RT')).resolves.toBeUndefined();
  });

  it("lists an order's notifications newest first, a page at a time; 422 without the order", async () => {
    const seeded = fakeNotifications({
      seed: { notification: [seed('ord-1', 1), seed('ord-2', 1), seed('ord-1', 2), seed('ord-1', 3)] },
    });
    const first = await seeded.client.listNotifications({ order_id: 'ord-1', limit: 2 });
    expect(first.items.map((item) => item.order_version)).toEqual([3, 2]);
    const rest = await seeded.client.listNotifications({ order_id: 'ord-1', limit: 2, cursor: first.cursor });
    expect(rest.items.map((item) => item.order_version)).toEqual([1]);
    expect(rest.cursor).toBeUndefined();
    const missing = await seeded.client
      .listNotifications({} as { order_id: string })
      .catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(ApiError);
    expect(missing).toMatchObject({ status: 422, messages: ['query.order_id: is required'] });
  });

  it('refuses seeds of one order version twice (its unique index)', () => {
    expect(() => fakeNotifications({ seed: { notification: [seed('ord-1', 1), seed('ord-1', 1)] } })).toThrow(
      'order_id, order_version: this combination is already taken',
    );
  });
});

describe('deliverOrdersOrder', () => {
  it('records one notification per order version, sent to the user the users fake has', async () => {
    const ada = await users.client.createUser({ email: 'ada@example.com', name: { first: 'Ada' } });
    const order = await placeOrder(ada.id);

    const delivery = await deliverOrdersOrder('upserted', order.id, { deps: notifications.deps, version: 1 });

    expect(delivery.outcome).toBe('handled');
    const listed = await notifications.client.listNotifications({ order_id: order.id });
    expect(listed.items).toEqual([
      expect.objectContaining({
        order_id: order.id,
        order_version: 1,
        user_id: ada.id,
        channel: 'email',
        recipient_email: 'ada@example.com',
      }),
    ]);
    // Logged without the address (personal data).
    expect(JSON.stringify(delivery.logs)).not.toContain('ada@example.com');
    expect(JSON.stringify(notifications.logger.lines)).not.toContain('ada@example.com');
  });

  it('skips a redelivery; a second event of the same version records nothing more', async () => {
    const ada = await users.client.createUser({ name: { first: 'Ada' } });
    const order = await placeOrder(ada.id);
    const dedupe = new MemoryDedupe();
    await deliverOrdersOrder('upserted', order.id, { deps: notifications.deps, dedupe, eventId: 'e1' });
    const again = await deliverOrdersOrder('upserted', order.id, {
      deps: notifications.deps,
      dedupe,
      eventId: 'e1',
    });
    expect(again.outcome).toBe('duplicate');
    const other = await deliverOrdersOrder('upserted', order.id, {
      deps: notifications.deps,
      dedupe,
      eventId: 'e2',
    });
    expect(other.outcome).toBe('handled');
    expect(notifications.repositories.notification.size).toBe(1);
  });

  it('records nothing for an order whose user is gone, and ignores order.deleted', async () => {
    const bob = await users.client.createUser({ name: { first: 'Bob' } });
    const order = await placeOrder(bob.id);
    await users.client.deleteUser(bob.id);
    const delivery = await deliverOrdersOrder('upserted', order.id, { deps: notifications.deps });
    expect(delivery.outcome).toBe('handled');
    expect(delivery.logs).toContainEqual(
      expect.objectContaining({ message: 'user not found: the order has nobody to notify' }),
    );
    await expect(
      deliverOrdersOrder('deleted', order.id, { deps: notifications.deps }),
    ).resolves.toMatchObject({
      outcome: 'ignored',
    });
    expect(notifications.repositories.notification.size).toBe(0);
  });

  it('fails (to be retried) for an event of a version the orders fake has not reached', async () => {
    const ada = await users.client.createUser({ name: { first: 'Ada' } });
    const order = await placeOrder(ada.id);
    await expect(
      deliverOrdersOrder('upserted', order.id, { deps: notifications.deps, version: 2 }),
    ).rejects.toBeInstanceOf(StaleOwnerStateError);
    expect(notifications.repositories.notification.size).toBe(0);
  });
});
