/**
 * Fixtures of the notifications subscriber tests: an order and its user, and the owners' APIs on a
 * fake network for the real generated clients.
 */
import { OrdersClient } from '../../../../functions/orders/generated/client';
import type { Order } from '../../../../functions/orders/generated/models';
import type { FetchLike } from '../../../../functions/runtime/http-client';
import { UsersClient } from '../../../../functions/users/generated/client';
import type { User } from '../../../../functions/users/generated/models';

export const ORDER_ID = 'ord-01J0000000000000000000000A';
export const USER_ID = 'usr-01J0000000000000000000000A';
export const EMAIL = 'jane@example.com';
export const ORDER_PATH = `/orders/${ORDER_ID}`;
export const USER_PATH = `/users/${USER_ID}`;

export function order(version = 1, overrides: Partial<Order> = {}): Order {
  return {
    id: ORDER_ID,
    user_id: USER_ID,
    status: 'pending',
    line_items: [{ sku: 'sku-1', quantity: 2, unit_price: '5.00' }],
    currency: 'EUR',
    total: '10.00',
    version,
    created_at: '2026-05-01T10:00:00.000Z',
    updated_at: '2026-05-01T10:00:00.000Z',
    ...overrides,
  };
}

export const USER: User = {
  id: USER_ID,
  email: EMAIL,
  name: { first: 'Jane' },
  status: 'active',
  version: 1,
  created_at: '2026-05-01T09:00:00.000Z',
  updated_at: '2026-05-01T09:00:00.000Z',
};

export type Answer = { status: number; body?: unknown } | Error;

/**
 * The owners' APIs on one fake network: each path answers with its queue of answers, the last one
 * repeating; an unknown path is a 404. An `Error` answer is a network failure (fetch rejects).
 */
export class FakeNetwork {
  readonly requests: string[] = [];
  readonly #answers = new Map<string, Answer[]>();

  answer(path: string, ...answers: Answer[]): this {
    this.#answers.set(path, answers);
    return this;
  }

  readonly fetch: FetchLike = async (url, init) => {
    const { pathname } = new URL(url);
    this.requests.push(`${init.method} ${pathname}`);
    const queue = this.#answers.get(pathname) ?? [{ status: 404, body: { code: 'not_found', messages: [] } }];
    const answer = (queue.length > 1 ? queue.shift() : queue[0]) as Answer;
    if (answer instanceof Error) throw answer;
    return new Response(answer.body === undefined ? '' : JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/json' },
    });
  };

  /** The generated clients of both owners, signing with dummy keys, on this network. */
  clients(): { orders: OrdersClient; users: UsersClient } {
    const options = {
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      fetch: this.fetch,
    };
    return {
      orders: new OrdersClient({ ...options, baseUrl: 'https://orders.example' }),
      users: new UsersClient({ ...options, baseUrl: 'https://users.example' }),
    };
  }
}
