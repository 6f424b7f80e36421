/**
 * Recording the notification about one version of an order: what the order subscriber calls for
 * every `order.upserted` event, after fetching the order (and its user) from their owners' APIs.
 *
 * Idempotent per (order_id, order_version): if a notification about that version is already stored,
 * nothing is written and the stored one is returned (`created: false`). This matters beyond event
 * redelivery (which the subscriber's `event_id` deduplication already absorbs): the subscriber
 * fetches the order's *current* state, so two events (v2, v3) processed after the order reached v3
 * both describe v3, and `dev republish` re-emits events with new event ids.
 *
 * How: the spec declares a unique index on `order_id` + `order_version`. The lookup reads through
 * its guard item (strongly consistent), and the create writes the guard in the same transaction
 * as the notification, so of two deliveries about the same version racing each other exactly one
 * creates: the other gets UniqueConstraintError and returns the winner's notification.
 */

import { ORDER_STATUS_VALUES, type OrderStatus } from '../../orders/generated/models';
import type { OrderRead } from '../../orders/generated/readers';
import { type Clock, systemClock } from '../../runtime/clock';
import { isKnownValue } from '../../runtime/open-enum';
import type { Api } from '../../runtime/operation';
import { UniqueConstraintError } from '../../runtime/repository';
import type { User } from '../../users/generated/models';
import { NOTIFICATION_SUBJECT_MAX_LENGTH, type Notification } from '../generated/models';
import { type NotificationRepository, notificationFieldsSchema } from '../generated/repository';

export interface RecordNotificationDeps {
  readonly repository: Api<NotificationRepository>;
  /** Stamps `sent_at`; the system clock when left out. */
  readonly clock?: Clock;
}

/**
 * What the notification needs of the order (an order from the orders API fits: read with open enums,
 * so its status may be one added to orders since this code was generated).
 */
export type NotifiedOrder = Pick<OrderRead, 'id' | 'version' | 'user_id' | 'status' | 'total' | 'currency'>;

/** What the notification needs of the user who placed it (a `User` from the users API fits). */
export type NotifiedUser = Pick<User, 'id' | 'email'>;

export interface RecordNotificationInput {
  readonly order: NotifiedOrder;
  /** The order's user: `order.user_id` must be its id. */
  readonly user: NotifiedUser;
}

export interface RecordedNotification {
  readonly notification: Notification;
  /** False when a notification about this order version was already stored (nothing was written). */
  readonly created: boolean;
}

/**
 * What an order at each status has come to. Nothing moves an order back to `pending` (the orders
 * lifecycle, functions/orders/domain/status.ts), so a pending order at version 1 was just placed,
 * and at any later version was changed while still pending (its items, say): saying "placed" again
 * would tell the user of a second order. The other statuses are reached by a move, or kept through
 * a change of something else, and say where the order stands either way.
 */
const STATUS_PHRASES: Readonly<Record<OrderStatus, string>> = {
  pending: 'has been placed',
  confirmed: 'is confirmed',
  shipped: 'has shipped',
  delivered: 'has been delivered',
  cancelled: 'has been cancelled',
};
const PENDING_CHANGED = 'has been changed';
/** A status orders added after this code was generated: the notification says only that the order changed. */
const UNKNOWN_STATUS = 'has been updated';

function phraseOf(order: Pick<NotifiedOrder, 'status' | 'version'>): string {
  const { status } = order;
  if (!isKnownValue(ORDER_STATUS_VALUES, status)) return UNKNOWN_STATUS;
  return status === 'pending' && order.version > 1 ? PENDING_CHANGED : STATUS_PHRASES[status];
}

/**
 * Records the notification about `order` at its version, sent to `user` by email (to the user's
 * address when there is one). Returns the stored notification and whether this call created it.
 * Throws TypeError when the user is not the order's; anything the repository throws passes through
 * (the subscriber retries).
 */
export async function recordNotification(
  deps: RecordNotificationDeps,
  input: RecordNotificationInput,
): Promise<RecordedNotification> {
  const { order, user } = input;
  if (user.id !== order.user_id) {
    throw new TypeError(`order ${order.id} belongs to user ${order.user_id}, not to ${user.id}`);
  }
  const existing = await findNotificationAbout(deps.repository, order.id, order.version);
  if (existing !== undefined) return { notification: existing, created: false };

  const clock = deps.clock ?? systemClock;
  const fields = notificationFieldsSchema.parse({
    order_id: order.id,
    order_version: order.version,
    user_id: user.id,
    channel: 'email',
    ...(user.email === undefined ? {} : { recipient_email: user.email }),
    subject: notificationSubject(order),
    sent_at: clock.now().toISOString(),
  });
  try {
    return { notification: await deps.repository.create(fields), created: true };
  } catch (error) {
    // Another delivery about the same version won the race between our lookup and our create.
    if (error instanceof UniqueConstraintError) {
      const winner = await findNotificationAbout(deps.repository, order.id, order.version);
      if (winner !== undefined) return { notification: winner, created: false };
    }
    throw error;
  }
}

/** The stored notification about `orderId` at `orderVersion`, if any (the unique index's guard: strongly consistent). */
export function findNotificationAbout(
  repository: Api<NotificationRepository>,
  orderId: string,
  orderVersion: number,
): Promise<Notification | undefined> {
  return repository.findByOrderIdAndOrderVersion(orderId, orderVersion);
}

/**
 * The one-line subject: the order's id, what happened to it ({@link STATUS_PHRASES}) and its total. No personal data (the
 * subject is not annotated `personal_data`, so it may be logged). At most {@link NOTIFICATION_SUBJECT_MAX_LENGTH}
 * UTF-16 units, cut between code points.
 */
export function notificationSubject(
  order: Pick<NotifiedOrder, 'id' | 'version' | 'status' | 'total' | 'currency'>,
): string {
  const subject = `Your order ${order.id} ${phraseOf(order)} (total ${order.total} ${order.currency})`;
  return truncate(subject, NOTIFICATION_SUBJECT_MAX_LENGTH);
}

function truncate(text: string, maxUnits: number): string {
  if (text.length <= maxUnits) return text;
  let out = '';
  for (const codePoint of text) {
    if (out.length + codePoint.length > maxUnits) break;
    out += codePoint;
  }
  return out;
}
