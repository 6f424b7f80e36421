/**
 * orders (a reference service): the ISO 4217 table (domain/currencies.ts) against what the spec
 * says of amounts and codes, so the two cannot disagree unnoticed.
 */
import { CURRENCY_MINOR_UNITS, minorUnitsOf } from '../../../../functions/orders/domain/currencies';
import {
  LINE_ITEM_UNIT_PRICE_SCALE,
  ORDER_FORM_TOTAL_SCALE,
  ORDER_TOTAL_SCALE,
} from '../../../../functions/orders/generated/models';

describe('orders (reference service): the currency table', () => {
  it('holds codes of the spec’s shape (^[A-Z]{3}$), each once', () => {
    for (const code of CURRENCY_MINOR_UNITS.keys()) expect(code).toMatch(/^[A-Z]{3}$/);
    // The list published 2025-05-12 has 179 codes; 24 are left out on purpose.
    expect(CURRENCY_MINOR_UNITS.size).toBe(155);
  });

  it('never needs more digits after the point than the spec’s scale allows for prices and totals', () => {
    const most = Math.max(...CURRENCY_MINOR_UNITS.values());
    expect(most).toBe(3);
    for (const scale of [LINE_ITEM_UNIT_PRICE_SCALE, ORDER_FORM_TOTAL_SCALE, ORDER_TOTAL_SCALE]) {
      expect(most).toBeLessThanOrEqual(scale);
    }
  });

  it.each([
    ['EUR', 2],
    ['USD', 2],
    ['GBP', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['ISK', 0],
    ['CLP', 0],
    ['VND', 0],
    ['XAF', 0],
    ['BHD', 3],
    ['KWD', 3],
    ['TND', 3],
    ['IQD', 3],
    ['HUF', 2],
    ['XCG', 2],
  ] as const)('%s has %i minor units', (code, units) => {
    expect(minorUnitsOf(code)).toBe(units);
  });

  it.each([
    'BOV CHE CHW CLF COU MXV USN UYI UYW', // funds
    'XAG XAU XPD XPT', // precious metals
    'XAD XBA XBB XBC XBD XDR XSU XUA', // units of account, bond-market units
    'XTS XXX', // testing, no currency
    'BGN', // withdrawn 2026-01-01
    'ANG CUC HRK SLL ZWL', // withdrawn before the list of 2025-05-12
    'ZZZ AAA EURO eur', // never codes
  ])('leaves out %s', (codes) => {
    for (const code of codes.split(' ')) expect(minorUnitsOf(code)).toBeUndefined();
  });

  it('knows nothing of inherited names', () => {
    expect(minorUnitsOf('constructor')).toBeUndefined();
    expect(minorUnitsOf('__proto__')).toBeUndefined();
  });
});
