/**
 * Every operation of the orders service with its implementation, for `httpRouter(OPERATIONS, ...)`:
 * the local runtime's single-process mode and tests. Deployed, each operation is its own Lambda
 * (handlers/<operation>.ts); both run the same implementations.
 */
import type { Implementation } from '../runtime/http';
import type { OrdersDeps } from './domain/ports';
import type { OperationId } from './generated/operations';
import { createOrderImplementation } from './handlers/create-order';
import { deleteOrderImplementation } from './handlers/delete-order';
import { getOrderImplementation } from './handlers/get-order';
import { listOrdersImplementation } from './handlers/list-orders';
import { replaceOrderImplementation } from './handlers/replace-order';

export function ordersImplementations(deps: OrdersDeps): Readonly<Record<OperationId, Implementation>> {
  return {
    getOrder: getOrderImplementation(deps),
    listOrders: listOrdersImplementation(deps),
    createOrder: createOrderImplementation(deps),
    replaceOrder: replaceOrderImplementation(deps),
    deleteOrder: deleteOrderImplementation(deps),
  };
}
