/**
 * GET /notifications?order_id= — one Lambda. The body is the page; the next page's cursor is the
 * `x-next-cursor` header (absent on the last page).
 */
import { type HttpLambdaHandler, httpHandler } from '../../runtime/http';
import type { OperationResult } from '../../runtime/operation';
import { pageHeaders } from '../../runtime/pagination';
import { listNotifications } from '../domain/notifications';
import { type ListNotificationsRequest, listNotificationsOperation } from '../generated/operations';
import { defaultDeps, type NotificationsDeps } from '../service';

export function listNotificationsImplementation(deps: Pick<NotificationsDeps, 'repository'>) {
  return async (request: ListNotificationsRequest): Promise<OperationResult> => {
    const page = await listNotifications(deps, request.query);
    return { status: 200, body: page.items, headers: pageHeaders(page.cursor) };
  };
}

export function makeListNotificationsHandler(deps: NotificationsDeps): HttpLambdaHandler {
  return httpHandler(listNotificationsOperation, listNotificationsImplementation(deps), {
    logger: deps.logger,
  });
}

export const handler = makeListNotificationsHandler(defaultDeps());
