/** cancelOpenOrdersOfUser against an in-memory store that behaves like the repository. */
import {
  CancelIncompleteError,
  cancelOpenOrdersOfUser,
  isOpen,
} from '../../../../functions/orders/domain/cancel-open-orders';
import type { OrderStore } from '../../../../functions/orders/domain/ports';
import type { Order, OrderStatus } from '../../../../functions/orders/generated/models';
import type { OrderFields } from '../../../../functions/orders/generated/repository';
import {
  ItemNotFoundError,
  type Page,
  type PageRequest,
  VersionConflictError,
} from '../../../../functions/runtime/repository';
import { OTHER_USER_ID, USER_ID } from '../support/fixtures';

type Store = Pick<OrderStore, 'get' | 'replace' | 'findAllByUserId'>;

/**
 * Orders in memory, newest first by id; `replace` is conditional on the version like the real
 * repository, writes nothing for identical content, and runs `beforeWrite` first (to play a
 * concurrent writer).
 */
class MemoryStore implements Store {
  readonly orders = new Map<string, Order>();
  readonly writes: string[] = [];
  beforeWrite: (id: string) => void = () => undefined;

  add(userId: string, status: OrderStatus, n: number): Order {
    const id = `ord-${String(n).padStart(26, '0')}`;
    const order: Order = {
      id,
      user_id: userId,
      status,
      line_items: [{ sku: 'SKU', quantity: 1, unit_price: '1.00' }],
      currency: 'EUR',
      total: '1.00',
      version: 1,
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:00:00.000Z',
    };
    this.orders.set(id, order);
    return order;
  }

  /** Another writer's change: status and version + 1. */
  change(id: string, status: OrderStatus): void {
    const order = this.orders.get(id);
    if (order) this.orders.set(id, { ...order, status, version: order.version + 1 });
  }

  async get(id: string): Promise<Order | undefined> {
    return this.orders.get(id);
  }

  async replace(id: string, fields: OrderFields, expectedVersion?: number): Promise<Order> {
    this.beforeWrite(id);
    const stored = this.orders.get(id);
    if (stored === undefined) throw new ItemNotFoundError('order', id);
    if (expectedVersion !== undefined && expectedVersion !== stored.version) {
      throw new VersionConflictError('order', id, expectedVersion, stored.version);
    }
    const { id: _id, version, created_at, updated_at, ...content } = stored;
    if (JSON.stringify(content) === JSON.stringify({ ...content, ...fields })) return stored;
    const next = { ...stored, ...fields, version: version + 1 };
    this.orders.set(id, next);
    this.writes.push(id);
    return next;
  }

  async findAllByUserId(userId: string, page: PageRequest = {}): Promise<Page<Order>> {
    const all = [...this.orders.values()]
      .filter((order) => order.user_id === userId)
      .sort((a, b) => (a.id < b.id ? 1 : -1));
    const start = page.cursor === undefined ? 0 : Number(page.cursor);
    const limit = page.limit ?? 25;
    const items = all.slice(start, start + limit);
    return start + limit < all.length ? { items, cursor: String(start + limit) } : { items };
  }
}

function statuses(store: MemoryStore, userId = USER_ID): OrderStatus[] {
  return [...store.orders.values()].filter((o) => o.user_id === userId).map((o) => o.status);
}

describe('orders (reference service): isOpen', () => {
  it.each<[OrderStatus, boolean]>([
    ['pending', true],
    ['confirmed', true],
    ['shipped', false],
    ['delivered', false],
    ['cancelled', false],
  ])('%s → %s', (status, open) => {
    expect(isOpen({ status })).toBe(open);
  });
});

describe('orders (reference service): cancelOpenOrdersOfUser', () => {
  it('cancels pending and confirmed orders, leaves the rest and other users alone', async () => {
    const store = new MemoryStore();
    const mix: OrderStatus[] = ['pending', 'confirmed', 'shipped', 'delivered', 'cancelled'];
    for (const [n, status] of mix.entries()) store.add(USER_ID, status, n);
    store.add(OTHER_USER_ID, 'pending', 99);
    const result = await cancelOpenOrdersOfUser({ orders: store }, USER_ID);
    expect(result).toEqual({ examined: 5, cancelled: 2, notOpen: 3, gone: 0 });
    expect(statuses(store).sort()).toEqual(['cancelled', 'cancelled', 'cancelled', 'delivered', 'shipped']);
    expect(statuses(store, OTHER_USER_ID)).toEqual(['pending']);
    expect(store.orders.get(`ord-${'0'.repeat(26)}`)?.version).toBe(2);
  });

  it('pages through every order of the user', async () => {
    const store = new MemoryStore();
    for (let n = 0; n < 30; n++) store.add(USER_ID, n % 3 === 0 ? 'shipped' : 'pending', n);
    const pages: (string | undefined)[] = [];
    const listing = store.findAllByUserId.bind(store);
    store.findAllByUserId = (userId, page) => {
      pages.push(page?.cursor);
      return listing(userId, page);
    };
    const result = await cancelOpenOrdersOfUser({ orders: store }, USER_ID, { pageSize: 7 });
    expect(result).toEqual({ examined: 30, cancelled: 20, notOpen: 10, gone: 0 });
    expect(pages).toEqual([undefined, '7', '14', '21', '28']);
  });

  it('is idempotent: a second run writes nothing', async () => {
    const store = new MemoryStore();
    for (let n = 0; n < 5; n++) store.add(USER_ID, 'pending', n);
    await cancelOpenOrdersOfUser({ orders: store }, USER_ID);
    const writes = store.writes.length;
    const again = await cancelOpenOrdersOfUser({ orders: store }, USER_ID);
    expect(again).toEqual({ examined: 5, cancelled: 0, notOpen: 5, gone: 0 });
    expect(store.writes).toHaveLength(writes);
  });

  it('a user without orders is nothing to do', async () => {
    expect(await cancelOpenOrdersOfUser({ orders: new MemoryStore() }, USER_ID)).toEqual({
      examined: 0,
      cancelled: 0,
      notOpen: 0,
      gone: 0,
    });
  });

  it('re-reads after a version conflict and cancels at the new version if still open', async () => {
    const store = new MemoryStore();
    const order = store.add(USER_ID, 'pending', 1);
    let raced = false;
    store.beforeWrite = (id) => {
      if (!raced) store.change(id, 'confirmed'); // someone confirms it in between
      raced = true;
    };
    const result = await cancelOpenOrdersOfUser({ orders: store }, USER_ID);
    expect(result.cancelled).toBe(1);
    expect(store.orders.get(order.id)).toMatchObject({ status: 'cancelled', version: 3 });
  });

  it('leaves an order that was shipped meanwhile (counted not open)', async () => {
    const store = new MemoryStore();
    const order = store.add(USER_ID, 'confirmed', 1);
    store.beforeWrite = (id) => {
      if (store.orders.get(id)?.status === 'confirmed') store.change(id, 'shipped');
    };
    const result = await cancelOpenOrdersOfUser({ orders: store }, USER_ID);
    expect(result).toEqual({ examined: 1, cancelled: 0, notOpen: 1, gone: 0 });
    expect(store.orders.get(order.id)?.status).toBe('shipped');
  });

  it('counts an order deleted meanwhile as gone (at the write, or at the re-read)', async () => {
    const store = new MemoryStore();
    const deletedAtWrite = store.add(USER_ID, 'pending', 1);
    const deletedAfterConflict = store.add(USER_ID, 'pending', 2);
    store.beforeWrite = (id) => {
      if (id === deletedAtWrite.id) store.orders.delete(id);
      if (id === deletedAfterConflict.id) {
        store.change(id, 'pending');
        store.beforeWrite = (next) => store.orders.delete(next);
      }
    };
    const result = await cancelOpenOrdersOfUser({ orders: store }, USER_ID, { concurrency: 1 });
    expect(result).toEqual({ examined: 2, cancelled: 0, notOpen: 0, gone: 2 });
  });

  it('gives up on an order that keeps changing after `attempts`, finishes the others, then throws', async () => {
    const store = new MemoryStore();
    const busy = store.add(USER_ID, 'pending', 1);
    store.add(USER_ID, 'pending', 2);
    store.beforeWrite = (id) => {
      if (id === busy.id) store.change(id, 'pending');
    };
    const warnings: unknown[] = [];
    const logger = { info: () => undefined, warn: (...args: unknown[]) => warnings.push(args) };
    const error = await cancelOpenOrdersOfUser({ orders: store, logger }, USER_ID, { attempts: 3 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CancelIncompleteError);
    expect((error as CancelIncompleteError).failed).toEqual([busy.id]);
    expect((error as CancelIncompleteError).result).toEqual({
      examined: 2,
      cancelled: 1,
      notOpen: 0,
      gone: 0,
    });
    expect(store.orders.get(busy.id)?.status).toBe('pending');
    expect(warnings).toHaveLength(1);
  });

  it('lets any other failure through', async () => {
    const store = new MemoryStore();
    store.add(USER_ID, 'pending', 1);
    store.beforeWrite = () => {
      throw new Error('throttled');
    };
    await expect(cancelOpenOrdersOfUser({ orders: store }, USER_ID)).rejects.toThrow('throttled');
  });

  it('refuses nonsense options', async () => {
    await expect(
      cancelOpenOrdersOfUser({ orders: new MemoryStore() }, USER_ID, { attempts: 0 }),
    ).rejects.toThrow(RangeError);
  });
});
