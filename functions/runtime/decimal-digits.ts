/**
 * What a `decimal`'s `precision` and `scale` count (docs/spec-format.md), in one place: the spec
 * validator checks defaults and examples with these functions, domain code (orders' currency
 * rules) counts with them, and the generated zod checks values with the source text built from
 * them (lib/contract/decimal-digits.ts), so none can count differently. Runtime code: no toolchain
 * import.
 *
 * A decimal is a string on the wire (`-?\d+(\.\d+)?`) and is stored as written, so both count the
 * digits as written, not the value's shortest form:
 * - scale: the digits after the point. `"12.50"` has 2, `"12.5"` 1, `"12"` 0.
 * - precision: the significant digits, from the first non-zero digit to the last digit written,
 *   trailing zeros included (Java's `BigDecimal.precision()` of the text): `"12.50"` has 4,
 *   `"0.05"` 1, `"007"` 1, `"1200"` 4; a zero has 1.
 *
 * A column `NUMERIC(precision + scale, scale)` holds every value a member with both accepts (SQL's
 * precision also counts the zeros a value is padded with up to its scale).
 */

/** The digits a decimal member may have; either may be left out. */
export interface DecimalDigits {
  readonly precision?: number | undefined;
  readonly scale?: number | undefined;
}

/** Digits after the point, as written. `text` is a decimal string. */
export function scaleOf(text: string): number {
  const point = text.indexOf('.');
  return point < 0 ? 0 : text.length - point - 1;
}

/** Significant digits, as written (1 for a zero). `text` is a decimal string. */
export function precisionOf(text: string): number {
  return Math.max(1, significantDigits(text).length);
}

/** The digits from the first non-zero one on (empty for a zero). */
function significantDigits(text: string): string {
  return text.replace(/[-.]/g, '').replace(/^0+/, '');
}

/** The 422 text (after `body.total: `) when a value has more digits after the point than `scale`. Never names the value. */
export function scaleMessage(scale: number): string {
  return scale === 0
    ? 'must have no digits after the point'
    : `must have at most ${scale} digit${scale === 1 ? '' : 's'} after the point`;
}

/** The 422 text when a value has more significant digits than `precision`. Never names the value. */
export function precisionMessage(precision: number): string {
  return `must have at most ${precision} significant digit${precision === 1 ? '' : 's'}`;
}

/** How a decimal string breaks its member's digits: the key it breaks, and the 422 text the generated check says. */
export interface DigitsProblem {
  readonly key: 'precision' | 'scale';
  readonly limit: number;
  readonly message: string;
}

/** How a decimal string breaks its member's digits, if it does; the scale is checked first. */
export function digitsProblem(text: string, digits: DecimalDigits): DigitsProblem | undefined {
  if (digits.scale !== undefined && scaleOf(text) > digits.scale) {
    return { key: 'scale', limit: digits.scale, message: scaleMessage(digits.scale) };
  }
  if (digits.precision !== undefined && precisionOf(text) > digits.precision) {
    return { key: 'precision', limit: digits.precision, message: precisionMessage(digits.precision) };
  }
  return undefined;
}
