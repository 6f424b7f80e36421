/**
 * Orders, order items and a users client on a fake network, for the tests of the orders service (a
 * reference service).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OrderFormInput } from '../../../../functions/orders/generated/models';
import { OrderRepository } from '../../../../functions/orders/generated/repository';
import { createOrdersDeps } from '../../../../functions/orders/generated/service';
import { type Clock, testClock } from '../../../../functions/runtime/clock';
import { TABLE_KEY, TYPE_ATTRIBUTE } from '../../../../functions/runtime/conventions';
import { hashCode } from '../../../../functions/runtime/hash-code';
import type { FetchLike, FetchResponse } from '../../../../functions/runtime/http-client';
import { UsersClient } from '../../../../functions/users/generated/client';
import { recordingLogger } from '../../support/api-event';

export const TABLE = 'orders-test';
export const USER_ID = 'usr-01KAAAAAAAAAAAAAAAAAAAAAAA';
export const OTHER_USER_ID = 'usr-01KBBBBBBBBBBBBBBBBBBBBBBB';
export const ORDER_ID = 'ord-01KCCCCCCCCCCCCCCCCCCCCCCC';
export const NOW = '2026-03-01T12:00:00.000Z';

/** A valid form: 2 × 10.25 + 1 × 4.50 = 25.00. */
export function orderForm(overrides: Partial<OrderFormInput> = {}): OrderFormInput {
  return {
    user_id: USER_ID,
    line_items: [
      { sku: 'SKU-1', quantity: 2, unit_price: '10.25' },
      { sku: 'SKU-2', quantity: 1, unit_price: '4.50' },
    ],
    currency: 'EUR',
    total: '25.00',
    ...overrides,
  };
}

/** The content of the stored order (the form's fields, status defaulted). */
export function orderContent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { status, ...form } = orderForm();
  return { ...form, status: status ?? 'pending', ...overrides };
}

/** A stored order item as DynamoDB returns it: table attributes, hash_code and index value included. */
export function storedOrder(overrides: Record<string, unknown> = {}, version = 3): Record<string, unknown> {
  const content = orderContent(overrides);
  return {
    ...content,
    [TABLE_KEY]: ORDER_ID,
    [TYPE_ATTRIBUTE]: 'order',
    id: ORDER_ID,
    version,
    hash_code: hashCode(content),
    created_at: '2026-02-01T00:00:00.000Z',
    updated_at: '2026-02-02T00:00:00.000Z',
    ix_order__user_id: content.user_id,
  };
}

/** A user as the users API returns it. */
export function userBody(id = USER_ID): Record<string, unknown> {
  return {
    id,
    name: { first: 'Ada', last: 'Lovelace' },
    status: 'active',
    version: 1,
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
  };
}

/** What the fake users API answers to one request: a status and body, or a thrown network error. */
export type UsersAnswer = { readonly status: number; readonly body?: unknown } | Error;

export interface FakeUsersApi {
  /** The real generated client, on a fake `fetch`. */
  readonly client: UsersClient;
  /** URLs requested, in order. */
  readonly requests: string[];
  /** Sets what every following request gets. */
  answer(answer: UsersAnswer | ((url: string) => UsersAnswer)): void;
}

/**
 * The generated users client with a fake network: by default every user whose id is in `known`
 * exists (200) and any other is a 404, as the users API answers.
 */
export function fakeUsersApi(known: readonly string[] = [USER_ID, OTHER_USER_ID]): FakeUsersApi {
  const requests: string[] = [];
  let answer: (url: string) => UsersAnswer = (url) => {
    const id = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
    return known.includes(id)
      ? { status: 200, body: userBody(id) }
      : { status: 404, body: { code: 'not_found', messages: ['user not found'] } };
  };
  const fetch: FetchLike = async (url) => {
    requests.push(url);
    const given = answer(url);
    if (given instanceof Error) throw given;
    const text = given.body === undefined ? '' : JSON.stringify(given.body);
    const response: FetchResponse = {
      status: given.status,
      headers: new Headers(text === '' ? {} : { 'content-type': 'application/json' }),
      text: async () => text,
    };
    return response;
  };
  const client = new UsersClient({
    baseUrl: 'https://users.example.com',
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    fetch,
  });
  return {
    client,
    requests,
    answer: (next) => {
      answer = typeof next === 'function' ? next : () => next;
    },
  };
}

/** A document client (mock it with `mockClient(DynamoDBDocumentClient)`) and a repository on it. */
export function orderRepository(clock: Clock = testClock(NOW), tableName = TABLE) {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'local' }));
  return new OrderRepository({ client, tableName, clock });
}

/**
 * The generated orders dependencies, for a Lambda's `makeHandler(deps)`: the repository on a
 * document client (mock it with `mockClient(DynamoDBDocumentClient)`), the fake users API as the
 * users client, a recording logger.
 */
export function handlerDeps(users = fakeUsersApi(), clock: Clock = testClock(NOW)) {
  const log = recordingLogger();
  const deps = createOrdersDeps({
    repositories: { order: orderRepository(clock) },
    clients: { users: users.client },
    logger: log.logger,
    clock,
  });
  return { deps, users, log };
}
