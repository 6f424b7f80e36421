/**
 * The orders service's subscriber to `user` events, with an in-memory order store and dedupe store:
 * a `user.deleted` cancels the user's open orders once however often it is delivered; failures fail
 * the invocation and leave the event to be retried.
 */
import type { CancelDeps } from '../../../../functions/orders/domain/cancel-open-orders';
import type { UserDirectory } from '../../../../functions/orders/domain/ports';
import type { Order, OrderStatus } from '../../../../functions/orders/generated/models';
import type { OrderFields } from '../../../../functions/orders/generated/repository';
import {
  makeUsersUserSubscriber,
  SUBSCRIBER_NAME,
} from '../../../../functions/orders/subscribers/users-user';
import type { Page, PageRequest } from '../../../../functions/runtime/repository';
import { VersionConflictError } from '../../../../functions/runtime/repository';
import { InvalidEventError } from '../../../../functions/runtime/subscriber';
import { EVENT_SOURCE, USER_DELETED, USER_UPSERTED } from '../../../../functions/users/generated/events';
import { eventBridgeEvent, InMemoryDedupe, RecordingLogger } from '../../runtime/subscriber/support';

const USER = 'usr-01J0000000000000000000000A';
const OTHER_USER = 'usr-01J0000000000000000000000B';

type OrderStore = CancelDeps['orders'];

/** The order store the domain uses, in memory, counting its calls. */
class FakeOrders implements OrderStore {
  readonly items = new Map<string, Order>();
  readonly replaced: string[] = [];
  listings = 0;
  /** Makes the next calls of a method fail. */
  failNext: { method: 'findAllByUserId' | 'replace'; error: Error } | undefined;

  add(id: string, userId: string, status: OrderStatus): void {
    this.items.set(id, {
      id,
      user_id: userId,
      status,
      line_items: [{ sku: 'sku-1', quantity: 1, unit_price: '10.00' }],
      currency: 'EUR',
      total: '10.00',
      version: 1,
      created_at: '2026-05-01T10:00:00.000Z',
      updated_at: '2026-05-01T10:00:00.000Z',
    });
  }

  async get(id: string): Promise<Order | undefined> {
    return this.items.get(id);
  }

  async findAllByUserId(userId: string, _page?: PageRequest): Promise<Page<Order>> {
    this.listings += 1;
    this.#maybeFail('findAllByUserId');
    return { items: [...this.items.values()].filter((order) => order.user_id === userId) };
  }

  async replace(id: string, fields: OrderFields, expectedVersion?: number): Promise<Order> {
    this.#maybeFail('replace');
    const stored = this.items.get(id);
    if (stored === undefined) throw new Error(`no order ${id}`);
    if (expectedVersion !== undefined && expectedVersion !== stored.version) {
      throw new VersionConflictError('order', id, expectedVersion, stored.version);
    }
    const next: Order = { ...stored, ...fields, version: stored.version + 1 };
    this.items.set(id, next);
    this.replaced.push(id);
    return next;
  }

  #maybeFail(method: 'findAllByUserId' | 'replace'): void {
    if (this.failNext?.method !== method) return;
    const { error } = this.failNext;
    this.failNext = undefined;
    throw error;
  }
}

/** The users API as the subscriber asks it: the users in `live` exist, every other id is a 404. */
class FakeUsers implements UserDirectory {
  readonly live = new Set<string>();
  readonly asked: string[] = [];
  failNext: Error | undefined;

  async getUser(id: string): ReturnType<UserDirectory['getUser']> {
    this.asked.push(id);
    if (this.failNext !== undefined) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    if (!this.live.has(id)) return undefined;
    return { id, name: {}, status: 'active', version: 1, created_at: NOW, updated_at: NOW };
  }
}

const NOW = '2026-05-01T10:00:00.000Z';

function setup() {
  const orders = new FakeOrders();
  const users = new FakeUsers();
  orders.add('ord-1', USER, 'pending');
  orders.add('ord-2', USER, 'confirmed');
  orders.add('ord-3', USER, 'shipped');
  orders.add('ord-4', OTHER_USER, 'pending');
  const dedupe = new InMemoryDedupe();
  const logger = new RecordingLogger();
  const handler = makeUsersUserSubscriber({ orders, users, dedupe, logger });
  return { orders, users, dedupe, logger, handler };
}

const userDeleted = (eventId: string, id = USER) =>
  eventBridgeEvent(EVENT_SOURCE, USER_DELETED, { id, event_id: eventId, version: 2 });

const statuses = (orders: FakeOrders) =>
  Object.fromEntries([...orders.items.values()].map((order) => [order.id, order.status]));

it('is named after its entry file', () => {
  expect(SUBSCRIBER_NAME).toBe('users-user');
});

it("cancels the deleted user's open orders, and only those", async () => {
  const { handler, orders, dedupe } = setup();

  await handler(userDeleted('ev-1'));

  expect(statuses(orders)).toEqual({
    'ord-1': 'cancelled',
    'ord-2': 'cancelled',
    'ord-3': 'shipped',
    'ord-4': 'pending',
  });
  expect(dedupe.marked).toEqual(new Set(['ev-1']));
});

it('acts once when the same event is delivered twice', async () => {
  const { handler, orders, logger } = setup();

  await handler(userDeleted('ev-1'));
  await handler(userDeleted('ev-1'));

  expect(orders.listings).toBe(1);
  expect(orders.replaced).toEqual(['ord-1', 'ord-2']);
  expect(logger.at('info').map((line) => line.message)).toContain(
    'duplicate event skipped: it was handled already',
  );
});

it('a second event about the same deletion (another event_id) finds nothing left to cancel', async () => {
  const { handler, orders } = setup();

  await handler(userDeleted('ev-1'));
  await handler(userDeleted('ev-2'));

  expect(orders.listings).toBe(2);
  expect(orders.replaced).toEqual(['ord-1', 'ord-2']);
});

it('asks the users API first: only its 404 confirms the deletion', async () => {
  const { handler, users, orders } = setup();
  await handler(userDeleted('ev-1'));
  expect(users.asked).toEqual([USER]);
  expect(orders.replaced).toEqual(['ord-1', 'ord-2']);
});

it.each([
  ['a forged user.deleted', 'ev-forged'],
  ['an archive replay of an old event', 'ev-replayed'],
])('%s for a live user cancels nothing, is logged, and is acknowledged', async (_title, eventId) => {
  const { handler, users, orders, dedupe, logger } = setup();
  users.live.add(USER);

  await handler(userDeleted(eventId));

  expect(orders.listings).toBe(0);
  expect(statuses(orders)).toEqual({
    'ord-1': 'pending',
    'ord-2': 'confirmed',
    'ord-3': 'shipped',
    'ord-4': 'pending',
  });
  expect(logger.at('warn').map((line) => line.message)).toEqual([
    'deleted event contradicted by the owner, which still has the resource: nothing done',
  ]);
  expect(dedupe.marked).toEqual(new Set([eventId]));
});

it('when the users API cannot answer, nothing is cancelled and the event is retried', async () => {
  const { handler, users, orders, dedupe } = setup();
  const error = new Error('users answered 503');
  users.failNext = error;

  await expect(handler(userDeleted('ev-1'))).rejects.toBe(error);
  expect(orders.listings).toBe(0);
  expect(dedupe.marked.size).toBe(0);

  await handler(userDeleted('ev-1'));
  expect(orders.replaced).toEqual(['ord-1', 'ord-2']);
});

it('a user without orders is fine', async () => {
  const { handler, orders } = setup();
  await handler(userDeleted('ev-1', 'usr-01J0000000000000000000000C'));
  expect(orders.replaced).toEqual([]);
});

it('ignores user.upserted without any work', async () => {
  const { handler, orders, dedupe } = setup();

  await handler(eventBridgeEvent(EVENT_SOURCE, USER_UPSERTED, { id: USER, event_id: 'ev-1' }));

  expect(orders.listings).toBe(0);
  expect(dedupe.calls).toEqual([]);
});

it.each([
  ['the listing', 'findAllByUserId'],
  ['a cancellation', 'replace'],
] as const)(
  'a failure of %s fails the invocation, writes no marker, and the retry finishes the job',
  async (_, method) => {
    const { handler, orders, dedupe } = setup();
    const error = new Error('ProvisionedThroughputExceededException');
    orders.failNext = { method, error };

    await expect(handler(userDeleted('ev-1'))).rejects.toBe(error);
    expect(dedupe.marked.size).toBe(0);

    await handler(userDeleted('ev-1'));
    expect(statuses(orders)).toMatchObject({ 'ord-1': 'cancelled', 'ord-2': 'cancelled' });
    expect(dedupe.marked).toEqual(new Set(['ev-1']));
  },
);

it('an invalid detail throws, and nothing is cancelled', async () => {
  const { handler, orders } = setup();
  await expect(
    handler(eventBridgeEvent(EVENT_SOURCE, USER_DELETED, { id: USER, event_id: '', version: 1 })),
  ).rejects.toThrow(InvalidEventError);
  expect(orders.listings).toBe(0);
});

describe('the deployed handler', () => {
  const saved = process.env.TABLE_NAME;
  afterEach(() => {
    if (saved === undefined) delete process.env.TABLE_NAME;
    else process.env.TABLE_NAME = saved;
  });

  it('loads without any environment, and an invocation without TABLE_NAME fails saying so', async () => {
    delete process.env.TABLE_NAME;
    const module = await import('../../../../functions/orders/subscribers/users-user');
    expect(typeof module.handler).toBe('function');
    await expect(module.handler(userDeleted('ev-1'))).rejects.toThrow(/TABLE_NAME/);
  });
});
