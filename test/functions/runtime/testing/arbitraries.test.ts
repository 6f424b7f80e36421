/**
 * The arbitraries of the spec's types (functions/runtime/testing/arbitraries.ts), each against the
 * rule the generated zod applies; the generated models are covered by test/codegen/testing-arbitraries.
 */
import Big from 'big.js';
import fc from 'fast-check';
import { z } from 'zod';
import { precisionOf, scaleOf } from '../../../../functions/runtime/decimal-digits';
import * as arb from '../../../../functions/runtime/testing/arbitraries';
import { isUri } from '../../../../lib/contract/string-format';

const sample = <T>(arbitrary: fc.Arbitrary<T>, numRuns = 500): T[] =>
  fc.sample(arbitrary, { numRuns, seed: 11 });

describe('text', () => {
  it('keeps lengths in UTF-16 code units, as zod counts them, and is well-formed', () => {
    for (const value of sample(arb.text({ minLength: 2, maxLength: 4 }))) {
      expect(value.length).toBeGreaterThanOrEqual(2);
      expect(value.length).toBeLessThanOrEqual(4);
      expect(value.isWellFormed()).toBe(true);
    }
    expect(sample(arb.text({ minLength: 3, maxLength: 3 })).every((value) => value.length === 3)).toBe(true);
  });

  it('matches its pattern, and its format within its lengths', () => {
    const code = /^[A-Z]{2}-\d{3}$/u;
    expect(sample(arb.text({ pattern: '^[A-Z]{2}-\\d{3}$' })).every((value) => code.test(value))).toBe(true);
    expect(sample(arb.text({ pattern: 'ab' })).every((value) => value.includes('ab'))).toBe(true);
    const emails = sample(arb.text({ format: 'email', maxLength: 20 }));
    expect(emails.every((value) => z.email().safeParse(value).success && value.length <= 20)).toBe(true);
    expect(sample(arb.text({ format: 'uri' })).every(isUri)).toBe(true);
    expect(sample(arb.text({ format: 'uuid' })).every((value) => z.uuid().safeParse(value).success)).toBe(
      true,
    );
    expect(sample(arb.text({ format: 'date' })).every((value) => z.iso.date().safeParse(value).success)).toBe(
      true,
    );
    const times = sample(arb.text({ format: 'date-time' }));
    expect(times.every((value) => z.iso.datetime({ offset: true }).safeParse(value).success)).toBe(true);
    expect(
      times.some((value) => value.endsWith('Z')) && times.some((value) => /[+-]\d\d:\d\d$/.test(value)),
    ).toBe(true);
  });

  it('fails when drawn, saying so, for a pattern fast-check cannot generate from', () => {
    const lookahead = arb.text({ pattern: '^(?!x)a$' });
    expect(() => fc.sample(lookahead, 1)).toThrow(/cannot generate strings matching \/\^\(\?!x\)a\$\/u/);
  });
});

describe('numbers', () => {
  it('integer: 32 bits or the safe range, bounds rounded inwards', () => {
    const small = sample(arb.integer({ bits: 32, min: 0.5, max: 2.5 }));
    expect(new Set(small)).toEqual(new Set([1, 2]));
    expect(sample(arb.integer({ bits: 32 })).every((value) => z.int32().safeParse(value).success)).toBe(true);
    expect(sample(arb.integer({ bits: 53 })).every((value) => Number.isSafeInteger(value))).toBe(true);
    expect(sample(arb.integer({ bits: 53 })).some((value) => Math.abs(value) > 2 ** 31)).toBe(true);
  });

  it('double: finite, within bounds', () => {
    const values = sample(arb.double({ min: -1, max: 1 }));
    expect(values.every((value) => Number.isFinite(value) && value >= -1 && value <= 1)).toBe(true);
    expect(sample(arb.double()).every(Number.isFinite)).toBe(true);
  });

  it('decimal: the decimal pattern, bounds compared exactly', () => {
    const values = sample(arb.decimal({ min: 0.1, max: 0.3 }), 1000);
    for (const value of values) {
      expect(value).toMatch(/^-?\d+(\.\d+)?$/);
      expect(new Big(value).gte('0.1') && new Big(value).lte('0.3')).toBe(true);
    }
    expect(values).toContain('0.3');
    expect(sample(arb.decimal({ min: -5, max: -5 }))).toContain('-5');
    expect(() => fc.sample(arb.decimal({ min: 2, max: 1 }), 1)).toThrow('no decimal lies between 2 and 1');
  });

  it('decimal: at most `scale` digits after the point and `precision` significant digits, as written', () => {
    const values = sample(arb.decimal({ min: 0, precision: 5, scale: 2 }), 1000);
    for (const value of values) {
      expect(scaleOf(value)).toBeLessThanOrEqual(2);
      expect(precisionOf(value)).toBeLessThanOrEqual(5);
      expect(new Big(value).gte(0)).toBe(true);
    }
    expect(new Set(values.map(scaleOf))).toEqual(new Set([0, 1, 2]));
    expect(values.some((value) => precisionOf(value) === 5)).toBe(true);
    expect(sample(arb.decimal({ scale: 0 })).every((value) => !value.includes('.'))).toBe(true);
  });
});

describe('collections and records', () => {
  it('list: its counts; map and object: string keys, never __proto__', () => {
    expect(
      sample(arb.list(fc.nat(), { minLength: 1, maxLength: 2 })).every((v) => v.length >= 1 && v.length <= 2),
    ).toBe(true);
    const maps = sample(arb.map(fc.nat(), { maxKeys: 2 }));
    expect(
      maps.every(
        (value) => Object.keys(value).length <= 2 && Object.getPrototypeOf(value) === Object.prototype,
      ),
    ).toBe(true);
    const hasProto = (value: unknown): boolean =>
      typeof value === 'object' &&
      value !== null &&
      Object.entries(value).some(([key, item]) => key === '__proto__' || hasProto(item));
    expect(sample(arb.object(), 2000).some(hasProto)).toBe(false);
    expect(sample(arb.json(), 2000).some(hasProto)).toBe(false);
  });

  it('model: required members always, optional ones sometimes, undefined members never', () => {
    interface Shape {
      readonly a: number;
      readonly b?: string;
      readonly c?: number;
    }
    const values = sample(arb.model<Shape>({ a: fc.nat(), b: fc.string(), c: undefined }, ['a']));
    expect(values.every((value) => Object.hasOwn(value, 'a') && !Object.hasOwn(value, 'c'))).toBe(true);
    expect(values.some((value) => Object.hasOwn(value, 'b'))).toBe(true);
    expect(values.some((value) => !Object.hasOwn(value, 'b'))).toBe(true);
    expect(values.every((value) => Object.values(value).every((member) => member !== undefined))).toBe(true);
  });

  it('resourceId: an id of the prefix', () => {
    expect(sample(arb.resourceId('usr')).every((id) => /^usr-[0-7][0-9A-HJKMNP-TV-Z]{25}$/.test(id))).toBe(
      true,
    );
  });
});
