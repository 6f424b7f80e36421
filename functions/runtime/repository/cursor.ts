/**
 * Page cursors: the opaque form of a query's `LastEvaluatedKey`, base64url (no padding) of its JSON.
 *
 * A cursor comes back from a client, so decoding checks everything: the alphabet, a length bound,
 * that it re-encodes to the same text (no second spelling of one cursor), that it is a JSON object
 * with exactly the expected attributes, each a non-empty string, and that the attributes the query
 * fixes (the partition it reads) hold the query's values. Anything else is an
 * {@link InvalidCursorError}, so a cursor cannot steer a query to another resource or index value.
 */
import { InvalidCursorError } from './errors';

/** A key as the document client returns it; cursors only ever hold string attributes. */
export type CursorKey = Readonly<Record<string, string>>;

/** Keys are a few hundred bytes at most (ids, `_type`, an index value up to DynamoDB's 2 KB). */
const MAX_CURSOR_LENGTH = 8_192;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export interface CursorShape {
  /** Exactly the attributes the key must have. */
  readonly attributes: readonly string[];
  /** Attributes whose value the query fixes. */
  readonly fixed: Readonly<Record<string, string>>;
  /** Further checks of the decoded key (e.g. `pk` equals `id`). */
  readonly check?: (key: CursorKey) => boolean;
}

/** The key a cursor holds; throws {@link InvalidCursorError} unless it fits `shape`. */
export function decodeCursor(cursor: string, shape: CursorShape): CursorKey {
  if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) {
    throw new InvalidCursorError();
  }
  const bytes = Buffer.from(cursor, 'base64url');
  if (bytes.toString('base64url') !== cursor) throw new InvalidCursorError();
  let decoded: unknown;
  try {
    decoded = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new InvalidCursorError();
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded))
    throw new InvalidCursorError();
  const entries = Object.entries(decoded);
  const expected = new Set(shape.attributes);
  if (entries.length !== expected.size) throw new InvalidCursorError();
  for (const [name, value] of entries) {
    if (!expected.has(name) || typeof value !== 'string' || value === '') throw new InvalidCursorError();
  }
  const key = decoded as CursorKey;
  for (const [name, value] of Object.entries(shape.fixed)) {
    if (key[name] !== value) throw new InvalidCursorError();
  }
  if (shape.check !== undefined && !shape.check(key)) throw new InvalidCursorError();
  return key;
}
