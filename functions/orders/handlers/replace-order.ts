/**
 * `PUT /orders/:id` (replaceOrder): replaces an order (404 when there is none, 422 when a rule
 * breaks, 409 when it changed meanwhile). A body identical to the stored order changes nothing, not
 * even the version. The rules are the domain's (domain/orders.ts).
 *
 * Honours `If-Match` (functions/runtime/http/conditional.ts), as the standard replace does: the
 * stored version is checked against it before anything else (412 when it does not hold, also when
 * there is no such order), and the write is conditional on that version, so a change that slips in
 * between is a 412 too: the client's precondition failed, and it should read the order again.
 * Without `If-Match` such a change is the plain 409.
 */
import { assertIfMatch, preconditionFailed } from '../../runtime/http/conditional';
import type { OperationImplementation } from '../../runtime/operation';
import { VersionConflictError } from '../../runtime/repository';
import { replaceOrder } from '../domain/orders';
import type { replaceOrderOperation } from '../generated/operations';
import type { OrdersDeps } from '../generated/service';

export const implementation: OperationImplementation<typeof replaceOrderOperation, OrdersDeps> = async (
  request,
  deps,
) => {
  const ifMatch = request.headers['if-match'];
  try {
    return {
      status: 200,
      body: await replaceOrder(
        { orders: deps.repositories.order, users: deps.clients.users },
        request.path.id,
        request.body,
        (storedVersion) => assertIfMatch(ifMatch, storedVersion),
      ),
    };
  } catch (error) {
    if (ifMatch !== undefined && error instanceof VersionConflictError) throw preconditionFailed();
    throw error;
  }
};
