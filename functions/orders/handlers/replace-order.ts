/**
 * `PUT /orders/:id` (replaceOrder): replaces an order (404 when there is none, 422 when a rule
 * breaks, 409 when it changed meanwhile). A body identical to the stored order changes nothing, not
 * even the version. The rules are the domain's (domain/orders.ts).
 */
import type { OperationImplementation } from '../../runtime/operation';
import { replaceOrder } from '../domain/orders';
import type { replaceOrderOperation } from '../generated/operations';
import type { OrdersDeps } from '../generated/service';

export const implementation: OperationImplementation<typeof replaceOrderOperation, OrdersDeps> = async (
  request,
  deps,
) => ({
  status: 200,
  body: await replaceOrder(
    { orders: deps.repositories.order, users: deps.clients.users },
    request.path.id,
    request.body,
  ),
});
