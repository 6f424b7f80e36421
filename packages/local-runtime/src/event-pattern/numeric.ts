import type { JsonPath } from '../json-path';
import { invalid, kindOf, show } from './errors';
import type { LeafValue, NumericBound, NumericMatcher } from './types';

/**
 * `{ "numeric": [">", 0, "<=", 5] }` matches JSON numbers only (never the string "5"). The forms
 * EventBridge accepts: `["=", x]`, `["<", x]`, `["<=", x]`, `[">", x]`, `[">=", x]`, and a range
 * `[">" or ">=", low, "<" or "<=", high]` with the lower bound first and low < high. Numbers are
 * limited to -5e9..5e9 inclusive, in the pattern (else an error) and in the event (a value
 * outside never matches a numeric comparison).
 */

export const NUMERIC_LIMIT = 5e9;

const OPERATORS = ['=', '<', '<=', '>', '>='] as const;
const FORMS_HINT = 'Write ["=", x], ["<", x], ["<=", x], [">", x], [">=", x] or [">", low, "<=", high].';

function bound(list: readonly unknown[], index: number, path: JsonPath, operator: string): number {
  const value = list[index];
  if (typeof value !== 'number')
    return invalid(
      [...path, index],
      `"${operator}" must be followed by a number, not ${kindOf(value)}${value === undefined ? '' : ` ${show(value)}`}`,
      FORMS_HINT,
    );
  if (value < -NUMERIC_LIMIT || value > NUMERIC_LIMIT)
    return invalid(
      [...path, index],
      `${value} is outside the numbers EventBridge compares (-5e9 to 5e9 inclusive)`,
      'Use a bound within -5000000000..5000000000.',
    );
  return value;
}

function operatorAt(list: readonly unknown[], index: number, path: JsonPath): string {
  const operator = list[index];
  if (typeof operator !== 'string' || !(OPERATORS as readonly string[]).includes(operator))
    return invalid(
      [...path, index],
      typeof operator === 'string'
        ? `unknown numeric operator ${show(operator)}: use =, <, <=, > or >=`
        : `expected a comparison operator ("=", "<", "<=", ">", ">="), not ${kindOf(operator)}`,
      FORMS_HINT,
    );
  return operator;
}

export function parseNumeric(value: unknown, path: JsonPath): NumericMatcher {
  if (!Array.isArray(value)) return invalid(path, `numeric takes an array, not ${kindOf(value)}`, FORMS_HINT);
  if (value.length === 0) return invalid(path, 'numeric needs an operator and a number', FORMS_HINT);
  const first = operatorAt(value, 0, path);
  const x = bound(value, 1, path, first);
  const single = (): void => {
    if (value.length > 2)
      invalid(
        [...path, 2],
        `nothing may follow "${first}", x`,
        first.startsWith('<')
          ? 'Put the lower bound first: [">", low, "<", high].'
          : 'A range is a lower bound (">" or ">=") then an upper bound ("<" or "<=").',
      );
  };
  if (first === '=') {
    single();
    return { op: 'numeric', lower: { value: x, inclusive: true }, upper: { value: x, inclusive: true } };
  }
  if (first === '<' || first === '<=') {
    single();
    return { op: 'numeric', upper: { value: x, inclusive: first === '<=' } };
  }
  const lower: NumericBound = { value: x, inclusive: first === '>=' };
  if (value.length === 2) return { op: 'numeric', lower };
  const second = operatorAt(value, 2, path);
  if (second !== '<' && second !== '<=')
    return invalid(
      [...path, 2],
      `a lower bound ("${first}") can only be followed by an upper bound ("<" or "<="), not "${second}"`,
      FORMS_HINT,
    );
  const y = bound(value, 3, path, second);
  if (value.length > 4) return invalid([...path, 4], 'too many elements in the numeric range', FORMS_HINT);
  if (x >= y)
    return invalid(
      [...path, 3],
      `the range is empty: the lower bound ${x} must be below the upper bound ${y}`,
      'Swap the bounds or use ["=", x] for a single value.',
    );
  return { op: 'numeric', lower, upper: { value: y, inclusive: second === '<=' } };
}

/** Whether a number is one numeric comparisons apply to. */
export function isComparableNumber(value: LeafValue): value is number {
  return typeof value === 'number' && value >= -NUMERIC_LIMIT && value <= NUMERIC_LIMIT;
}

export function numericPredicate(matcher: NumericMatcher): (value: LeafValue) => boolean {
  const { lower, upper } = matcher;
  return (value) => {
    if (!isComparableNumber(value)) return false;
    if (lower && (lower.inclusive ? value < lower.value : value <= lower.value)) return false;
    if (upper && (upper.inclusive ? value > upper.value : value >= upper.value)) return false;
    return true;
  };
}
