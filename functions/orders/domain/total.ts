/**
 * The money rule of an order: its `total` equals the sum over its line items of quantity × unit
 * price, exactly. Amounts are decimal strings (`"10.50"`); they are added with big.js, whose
 * addition and multiplication never round, and compared by value, so `"10.5"` equals `"10.50"`.
 */
import Big from 'big.js';
import { scaleOf } from '../../runtime/decimal-digits';
import type { LineItem } from '../generated/models';

/** What the spec's `decimal` type allows; the generated schemas check it before this code runs. */
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A computed sum longer than this is left out of the 422 message (it would only be noise). */
const MAX_SUM_IN_MESSAGE = 64;

/** The part of a line item the total depends on. */
export type PricedItem = Pick<LineItem, 'quantity' | 'unit_price'>;

function decimal(value: string, what: string): Big {
  if (typeof value !== 'string' || !DECIMAL.test(value))
    throw new TypeError(`${what} is not a decimal string`);
  return new Big(value);
}

/**
 * The exact sum of quantity × unit price, in plain notation, with as many decimals as the most
 * precise unit price (`2 × "1.25"` + `1 × "0.5"` → `"3.00"`): a product of an integer and a price
 * never has more decimals than the price, so this is exact, never rounded.
 */
export function lineItemsTotal(items: readonly PricedItem[]): string {
  let sum = new Big(0);
  let scale = 0;
  for (const item of items) {
    if (!Number.isSafeInteger(item.quantity)) throw new TypeError('quantity is not an integer');
    sum = sum.plus(decimal(item.unit_price, 'unit_price').times(item.quantity));
    scale = Math.max(scale, scaleOf(item.unit_price));
  }
  return withScale(sum.toFixed(), scale);
}

/** `"3"` with scale 2 → `"3.00"`; `"3.5"` → `"3.50"`. `text` is plain notation with at most `scale` decimals. */
function withScale(text: string, scale: number): string {
  if (scale === 0) return text;
  const point = text.indexOf('.');
  const decimals = point < 0 ? 0 : text.length - point - 1;
  return `${text}${point < 0 ? '.' : ''}${'0'.repeat(Math.max(0, scale - decimals))}`;
}

/** Whether two decimal strings are the same amount (`"10.5"` and `"10.50"` are). */
export function sameAmount(a: string, b: string): boolean {
  return decimal(a, 'amount').eq(decimal(b, 'amount'));
}

/**
 * The 422 message when `total` is not the sum of the line items, else undefined. It states the
 * computed sum (derived from prices, not personal data) but never repeats the total that was sent.
 */
export function totalProblem(items: readonly PricedItem[], total: string): string | undefined {
  const sum = lineItemsTotal(items);
  if (sameAmount(sum, total)) return undefined;
  return sum.length <= MAX_SUM_IN_MESSAGE
    ? `body.total: must equal the sum of the line items (${sum})`
    : 'body.total: must equal the sum of the line items';
}
