/**
 * The currency rules of an order's amounts, which the spec cannot say (it checks the code's shape,
 * that amounts are not negative, and at most 3 digits after the point for any currency):
 * - the currency is an accepted ISO 4217 code (currencies.ts): `body.currency: must be an ISO 4217
 *   currency code`;
 * - no amount has more digits after the point than its currency has minor units, as written (an
 *   amount is stored as written): `"10.5"` and `"10.50"` are EUR amounts, `"10.500"` is not, and a
 *   JPY amount has no point at all: `body.line_items[0].unit_price: must have at most 2 digits after
 *   the point in EUR`, `body.total: must have no digits after the point in JPY`.
 * Messages name the currency's rule, never an amount that was sent.
 */
import { scaleOf } from '../../runtime/decimal-digits';
import type { LineItem } from '../generated/models';
import { minorUnitsOf } from './currencies';

export const UNKNOWN_CURRENCY = 'body.currency: must be an ISO 4217 currency code';

/** What the rules read of an order form. */
export interface PricedForm {
  readonly currency: string;
  readonly line_items: ReadonlyArray<Pick<LineItem, 'unit_price'>>;
  readonly total: string;
}

/** Every broken currency rule of the form, as 422 messages, in the order of the form. */
export function amountProblems(form: PricedForm): string[] {
  const units = minorUnitsOf(form.currency);
  // Without a known currency there are no minor units to hold the amounts to.
  if (units === undefined) return [UNKNOWN_CURRENCY];
  const rule =
    units === 0
      ? `must have no digits after the point in ${form.currency}`
      : `must have at most ${units} digits after the point in ${form.currency}`;
  const problems: string[] = [];
  form.line_items.forEach((item, i) => {
    if (scaleOf(item.unit_price) > units) problems.push(`body.line_items[${i}].unit_price: ${rule}`);
  });
  if (scaleOf(form.total) > units) problems.push(`body.total: ${rule}`);
  return problems;
}
