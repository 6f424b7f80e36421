import { findNodeAtLocation, type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { JsonPath } from './diagnostic';

export interface Position {
  readonly line: number;
  readonly column: number;
}

/** A JSON document with the positions of its values, so diagnostics can name line and column. */
export interface JsonSource {
  readonly file: string;
  readonly text: string;
  readonly value: unknown;
  /** Position of the value at `path`, or of its nearest existing ancestor. */
  positionOf(path: JsonPath): Position;
  /** Position of the key of the property at `path` (for unknown-key errors), else of its value. */
  keyPositionOf(path: JsonPath): Position;
  /** Keys given twice in one object: JSON.parse would silently keep the last one. */
  readonly duplicateKeys: ReadonlyArray<{ readonly path: JsonPath; readonly position: Position }>;
}

export class JsonSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${column}: malformed JSON: ${reason}`);
    this.name = 'JsonSyntaxError';
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function toPosition(starts: readonly number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
}

const REASONS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'a property name in double quotes is expected',
  ValueExpected: 'a value is expected',
  ColonExpected: 'a colon is expected',
  CommaExpected: 'a comma is expected',
  CloseBraceExpected: 'a closing brace is expected',
  CloseBracketExpected: 'a closing bracket is expected',
  EndOfFileExpected: 'nothing may follow the top-level value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'the string is not closed',
  UnexpectedEndOfNumber: 'the number is not complete',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in string',
};

/**
 * Parses strict JSON (no comments, no trailing commas) keeping positions.
 * Throws {@link JsonSyntaxError} naming the first problem's line and column.
 */
export function parseJsonSource(file: string, text: string): JsonSource {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  const starts = lineStarts(text);
  const first = errors[0];
  if (first || !root) {
    const offset = first?.offset ?? 0;
    const { line, column } = toPosition(starts, offset);
    const code = first ? printParseErrorCode(first.error) : 'ValueExpected';
    throw new JsonSyntaxError(file, line, column, REASONS[code] ?? code);
  }
  const value: unknown = JSON.parse(text);

  const nearest = (path: JsonPath): Node => {
    for (let n = path.length; n >= 0; n--) {
      const node = findNodeAtLocation(root, path.slice(0, n) as (string | number)[]);
      if (node) return node;
    }
    return root;
  };

  const duplicateKeys: Array<{ path: JsonPath; position: Position }> = [];
  const walk = (node: Node, path: JsonPath): void => {
    if (node.type === 'object') {
      const seen = new Set<string>();
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (!keyNode) continue;
        const key = String(keyNode.value);
        if (seen.has(key))
          duplicateKeys.push({ path: [...path, key], position: toPosition(starts, keyNode.offset) });
        seen.add(key);
        if (valueNode) walk(valueNode, [...path, key]);
      }
    } else if (node.type === 'array') {
      for (const [i, child] of (node.children ?? []).entries()) walk(child, [...path, i]);
    }
  };
  walk(root, []);

  return {
    file,
    text,
    value,
    duplicateKeys,
    positionOf: (path) => toPosition(starts, nearest(path).offset),
    keyPositionOf: (path) => {
      const node = nearest(path);
      const property = node.parent?.type === 'property' ? node.parent : undefined;
      return toPosition(starts, property ? property.offset : node.offset);
    },
  };
}
