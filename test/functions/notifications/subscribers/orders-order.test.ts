/**
 * The notifications service's subscriber to `order` events, with the real generated clients on a
 * fake network (so 404 → undefined and 5xx → ApiError are the clients' own), an in-memory
 * notification store and dedupe store. Against DynamoDB Local: orders-order.local.test.ts.
 */

import type { Notification } from '../../../../functions/notifications/generated/models';
import type {
  NotificationFields,
  NotificationRepository,
} from '../../../../functions/notifications/generated/repository';
import {
  makeOrdersOrderSubscriber,
  notifyAboutOrder,
  StaleOrderError,
  SUBSCRIBER_NAME,
} from '../../../../functions/notifications/subscribers/orders-order';
import { EVENT_SOURCE, ORDER_DELETED, ORDER_UPSERTED } from '../../../../functions/orders/generated/events';
import { testClock } from '../../../../functions/runtime/clock';
import { ApiError, InvalidResponseError } from '../../../../functions/runtime/http-client';
import { UniqueConstraintError } from '../../../../functions/runtime/repository';
import { eventBridgeEvent, InMemoryDedupe, RecordingLogger } from '../../runtime/subscriber/support';
import { EMAIL, FakeNetwork, ORDER_ID, ORDER_PATH, order, USER, USER_ID, USER_PATH } from './support';

const CLOCK = testClock('2026-05-01T12:00:00.000Z');

/**
 * The notification store recordNotification uses, in memory, with the unique index on
 * `order_id` + `order_version` the real repository enforces (a clash → UniqueConstraintError).
 */
class FakeNotifications {
  readonly items: Notification[] = [];
  failCreate: Error | undefined;
  /** How many of the next lookups miss what is stored (a concurrent delivery's create not seen yet). */
  lookupMisses = 0;

  async findByOrderIdAndOrderVersion(
    orderId: string,
    orderVersion: number,
  ): Promise<Notification | undefined> {
    if (this.lookupMisses > 0) {
      this.lookupMisses--;
      return undefined;
    }
    return this.items.find((n) => n.order_id === orderId && n.order_version === orderVersion);
  }

  async create(fields: NotificationFields): Promise<Notification> {
    if (this.failCreate !== undefined) throw this.failCreate;
    if (this.items.some((n) => n.order_id === fields.order_id && n.order_version === fields.order_version)) {
      throw new UniqueConstraintError('notification', 'ix_notification__order_id__order_version', [
        'order_id',
        'order_version',
      ]);
    }
    const at = CLOCK.now().toISOString();
    const created: Notification = {
      id: `ntf-${this.items.length + 1}`,
      ...fields,
      version: 1,
      created_at: at,
      updated_at: at,
    };
    this.items.push(created);
    return created;
  }
}

function setup() {
  const network = new FakeNetwork();
  const { orders, users } = network.clients();
  const notifications = new FakeNotifications();
  const dedupe = new InMemoryDedupe();
  const logger = new RecordingLogger();
  const deps = {
    orders,
    users,
    repository: notifications as unknown as NotificationRepository,
    clock: CLOCK,
    dedupe,
    logger,
  };
  return { network, notifications, dedupe, logger, deps, handler: makeOrdersOrderSubscriber(deps) };
}

const upserted = (eventId: string, version = 1, id = ORDER_ID) =>
  eventBridgeEvent(EVENT_SOURCE, ORDER_UPSERTED, { id, event_id: eventId, version });

it('is named after its entry file', () => {
  expect(SUBSCRIBER_NAME).toBe('orders-order');
});

it('records a notification about the order version, sent to the user, by email', async () => {
  const { handler, network, notifications, dedupe } = setup();
  network.answer(ORDER_PATH, { status: 200, body: order(1) }).answer(USER_PATH, { status: 200, body: USER });

  await handler(upserted('ev-1'));

  expect(network.requests).toEqual([`GET ${ORDER_PATH}`, `GET ${USER_PATH}`]);
  expect(notifications.items).toEqual([
    {
      id: 'ntf-1',
      order_id: ORDER_ID,
      order_version: 1,
      user_id: USER_ID,
      channel: 'email',
      recipient_email: EMAIL,
      subject: `Your order ${ORDER_ID} has been placed (total 10.00 EUR)`,
      sent_at: '2026-05-01T12:00:00.000Z',
      version: 1,
      created_at: '2026-05-01T12:00:00.000Z',
      updated_at: '2026-05-01T12:00:00.000Z',
    },
  ]);
  expect(dedupe.marked).toEqual(new Set(['ev-1']));
});

it('acts once when the same event is delivered twice: one notification, the owners asked once', async () => {
  const { handler, network, notifications } = setup();
  network.answer(ORDER_PATH, { status: 200, body: order(1) }).answer(USER_PATH, { status: 200, body: USER });

  await handler(upserted('ev-1'));
  await handler(upserted('ev-1'));

  expect(notifications.items).toHaveLength(1);
  expect(network.requests).toHaveLength(2);
});

it('records one notification per order version, whatever the number of events', async () => {
  const { handler, network, notifications } = setup();
  network
    .answer(
      ORDER_PATH,
      { status: 200, body: order(1) },
      { status: 200, body: order(1) },
      {
        status: 200,
        body: order(2, { status: 'confirmed' }),
      },
    )
    .answer(USER_PATH, { status: 200, body: USER });

  await handler(upserted('ev-1', 1));
  await handler(upserted('ev-1b', 1)); // the same version again, e.g. `dev republish`
  await handler(upserted('ev-2', 2));

  expect(notifications.items.map((n) => [n.order_version, n.subject])).toEqual([
    [1, `Your order ${ORDER_ID} has been placed (total 10.00 EUR)`],
    [2, `Your order ${ORDER_ID} is confirmed (total 10.00 EUR)`],
  ]);
});

it('a delivery that loses the race to another about the same version records nothing more', async () => {
  const { handler, network, notifications, dedupe } = setup();
  network.answer(ORDER_PATH, { status: 200, body: order(1) }).answer(USER_PATH, { status: 200, body: USER });

  await handler(upserted('ev-1', 1));
  // Another event about v1 (e.g. `dev republish`) whose lookup ran before the first create landed:
  // its create clashes on the unique index, and it settles on the stored notification.
  notifications.lookupMisses = 1;
  await handler(upserted('ev-1b', 1));

  expect(notifications.items).toHaveLength(1);
  expect(dedupe.marked).toEqual(new Set(['ev-1', 'ev-1b']));
});

it('an event handled after the order moved on describes the current version (once)', async () => {
  const { handler, network, notifications } = setup();
  network.answer(ORDER_PATH, { status: 200, body: order(3) }).answer(USER_PATH, { status: 200, body: USER });

  await handler(upserted('ev-2', 2));
  await handler(upserted('ev-3', 3));

  expect(notifications.items.map((n) => n.order_version)).toEqual([3]);
});

describe('a 404 from an owner', () => {
  it('for the order (deleted since the event): nothing to notify, the users API is not called, success', async () => {
    const { handler, network, notifications, logger, dedupe } = setup();
    network.answer(ORDER_PATH, { status: 404 });

    await expect(handler(upserted('ev-1'))).resolves.toBeUndefined();

    expect(network.requests).toEqual([`GET ${ORDER_PATH}`]);
    expect(notifications.items).toEqual([]);
    expect(logger.at('info')).toEqual([
      expect.objectContaining({
        message: 'order not found: it was deleted since the event; nothing to notify',
        attributes: { event_id: 'ev-1', order_id: ORDER_ID, event_version: 1 },
      }),
    ]);
    expect(dedupe.marked).toEqual(new Set(['ev-1'])); // a redelivery is skipped
  });

  it('for the user (deleted): nobody to notify, nothing recorded, success', async () => {
    const { handler, network, notifications, logger } = setup();
    network.answer(ORDER_PATH, { status: 200, body: order(1) }).answer(USER_PATH, { status: 404 });

    await expect(handler(upserted('ev-1'))).resolves.toBeUndefined();

    expect(notifications.items).toEqual([]);
    expect(logger.at('info').map((line) => line.message)).toContain(
      'user not found: the order has nobody to notify',
    );
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
      expect(notifications.items).toEqual([]);
      expect(dedupe.marked.size).toBe(0);
      expect(logger.at('error').map((line) => line.message)).toEqual([
        'event handling failed; it will be retried',
      ]);

      // The owner recovers; the retry records the notification.
      network
        .answer(ORDER_PATH, { status: 200, body: order(1) })
        .answer(USER_PATH, { status: 200, body: USER });
      await handler(upserted('ev-1'));
      expect(notifications.items).toHaveLength(1);
      expect(dedupe.marked).toEqual(new Set(['ev-1']));
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
    notifications.failCreate = new Error('ProvisionedThroughputExceededException');
    await expect(handler(upserted('ev-1'))).rejects.toThrow('ProvisionedThroughputExceededException');
    expect(dedupe.marked.size).toBe(0);
  });
});

it('an order older than the event is retried (StaleOrderError), nothing recorded', async () => {
  const { handler, network, notifications } = setup();
  network.answer(ORDER_PATH, { status: 200, body: order(1) }).answer(USER_PATH, { status: 200, body: USER });

  await expect(handler(upserted('ev-2', 2))).rejects.toThrow(StaleOrderError);
  expect(network.requests).toEqual([`GET ${ORDER_PATH}`]);
  expect(notifications.items).toEqual([]);
});

it('never logs the personal data it handles', async () => {
  const { handler, network, logger } = setup();
  network.answer(ORDER_PATH, { status: 200, body: order(1) }).answer(USER_PATH, { status: 200, body: USER });
  await handler(upserted('ev-1'));
  expect(logger.at('info')).toEqual([
    expect.objectContaining({
      message: 'notification recorded',
      attributes: {
        event_id: 'ev-1',
        order_id: ORDER_ID,
        event_version: 1,
        order_version: 1,
        notification_id: 'ntf-1',
      },
    }),
  ]);
  expect(JSON.stringify(logger.lines)).not.toContain(EMAIL);
  expect(JSON.stringify(logger.lines)).not.toContain('Jane');
});

it('notifyAboutOrder says what it did', async () => {
  const { deps, network } = setup();
  network.answer(ORDER_PATH, { status: 200, body: order(1) }).answer(USER_PATH, { status: 200, body: USER });
  const detail = { id: ORDER_ID, event_id: 'e', version: 1, occurred_at: '2026-05-01T12:00:00Z' };
  await expect(notifyAboutOrder(deps, detail)).resolves.toBe('recorded');
  await expect(notifyAboutOrder(deps, detail)).resolves.toBe('already_recorded');
  network.answer(USER_PATH, { status: 404 });
  await expect(notifyAboutOrder(deps, { ...detail, version: 1 })).resolves.toBe('user_gone');
  network.answer(ORDER_PATH, { status: 404 });
  await expect(notifyAboutOrder(deps, detail)).resolves.toBe('order_gone');
});

it('acknowledges order.deleted without any work', async () => {
  const { handler, network, dedupe } = setup();
  await handler(eventBridgeEvent(EVENT_SOURCE, ORDER_DELETED, { id: ORDER_ID, event_id: 'ev-1' }));
  expect(network.requests).toEqual([]);
  expect(dedupe.calls).toEqual([]);
});

describe('the deployed handler', () => {
  const saved = process.env.TABLE_NAME;
  afterEach(() => {
    if (saved === undefined) delete process.env.TABLE_NAME;
    else process.env.TABLE_NAME = saved;
  });

  it('loads without any environment, and an invocation without TABLE_NAME fails saying so', async () => {
    delete process.env.TABLE_NAME;
    const module = await import('../../../../functions/notifications/subscribers/orders-order');
    expect(typeof module.handler).toBe('function');
    await expect(module.handler(upserted('ev-1'))).rejects.toThrow(/TABLE_NAME is not set/);
  });
});
