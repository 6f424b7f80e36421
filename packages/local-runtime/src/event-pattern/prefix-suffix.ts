import type { JsonPath } from '../json-path';
import { foldPerChar, matchesFolded } from './equals-ignore-case';
import { invalid, isPlainObject, kindOf, show } from './errors';
import type { LeafValue, PrefixMatcher, SuffixMatcher } from './types';

/**
 * `{ "prefix": "us-" }` and `{ "suffix": ".png" }` match string values that begin or end with
 * the text (only strings: never numbers, booleans or null). Either may ignore case:
 * `{ "prefix": { "equals-ignore-case": "EventB" } }`, folding case per character as EventBridge
 * does (see equals-ignore-case.ts). An empty text matches every string.
 */
export function parseAffix(
  op: 'prefix' | 'suffix',
  value: unknown,
  path: JsonPath,
): PrefixMatcher | SuffixMatcher {
  const hint = `Write { "${op}": "text" } or { "${op}": { "equals-ignore-case": "text" } }.`;
  if (typeof value === 'string') return { op, value, ignoreCase: false };
  if (!isPlainObject(value)) return invalid(path, `${op} takes a string, not ${kindOf(value)}`, hint);
  const keys = Object.keys(value);
  const [key] = keys;
  if (key === undefined) return invalid(path, `${op} takes a string, not an empty object`, hint);
  if (keys.length > 1)
    return invalid(path, `${op} takes one option, not ${keys.length}: ${keys.join(', ')}`, hint);
  if (key !== 'equals-ignore-case')
    return invalid([...path, key], `${op} does not take ${show(key)}; only "equals-ignore-case"`, hint);
  const text = value[key];
  if (typeof text !== 'string')
    return invalid([...path, key], `equals-ignore-case takes a string, not ${kindOf(text)}`, hint);
  return { op, value: text, ignoreCase: true };
}

export function prefixPredicate(matcher: PrefixMatcher): (value: LeafValue) => boolean {
  const text = matcher.value;
  if (!matcher.ignoreCase) return (value) => typeof value === 'string' && value.startsWith(text);
  const folded = foldPerChar(text);
  return (value) => typeof value === 'string' && matchesFolded(folded, value, 'prefix');
}

export function suffixPredicate(matcher: SuffixMatcher): (value: LeafValue) => boolean {
  const text = matcher.value;
  if (!matcher.ignoreCase) return (value) => typeof value === 'string' && value.endsWith(text);
  const folded = foldPerChar(text);
  return (value) => typeof value === 'string' && matchesFolded(folded, value, 'suffix');
}
