/**
 * Every operation of the notifications service with its implementation, for
 * `httpRouter(OPERATIONS, ...)`: the local runtime's single-process mode and tests. Deployed, each
 * operation is its own Lambda (handlers/<operation>.ts); both run the same implementations.
 */
import type { Implementation } from '../runtime/http';
import type { OperationId } from './generated/operations';
import { getNotificationImplementation } from './handlers/get-notification';
import { listNotificationsImplementation } from './handlers/list-notifications';
import type { NotificationsDeps } from './service';

export function notificationsImplementations(
  deps: Pick<NotificationsDeps, 'repository'>,
): Readonly<Record<OperationId, Implementation>> {
  return {
    getNotification: getNotificationImplementation(deps),
    listNotifications: listNotificationsImplementation(deps),
  };
}
