import { createScanner, type SyntaxKind } from 'jsonc-parser';
import type { JsonPath } from './diagnostic';

/**
 * Limits on the JSON documents the spec tools read, far above any real spec and far below what
 * the tools survive: parsing and everything after it (jsonc-parser, zod, lint, diff, codegen)
 * walk documents recursively and hold them in memory, so a pathological document is reported
 * as a diagnostic before any of them sees it, instead of overflowing the stack or the heap.
 */

/**
 * How deeply arrays and objects may nest. A real spec nests about a dozen levels
 * (`$.models.m.fields[0].example...`).
 */
export const MAX_NESTING_DEPTH = 64;

/** How many values (objects, arrays, strings, numbers, booleans, nulls) a document may hold. A real spec holds a few hundred. */
export const MAX_JSON_VALUES = 1_000_000;

/** How large a file may be, in bytes. A real spec is a few kilobytes. */
export const MAX_JSON_BYTES = 32 * 1024 * 1024;

/** Where a document first goes over a limit. */
export interface LimitExceeded {
  readonly limit: 'depth' | 'values';
  /** Offset in the text of the value that goes over: the `[` or `{` one level too deep, or the value one too many. */
  readonly offset: number;
  /** JSON path of that value. */
  readonly path: JsonPath;
}

/** jsonc-parser's token kinds used here (an ambient const enum, which isolatedModules cannot read). */
const TOKEN = {
  OpenBrace: 1,
  CloseBrace: 2,
  OpenBracket: 3,
  CloseBracket: 4,
  Comma: 5,
  Null: 7,
  True: 8,
  False: 9,
  String: 10,
  Number: 11,
  EOF: 17,
} as const satisfies Record<string, SyntaxKind>;

/** An open object (with the last key read in it) or array (with the index of its current element). */
type Level = { kind: 'object'; key: string; expectKey: boolean } | { kind: 'array'; index: number };

/**
 * Finds the first place a JSON text nests deeper than {@link MAX_NESTING_DEPTH} or holds more
 * than {@link MAX_JSON_VALUES} values, in one linear pass without recursion (so any depth is
 * safe). It reads the text with jsonc-parser's own scanner, so strings and comments hide brackets
 * exactly as they do from `parseTree`. A close bracket ends a level only when it matches it, as
 * in the parser (which skips a mismatched one): the depth counted here is never less than the
 * parser's, so a text that passes cannot make the parser recurse deeper. The text need not be
 * valid JSON; on malformed input the path is a best effort.
 */
export function findExceededLimit(
  text: string,
  limits: { readonly depth: number; readonly values: number } = {
    depth: MAX_NESTING_DEPTH,
    values: MAX_JSON_VALUES,
  },
): LimitExceeded | undefined {
  const scanner = createScanner(text, true);
  const stack: Level[] = [];
  const here = (): JsonPath => stack.map((level) => (level.kind === 'object' ? level.key : level.index));
  let values = 0;
  for (let token = scanner.scan(); token !== TOKEN.EOF; token = scanner.scan()) {
    const top = stack[stack.length - 1];
    const isKey = token === TOKEN.String && top?.kind === 'object' && top.expectKey;
    const isValue =
      !isKey &&
      (token === TOKEN.OpenBrace ||
        token === TOKEN.OpenBracket ||
        token === TOKEN.String ||
        token === TOKEN.Number ||
        token === TOKEN.True ||
        token === TOKEN.False ||
        token === TOKEN.Null);
    if (isValue && ++values > limits.values)
      return { limit: 'values', offset: scanner.getTokenOffset(), path: here() };
    switch (token) {
      case TOKEN.OpenBrace:
      case TOKEN.OpenBracket:
        if (stack.length >= limits.depth)
          return { limit: 'depth', offset: scanner.getTokenOffset(), path: here() };
        stack.push(
          token === TOKEN.OpenBrace
            ? { kind: 'object', key: '', expectKey: true }
            : { kind: 'array', index: 0 },
        );
        break;
      case TOKEN.CloseBrace:
        if (top?.kind === 'object') stack.pop();
        break;
      case TOKEN.CloseBracket:
        if (top?.kind === 'array') stack.pop();
        break;
      case TOKEN.Comma:
        if (top?.kind === 'array') top.index++;
        else if (top) top.expectKey = true;
        break;
      case TOKEN.String:
        if (isKey && top?.kind === 'object') {
          top.key = scanner.getTokenValue();
          top.expectKey = false;
        }
        break;
    }
  }
  return undefined;
}
