import type { JsonPath } from '../../spec/diagnostic';
import { invalid, kindOf } from './errors';
import type { EqualsIgnoreCaseMatcher, LeafValue } from './types';

/**
 * `{ "equals-ignore-case": "alice" }` matches string values equal to the text in any casing
 * ("Alice", "ALICE"). Only strings match. Casing follows Unicode lower/upper case mappings, so
 * "ß" also matches "SS".
 */
export function parseEqualsIgnoreCase(value: unknown, path: JsonPath): EqualsIgnoreCaseMatcher {
  if (typeof value !== 'string')
    return invalid(
      path,
      `equals-ignore-case takes a string, not ${kindOf(value)}`,
      'Write { "equals-ignore-case": "text" }; numbers and booleans have no case: match them with a bare value.',
    );
  return { op: 'equals-ignore-case', value };
}

/** Whether two strings are equal ignoring case. */
export function equalsIgnoringCase(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase() || a.toUpperCase() === b.toUpperCase();
}

/** A test for "equal to one of `texts`, ignoring case", with the texts folded once. */
export function foldedSet(texts: readonly string[]): (value: string) => boolean {
  const lower = new Set(texts.map((t) => t.toLowerCase()));
  const upper = new Set(texts.map((t) => t.toUpperCase()));
  return (value) => lower.has(value.toLowerCase()) || upper.has(value.toUpperCase());
}

export function equalsIgnoreCasePredicate(matcher: EqualsIgnoreCaseMatcher): (value: LeafValue) => boolean {
  const test = foldedSet([matcher.value]);
  return (value) => typeof value === 'string' && test(value);
}
