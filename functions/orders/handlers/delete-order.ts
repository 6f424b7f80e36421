/** `DELETE /orders/:id`: 204, 404 when there is no such order, 409 when it changed meanwhile. One Lambda. */
import { type HttpLambdaHandler, httpHandler } from '../../runtime/http';
import type { OperationResult } from '../../runtime/operation';
import { deleteOrder } from '../domain/orders';
import type { OrdersDeps } from '../domain/ports';
import { type DeleteOrderRequest, deleteOrderOperation } from '../generated/operations';
import { defaultDeps, type HandlerDeps } from '../service';

export function deleteOrderImplementation(deps: Pick<OrdersDeps, 'orders'>) {
  return async (request: DeleteOrderRequest): Promise<OperationResult> => {
    await deleteOrder(deps, request.path.id);
    return { status: 204 };
  };
}

export function makeDeleteOrderHandler(deps: HandlerDeps): HttpLambdaHandler {
  return httpHandler(deleteOrderOperation, deleteOrderImplementation(deps), { logger: deps.logger });
}

export const handler = makeDeleteOrderHandler(defaultDeps());
