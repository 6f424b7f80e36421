/**
 * Reading notifications, as the HTTP API does (it is read-only: notifications are written by the
 * order subscriber, see record-notification.ts).
 */
import { Buffer } from 'node:buffer';
import { notFound } from '../../runtime/errors';
import { InvalidCursorError, type Page } from '../../runtime/repository';
import { isWellFormed } from '../../runtime/unicode-text';
import { isNotificationId, type Notification } from '../generated/models';
import type { NotificationRepository } from '../generated/repository';

/** DynamoDB's limit on a key value, GSI keys included (bytes): a longer order id indexes nothing. */
const MAX_KEY_BYTES = 2048;

export interface NotificationsReadDeps {
  readonly repository: NotificationRepository;
}

export interface ListNotificationsInput {
  readonly order_id: string;
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
}

/** The notification with this id; 404 when there is none. A string that is not a notification id is none. */
export async function getNotification(deps: NotificationsReadDeps, id: string): Promise<Notification> {
  const notification = isNotificationId(id) ? await deps.repository.get(id) : undefined;
  if (notification === undefined) throw notFound('notification');
  return notification;
}

/** A page of the notifications about an order, newest first. A cursor not from this listing is 422. */
export async function listNotifications(
  deps: NotificationsReadDeps,
  input: ListNotificationsInput,
): Promise<Page<Notification>> {
  const { order_id: orderId, limit, cursor } = input;
  // An order id no notification can hold is not queried (DynamoDB would refuse it as a key value).
  if (!isWellFormed(orderId) || Buffer.byteLength(orderId, 'utf8') > MAX_KEY_BYTES) {
    if (cursor !== undefined) throw new InvalidCursorError();
    return { items: [] };
  }
  return deps.repository.findAllByOrderId(orderId, {
    ...(limit === undefined ? {} : { limit }),
    ...(cursor === undefined ? {} : { cursor }),
  });
}
