import { formatJsonPath, type JsonPath } from '../json-path';

/**
 * A pattern EventBridge would refuse (PutRule answers InvalidEventPatternException). Names
 * where in the pattern the problem is, what is wrong, and what to do.
 */
export class EventPatternError extends Error {
  constructor(
    /** Where in the pattern JSON, outermost first. */
    readonly path: JsonPath,
    /** What is wrong. */
    readonly reason: string,
    /** What to do about it. */
    readonly hint: string,
  ) {
    super(`${formatJsonPath(path)}: ${reason}. ${hint}`);
    this.name = 'EventPatternError';
  }
}

/** Shorthand for the parsers: throws an {@link EventPatternError}. */
export function invalid(path: JsonPath, reason: string, hint: string): never {
  throw new EventPatternError(path, reason, hint);
}

/** A JSON value as it appears in messages: `"x"`, `5`, `{...}`. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** What kind of JSON value this is, for messages ("a string", "an object"...). */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
