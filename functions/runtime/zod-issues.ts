/**
 * Zod issues → 422 messages: one message per problem, each naming the field, e.g.
 * `body.email: must be a valid email` or `query.limit: must be <= 100`.
 *
 * Messages are built from the issue's structured data (code, expected type, limits, allowed values),
 * never from zod's own text and never from the input, so no value the client sent is echoed back.
 * The one exception is a `custom` issue (a `.refine`/`.superRefine` in a schema), whose message is
 * written by whoever wrote the schema and must follow the same rule.
 */
import type { z } from 'zod';
import { type HttpError, validationFailed } from './errors';

export type Issue = z.core.$ZodIssue;
type PathSegment = PropertyKey;

export interface IssueMessageOptions {
  /** Names the part of the request the schema checked: `body`, `query`, `path`, `headers`. */
  readonly root: string;
  /**
   * The value that was parsed. Optional; when given, a missing field reads `is required` and a wrong
   * type names the type received (`expected string, received number`), never the value.
   */
  readonly input?: unknown;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `body.items[0].name`; keys that are not identifiers are quoted: `body["first name"]`. */
export function formatIssuePath(root: string, path: readonly PathSegment[]): string {
  let out = root;
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'symbol') out += `[${segment.toString()}]`;
    else if (IDENTIFIER.test(segment) && out !== '') out += `.${segment}`;
    else if (IDENTIFIER.test(segment)) out = segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out === '' ? '(input)' : out;
}

/** One message per problem, in zod's order, without duplicates. */
export function issueMessages(issues: readonly Issue[], options: IssueMessageOptions): string[] {
  const messages = new Set<string>();
  for (const issue of issues) {
    for (const message of messagesFor(issue, options)) messages.add(message);
  }
  return [...messages];
}

/** The 422 error for a failed parse: `throw validationError(result.error.issues, { root: 'body', input })`. */
export function validationError(issues: readonly Issue[], options: IssueMessageOptions): HttpError {
  return validationFailed(issueMessages(issues, options));
}

function messagesFor(issue: Issue, options: IssueMessageOptions): string[] {
  const where = formatIssuePath(options.root, issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${formatIssuePath(options.root, [...issue.path, key])}: is not allowed`);
  }
  return [`${where}: ${problem(issue, options)}`];
}

function problem(issue: Issue, options: IssueMessageOptions): string {
  switch (issue.code) {
    case 'invalid_type':
      return invalidType(issue.expected, issue.path, options);
    case 'too_small':
      return bound('at least', issue.origin, issue.minimum, issue.inclusive !== false, issue.exact === true);
    case 'too_big':
      return bound('at most', issue.origin, issue.maximum, issue.inclusive !== false, issue.exact === true);
    case 'invalid_format':
      return invalidFormat(issue);
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${literal(issue.values[0])}`
        : `must be one of ${issue.values.map(literal).join(', ')}`;
    case 'invalid_union':
      return 'matches none of the allowed types';
    case 'invalid_key':
      return 'has an invalid key';
    case 'invalid_element':
      return `has an invalid ${issue.origin === 'map' ? 'value' : 'element'}`;
    case 'unrecognized_keys':
      return 'is not allowed';
    case 'custom':
      return issue.message;
  }
}

const TYPE_NAMES: Readonly<Record<string, string>> = { int: 'integer', nonoptional: 'a value' };

function invalidType(expected: string, path: readonly PathSegment[], options: IssueMessageOptions): string {
  const want = `expected ${TYPE_NAMES[expected] ?? expected}`;
  if (!('input' in options)) return want;
  const found = valueAt(options.input, path);
  if (!found.present || found.value === undefined) return 'is required';
  // JSON.parse reads `1e309` as Infinity: a number, but not one JSON or the schema can hold.
  if (typeof found.value === 'number' && !Number.isFinite(found.value)) return 'is not a finite number';
  return `${want}, received ${typeName(found.value)}`;
}

function valueAt(root: unknown, path: readonly PathSegment[]): { present: boolean; value?: unknown } {
  let value = root;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, segment))
      return { present: false };
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return { present: true, value };
}

/** The JSON type of a value: `null`, `array`, `object`, `string`, `number`, `boolean` (or JS `typeof`). */
function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

const UNITS: Readonly<Record<string, [singular: string, plural: string]>> = {
  string: ['character', 'characters'],
  array: ['item', 'items'],
  set: ['item', 'items'],
  file: ['byte', 'bytes'],
};

function bound(
  side: 'at least' | 'at most',
  origin: string,
  limit: number | bigint,
  inclusive: boolean,
  exact: boolean,
): string {
  const unit = UNITS[origin];
  if (unit) {
    const noun = limit === 1 || limit === 1n ? unit[0] : unit[1];
    if (exact) return `must have exactly ${limit} ${noun}`;
    if (inclusive) return `must have ${side} ${limit} ${noun}`;
    return `must have ${side === 'at least' ? 'more' : 'fewer'} than ${limit} ${noun}`;
  }
  if (origin === 'date') {
    const instant = new Date(Number(limit)).toISOString();
    if (side === 'at least') return inclusive ? `must be at or after ${instant}` : `must be after ${instant}`;
    return inclusive ? `must be at or before ${instant}` : `must be before ${instant}`;
  }
  if (exact) return `must be ${limit}`;
  const operator = side === 'at least' ? (inclusive ? '>=' : '>') : inclusive ? '<=' : '<';
  return `must be ${operator} ${limit}`;
}

function invalidFormat(issue: z.core.$ZodIssueInvalidStringFormat): string {
  const detail = issue as z.core.$ZodIssueInvalidStringFormat & {
    prefix?: string;
    suffix?: string;
    includes?: string;
  };
  switch (issue.format) {
    case 'regex':
      return issue.pattern === undefined ? 'has an invalid format' : `must match ${issue.pattern}`;
    case 'starts_with':
      return `must start with ${JSON.stringify(detail.prefix ?? '')}`;
    case 'ends_with':
      return `must end with ${JSON.stringify(detail.suffix ?? '')}`;
    case 'includes':
      return `must include ${JSON.stringify(detail.includes ?? '')}`;
    case 'datetime':
      return 'must be an ISO 8601 date-time';
    case 'date':
      return 'must be an ISO 8601 date';
    default:
      return `must be a valid ${issue.format}`;
  }
}

/** An allowed value from the schema (never from the input), as it would be written in JSON. */
function literal(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    value === null
  ) {
    return JSON.stringify(value);
  }
  return String(value);
}
