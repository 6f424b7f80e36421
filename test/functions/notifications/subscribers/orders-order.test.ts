/**
 * The notifications service's (a reference service's) subscriber to `order` events, through its
 * generated wiring (generated/lambdas/on-orders-order.ts: `makeSubscriber(deps, dedupe)`) with the
 * written `onUpserted` behind it: the real generated orders and users clients on a fake network in
 * `deps.clients` (so 404 → undefined and 5xx → ApiError are the clients' own), in-memory
 * notifications and dedupe store. Against DynamoDB Local: orders-order.local.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  makeSubscriber,
  SUBSCRIBER_NAME,
} from '../../../../functions/notifications/generated/lambdas/on-orders-order';
import {
  createNotificationsDeps,
  LOGGED_PERSONAL_FIELDS,
} from '../../../../functions/notifications/generated/service';
import { MemoryNotificationRepository } from '../../../../functions/notifications/generated/testing/repositories';
import { onUpserted } from '../../../../functions/notifications/subscribers/orders-order';
import {
  EVENT_SOURCE,
  type EventDetail,
  ORDER_DELETED,
  ORDER_UPSERTED,
} from '../../../../functions/orders/generated/events';
import { testClock } from '../../../../functions/runtime/clock';
import { ApiError, InvalidResponseError } from '../../../../functions/runtime/http-client';
import { StaleOwnerStateError, type SubscriberMessage } from '../../../../functions/runtime/subscriber';
import { MemoryDedupe } from '../../../../functions/runtime/testing/memory-dedupe';
import { MemoryLogger } from '../../../../functions/runtime/testing/memory-logger';
import { subscriberEntry, subscriberFile } from '../../../../lib/codegen/layout';
import { eventBridgeEvent } from '../../runtime/subscriber/support';
import { EMAIL, FakeNetwork, ORDER_ID, ORDER_PATH, order, USER, USER_ID, USER_PATH } from './support';

const NOW = '2026-05-01T12:00:00.000Z';
const LAMBDAS = join(__dirname, '../../../../functions/notifications/generated/lambdas');
const SUBSCRIBERS = join(__dirname, '../../../../functions/notifications/subscribers');
const ROOT = join(__dirname, '../../../..');

/**
 * The notifications service's dependencies: the owners' generated clients on a fake network, the
 * notifications in memory (with the unique index on `order_id` + `order_version` the real
 * repository enforces), a recording logger; and the generated subscriber over them.
 */
function setup() {
  const clock = testClock(NOW);
  const network = new FakeNetwork();
  const notifications = new MemoryNotificationRepository({ clock });
  const dedupe = new MemoryDedupe({ subscriber: SUBSCRIBER_NAME, clock });
  const dedupeCalls = [jest.spyOn(dedupe, 'isHandled'), jest.spyOn(dedupe, 'markHandled')];
  const logger = new MemoryLogger(LOGGED_PERSONAL_FIELDS);
  const deps = createNotificationsDeps({
    repositories: { notification: notifications },
    clients: network.clients(),
    logger,
    clock,
  });
  return { network, notifications, dedupe, dedupeCalls, logger, deps, handler: makeSubscriber(deps, dedupe) };
}

const upserted = (eventId: string, version = 1, id = ORDER_ID) =>
  eventBridgeEvent(EVENT_SOURCE, ORDER_UPSERTED, { id, event_id: eventId, version });

describe('notifications (reference service): the orders-order subscriber', () => {
  it('is named after its entry file (generated/lambdas/on-orders-order.ts) and its written file', () => {
    const entries = readdirSync(LAMBDAS).filter((file) => file.startsWith('on-') && file.endsWith('.ts'));
    expect(entries).toEqual(['on-orders-order.ts']);
    expect(SUBSCRIBER_NAME).toBe(basename(entries[0] ?? '', '.ts').slice('on-'.length));
    expect(readdirSync(SUBSCRIBERS)).toContain(`${SUBSCRIBER_NAME}.ts`);
    // The entry the stacks deploy for the subscription (lib/infra takes it from the layout) is the
    // module tested here, named after SUBSCRIBER_NAME, and its handler keys dedupe records by it.
    const entry = join(ROOT, subscriberEntry('notifications', 'orders', 'order'));
    expect(require.resolve('../../../../functions/notifications/generated/lambdas/on-orders-order')).toBe(
      entry,
    );
    expect(basename(entry, '.ts')).toBe(`on-${SUBSCRIBER_NAME}`);
    expect(join(ROOT, subscriberFile('notifications', 'orders', 'order'))).toBe(
      join(SUBSCRIBERS, `${SUBSCRIBER_NAME}.ts`),
    );
    expect(readFileSync(entry, 'utf8')).toMatch(
      /new DynamoDbDedupe\(\{[^}]*\bsubscriber: SUBSCRIBER_NAME \}\)/,
    );
  });

  it('records a notification about the order version, sent to the user, by email', async () => {
    const { handler, network, notifications, dedupe } = setup();
    network
      .answer(ORDER_PATH, { status: 200, body: order(1) })
      .answer(USER_PATH, { status: 200, body: USER });

    await handler(upserted('ev-1'));

    expect(network.requests).toEqual([`GET ${ORDER_PATH}`, `GET ${USER_PATH}`]);
    expect(notifications.all()).toEqual([
      {
        id: expect.stringMatching(/^ntf-[0-9A-Z]{26}$/),
        order_id: ORDER_ID,
        order_version: 1,
        user_id: USER_ID,
        channel: 'email',
        recipient_email: EMAIL,
        subject: `Your order ${ORDER_ID} has been placed (total 10.00 EUR)`,
        sent_at: NOW,
        version: 1,
        created_at: NOW,
        updated_at: NOW,
      },
    ]);
    expect(dedupe.handled()).toEqual(['ev-1']);
  });

  it('acts once when the same event is delivered twice: one notification, the owners asked once', async () => {
    const { handler, network, notifications } = setup();
    network
      .answer(ORDER_PATH, { status: 200, body: order(1) })
      .answer(USER_PATH, { status: 200, body: USER });

    await handler(upserted('ev-1'));
    await handler(upserted('ev-1'));

    expect(notifications.size).toBe(1);
    expect(network.requests).toHaveLength(2);
  });

  it('records one notification per order version, whatever the number of events', async () => {
    const { handler, network, notifications } = setup();
    network
      .answer(
        ORDER_PATH,
        { status: 200, body: order(1) },
        { status: 200, body: order(1) },
        { status: 200, body: order(2, { status: 'confirmed' }) },
      )
      .answer(USER_PATH, { status: 200, body: USER });

    await handler(upserted('ev-1', 1));
    await handler(upserted('ev-1b', 1)); // the same version again, e.g. `dev republish`
    await handler(upserted('ev-2', 2));

    expect(
      notifications
        .all()
        .reverse()
        .map((n) => [n.order_version, n.subject]),
    ).toEqual([
      [1, `Your order ${ORDER_ID} has been placed (total 10.00 EUR)`],
      [2, `Your order ${ORDER_ID} is confirmed (total 10.00 EUR)`],
    ]);
  });

  it('a delivery that loses the race to another about the same version records nothing more', async () => {
    const { handler, network, notifications, dedupe } = setup();
    network
      .answer(ORDER_PATH, { status: 200, body: order(1) })
      .answer(USER_PATH, { status: 200, body: USER });

    await handler(upserted('ev-1', 1));
    // Another event about v1 (e.g. `dev republish`) whose lookup ran before the first create landed:
    // its create clashes on the unique index, and it settles on the stored notification.
    const lookup = jest.spyOn(notifications, 'findByOrderIdAndOrderVersion').mockResolvedValueOnce(undefined);
    const create = jest.spyOn(notifications, 'create');
    await handler(upserted('ev-1b', 1));

    expect(create).toHaveBeenCalledTimes(1);
    expect(lookup).toHaveBeenCalledTimes(2);
    expect(notifications.size).toBe(1);
    expect(new Set(dedupe.handled())).toEqual(new Set(['ev-1', 'ev-1b']));
  });

  it('an event handled after the order moved on describes the current version (once)', async () => {
    const { handler, network, notifications } = setup();
    network
      .answer(ORDER_PATH, { status: 200, body: order(3) })
      .answer(USER_PATH, { status: 200, body: USER });

    await handler(upserted('ev-2', 2));
    await handler(upserted('ev-3', 3));

    expect(notifications.all().map((n) => n.order_version)).toEqual([3]);
  });

  describe('a 404 from an owner', () => {
    it('for the order (deleted since the event): nothing to notify, the users API is not called, success', async () => {
      const { handler, network, notifications, logger, dedupe } = setup();
      network.answer(ORDER_PATH, { status: 404 });

      await expect(handler(upserted('ev-1'))).resolves.toBeUndefined();

      expect(network.requests).toEqual([`GET ${ORDER_PATH}`]);
      expect(notifications.size).toBe(0);
      expect(logger.at('info')).toEqual([
        expect.objectContaining({
          message: 'resource not found at its owner: deleted since the event',
          attributes: { event_id: 'ev-1', resource_id: ORDER_ID, event_version: 1 },
        }),
      ]);
      expect(dedupe.handled()).toEqual(['ev-1']); // a redelivery is skipped
    });

    it('for the user (deleted): nobody to notify, nothing recorded, success', async () => {
      const { handler, network, notifications, logger } = setup();
      network.answer(ORDER_PATH, { status: 200, body: order(1) }).answer(USER_PATH, { status: 404 });

      await expect(handler(upserted('ev-1'))).resolves.toBeUndefined();

      expect(notifications.size).toBe(0);
      expect(logger.at('info')).toEqual([
        expect.objectContaining({
          message: 'user not found: the order has nobody to notify',
          attributes: { event_id: 'ev-1', order_id: ORDER_ID, order_version: 1, user_id: USER_ID },
        }),
      ]);
    });
  });

  describe('an owner failing', () => {
    it.each([
      [
        'the orders API answers 500',
        { orders: { status: 500, body: { code: 'internal_error', messages: ['internal error'] } } },
        ApiError,
      ],
      ['the orders API answers 403', { orders: { status: 403 } }, ApiError],
      ['the users API answers 503', { users: { status: 503 } }, ApiError],
      ['the network fails', { orders: new TypeError('fetch failed') }, TypeError],
      [
        'the orders API breaks its contract',
        { orders: { status: 200, body: { id: ORDER_ID } } },
        InvalidResponseError,
      ],
    ] as const)(
      '(%s) fails the invocation: no notification, no marker, retried later',
      async (_, failing, type) => {
        const { handler, network, notifications, dedupe, logger } = setup();
        network
          .answer(ORDER_PATH, 'orders' in failing ? failing.orders : { status: 200, body: order(1) })
          .answer(USER_PATH, 'users' in failing ? failing.users : { status: 200, body: USER });

        const failure = await handler(upserted('ev-1')).catch((error: unknown) => error);

        expect(failure).toBeInstanceOf(type);
        expect(notifications.size).toBe(0);
        expect(dedupe.handled()).toEqual([]);
        expect(logger.at('error').map((line) => line.message)).toEqual([
          'event handling failed; it will be retried',
        ]);

        // The owner recovers; the retry records the notification.
        network
          .answer(ORDER_PATH, { status: 200, body: order(1) })
          .answer(USER_PATH, { status: 200, body: USER });
        await handler(upserted('ev-1'));
        expect(notifications.size).toBe(1);
        expect(dedupe.handled()).toEqual(['ev-1']);
      },
    );

    it('the error of a 500 names the operation and status', async () => {
      const { handler, network } = setup();
      network.answer(ORDER_PATH, {
        status: 500,
        body: { code: 'internal_error', messages: ['internal error'] },
      });
      await expect(handler(upserted('ev-1'))).rejects.toThrow('getOrder failed with status 500');
    });

    it('a failing notification store fails the invocation too', async () => {
      const { handler, network, notifications, dedupe } = setup();
      network
        .answer(ORDER_PATH, { status: 200, body: order(1) })
        .answer(USER_PATH, { status: 200, body: USER });
      jest
        .spyOn(notifications, 'create')
        .mockRejectedValue(new Error('ProvisionedThroughputExceededException'));
      await expect(handler(upserted('ev-1'))).rejects.toThrow('ProvisionedThroughputExceededException');
      expect(dedupe.handled()).toEqual([]);
    });
  });

  it('an order older than the event is retried (StaleOwnerStateError), nothing recorded', async () => {
    const { handler, network, notifications, dedupe } = setup();
    network
      .answer(ORDER_PATH, { status: 200, body: order(1) })
      .answer(USER_PATH, { status: 200, body: USER });

    const failure = await handler(upserted('ev-2', 2)).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(StaleOwnerStateError);
    expect(failure).toMatchObject({ resourceId: ORDER_ID, eventVersion: 2, ownerVersion: 1 });
    expect(network.requests).toEqual([`GET ${ORDER_PATH}`]);
    expect(notifications.size).toBe(0);
    expect(dedupe.handled()).toEqual([]);
  });

  it('never logs the personal data it handles', async () => {
    const { handler, network, notifications, logger } = setup();
    network
      .answer(ORDER_PATH, { status: 200, body: order(1) })
      .answer(USER_PATH, { status: 200, body: USER });
    await handler(upserted('ev-1'));
    expect(logger.at('info')).toEqual([
      expect.objectContaining({
        message: 'notification recorded',
        attributes: {
          event_id: 'ev-1',
          order_id: ORDER_ID,
          order_version: 1,
          notification_id: notifications.all()[0]?.id,
        },
      }),
    ]);
    expect(JSON.stringify(logger.lines)).not.toContain(EMAIL);
    expect(JSON.stringify(logger.lines)).not.toContain('Jane');
  });

  it('acknowledges order.deleted without any work', async () => {
    const { handler, network, dedupeCalls } = setup();
    await handler(eventBridgeEvent(EVENT_SOURCE, ORDER_DELETED, { id: ORDER_ID, event_id: 'ev-1' }));
    expect(network.requests).toEqual([]);
    for (const call of dedupeCalls) expect(call).not.toHaveBeenCalled();
  });
});

describe('notifications (reference service): onUpserted (subscribers/orders-order.ts), the written part', () => {
  const message = (detail: Partial<EventDetail> = {}): SubscriberMessage<EventDetail> => ({
    source: EVENT_SOURCE,
    detailType: ORDER_UPSERTED,
    detail: { id: ORDER_ID, event_id: 'e', version: 1, occurred_at: '2026-05-01T12:00:00Z', ...detail },
    eventBridgeId: 'eb-e',
    time: '2026-05-01T12:00:01Z',
  });

  it('says what it did: recorded, already recorded, or nobody to notify (the user is gone)', async () => {
    const { deps, network, notifications } = setup();
    network.answer(USER_PATH, { status: 200, body: USER });
    await expect(onUpserted(order(1), { deps, message: message() })).resolves.toBe('recorded');
    await expect(onUpserted(order(1), { deps, message: message() })).resolves.toBe('already_recorded');
    network.answer(USER_PATH, { status: 404 });
    await expect(onUpserted(order(2), { deps, message: message({ version: 2 }) })).resolves.toBe('user_gone');
    expect(notifications.all().map((n) => n.order_version)).toEqual([1]);
    // It is handed the order the wiring fetched: it never asks the orders API itself.
    expect(network.requests).toEqual([`GET ${USER_PATH}`, `GET ${USER_PATH}`, `GET ${USER_PATH}`]);
  });
  // An order the orders API no longer has never gets here: the wiring's 404 case ("a 404 from an
  // owner" above) handles it without calling onUpserted.
});

describe('notifications (reference service): the deployed orders-order subscriber (generated/lambdas/on-orders-order.ts)', () => {
  const saved = process.env.TABLE_NAME;
  afterEach(() => {
    if (saved === undefined) delete process.env.TABLE_NAME;
    else process.env.TABLE_NAME = saved;
  });

  it('loads without any environment, and an invocation without TABLE_NAME fails saying so', async () => {
    delete process.env.TABLE_NAME;
    const module = await import('../../../../functions/notifications/generated/lambdas/on-orders-order');
    expect(typeof module.handler).toBe('function');
    await expect(module.handler(upserted('ev-1'))).rejects.toThrow(/TABLE_NAME is not set/);
  });
});
