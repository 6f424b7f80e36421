import { findNodeAtLocation, type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { formatJsonPath, type JsonPath } from './diagnostic';
import {
  findExceededLimit,
  type LimitExceeded,
  MAX_JSON_BYTES,
  MAX_JSON_VALUES,
  MAX_NESTING_DEPTH,
} from './json-limits';
import { decodeUtf8, textEncodingProblem } from './text-encoding';

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

/** Why a file cannot be read as a JSON document: its syntax, its encoding, nesting too deep, or its size. */
export type JsonReadRule = 'json-syntax' | 'json-encoding' | 'json-depth' | 'json-size';

const SYNTAX_HINT = 'Fix the JSON syntax at this position (strict JSON: no comments, no trailing commas).';

/**
 * A file that cannot be read as a JSON document, located: every reader turns it into a
 * diagnostic (or a one-line CLI error), never a crash.
 */
export class JsonSyntaxError extends Error {
  readonly rule: JsonReadRule;
  /** Where in the document, as far as it could be read (`[]` when unknown). */
  readonly path: JsonPath;
  /** What to do about it. */
  readonly hint: string;

  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
    detail: { readonly rule?: JsonReadRule; readonly path?: JsonPath; readonly hint?: string } = {},
  ) {
    const rule = detail.rule ?? 'json-syntax';
    const problem = rule === 'json-syntax' ? `malformed JSON: ${reason}` : reason;
    const at = detail.path && detail.path.length > 0 ? ` at ${formatJsonPath(detail.path)}` : '';
    super(`${file}:${line}:${column}: ${problem}${at}`);
    this.name = 'JsonSyntaxError';
    this.rule = rule;
    this.path = detail.path ?? [];
    this.hint = detail.hint ?? SYNTAX_HINT;
  }

  /** The problem as a diagnostic message (the error's message without the location). */
  get problem(): string {
    return this.rule === 'json-syntax' ? `malformed JSON: ${this.reason}` : this.reason;
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

const PARSE_OPTIONS = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

function syntaxError(
  file: string,
  starts: readonly number[],
  errors: readonly ParseError[],
): JsonSyntaxError {
  const first = errors[0];
  const { line, column } = toPosition(starts, first?.offset ?? 0);
  const code = first ? printParseErrorCode(first.error) : 'ValueExpected';
  return new JsonSyntaxError(file, line, column, REASONS[code] ?? code);
}

/**
 * The document's value. parseTree is as strict as JSON.parse, so this does not throw; if the two
 * ever disagree, the input is still reported as malformed JSON rather than crashing the tool.
 */
function parseValue(file: string, starts: readonly number[], text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = Number(/position (\d+)/.exec(message)?.[1] ?? 0);
    const { line, column } = toPosition(starts, offset);
    throw new JsonSyntaxError(file, line, column, message);
  }
}

const MIB = 1024 * 1024;

function tooLarge(file: string, size: number): JsonSyntaxError {
  const reason = `the file is ${(size / MIB).toFixed(1)} MiB, over the ${MAX_JSON_BYTES / MIB} MiB the spec tools read`;
  const hint = 'A spec is a few kilobytes: check that this is the file you meant.';
  return new JsonSyntaxError(file, 1, 1, reason, { rule: 'json-size', hint });
}

function overLimit(file: string, { line, column }: Position, exceeded: LimitExceeded): JsonSyntaxError {
  if (exceeded.limit === 'depth') {
    return new JsonSyntaxError(
      file,
      line,
      column,
      `arrays and objects nest deeper than ${MAX_NESTING_DEPTH} levels`,
      {
        rule: 'json-depth',
        path: exceeded.path,
        hint: `A spec nests at most ${MAX_NESTING_DEPTH} levels: flatten this value (e.g. a smaller example or default), or close the brackets left open.`,
      },
    );
  }
  return new JsonSyntaxError(file, line, column, `more than ${MAX_JSON_VALUES.toLocaleString('en')} values`, {
    rule: 'json-size',
    path: exceeded.path,
    hint: 'A spec holds a few hundred values: shorten this one (e.g. a smaller example or default).',
  });
}

/**
 * Parses strict JSON (no comments, no trailing commas) keeping positions. `content` is a file's
 * bytes (decoded here as strict UTF-8) or text already decoded. Throws {@link JsonSyntaxError}
 * naming the first problem's line and column, whatever the content: a bad encoding, a syntax
 * error, or a document over the limits of json-limits.ts (checked in one pass without recursion
 * before anything recursive sees the document, so no input overflows the stack or the heap).
 */
export function parseJsonSource(file: string, content: string | Uint8Array): JsonSource {
  if (content.length > MAX_JSON_BYTES) throw tooLarge(file, content.length);
  let text: string;
  if (typeof content === 'string') text = content;
  else {
    const decoded = decodeUtf8(content);
    if ('problem' in decoded) {
      const { line, column, reason, hint } = decoded.problem;
      throw new JsonSyntaxError(file, line, column, reason, { rule: 'json-encoding', hint });
    }
    text = decoded.text;
  }
  const starts = lineStarts(text);
  const encoding = textEncodingProblem(text, (offset) => toPosition(starts, offset));
  if (encoding) {
    const { line, column, reason, hint } = encoding;
    throw new JsonSyntaxError(file, line, column, reason, { rule: 'json-encoding', hint });
  }
  const exceeded = findExceededLimit(text);
  if (exceeded) {
    // A syntax error before the limit is the first problem. The text up to the limit is within
    // it, so it is safe to parse; its end is cut short, so only an error before the cut counts.
    const errors: ParseError[] = [];
    parseTree(text.slice(0, exceeded.offset), errors, PARSE_OPTIONS);
    const before = errors.filter((e) => e.offset < exceeded.offset);
    if (before.length > 0) throw syntaxError(file, starts, before);
    throw overLimit(file, toPosition(starts, exceeded.offset), exceeded);
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, PARSE_OPTIONS);
  if (errors.length > 0 || !root) throw syntaxError(file, starts, errors);
  const value = parseValue(file, starts, text);

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
