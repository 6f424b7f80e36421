/**
 * API Gateway HTTP API (payload v2) event → the raw parts of a request: headers, query, body. No
 * schema is applied here; handler.ts validates what these return.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { HttpError, malformedJson, payloadTooLarge, unsupportedMediaType, validationFailed } from '../errors';

/**
 * The deepest nesting of arrays and objects a body may have. Far above any model a spec can declare
 * (a model's fields nest a handful of levels), below the 32 levels DynamoDB stores (a `json` field
 * nested deeper would be accepted, then refused by the table: a 500), and low enough that every later
 * step (zod, hashing, canonical JSON, logging) may recurse over a body without a stack concern.
 */
export const MAX_BODY_DEPTH = 30;

/** Query values as received: a key given once is a string, a key given more than once an array. */
export type RawQuery = Record<string, string | string[]>;

/**
 * Headers with lower-cased names. API Gateway already lower-cases them and joins repeated headers
 * with commas; names that collide once lower-cased (hand-built events) are joined the same way.
 */
export function lowerCaseHeaders(
  headers: APIGatewayProxyEventV2['headers'] | undefined,
): Record<string, string> {
  const out = new Map<string, string>();
  if (headers === undefined || headers === null) return {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') continue;
    const key = name.toLowerCase();
    const seen = out.get(key);
    out.set(key, seen === undefined ? value : `${seen},${value}`);
  }
  return Object.fromEntries(out);
}

/**
 * The query string, from `rawQueryString` (percent-decoded, `+` read as a space, as HTML forms send
 * it); when that is empty, from `queryStringParameters` (hand-built events; API Gateway has already
 * joined repeated keys there with commas).
 *
 * Repeated keys become arrays, in order: `?tag=a&tag=b` → `{ tag: ['a', 'b'] }`. Nothing is dropped
 * ("last wins" would silently ignore input): a scalar parameter sent twice fails its schema with a
 * 422 (`query.limit: expected number, received array`), and an array parameter's schema accepts a
 * single string too (the generated schemas wrap it). Empty values are kept as `''`.
 */
export function parseQuery(
  event: Pick<APIGatewayProxyEventV2, 'rawQueryString' | 'queryStringParameters'>,
): RawQuery {
  const out = new Map<string, string | string[]>();
  const add = (key: string, value: string): void => {
    const seen = out.get(key);
    if (seen === undefined) out.set(key, value);
    else if (typeof seen === 'string') out.set(key, [seen, value]);
    else seen.push(value);
  };
  const raw = event.rawQueryString;
  if (typeof raw === 'string' && raw !== '') {
    // URLSearchParams never throws: a malformed %-sequence is kept as it is.
    for (const [key, value] of new URLSearchParams(raw)) add(key, value);
  } else if (event.queryStringParameters) {
    for (const [key, value] of Object.entries(event.queryStringParameters)) {
      if (typeof value === 'string') add(key, value);
    }
  }
  // fromEntries defines own properties, so a `__proto__` key is data, not a prototype.
  return Object.fromEntries(out);
}

// RFC 9110 tokens: `type/subtype` then `;`-separated parameters.
const MEDIA_TYPE = /^[\t ]*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\/([!#$%&'*+.^_`|~0-9A-Za-z-]+)[\t ]*(?:;(.*))?$/s;
const UTF8_CHARSETS = new Set(['utf-8', 'utf8']);

/**
 * Whether a `content-type` is JSON in UTF-8: `application/json` or `application/<anything>+json`
 * (case-insensitive), with no charset or a UTF-8 one (`charset=utf-8`, `charset="UTF-8"`).
 */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const match = MEDIA_TYPE.exec(contentType);
  if (match === null) return false;
  const type = (match[1] ?? '').toLowerCase();
  const subtype = (match[2] ?? '').toLowerCase();
  if (type !== 'application') return false;
  if (subtype !== 'json' && !(subtype.endsWith('+json') && subtype.length > '+json'.length)) return false;
  for (const parameter of (match[3] ?? '').split(';')) {
    const equals = parameter.indexOf('=');
    if (equals < 0) continue;
    if (parameter.slice(0, equals).trim().toLowerCase() !== 'charset') continue;
    let charset = parameter.slice(equals + 1).trim();
    if (charset.length >= 2 && charset.startsWith('"') && charset.endsWith('"'))
      charset = charset.slice(1, -1);
    if (!UTF8_CHARSETS.has(charset.toLowerCase())) return false;
  }
  return true;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Whether the event carries a body: an absent, `null` or empty body is no body. */
export function hasBody(event: Pick<APIGatewayProxyEventV2, 'body'>): event is { body: string } {
  return typeof event.body === 'string' && event.body !== '';
}

/**
 * The JSON value of a body the caller knows is present, checked in this order:
 * 415 unless the content-type is JSON in UTF-8; 413 when the decoded body is over `maxBytes`;
 * 400 `malformed_json` when the base64 (`isBase64Encoded`), the UTF-8 or the JSON is malformed.
 */
export function readJsonBody(
  body: string,
  isBase64Encoded: boolean,
  contentType: string | undefined,
  maxBytes: number,
): unknown {
  if (!isJsonContentType(contentType)) throw unsupportedMediaType();
  let text: string;
  if (isBase64Encoded) {
    // Every 4 characters carry 3 bytes; refuse by length before decoding anything.
    const padding = body.endsWith('==') ? 2 : body.endsWith('=') ? 1 : 0;
    if (Math.floor(body.length / 4) * 3 - padding > maxBytes) throw payloadTooLarge(maxBytes);
    if (body.length % 4 !== 0 || !BASE64.test(body)) {
      throw new HttpError('malformed_json', ['body: is not valid base64']);
    }
    try {
      text = UTF8.decode(Buffer.from(body, 'base64'));
    } catch {
      throw malformedJson();
    }
  } else {
    // A UTF-16 code unit is at least one UTF-8 byte, so the length alone can refuse without counting.
    if (body.length > maxBytes || Buffer.byteLength(body, 'utf8') > maxBytes) throw payloadTooLarge(maxBytes);
    text = body;
  }
  // Before parsing: a deep document is refused by one linear scan, before anything walks it.
  if (nestingDepthExceeds(text, MAX_BODY_DEPTH)) {
    throw validationFailed([
      `body: must not nest arrays and objects more than ${MAX_BODY_DEPTH} levels deep`,
    ]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw malformedJson();
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * Whether the JSON text opens more than `maxDepth` arrays or objects inside one another: one pass, no
 * recursion, no allocation. Brackets inside strings do not count. Malformed text is not judged here
 * (JSON.parse does that); an unbalanced close only lowers the depth.
 */
export function nestingDepthExceeds(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (++depth > maxDepth) return true;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}
