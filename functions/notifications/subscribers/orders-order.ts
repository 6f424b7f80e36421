/**
 * notifications: what happens when an order is placed or changes. The generated wiring
 * (generated/lambdas/on-orders-order.ts) has already fetched the order from the orders API, at the
 * event's version or later (an older one is retried; a deleted order never gets here).
 *
 * Fetches the order's user from the users API, then records one notification per order version
 * ({@link recordNotification}, idempotent per order and version: two events that both see the
 * order's latest version record it once).
 * - The user is gone (404): there is nobody to send to, and a notification records a message that
 *   was sent. Nothing is recorded; logged at `info`. (Deleting a user cancels their orders; those
 *   `order.upserted` events end here too.)
 * - Any other answer of the users API (5xx, 403, a body that breaks its contract, the network)
 *   throws: the event is retried, then dead-lettered.
 */
import type { OrderRead } from '../../orders/generated/readers';
import type { SubscriberContext } from '../../runtime/subscriber';
import { recordNotification } from '../domain/record-notification';
import type { NotificationsDeps } from '../generated/service';

/** What handling one order came to. */
export type OrderNotificationOutcome = 'recorded' | 'already_recorded' | 'user_gone';

export async function onUpserted(
  order: OrderRead,
  { deps, message }: SubscriberContext<NotificationsDeps>,
): Promise<OrderNotificationOutcome> {
  const ids = { event_id: message.detail.event_id, order_id: order.id, order_version: order.version };
  const user = await deps.clients.users.getUser(order.user_id);
  if (user === undefined) {
    deps.logger.info('user not found: the order has nobody to notify', { ...ids, user_id: order.user_id });
    return 'user_gone';
  }
  const { notification, created } = await recordNotification(
    { repository: deps.repositories.notification, clock: deps.clock },
    { order, user },
  );
  deps.logger.info(created ? 'notification recorded' : 'notification already recorded for this version', {
    ...ids,
    notification_id: notification.id,
  });
  return created ? 'recorded' : 'already_recorded';
}
