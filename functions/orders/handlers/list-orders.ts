/**
 * `GET /orders[?user_id=&limit=&cursor=]`: a page of orders, newest first, a user's or everyone's.
 * The body is the array; the next page's cursor is the `x-next-cursor` header, absent on the last
 * page. One Lambda.
 */
import { type HttpLambdaHandler, httpHandler } from '../../runtime/http';
import type { OperationResult } from '../../runtime/operation';
import { pageHeaders } from '../../runtime/pagination';
import { listOrders } from '../domain/orders';
import type { OrdersDeps } from '../domain/ports';
import { type ListOrdersRequest, listOrdersOperation } from '../generated/operations';
import { defaultDeps, type HandlerDeps } from '../service';

export function listOrdersImplementation(deps: Pick<OrdersDeps, 'orders'>) {
  return async (request: ListOrdersRequest): Promise<OperationResult> => {
    const page = await listOrders(deps, request.query);
    return { status: 200, body: page.items, headers: pageHeaders(page.cursor) };
  };
}

export function makeListOrdersHandler(deps: HandlerDeps): HttpLambdaHandler {
  return httpHandler(listOrdersOperation, listOrdersImplementation(deps), { logger: deps.logger });
}

export const handler = makeListOrdersHandler(defaultDeps());
