/** The total rule: exact decimal sums, compared by value. */
import fc from 'fast-check';
import {
  lineItemsTotal,
  type PricedItem,
  sameAmount,
  totalProblem,
} from '../../../../functions/orders/domain/total';

const item = (quantity: number, unit_price: string): PricedItem => ({ quantity, unit_price });

describe('orders (reference service): lineItemsTotal', () => {
  it.each<[string, PricedItem[], string]>([
    ['one item', [item(1, '10')], '10'],
    ['quantity times price', [item(3, '2.50')], '7.50'],
    ['0.1 + 0.2 is exactly 0.3', [item(1, '0.1'), item(1, '0.2')], '0.3'],
    ['0.1 × 3 is exactly 0.3', [item(3, '0.1')], '0.3'],
    ['as many decimals as the most precise price', [item(2, '1.25'), item(1, '0.5')], '3.00'],
    ['integer prices stay integers', [item(2, '5'), item(3, '7')], '31'],
    ['sub-cent prices', [item(3, '0.333'), item(1, '0.001')], '1.000'],
    ['large quantities', [item(10000, '9999999.99')], '99999999900.00'],
    ['100 items of the largest quantity', Array.from({ length: 100 }, () => item(10000, '0.01')), '10000.00'],
    [
      'beyond double precision',
      [item(10000, '123456789012345678901234567890.123456789'), item(1, '0.000000001')],
      '1234567890123456789012345678901234.567890001',
    ],
    ['a negative price (a discount line)', [item(2, '10.00'), item(1, '-5.5')], '14.50'],
    ['a zero price', [item(5, '0.00')], '0.00'],
    ['a discount that cancels out gives 0, not -0', [item(1, '1.5'), item(1, '-1.5')], '0.0'],
    ['leading zeros', [item(1, '007.50')], '7.50'],
  ])('%s', (_, items, want) => {
    expect(lineItemsTotal(items)).toBe(want);
  });

  it('refuses what the schema would have refused', () => {
    expect(() => lineItemsTotal([item(1, '1e3')])).toThrow(TypeError);
    expect(() => lineItemsTotal([item(1.5, '1')])).toThrow(TypeError);
    expect(() => lineItemsTotal([item(1, 'NaN')])).toThrow(TypeError);
  });

  /** Reference: exact arithmetic on integers scaled to a common number of decimals. */
  function reference(items: readonly PricedItem[]): { units: bigint; scale: number } {
    const scale = Math.max(0, ...items.map((i) => i.unit_price.split('.')[1]?.length ?? 0));
    let units = 0n;
    for (const { quantity, unit_price } of items) {
      const [whole = '', fraction = ''] = unit_price.replace('-', '').split('.');
      const magnitude = BigInt(whole + fraction.padEnd(scale, '0'));
      units += (unit_price.startsWith('-') ? -magnitude : magnitude) * BigInt(quantity);
    }
    return { units, scale };
  }

  const price = fc
    .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 25n }), fc.integer({ min: 0, max: 8 }))
    .map(([negative, digits, scale]) => {
      const text = digits.toString().padStart(scale + 1, '0');
      const plain = scale === 0 ? text : `${text.slice(0, -scale)}.${text.slice(-scale)}`;
      return negative ? `-${plain}` : plain;
    });
  const items = fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 10000 }), unit_price: price }), {
    minLength: 1,
    maxLength: 100,
  });

  it('equals exact integer arithmetic on scaled amounts', () => {
    fc.assert(
      fc.property(items, (generated) => {
        const { units, scale } = reference(generated);
        const total = lineItemsTotal(generated);
        expect(total.split('.')[1]?.length ?? 0).toBe(scale);
        expect(BigInt(total.replace('.', ''))).toBe(units);
      }),
    );
  });

  it('its result is always accepted as the total, however many trailing zeros it is written with', () => {
    fc.assert(
      fc.property(items, fc.integer({ min: 0, max: 5 }), (generated, zeros) => {
        const total = lineItemsTotal(generated);
        const padded = total.includes('.') ? total + '0'.repeat(zeros) : `${total}.${'0'.repeat(zeros + 1)}`;
        expect(totalProblem(generated, padded)).toBeUndefined();
      }),
    );
  });
});

describe('orders (reference service): sameAmount', () => {
  it.each([
    ['10.5', '10.50', true],
    ['10', '10.000', true],
    ['0', '-0.00', true],
    ['007', '7', true],
    ['0.3', '0.30000000000000004', false],
    ['-1', '1', false],
  ])('%s vs %s → %s', (a, b, want) => {
    expect(sameAmount(a, b)).toBe(want);
  });
});

describe('orders (reference service): totalProblem', () => {
  const items = [item(2, '10.25'), item(1, '4.50')];

  it('none when the total is the sum, written any way', () => {
    for (const total of ['25', '25.0', '25.00', '25.000', '025.00']) {
      expect(totalProblem(items, total)).toBeUndefined();
    }
  });

  it('names the field and states the computed sum, never the total sent', () => {
    const message = totalProblem(items, '99.99');
    expect(message).toBe('body.total: must equal the sum of the line items (25.00)');
    expect(message).not.toContain('99.99');
  });

  it('leaves an unwieldy sum out of the message', () => {
    const long = [item(1, `1.${'1'.repeat(100)}`)];
    expect(totalProblem(long, '1')).toBe('body.total: must equal the sum of the line items');
  });
});
