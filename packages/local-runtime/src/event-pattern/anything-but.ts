import type { JsonPath } from '../json-path';
import { foldedSet } from './equals-ignore-case';
import { invalid, isPlainObject, kindOf, show } from './errors';
import { NUMERIC_LIMIT } from './numeric';
import type { AnythingButMatcher, LeafValue, WildcardMatcher } from './types';
import { parseWildcard, wildcardMatches } from './wildcard';

/**
 * `anything-but` matches any value present in the event except the ones it names. Its forms:
 *
 * - a string or a number: `{ "anything-but": "initializing" }`, `{ "anything-but": 123 }`;
 * - a list of strings or a list of numbers (not mixed): `{ "anything-but": ["a", "b"] }`;
 * - `{ "anything-but": { "prefix" | "suffix" | "equals-ignore-case" | "wildcard": text or [texts] } }`.
 *
 * Only a value of the excluded kind can be excluded: `{ "anything-but": "x" }` matches `5`,
 * `true` and `null`; `{ "anything-but": [100] }` matches the string "100". A missing field
 * never matches (there is no value to compare); an array matches when any element does.
 */

const NESTED = ['prefix', 'suffix', 'equals-ignore-case', 'wildcard'] as const;
type NestedForm = (typeof NESTED)[number];

const HINT =
  'Write { "anything-but": "x" }, { "anything-but": ["x", "y"] }, { "anything-but": [1, 2] } or { "anything-but": { "prefix": "x" } } (also suffix, equals-ignore-case, wildcard).';

function checkNumber(value: number, path: JsonPath): number {
  if (value < -NUMERIC_LIMIT || value > NUMERIC_LIMIT)
    invalid(path, `${value} is outside the numbers EventBridge compares (-5e9 to 5e9 inclusive)`, HINT);
  return value;
}

function parseList(list: readonly unknown[], path: JsonPath): AnythingButMatcher {
  if (list.length === 0) return invalid(path, 'anything-but needs at least one value', HINT);
  const first = list[0];
  const kind = typeof first === 'number' ? 'number' : 'string';
  for (const [i, item] of list.entries()) {
    if (typeof item !== 'string' && typeof item !== 'number')
      return invalid(
        [...path, i],
        `anything-but lists hold strings or numbers, not ${kindOf(item)}`,
        item === null
          ? 'To match values that are not null, use [{ "exists": true }] with the values you want instead.'
          : HINT,
      );
    if (typeof item !== kind)
      return invalid(
        [...path, i],
        `anything-but lists hold only strings or only numbers; ${show(item)} is ${kindOf(item)} after ${kindOf(first)}`,
        'Split the list in two anything-but expressions if you meant both kinds.',
      );
  }
  if (kind === 'number')
    return {
      op: 'anything-but',
      form: 'numbers',
      values: list.map((n, i) => checkNumber(n as number, [...path, i])),
    };
  return { op: 'anything-but', form: 'strings', values: list as string[] };
}

function parseNested(form: NestedForm, value: unknown, path: JsonPath): AnythingButMatcher {
  const hint = `Write { "anything-but": { "${form}": "text" } } or a list of texts.`;
  const texts: Array<[string, JsonPath]> = [];
  if (typeof value === 'string') texts.push([value, path]);
  else if (Array.isArray(value)) {
    if (value.length === 0) return invalid(path, `anything-but ${form} needs at least one text`, hint);
    for (const [i, item] of value.entries()) {
      if (typeof item !== 'string')
        return invalid([...path, i], `anything-but ${form} takes strings, not ${kindOf(item)}`, hint);
      texts.push([item, [...path, i]]);
    }
  } else
    return invalid(
      path,
      `anything-but ${form} takes a string or a list of strings, not ${kindOf(value)}`,
      hint,
    );

  if (form === 'prefix' || form === 'suffix') {
    for (const [text, at] of texts)
      if (text === '')
        invalid(
          at,
          `an empty ${form} is not allowed in anything-but`,
          `An empty ${form} would exclude every string.`,
        );
  }
  if (form === 'wildcard') {
    const values: WildcardMatcher[] = texts.map(([text, at]) => parseWildcard(text, at));
    return { op: 'anything-but', form, values };
  }
  return { op: 'anything-but', form, values: texts.map(([text]) => text) };
}

export function parseAnythingBut(value: unknown, path: JsonPath): AnythingButMatcher {
  if (typeof value === 'string') return { op: 'anything-but', form: 'strings', values: [value] };
  if (typeof value === 'number')
    return { op: 'anything-but', form: 'numbers', values: [checkNumber(value, path)] };
  if (Array.isArray(value)) return parseList(value, path);
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    const [key] = keys;
    if (key === undefined) return invalid(path, 'anything-but takes a value, not an empty object', HINT);
    if (keys.length > 1)
      return invalid(
        path,
        `anything-but takes one nested operator, not ${keys.length}: ${keys.join(', ')}`,
        HINT,
      );
    if (!(NESTED as readonly string[]).includes(key))
      return invalid(
        [...path, key],
        `anything-but does not take ${show(key)}: use prefix, suffix, equals-ignore-case or wildcard`,
        HINT,
      );
    return parseNested(key as NestedForm, value[key], [...path, key]);
  }
  return invalid(path, `anything-but takes a string, a number or a list of them, not ${kindOf(value)}`, HINT);
}

export function anythingButPredicate(matcher: AnythingButMatcher): (value: LeafValue) => boolean {
  switch (matcher.form) {
    case 'strings': {
      const excluded = new Set(matcher.values);
      return (value) => !(typeof value === 'string' && excluded.has(value));
    }
    case 'numbers': {
      const excluded = matcher.values;
      return (value) => !(typeof value === 'number' && excluded.includes(value));
    }
    case 'prefix': {
      const excluded = matcher.values;
      return (value) => !(typeof value === 'string' && excluded.some((p) => value.startsWith(p)));
    }
    case 'suffix': {
      const excluded = matcher.values;
      return (value) => !(typeof value === 'string' && excluded.some((s) => value.endsWith(s)));
    }
    case 'equals-ignore-case': {
      const excluded = foldedSet(matcher.values);
      return (value) => !(typeof value === 'string' && excluded(value));
    }
    case 'wildcard': {
      const excluded = matcher.values;
      return (value) => !(typeof value === 'string' && excluded.some((w) => wildcardMatches(w, value)));
    }
  }
}
