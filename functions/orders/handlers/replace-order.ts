/**
 * `PUT /orders/:id`: replaces an order (404 when there is none, 422 when a rule breaks, 409 when it
 * changed meanwhile). A body identical to the stored order changes nothing, not even the version.
 * One Lambda.
 */
import { type HttpLambdaHandler, httpHandler } from '../../runtime/http';
import type { OperationResult } from '../../runtime/operation';
import { replaceOrder } from '../domain/orders';
import type { OrdersDeps } from '../domain/ports';
import { type ReplaceOrderRequest, replaceOrderOperation } from '../generated/operations';
import { defaultDeps, type HandlerDeps } from '../service';

export function replaceOrderImplementation(deps: OrdersDeps) {
  return async (request: ReplaceOrderRequest): Promise<OperationResult> => ({
    status: 200,
    body: await replaceOrder(deps, request.path.id, request.body),
  });
}

export function makeReplaceOrderHandler(deps: HandlerDeps): HttpLambdaHandler {
  return httpHandler(replaceOrderOperation, replaceOrderImplementation(deps), { logger: deps.logger });
}

export const handler = makeReplaceOrderHandler(defaultDeps());
