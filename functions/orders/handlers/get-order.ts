/** `GET /orders/:id`: one order; 404 when there is none. One Lambda. */
import { type HttpLambdaHandler, httpHandler } from '../../runtime/http';
import type { OperationResult } from '../../runtime/operation';
import { getOrder } from '../domain/orders';
import type { OrdersDeps } from '../domain/ports';
import { type GetOrderRequest, getOrderOperation } from '../generated/operations';
import { defaultDeps, type HandlerDeps } from '../service';

export function getOrderImplementation(deps: Pick<OrdersDeps, 'orders'>) {
  return async (request: GetOrderRequest): Promise<OperationResult> => ({
    status: 200,
    body: await getOrder(deps, request.path.id),
  });
}

export function makeGetOrderHandler(deps: HandlerDeps): HttpLambdaHandler {
  return httpHandler(getOrderOperation, getOrderImplementation(deps), { logger: deps.logger });
}

export const handler = makeGetOrderHandler(defaultDeps());
