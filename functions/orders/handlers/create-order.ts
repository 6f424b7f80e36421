/**
 * `POST /orders`: places an order for an existing user whose total is the sum of its line items
 * (422 otherwise; a users service that cannot answer is a 500). 201 with the stored order. One Lambda.
 */
import { type HttpLambdaHandler, httpHandler } from '../../runtime/http';
import type { OperationResult } from '../../runtime/operation';
import { placeOrder } from '../domain/orders';
import type { OrdersDeps } from '../domain/ports';
import { type CreateOrderRequest, createOrderOperation } from '../generated/operations';
import { defaultDeps, type HandlerDeps } from '../service';

export function createOrderImplementation(deps: OrdersDeps) {
  return async (request: CreateOrderRequest): Promise<OperationResult> => ({
    status: 201,
    body: await placeOrder(deps, request.body),
  });
}

export function makeCreateOrderHandler(deps: HandlerDeps): HttpLambdaHandler {
  return httpHandler(createOrderOperation, createOrderImplementation(deps), { logger: deps.logger });
}

export const handler = makeCreateOrderHandler(defaultDeps());
