/**
 * The orders rules behind the written operations (handlers/create-order.ts, replace-order.ts; get,
 * list and delete are the standard ones). The HTTP adapter parses, handlers call these; what a client got wrong is thrown as an {@link HttpError} (the repository's own errors are
 * HttpErrors too: 404, 409, 422 for a bad cursor), anything else is a 500.
 *
 * Business rules of a placed or replaced order (one 422 lists every broken rule):
 * - the user exists (asked of the users service): `body.user_id: no such user`;
 * - a new order's user is not `inactive` ("no longer allowed to order"): `body.user_id: the user is
 *   inactive and may not place orders` (an existing order of a user who became inactive can still be
 *   replaced, e.g. cancelled);
 * - the total is the exact sum of quantity × unit price: `body.total: must equal the sum of the line
 *   items (<sum>)`.
 */
import { validationFailed } from '../../runtime/errors';
import { ItemNotFoundError } from '../../runtime/repository';
import type { Order, OrderForm } from '../generated/models';
import type { OrderFields } from '../generated/repository';
import type { OrdersDeps } from './ports';
import { totalProblem } from './total';
import { userStanding } from './users';

export const NO_SUCH_USER = 'body.user_id: no such user';
export const INACTIVE_USER = 'body.user_id: the user is inactive and may not place orders';

const RESOURCE = 'order';

/** The order with this id; 404 when there is none. */
export async function getOrder(deps: Pick<OrdersDeps, 'orders'>, id: string): Promise<Order> {
  const order = await deps.orders.get(id);
  if (order === undefined) throw new ItemNotFoundError(RESOURCE, id);
  return order;
}

/** Places an order: checks the rules, then stores it (version 1, status `pending` unless given). */
export async function placeOrder(deps: OrdersDeps, form: OrderForm): Promise<Order> {
  await assertRules(deps, form, { placing: true });
  return deps.orders.create(fieldsOf(form));
}

/**
 * Replaces an order with the form (a PUT: a form without `status` sets `pending`, as the spec's
 * default says). 404 first when there is no such order, then the rules, checked on every replace
 * (the user too, even when `user_id` did not change: a replace is a new statement of the whole
 * order, and an order of a user who is gone is not accepted again). The write is conditional on the
 * version read here: a change made meanwhile (e.g. the order was cancelled) is a 409, not
 * overwritten. A form identical to the stored order writes nothing and returns it unchanged.
 */
export async function replaceOrder(deps: OrdersDeps, id: string, form: OrderForm): Promise<Order> {
  const current = await getOrder(deps, id);
  await assertRules(deps, form, { placing: false });
  return deps.orders.replace(id, fieldsOf(form), current.version);
}

/** What an order form stores: every field of the form, the status defaulted. */
export function fieldsOf(form: OrderForm): OrderFields {
  return {
    user_id: form.user_id,
    status: form.status ?? 'pending',
    line_items: form.line_items,
    currency: form.currency,
    total: form.total,
  };
}

/**
 * Throws a 422 listing every broken rule. The total is checked locally; the user by asking the users
 * service. When that service cannot answer, its {@link DependencyError} (a 500) is thrown, unless
 * the total is already wrong: then the client gets the 422 it must fix anyway (the user is checked
 * again when it sends the order back).
 */
export async function assertRules(
  deps: Pick<OrdersDeps, 'users'>,
  form: OrderForm,
  options: { readonly placing: boolean },
): Promise<void> {
  const problems: string[] = [];
  const total = totalProblem(form.line_items, form.total);
  try {
    const standing = await userStanding(deps.users, form.user_id);
    if (standing === 'unknown') problems.push(NO_SUCH_USER);
    if (standing === 'inactive' && options.placing) problems.push(INACTIVE_USER);
  } catch (error) {
    if (total === undefined) throw error;
  }
  if (total !== undefined) problems.push(total);
  if (problems.length > 0) throw validationFailed(problems);
}
