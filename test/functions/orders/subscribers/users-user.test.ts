/**
 * The orders service's (a reference service's) subscriber to `user` events, through its generated
 * wiring (generated/lambdas/on-users-user.ts: `makeSubscriber(deps, dedupe)`) with the written
 * `onDeleted` behind it: in-memory orders, the users service faked in `deps.clients`, an in-memory
 * dedupe store. A `user.deleted` the users API confirms (404) cancels the user's open orders once
 * however often it is delivered; failures fail the invocation and leave the event to be retried.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  makeSubscriber,
  SUBSCRIBER_NAME,
} from '../../../../functions/orders/generated/lambdas/on-users-user';
import type { OrderStatus } from '../../../../functions/orders/generated/models';
import { createOrdersDeps, LOGGED_PERSONAL_FIELDS } from '../../../../functions/orders/generated/service';
import { MemoryOrderRepository } from '../../../../functions/orders/generated/testing/repositories';
import { testClock } from '../../../../functions/runtime/clock';
import { InvalidEventError } from '../../../../functions/runtime/subscriber';
import { MemoryDedupe } from '../../../../functions/runtime/testing/memory-dedupe';
import { MemoryLogger } from '../../../../functions/runtime/testing/memory-logger';
import { EVENT_SOURCE, USER_DELETED, USER_UPSERTED } from '../../../../functions/users/generated/events';
import { fakeUsers } from '../../../../functions/users/generated/testing/fake';
import { subscriberEntry, subscriberFile } from '../../../../lib/codegen/layout';
import { eventBridgeEvent } from '../../runtime/subscriber/support';

/** A user the users service no longer has (its GET is a 404). */
const USER = 'usr-01J0000000000000000000000A';
const OTHER_USER = 'usr-01J0000000000000000000000B';
const NOW = '2026-05-01T10:00:00.000Z';

const LAMBDAS = join(__dirname, '../../../../functions/orders/generated/lambdas');
const SUBSCRIBERS = join(__dirname, '../../../../functions/orders/subscribers');
const ROOT = join(__dirname, '../../../..');

/**
 * The orders service's dependencies over in-memory orders (`ord-1`…`ord-3` of `owner`, `ord-4` of
 * another user), with a fake users service that has one live user (`live`); spies count the
 * listings, the cancellations (replaces) and what the users API was asked.
 */
function setup(options: { owner?: 'deleted' | 'live' } = {}) {
  const clock = testClock(NOW);
  const users = fakeUsers({ clock, seed: { user: [{ name: { first: 'Live' }, status: 'active' }] } });
  const live = users.seeded.user[0]?.id ?? '';
  const owner = options.owner === 'live' ? live : USER;
  const orders = new MemoryOrderRepository({ clock });
  const add = (userId: string, status: OrderStatus) =>
    orders.seed({
      user_id: userId,
      status,
      line_items: [{ sku: 'sku-1', quantity: 1, unit_price: '10.00' }],
      currency: 'EUR',
      total: '10.00',
    }).id;
  const names = new Map([
    [add(owner, 'pending'), 'ord-1'],
    [add(owner, 'confirmed'), 'ord-2'],
    [add(owner, 'shipped'), 'ord-3'],
    [add(OTHER_USER, 'pending'), 'ord-4'],
  ]);
  const listings = jest.spyOn(orders, 'findAllByUserId');
  const replaces = jest.spyOn(orders, 'replace');
  const asked = jest.spyOn(users.client, 'getUser');
  const dedupe = new MemoryDedupe({ subscriber: SUBSCRIBER_NAME, clock });
  const dedupeCalls = [jest.spyOn(dedupe, 'isHandled'), jest.spyOn(dedupe, 'markHandled')];
  const logger = new MemoryLogger(LOGGED_PERSONAL_FIELDS);
  const deps = createOrdersDeps({
    repositories: { order: orders },
    clients: { users: users.client },
    logger,
    clock,
  });
  return {
    owner,
    orders,
    listings,
    asked,
    dedupe,
    dedupeCalls,
    logger,
    handler: makeSubscriber(deps, dedupe),
    /** The names (`ord-1`…) of the orders cancelled so far, in order. */
    replaced: () => replaces.mock.calls.map(([id]) => names.get(id)),
    /** Every order's status, by name. */
    statuses: () => Object.fromEntries(orders.all().map((order) => [names.get(order.id), order.status])),
  };
}

const userDeleted = (eventId: string, id = USER) =>
  eventBridgeEvent(EVENT_SOURCE, USER_DELETED, { id, event_id: eventId, version: 2 });

describe('orders (reference service): the users-user subscriber', () => {
  it('is named after its entry file (generated/lambdas/on-users-user.ts) and its written file', () => {
    const entries = readdirSync(LAMBDAS).filter((file) => file.startsWith('on-') && file.endsWith('.ts'));
    expect(entries).toEqual(['on-users-user.ts']);
    expect(SUBSCRIBER_NAME).toBe(basename(entries[0] ?? '', '.ts').slice('on-'.length));
    expect(readdirSync(SUBSCRIBERS)).toContain(`${SUBSCRIBER_NAME}.ts`);
    // The entry the stacks deploy for the subscription (lib/infra takes it from the layout) is the
    // module tested here, named after SUBSCRIBER_NAME, and its handler keys dedupe records by it.
    const entry = join(ROOT, subscriberEntry('orders', 'users', 'user'));
    expect(require.resolve('../../../../functions/orders/generated/lambdas/on-users-user')).toBe(entry);
    expect(basename(entry, '.ts')).toBe(`on-${SUBSCRIBER_NAME}`);
    expect(join(ROOT, subscriberFile('orders', 'users', 'user'))).toBe(
      join(SUBSCRIBERS, `${SUBSCRIBER_NAME}.ts`),
    );
    expect(readFileSync(entry, 'utf8')).toMatch(
      /new DynamoDbDedupe\(\{[^}]*\bsubscriber: SUBSCRIBER_NAME \}\)/,
    );
  });

  it("cancels the deleted user's open orders, and only those", async () => {
    const { handler, statuses, dedupe } = setup();

    await handler(userDeleted('ev-1'));

    expect(statuses()).toEqual({
      'ord-1': 'cancelled',
      'ord-2': 'cancelled',
      'ord-3': 'shipped',
      'ord-4': 'pending',
    });
    expect(dedupe.handled()).toEqual(['ev-1']);
  });

  it('acts once when the same event is delivered twice', async () => {
    const { handler, listings, replaced, logger } = setup();

    await handler(userDeleted('ev-1'));
    await handler(userDeleted('ev-1'));

    expect(listings).toHaveBeenCalledTimes(1);
    expect(replaced().sort()).toEqual(['ord-1', 'ord-2']);
    expect(logger.at('info').map((line) => line.message)).toContain(
      'duplicate event skipped: it was handled already',
    );
  });

  it('a second event about the same deletion (another event_id) finds nothing left to cancel', async () => {
    const { handler, listings, replaced } = setup();

    await handler(userDeleted('ev-1'));
    await handler(userDeleted('ev-2'));

    expect(listings).toHaveBeenCalledTimes(2);
    expect(replaced().sort()).toEqual(['ord-1', 'ord-2']);
  });

  it('asks the users API first: only its 404 confirms the deletion', async () => {
    const { handler, asked, replaced, listings } = setup();
    await handler(userDeleted('ev-1'));
    expect(asked.mock.calls).toEqual([[USER]]);
    expect(asked.mock.invocationCallOrder[0]).toBeLessThan(listings.mock.invocationCallOrder[0] ?? 0);
    expect(replaced().sort()).toEqual(['ord-1', 'ord-2']);
  });

  it.each([
    ['a forged user.deleted', 'ev-forged'],
    ['an archive replay of an old event', 'ev-replayed'],
  ])('%s for a live user cancels nothing, is logged, and is acknowledged', async (_title, eventId) => {
    const { handler, owner, listings, statuses, dedupe, logger } = setup({ owner: 'live' });

    await handler(userDeleted(eventId, owner));

    expect(listings).not.toHaveBeenCalled();
    expect(statuses()).toEqual({
      'ord-1': 'pending',
      'ord-2': 'confirmed',
      'ord-3': 'shipped',
      'ord-4': 'pending',
    });
    expect(logger.at('warn').map((line) => line.message)).toEqual([
      'deleted event contradicted by the owner, which still has the resource: nothing done',
    ]);
    expect(dedupe.handled()).toEqual([eventId]);
  });

  it('when the users API cannot answer, nothing is cancelled and the event is retried', async () => {
    const { handler, asked, listings, replaced, dedupe } = setup();
    const error = new Error('users answered 503');
    asked.mockRejectedValueOnce(error);

    await expect(handler(userDeleted('ev-1'))).rejects.toBe(error);
    expect(listings).not.toHaveBeenCalled();
    expect(dedupe.handled()).toEqual([]);

    await handler(userDeleted('ev-1'));
    expect(replaced().sort()).toEqual(['ord-1', 'ord-2']);
  });

  it('a user without orders is fine', async () => {
    const { handler, replaced, dedupe } = setup();
    await handler(userDeleted('ev-1', 'usr-01J0000000000000000000000C'));
    expect(replaced()).toEqual([]);
    expect(dedupe.handled()).toEqual(['ev-1']);
  });

  it('ignores user.upserted without any work', async () => {
    const { handler, listings, asked, dedupeCalls } = setup();

    await handler(eventBridgeEvent(EVENT_SOURCE, USER_UPSERTED, { id: USER, event_id: 'ev-1' }));

    expect(listings).not.toHaveBeenCalled();
    expect(asked).not.toHaveBeenCalled();
    for (const call of dedupeCalls) expect(call).not.toHaveBeenCalled();
  });

  it.each([
    ['the listing', 'findAllByUserId'],
    ['a cancellation', 'replace'],
  ] as const)(
    'a failure of %s fails the invocation, writes no marker, and the retry finishes the job',
    async (_, method) => {
      const { handler, orders, statuses, dedupe } = setup();
      const error = new Error('ProvisionedThroughputExceededException');
      jest.spyOn(orders, method).mockRejectedValueOnce(error);

      await expect(handler(userDeleted('ev-1'))).rejects.toBe(error);
      expect(dedupe.handled()).toEqual([]);

      await handler(userDeleted('ev-1'));
      expect(statuses()).toMatchObject({ 'ord-1': 'cancelled', 'ord-2': 'cancelled' });
      expect(dedupe.handled()).toEqual(['ev-1']);
    },
  );

  it('an invalid detail throws, and nothing is cancelled', async () => {
    const { handler, listings, asked } = setup();
    await expect(
      handler(eventBridgeEvent(EVENT_SOURCE, USER_DELETED, { id: USER, event_id: '', version: 1 })),
    ).rejects.toThrow(InvalidEventError);
    expect(listings).not.toHaveBeenCalled();
    expect(asked).not.toHaveBeenCalled();
  });
});

describe('orders (reference service): the deployed users-user subscriber (generated/lambdas/on-users-user.ts)', () => {
  const saved = process.env.TABLE_NAME;
  afterEach(() => {
    if (saved === undefined) delete process.env.TABLE_NAME;
    else process.env.TABLE_NAME = saved;
  });

  it('loads without any environment, and an invocation without TABLE_NAME fails saying so', async () => {
    delete process.env.TABLE_NAME;
    const module = await import('../../../../functions/orders/generated/lambdas/on-users-user');
    expect(typeof module.handler).toBe('function');
    await expect(module.handler(userDeleted('ev-1'))).rejects.toThrow(/TABLE_NAME/);
  });
});
