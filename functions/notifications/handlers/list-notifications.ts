/**
 * GET /notifications?order_id= — one Lambda. The body is the page; the next page's cursor is the
 * `x-next-cursor` header (absent on the last page).
 */
import { type HttpLambdaHandler, httpHandler } from '../../runtime/http';
import type { OperationResult } from '../../runtime/operation';
import { listNotifications } from '../domain/notifications';
import { type ListNotificationsRequest, listNotificationsOperation } from '../generated/operations';
import { defaultDeps, type NotificationsDeps } from '../service';

/** The response header holding the cursor of the next page. */
export const NEXT_CURSOR_HEADER = 'x-next-cursor';

export function listNotificationsImplementation(deps: Pick<NotificationsDeps, 'repository'>) {
  return async (request: ListNotificationsRequest): Promise<OperationResult> => {
    const page = await listNotifications(deps, request.query);
    return {
      status: 200,
      body: page.items,
      ...(page.cursor === undefined ? {} : { headers: { [NEXT_CURSOR_HEADER]: page.cursor } }),
    };
  };
}

export function makeListNotificationsHandler(deps: NotificationsDeps): HttpLambdaHandler {
  return httpHandler(listNotificationsOperation, listNotificationsImplementation(deps), {
    logger: deps.logger,
  });
}

export const handler = makeListNotificationsHandler(defaultDeps());
