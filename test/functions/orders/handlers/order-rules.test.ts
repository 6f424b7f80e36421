/**
 * orders (a reference service): the rules of an order, as tables, through the generated createOrder
 * and replaceOrder Lambdas (makeHandler) over an in-memory order repository and the real users
 * client on a fake network. What the spec says (amounts not negative, precision and scale) is
 * refused by the generated schemas; what it cannot say (ISO 4217 codes, digits per currency, the
 * lifecycle, If-Match) by the domain. Every 422 is checked to name the rule, never a value sent.
 */
import { makeHandler as makeCreate } from '../../../../functions/orders/generated/lambdas/create-order';
import { makeHandler as makeReplace } from '../../../../functions/orders/generated/lambdas/replace-order';
import type { Order, OrderFormInput, OrderStatus } from '../../../../functions/orders/generated/models';
import {
  createOrderOperation,
  replaceOrderOperation,
} from '../../../../functions/orders/generated/operations';
import { createOrdersDeps } from '../../../../functions/orders/generated/service';
import { MemoryOrderRepository } from '../../../../functions/orders/generated/testing/repositories';
import { testClock } from '../../../../functions/runtime/clock';
import { MemoryLogger } from '../../../../functions/runtime/testing/memory-logger';
import { bodyOf, routeEvent } from '../../support/api-event';
import { fakeUsersApi, NOW, orderForm, USER_ID, userBody } from '../support/fixtures';

const STATUSES: readonly OrderStatus[] = ['pending', 'confirmed', 'shipped', 'delivered', 'cancelled'];

/** The lifecycle, written out here on its own so that a slip in the domain's table fails a test. */
const ALLOWED_MOVES = new Set([
  'pending→confirmed',
  'pending→cancelled',
  'confirmed→shipped',
  'confirmed→cancelled',
  'shipped→delivered',
]);

function setup(users = fakeUsersApi()) {
  const clock = testClock(NOW);
  const orders = new MemoryOrderRepository({ clock });
  const deps = createOrdersDeps({
    repositories: { order: orders },
    clients: { users: users.client },
    logger: new MemoryLogger(),
    clock,
  });
  return { create: makeCreate(deps), replace: makeReplace(deps), orders, users };
}

/** A stored order at `status`, version 1 (seeded: the repository's rules, not the service's). */
async function storedAt(orders: MemoryOrderRepository, status: OrderStatus): Promise<Order> {
  const { status: _, ...form } = orderForm();
  return orders.seed({ ...form, status });
}

const post = (body: unknown) => routeEvent(createOrderOperation, { body });
const put = (id: string, body: unknown, headers?: Record<string, string>) =>
  routeEvent(replaceOrderOperation, { path: { id }, body, ...(headers === undefined ? {} : { headers }) });

/** A form in `currency` with one line item of `unit_price` × 2 and the given total. */
const priced = (currency: string, unit_price: string, total: string): OrderFormInput =>
  orderForm({ currency, line_items: [{ sku: 'SKU-1', quantity: 2, unit_price }], total });

describe('orders (reference service): the rules of an order, through the generated Lambdas', () => {
  describe('currency: an ISO 4217 code of a currency (domain: currencies.ts)', () => {
    it.each([
      ['EUR', '12.50', '25.00'],
      ['USD', '0.99', '1.98'],
      ['JPY', '1250', '2500'],
      ['KRW', '1000', '2000'],
      ['BHD', '1.125', '2.250'],
      ['KWD', '0.5', '1'],
      ['XCG', '3.10', '6.20'],
      ['ZWG', '3', '6'],
      ['XOF', '500', '1000'],
      ['CHF', '0', '0'],
    ])('%s is accepted (201)', async (currency, price, total) => {
      const { create } = setup();
      const result = await create(post(priced(currency, price, total)));
      expect(result.statusCode).toBe(201);
      expect(bodyOf(result)).toMatchObject({ currency, status: 'pending' });
    });

    it.each([
      ['ZZZ', 'not a code'],
      ['XXX', '"no currency"'],
      ['XTS', 'the testing code'],
      ['XAU', 'gold, a precious metal'],
      ['XDR', 'a unit of account (SDR)'],
      ['XAD', 'a unit of account (Arab Accounting Dinar)'],
      ['CLF', 'a funds code'],
      ['USN', 'a funds code'],
      ['BOV', 'a funds code'],
      ['BGN', 'withdrawn 2026-01-01 (Bulgaria adopted the euro)'],
      ['HRK', 'withdrawn 2023 (Croatia adopted the euro)'],
      ['ANG', 'replaced by XCG in 2025'],
    ])('%s is 422 (%s), and nothing is stored', async (currency) => {
      const { create, orders } = setup();
      const result = await create(post(priced(currency, '12', '24')));
      expect(result.statusCode).toBe(422);
      expect(bodyOf(result)).toEqual({
        code: 'validation_failed',
        messages: ['body.currency: must be an ISO 4217 currency code'],
      });
      expect(orders.size).toBe(0);
    });

    it('a code of the wrong shape is the spec’s 422 (pattern), before the domain is asked', async () => {
      const { create, users } = setup();
      const result = await create(post(priced('eur', '12.50', '25.00')));
      expect(result.statusCode).toBe(422);
      expect(bodyOf(result)).toEqual({
        code: 'validation_failed',
        messages: ['body.currency: must match /^[A-Z]{3}$/u'],
      });
      expect(users.requests).toEqual([]);
    });
  });

  describe('digits after the point: at most the currency’s minor units (domain: amounts.ts)', () => {
    it.each([
      ['JPY', '1250', '2500', []],
      ['JPY', '12.5', '25', ['body.line_items[0].unit_price: must have no digits after the point in JPY']],
      [
        'JPY',
        '1250.0',
        '2500',
        ['body.line_items[0].unit_price: must have no digits after the point in JPY'],
      ],
      ['JPY', '1250', '2500.00', ['body.total: must have no digits after the point in JPY']],
      ['EUR', '12.5', '25.0', []],
      ['EUR', '12.50', '25.00', []],
      [
        'EUR',
        '12.505',
        '25.010',
        [
          'body.line_items[0].unit_price: must have at most 2 digits after the point in EUR',
          'body.total: must have at most 2 digits after the point in EUR',
        ],
      ],
      ['EUR', '12.50', '25.000', ['body.total: must have at most 2 digits after the point in EUR']],
      ['BHD', '1.125', '2.250', []],
      ['BHD', '1.5', '3', []],
      ['TND', '0.001', '0.002', []],
    ] as const)('%s, price %s, total %s', async (currency, price, total, messages) => {
      const { create } = setup();
      const result = await create(post(priced(currency, price, total)));
      if (messages.length === 0) {
        expect(result.statusCode).toBe(201);
        expect(bodyOf(result)).toMatchObject({ total, line_items: [{ unit_price: price }] });
      } else {
        expect(result.statusCode).toBe(422);
        expect(bodyOf(result)).toEqual({ code: 'validation_failed', messages });
        expect(result.body).not.toContain(price);
      }
    });

    it('names every line item that breaks it, and the broken sum too', async () => {
      const { create } = setup();
      const form = orderForm({
        currency: 'JPY',
        line_items: [
          { sku: 'A', quantity: 1, unit_price: '100' },
          { sku: 'B', quantity: 1, unit_price: '0.5' },
          { sku: 'C', quantity: 1, unit_price: '7.25' },
        ],
        total: '1',
      });
      const result = await create(post(form));
      expect(bodyOf(result)).toEqual({
        code: 'validation_failed',
        messages: [
          'body.line_items[1].unit_price: must have no digits after the point in JPY',
          'body.line_items[2].unit_price: must have no digits after the point in JPY',
          'body.total: must equal the sum of the line items (107.75)',
        ],
      });
    });
  });

  describe('amounts: what the spec says (minimum 0, precision, scale; generated zod)', () => {
    it.each([
      [
        'a negative price',
        '-1.00',
        '-2.00',
        ['body.line_items[0].unit_price: must be >= 0', 'body.total: must be >= 0'],
      ],
      ['a negative total', '1.00', '-2.00', ['body.total: must be >= 0']],
      [
        'four digits after the point (any currency: the spec’s scale is 3)',
        '1.0001',
        '2.0002',
        [
          'body.line_items[0].unit_price: must have at most 3 digits after the point',
          'body.total: must have at most 3 digits after the point',
        ],
      ],
      [
        'a 42-digit price',
        '1'.repeat(42),
        '2'.repeat(42),
        [
          'body.line_items[0].unit_price: must have at most 15 significant digits',
          'body.total: must have at most 21 significant digits',
        ],
      ],
    ] as const)('%s is 422, naming the rule and not the value', async (_, price, total, messages) => {
      const { create, users } = setup();
      const result = await create(post(priced('EUR', price, total)));
      expect(result.statusCode).toBe(422);
      expect(bodyOf(result)).toEqual({ code: 'validation_failed', messages });
      expect(result.body).not.toContain(price);
      expect(users.requests).toEqual([]);
    });

    it('the largest price the spec allows, times the most items, gives a total the spec allows', async () => {
      const { create } = setup();
      const price = '999999999999.999'; // 15 significant digits, 3 after the point
      const lines = Array.from({ length: 100 }, (_, i) => ({
        sku: `S-${i}`,
        quantity: 10000,
        unit_price: price,
      }));
      const result = await create(
        post(orderForm({ currency: 'BHD', line_items: lines, total: '999999999999999000.000' })),
      );
      expect(result.statusCode).toBe(201);
    });
  });

  describe('creation status: orders are created pending', () => {
    it.each(STATUSES.map((status) => [status, status === 'pending' ? 201 : 422] as const))(
      'a POST with status %s: %i',
      async (status, want) => {
        const { create, orders } = setup();
        const result = await create(post(orderForm({ status })));
        expect(result.statusCode).toBe(want);
        if (want === 422) {
          expect(bodyOf(result)).toEqual({
            code: 'validation_failed',
            messages: ['body.status: a new order must be pending'],
          });
          expect(orders.size).toBe(0);
        }
      },
    );

    it('a POST without status is pending', async () => {
      const { create } = setup();
      expect(bodyOf(await create(post(orderForm())))).toMatchObject({ status: 'pending', version: 1 });
    });
  });

  describe('transitions: every move allowed and refused (domain: status.ts)', () => {
    const moves = STATUSES.flatMap((from) => STATUSES.map((to) => [from, to] as const));

    it.each(moves)('%s → %s', async (from, to) => {
      const { replace, orders } = setup();
      const order = await storedAt(orders, from);
      const result = await replace(put(order.id, orderForm({ status: to })));
      const allowed = from === to || ALLOWED_MOVES.has(`${from}→${to}`);
      if (allowed) {
        expect(result.statusCode).toBe(200);
        expect(bodyOf(result)).toMatchObject({ status: to, version: from === to ? 1 : 2 });
      } else {
        expect(result.statusCode).toBe(422);
        const next = [...ALLOWED_MOVES]
          .filter((move) => move.startsWith(`${from}→`))
          .map((m) => m.split('→')[1]);
        expect(bodyOf(result)).toEqual({
          code: 'validation_failed',
          messages: [
            next.length === 0
              ? `body.status: a ${from} order is final: its status cannot change`
              : `body.status: a ${from} order can only stay ${from} or become ${next.join(' or ')}`,
          ],
        });
        await expect(orders.get(order.id)).resolves.toEqual(order);
      }
    });

    it('walks the whole lifecycle, pending to delivered, one version per move', async () => {
      const { create, replace } = setup();
      const created = bodyOf(await create(post(orderForm()))) as Order;
      let version = 1;
      for (const status of ['confirmed', 'shipped', 'delivered'] as const) {
        const result = await replace(put(created.id, orderForm({ status })));
        expect(result.statusCode).toBe(200);
        expect(bodyOf(result)).toMatchObject({ status, version: ++version });
      }
    });

    it('a refused move is reported with every other broken rule', async () => {
      const { replace, orders } = setup(fakeUsersApi([]));
      const order = await storedAt(orders, 'cancelled');
      const result = await replace(put(order.id, priced('ZZZ', '1', '3')));
      expect(bodyOf(result)).toEqual({
        code: 'validation_failed',
        messages: [
          'body.user_id: no such user',
          'body.currency: must be an ISO 4217 currency code',
          'body.total: must equal the sum of the line items (2)',
        ],
      });
      const moved = await replace(put(order.id, { ...priced('ZZZ', '1', '2'), status: 'pending' }));
      expect((bodyOf(moved) as { messages: string[] }).messages).toEqual([
        'body.user_id: no such user',
        'body.status: a cancelled order is final: its status cannot change',
        'body.currency: must be an ISO 4217 currency code',
      ]);
    });
  });

  describe('a PUT without status keeps the current one', () => {
    it.each(STATUSES)('a %s order keeps its status (the rest is replaced)', async (status) => {
      const { replace, orders } = setup();
      const order = await storedAt(orders, status);
      const form = orderForm({
        line_items: [{ sku: 'NEW', quantity: 1, unit_price: '3.00' }],
        total: '3.00',
      });
      const result = await replace(put(order.id, form));
      expect(result.statusCode).toBe(200);
      expect(bodyOf(result)).toMatchObject({ status, version: 2, total: '3.00' });
      await expect(orders.get(order.id)).resolves.toMatchObject({ status, version: 2 });
    });
  });

  describe('If-Match on PUT (functions/runtime/http/conditional.ts)', () => {
    it.each([
      ['the current version', '"1"', 200],
      ['a list holding the current version', '"7", "1"', 200],
      ['any version (*)', '*', 200],
      ['an older version', '"0"', 412],
      ['a newer version', '"2"', 412],
      ['the current version as a weak tag (strong comparison for writes)', 'W/"1"', 412],
    ] as const)('%s (%s): %i', async (_, ifMatch, want) => {
      const { replace, orders } = setup();
      const order = await storedAt(orders, 'pending');
      const result = await replace(
        put(order.id, orderForm({ status: 'confirmed' }), { 'if-match': ifMatch }),
      );
      expect(result.statusCode).toBe(want);
      if (want === 412) {
        expect(bodyOf(result)).toEqual({
          code: 'precondition_failed',
          messages: ['if-match: the resource changed since you read it; read it again and retry'],
        });
        await expect(orders.get(order.id)).resolves.toEqual(order);
      } else {
        expect(bodyOf(result)).toMatchObject({ status: 'confirmed', version: 2 });
        expect(result.headers?.etag).toBe('"2"');
      }
    });

    it('412 before the rules: a stale copy is reported first, and nobody is asked', async () => {
      const { replace, orders, users } = setup();
      const order = await storedAt(orders, 'pending');
      const result = await replace(put(order.id, priced('ZZZ', '1', '5'), { 'if-match': '"9"' }));
      expect(result.statusCode).toBe(412);
      expect(users.requests).toEqual([]);
    });

    it('412 for an order that does not exist (an If-Match holds only for one that does); 404 without', async () => {
      const { replace } = setup();
      const missing = 'ord-01KCCCCCCCCCCCCCCCCCCCCCCC';
      expect((await replace(put(missing, orderForm(), { 'if-match': '"1"' }))).statusCode).toBe(412);
      expect((await replace(put(missing, orderForm(), { 'if-match': '*' }))).statusCode).toBe(412);
      expect((await replace(put(missing, orderForm()))).statusCode).toBe(404);
    });

    it('400 for an If-Match that is not a list of entity tags', async () => {
      const { replace, orders } = setup();
      const order = await storedAt(orders, 'pending');
      const result = await replace(put(order.id, orderForm(), { 'if-match': '1' }));
      expect(result.statusCode).toBe(400);
      expect(bodyOf(result)).toMatchObject({ code: 'malformed_request' });
    });

    /** Another writer confirms the order while the users service is asked (between the read and the write). */
    function racing(orders: MemoryOrderRepository, id: string) {
      const users = fakeUsersApi();
      users.answer(() => {
        const { status: _, ...form } = orderForm();
        void orders.replace(id, { ...form, status: 'confirmed' });
        return { status: 200, body: userBody(USER_ID) };
      });
      return users;
    }

    it.each([
      [
        'with If-Match: 412 (the precondition failed after all)',
        { 'if-match': '"1"' },
        412,
        'precondition_failed',
      ],
      ['without If-Match: 409', undefined, 409, 'conflict'],
    ] as const)('a change between the read and the write, %s', async (_, headers, want, code) => {
      const orders = new MemoryOrderRepository({ clock: testClock(NOW) });
      const order = await storedAt(orders, 'pending');
      const users = racing(orders, order.id);
      const deps = createOrdersDeps({
        repositories: { order: orders },
        clients: { users: users.client },
        logger: new MemoryLogger(),
        clock: testClock(NOW),
      });
      const result = await makeReplace(deps)(put(order.id, orderForm({ status: 'cancelled' }), headers));
      expect(result.statusCode).toBe(want);
      expect(bodyOf(result)).toMatchObject({ code });
      await expect(orders.get(order.id)).resolves.toMatchObject({ status: 'confirmed', version: 2 });
    });
  });
});
