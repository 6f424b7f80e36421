/**
 * The orders rules behind the written operations (handlers/create-order.ts, replace-order.ts; get,
 * list and delete are the standard ones). The HTTP adapter parses, handlers call these; what a client got wrong is thrown as an {@link HttpError} (the repository's own errors are
 * HttpErrors too: 404, 409, 422 for a bad cursor), anything else is a 500.
 *
 * What the spec says is checked before this code runs (shapes, lengths, amounts not negative and
 * within their precision and scale, the currency's shape). Business rules of a placed or replaced
 * order, which the spec cannot say (one 422 lists every broken rule, in this order):
 * - the user exists (asked of the users service): `body.user_id: no such user`;
 * - a new order's user is not `inactive` ("no longer allowed to order"): `body.user_id: the user is
 *   inactive and may not place orders` (an existing order of a user who became inactive can still be
 *   replaced, e.g. cancelled);
 * - a new order is `pending`, and a replaced one moves only along the lifecycle (status.ts);
 * - the currency is an ISO 4217 code, and no amount has more digits after the point than its
 *   minor units (amounts.ts);
 * - the total is the exact sum of quantity × unit price: `body.total: must equal the sum of the line
 *   items (<sum>)`.
 */
import { validationFailed } from '../../runtime/errors';
import { ItemNotFoundError } from '../../runtime/repository';
import type { Order, OrderForm, OrderStatus } from '../generated/models';
import type { OrderFields } from '../generated/repository';
import { amountProblems } from './amounts';
import type { OrdersDeps } from './ports';
import { canMove, INITIAL_STATUS, NEW_ORDER_STATUS, transitionProblem } from './status';
import { totalProblem } from './total';
import { userStanding } from './users';

export const NO_SUCH_USER = 'body.user_id: no such user';
export const INACTIVE_USER = 'body.user_id: the user is inactive and may not place orders';

const RESOURCE = 'order';

/** Places an order: checks the rules, then stores it (version 1, status `pending`). */
export async function placeOrder(deps: OrdersDeps, form: OrderForm): Promise<Order> {
  await assertRules(deps, form, { placing: true });
  return deps.orders.create(fieldsOf(form, INITIAL_STATUS));
}

/**
 * A check of the stored version before anything else (`undefined`: there is no such order), such
 * as the request's `If-Match`; it throws to stop the replace.
 */
export type VersionPrecondition = (storedVersion: number | undefined) => void;

/**
 * Replaces an order with the form. A form without `status` keeps the order's status (a PUT that
 * leaves it out never moves an order, so a cancelled order is never revived); one with a status
 * moves the order only along the lifecycle (status.ts). The order is read first: `precondition`
 * sees its version (or that there is none), then 404 when there is none, then the rules, checked
 * on every replace (the user too, even when `user_id` did not change: a replace is a new statement
 * of the whole order, and an order of a user who is gone is not accepted again). The write is
 * conditional on the version read here: a change made meanwhile (e.g. the order was cancelled) is a
 * {@link VersionConflictError} (409), not overwritten. A form identical to the stored order writes
 * nothing and returns it unchanged.
 */
export async function replaceOrder(
  deps: OrdersDeps,
  id: string,
  form: OrderForm,
  precondition?: VersionPrecondition,
): Promise<Order> {
  const stored = await deps.orders.get(id);
  precondition?.(stored?.version);
  if (stored === undefined) throw new ItemNotFoundError(RESOURCE, id);
  await assertRules(deps, form, { placing: false, current: stored.status });
  return deps.orders.replace(id, fieldsOf(form, stored.status), stored.version);
}

/** What an order form stores: every field of the form, the status defaulted to `status`. */
export function fieldsOf(form: OrderForm, status: OrderStatus): OrderFields {
  return {
    user_id: form.user_id,
    status: form.status ?? status,
    line_items: form.line_items,
    currency: form.currency,
    total: form.total,
  };
}

/** Whose rules: a new order, or a replace of one at its `current` status. */
export type RuleContext =
  | { readonly placing: true }
  | { readonly placing: false; readonly current: OrderStatus };

/** The broken rules the form shows by itself, without asking anyone. */
function localProblems(form: OrderForm, context: RuleContext): string[] {
  const problems: string[] = [];
  if (form.status !== undefined) {
    if (context.placing && form.status !== INITIAL_STATUS) problems.push(NEW_ORDER_STATUS);
    if (!context.placing && !canMove(context.current, form.status)) {
      problems.push(transitionProblem(context.current));
    }
  }
  problems.push(...amountProblems(form));
  const total = totalProblem(form.line_items, form.total);
  if (total !== undefined) problems.push(total);
  return problems;
}

/**
 * Throws a 422 listing every broken rule. The form's own rules are checked locally; the user by
 * asking the users service. When that service cannot answer, its {@link DependencyError} (a 500)
 * is thrown, unless a local rule is already broken: then the client gets the 422 it must fix anyway
 * (the user is checked again when it sends the order back).
 */
export async function assertRules(
  deps: Pick<OrdersDeps, 'users'>,
  form: OrderForm,
  context: RuleContext,
): Promise<void> {
  const problems: string[] = [];
  const local = localProblems(form, context);
  try {
    const standing = await userStanding(deps.users, form.user_id);
    if (standing === 'unknown') problems.push(NO_SUCH_USER);
    if (standing === 'inactive' && context.placing) problems.push(INACTIVE_USER);
  } catch (error) {
    if (local.length === 0) throw error;
  }
  problems.push(...local);
  if (problems.length > 0) throw validationFailed(problems);
}
