/**
 * Subscriber to the orders service's `order` events (rule: `tributary.orders`, `order.upserted`):
 * records one notification per order version. One Lambda.
 *
 * Per event: fetch the order from the orders API by the event's `id` (its current state: events
 * carry ids only), then its user from the users API, then {@link recordNotification}.
 * - The order is gone (404): it was deleted since the event; there is nothing to notify. Logged at
 *   `info`, success.
 * - The user is gone (404): there is nobody to send to, and a notification records a message that
 *   was sent. Nothing is recorded; logged at `info`, success. (Deleting a user cancels their orders;
 *   those `order.upserted` events end here too.)
 * - The order's version is older than the event's: the orders API answered with a state from
 *   before the change the event reports (it reads strongly consistent, so this should not happen).
 *   Thrown ({@link StaleOrderError}) so the event is retried.
 * - Any other answer of an owner's API (5xx, 403, a body that breaks its contract, the network)
 *   throws: the invocation fails and the event is retried, then dead-lettered.
 *
 * Idempotent twice over: on `event_id` (a dedupe record in the notifications table), and per
 * (order, version) in recordNotification, which is what keeps two events that both see the order's
 * latest version (v2 and v3 handled after the order reached v3) from recording it twice.
 *
 * Environment: `TABLE_NAME`, `ORDERS_API_URL` and `USERS_API_URL` (the API base URLs), `AWS_REGION`.
 */

import { OrdersClient } from '../../orders/generated/client';
import {
  EVENT_SOURCE,
  type EventDetail,
  eventDetailSchema,
  ORDER_DELETED,
  ORDER_UPSERTED,
} from '../../orders/generated/events';
import { PERSONAL_DATA_FIELDS as ORDER_PERSONAL_FIELDS } from '../../orders/generated/models';
import { createLogger } from '../../runtime/logger';
import {
  type DedupeStore,
  DynamoDbDedupe,
  lazySubscriber,
  type SubscriberHandler,
  type SubscriberLogger,
  subscriber,
} from '../../runtime/subscriber';
import { UsersClient } from '../../users/generated/client';
import { PERSONAL_DATA_FIELDS as USER_PERSONAL_FIELDS } from '../../users/generated/models';
import { type RecordNotificationDeps, recordNotification } from '../domain/record-notification';
import { PERSONAL_DATA_FIELDS } from '../generated/models';
import { defaultDeps, documentClient, SERVICE_NAME, tableNameFrom } from '../service';

/** The subscriber's name: its entry file's, and part of its dedupe records' keys. */
export const SUBSCRIBER_NAME = 'orders-order';

export interface OrdersOrderSubscriberDeps extends RecordNotificationDeps {
  /** The orders API (the generated client fits). */
  readonly orders: Pick<OrdersClient, 'getOrder'>;
  /** The users API (the generated client fits). */
  readonly users: Pick<UsersClient, 'getUser'>;
  readonly dedupe: DedupeStore;
  readonly logger: SubscriberLogger;
}

/** What handling one event came to. */
export type OrderEventOutcome = 'recorded' | 'already_recorded' | 'order_gone' | 'user_gone';

/** The orders API returned an order older than the event: retry until it catches up. */
export class StaleOrderError extends Error {
  override readonly name = 'StaleOrderError';

  constructor(
    readonly orderId: string,
    readonly eventVersion: number,
    readonly fetchedVersion: number,
  ) {
    super(
      `the orders API returned order ${orderId} at version ${fetchedVersion}, older than the event's ${eventVersion}`,
    );
  }
}

/** Handles one `order.upserted` detail (see the module comment). */
export async function notifyAboutOrder(
  deps: Omit<OrdersOrderSubscriberDeps, 'dedupe'>,
  detail: EventDetail,
): Promise<OrderEventOutcome> {
  const ids = { event_id: detail.event_id, order_id: detail.id, event_version: detail.version };
  const order = await deps.orders.getOrder(detail.id);
  if (order === undefined) {
    deps.logger.info('order not found: it was deleted since the event; nothing to notify', ids);
    return 'order_gone';
  }
  if (order.version < detail.version) throw new StaleOrderError(order.id, detail.version, order.version);
  const user = await deps.users.getUser(order.user_id);
  if (user === undefined) {
    deps.logger.info('user not found: the order has nobody to notify', {
      ...ids,
      order_version: order.version,
      user_id: order.user_id,
    });
    return 'user_gone';
  }
  const { notification, created } = await recordNotification(
    { repository: deps.repository, ...(deps.clock === undefined ? {} : { clock: deps.clock }) },
    { order, user },
  );
  deps.logger.info(created ? 'notification recorded' : 'notification already recorded for this version', {
    ...ids,
    order_version: order.version,
    notification_id: notification.id,
  });
  return created ? 'recorded' : 'already_recorded';
}

export function makeOrdersOrderSubscriber(deps: OrdersOrderSubscriberDeps): SubscriberHandler {
  return subscriber({
    source: EVENT_SOURCE,
    detailTypes: [ORDER_UPSERTED],
    // A deleted order needs no notification; acknowledged should the subscription ever include it.
    ignoredDetailTypes: [ORDER_DELETED],
    detailSchema: eventDetailSchema,
    dedupe: deps.dedupe,
    logger: deps.logger,
    handle: async ({ detail }) => {
      await notifyAboutOrder(deps, detail);
    },
  });
}

/** Clients and logger of the container, made at import (none of them reads its configuration yet). */
const orders = new OrdersClient();
const users = new UsersClient();
const logger = createLogger({
  serviceName: SERVICE_NAME,
  // Only ids are logged; the fetched order and user are not, but redact their fields all the same.
  personalFields: [...PERSONAL_DATA_FIELDS, ...ORDER_PERSONAL_FIELDS, ...USER_PERSONAL_FIELDS],
});

/** Built on the first invocation: a missing `TABLE_NAME` fails that invocation, not the import. */
export const handler = lazySubscriber(() => {
  const service = defaultDeps();
  return makeOrdersOrderSubscriber({
    orders,
    users,
    logger,
    repository: service.repository,
    dedupe: new DynamoDbDedupe({
      client: documentClient,
      tableName: tableNameFrom(),
      subscriber: SUBSCRIBER_NAME,
    }),
  });
});
