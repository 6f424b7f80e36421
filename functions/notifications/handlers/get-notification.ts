/** GET /notifications/:id — one Lambda. */
import { type HttpLambdaHandler, httpHandler } from '../../runtime/http';
import type { OperationResult } from '../../runtime/operation';
import { getNotification } from '../domain/notifications';
import { type GetNotificationRequest, getNotificationOperation } from '../generated/operations';
import { defaultDeps, type NotificationsDeps } from '../service';

/** The operation's implementation (also what a router of the service's operations takes). */
export function getNotificationImplementation(deps: Pick<NotificationsDeps, 'repository'>) {
  return async (request: GetNotificationRequest): Promise<OperationResult> => ({
    status: 200,
    body: await getNotification(deps, request.path.id),
  });
}

export function makeGetNotificationHandler(deps: NotificationsDeps): HttpLambdaHandler {
  return httpHandler(getNotificationOperation, getNotificationImplementation(deps), { logger: deps.logger });
}

export const handler = makeGetNotificationHandler(defaultDeps());
