/**
 * `POST /orders` (createOrder): places an order for an existing user, `pending`, in an ISO 4217
 * currency, whose total is the sum of its line items (422 otherwise; a users service that cannot
 * answer is a 500). 201 with the stored order. The rules are the domain's (domain/orders.ts); this
 * maps the service's dependencies onto them.
 */
import type { OperationImplementation } from '../../runtime/operation';
import { placeOrder } from '../domain/orders';
import type { createOrderOperation } from '../generated/operations';
import type { OrdersDeps } from '../generated/service';

export const implementation: OperationImplementation<typeof createOrderOperation, OrdersDeps> = async (
  request,
  deps,
) => ({
  status: 201,
  body: await placeOrder({ orders: deps.repositories.order, users: deps.clients.users }, request.body),
});
