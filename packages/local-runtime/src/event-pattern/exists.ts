import type { JsonPath } from '../json-path';
import { invalid, kindOf, show } from './errors';
import type { ExistsMatcher } from './types';

/**
 * `{ "exists": true }` matches when the field has a value at a leaf of the event: a string, a
 * number, a boolean or `null` (null is a value), or an array holding at least one of those.
 * `{ "exists": false }` matches when it has none: the field is missing, or is an object (exists
 * only looks at leaves), an empty array or an empty object. Inside arrays of objects the check
 * follows EventBridge's array consistency (see match.ts).
 */
export function parseExists(value: unknown, path: JsonPath): ExistsMatcher {
  if (typeof value !== 'boolean')
    return invalid(
      path,
      `exists takes true or false, not ${kindOf(value)}${typeof value === 'string' ? ` ${show(value)}` : ''}`,
      'Write { "exists": true } or { "exists": false } (JSON booleans, without quotes).',
    );
  return { op: 'exists', value };
}
