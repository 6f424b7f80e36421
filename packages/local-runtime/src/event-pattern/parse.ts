import type { JsonPath } from '../json-path';
import { nearest } from '../suggest';
import { parseAnythingBut } from './anything-but';
import { parseCidr } from './cidr';
import { checkCombinations } from './combinations';
import { parseEqualsIgnoreCase } from './equals-ignore-case';
import { invalid, isPlainObject, kindOf, show } from './errors';
import { parseExists } from './exists';
import { parseNumeric } from './numeric';
import { parseAffix } from './prefix-suffix';
import type { EventPattern, LeafEntry, ObjectPattern, PatternEntry, ValueMatcher } from './types';
import { parseWildcard } from './wildcard';

/**
 * Validates an event pattern the way EventBridge does (PutRule would refuse what this refuses)
 * and returns its parsed form. Throws an {@link EventPatternError} naming the JSON path of the
 * first problem.
 *
 * The shape: an object whose fields are either nested objects (matching the event's nested
 * objects) or arrays of alternatives (bare values or one-operator objects); `"$or": [{...},
 * {...}]` at any level. No empty objects or arrays anywhere. At most 1,000 `$or` combinations
 * (see combinations.ts).
 */
export function parsePattern(json: unknown): EventPattern {
  if (!isPlainObject(json))
    return invalid(
      [],
      `an event pattern is a JSON object, not ${kindOf(json)}`,
      'Write an object naming the fields to match, e.g. { "source": ["my.app"] }.',
    );
  const root = parseObject(json, [], false);
  // Counted once the whole pattern is known valid, so a mistake in it is reported first.
  checkCombinations(root);
  return { json, root };
}

export const OPERATORS = [
  'prefix',
  'suffix',
  'equals-ignore-case',
  'wildcard',
  'numeric',
  'anything-but',
  'exists',
  'cidr',
] as const;

/** Names EventBridge's engine reserves: they cannot be field names inside `$or`. */
const RESERVED_IN_OR: ReadonlySet<string> = new Set([
  ...OPERATORS,
  'exactly',
  'html',
  '=',
  '<',
  '<=',
  '>',
  '>=',
  'regex',
  'not-wildcard',
  'not-equals-ignore-case',
  'date-after',
  'date-on-or-after',
  'date-before',
  'date-on-or-before',
  'in-date-range',
  'ip-address-in-range',
  'ip-address-not-in-range',
]);

function parseObject(object: Record<string, unknown>, path: JsonPath, insideOr: boolean): ObjectPattern {
  const keys = Object.keys(object);
  if (keys.length === 0)
    return invalid(
      path,
      'empty objects are not allowed',
      'Name at least one field to match in it, or remove it: a pattern only constrains the fields it names.',
    );
  const entries: PatternEntry[] = [];
  for (const key of keys) {
    const value = object[key];
    const at = [...path, key];
    if (key === '$or') {
      entries.push({ kind: 'or', alternatives: parseOr(value, at) });
      continue;
    }
    if (insideOr && RESERVED_IN_OR.has(key))
      return invalid(
        at,
        `"${key}" is reserved by EventBridge and cannot be a field name inside $or`,
        `Operators go inside a field's array, e.g. { "field": [{ "${key}": ... }] }.`,
      );
    if (isPlainObject(value))
      entries.push({ kind: 'nested', name: key, pattern: parseObject(value, at, insideOr) });
    else if (Array.isArray(value)) entries.push(parseLeaf(key, value, at));
    else {
      const parent = path[path.length - 1];
      const hint = (OPERATORS as readonly string[]).includes(key)
        ? `"${key}" is an operator: put it in an object inside the field's array, e.g. ${
            typeof parent === 'string' ? `"${parent}": ` : ''
          }[{ "${key}": ${show(value)} }].`
        : `Wrap the value in an array: "${key}": [${show(value)}].`;
      return invalid(
        at,
        `the value of "${key}" must be an array of values to match or an object of nested fields, not ${kindOf(value)}`,
        hint,
      );
    }
  }
  return { entries };
}

function parseOr(value: unknown, path: JsonPath): ObjectPattern[] {
  const hint =
    'Write "$or": [{ "a": ["x"] }, { "b": ["y"] }]: the pattern matches when any of the objects does.';
  if (!Array.isArray(value))
    return invalid(path, `$or takes an array of objects, not ${kindOf(value)}`, hint);
  if (value.length < 2)
    return invalid(
      path,
      `$or needs at least two objects, not ${value.length}`,
      `${hint} With one object, drop the $or.`,
    );
  return value.map((item, i) => {
    if (!isPlainObject(item))
      return invalid([...path, i], `$or holds only objects, not ${kindOf(item)}`, hint);
    return parseObject(item, [...path, i], true);
  });
}

function parseLeaf(name: string, list: readonly unknown[], path: JsonPath): LeafEntry {
  if (list.length === 0)
    return invalid(
      path,
      'empty arrays are not allowed',
      `Give at least one value for "${name}" to match, or remove the field (use [{ "exists": true }] to require any value).`,
    );
  const matchers = list.map((item, i): ValueMatcher => {
    const at = [...path, i];
    if (item === null || typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean')
      return { op: 'exact', value: item };
    if (Array.isArray(item))
      return invalid(
        at,
        'a value to match cannot be an array',
        `List the values directly: "${name}": ["a", "b"]; an array in the event matches when any element matches.`,
      );
    return parseMatchExpression(item as Record<string, unknown>, at);
  });
  return { kind: 'leaf', name, matchers, json: list, path };
}

function parseMatchExpression(object: Record<string, unknown>, path: JsonPath): ValueMatcher {
  const keys = Object.keys(object);
  const [op] = keys;
  if (op === undefined)
    return invalid(
      path,
      'an empty object is not a match expression',
      'Write one operator, e.g. { "prefix": "x" }.',
    );
  if (keys.length > 1)
    return invalid(
      path,
      `a match expression has exactly one operator, not ${keys.length} (${keys.join(', ')})`,
      'Put each in its own object: [{ "prefix": "a" }, { "suffix": "b" }] matches when either does.',
    );
  const value = object[op];
  const at = [...path, op];
  switch (op) {
    case 'prefix':
    case 'suffix':
      return parseAffix(op, value, at);
    case 'equals-ignore-case':
      return parseEqualsIgnoreCase(value, at);
    case 'wildcard':
      return parseWildcard(value, at);
    case 'numeric':
      return parseNumeric(value, at);
    case 'anything-but':
      return parseAnythingBut(value, at);
    case 'exists':
      return parseExists(value, at);
    case 'cidr':
      return parseCidr(value, at);
    default: {
      const guess = nearest(op, OPERATORS);
      return invalid(
        at,
        `unknown operator ${show(op)}`,
        `${guess ? `Did you mean "${guess}"? ` : ''}Operators: ${OPERATORS.join(', ')}.`,
      );
    }
  }
}
