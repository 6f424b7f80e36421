/**
 * The toolchain's side of a decimal's digits: spec messages and the generated zod source. What the
 * digits are and how they are counted is functions/runtime/decimal-digits.ts.
 */
import {
  type DecimalDigits,
  type DigitsProblem,
  precisionMessage,
  scaleMessage,
} from '../../functions/runtime/decimal-digits';

export {
  type DecimalDigits,
  type DigitsProblem,
  digitsProblem,
  precisionOf,
  scaleOf,
} from '../../functions/runtime/decimal-digits';

/** For spec messages: what a value that breaks `problem` has too many of. */
export function digitsExcess(problem: DigitsProblem): string {
  return problem.key === 'scale'
    ? `more digits after the point than its scale ${problem.limit}`
    : `more significant digits than its precision ${problem.limit}`;
}

/**
 * The zod refinements (source text, appended to a decimal's `z.string().regex(...)`) that check
 * the digits; `decimalRegex` is the decimal regex literal, so a value that is not a decimal is left
 * to the regex's own message. Empty when the member declares neither.
 */
export function digitsRefinementSource(digits: DecimalDigits, decimalRegex: string): string {
  const refine = (test: string, message: string) =>
    `.refine((value) => !${decimalRegex}.test(value) || ${test}, ${JSON.stringify(message)})`;
  let out = '';
  // More than `scale` digits after the point is a point followed by scale + 1 digits.
  if (digits.scale !== undefined) {
    out += refine(`!/\\.\\d{${digits.scale + 1}}/.test(value)`, scaleMessage(digits.scale));
  }
  if (digits.precision !== undefined) {
    out += refine(
      `value.replace(/[-.]/g, '').replace(/^0+/, '').length <= ${digits.precision}`,
      precisionMessage(digits.precision),
    );
  }
  return out;
}
