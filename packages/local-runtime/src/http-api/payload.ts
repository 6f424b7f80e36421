/**
 * API Gateway HTTP API's payload format 2.0, both ways: the event a route's function receives
 * for a request, and the HTTP response API Gateway makes of what the function returns.
 */
import { randomBytes } from 'node:crypto';
import type { APIGatewayEventRequestContextV2, APIGatewayProxyEventV2WithRequestContext } from 'aws-lambda';
import { requestTraceHeader } from '../trace';
import type { RouteMatch } from './routes';
import { safeDecode } from './routes';
import type { IamIdentity } from './sigv4';

/** The request context, with `authorizer.iam` when the route has IAM auth and the request was signed. */
export interface LocalRequestContext extends APIGatewayEventRequestContextV2 {
  authorizer?: { iam: IamIdentity };
}

export type LocalHttpEvent = APIGatewayProxyEventV2WithRequestContext<LocalRequestContext>;

/** A request as received, before it becomes an event. */
export interface ReceivedRequest {
  readonly method: string;
  /** The request target as received: `/users/a%20b?x=1`. */
  readonly url: string;
  /** Lower-cased names, repeated headers' values in order. */
  readonly headers: Readonly<Record<string, readonly string[]>>;
  readonly body: Buffer;
  readonly sourceIp: string;
  /** `1.1`. */
  readonly httpVersion: string;
  readonly localPort: number;
}

export interface EventContext {
  readonly apiId: string;
  readonly account: string;
  readonly requestId: string;
  readonly now: Date;
  readonly identity?: IamIdentity;
  /**
   * The request's `x-amzn-trace-id` as API Gateway passes it on; default: what the request's own
   * headers give (trace.ts requestTraceHeader: a valid X-Ray header kept, a valid `traceparent`
   * mapped, else a new Root).
   */
  readonly traceHeader?: string;
}

/** `/users/a%20b?x=1` → `['/users/a%20b', 'x=1']`. */
export function splitTarget(url: string): { rawPath: string; rawQueryString: string } {
  const question = url.indexOf('?');
  return question < 0
    ? { rawPath: url, rawQueryString: '' }
    : { rawPath: url.slice(0, question), rawQueryString: url.slice(question + 1) };
}

/**
 * `queryStringParameters`: names and values percent-decoded (a `+` stays a `+`), repeated names'
 * values joined with commas; undefined when there is no query.
 */
export function queryParameters(rawQueryString: string): Record<string, string> | undefined {
  const values = new Map<string, string[]>();
  for (const pair of rawQueryString.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = safeDecode(equals < 0 ? pair : pair.slice(0, equals));
    const value = safeDecode(equals < 0 ? '' : pair.slice(equals + 1));
    const list = values.get(name);
    if (list) list.push(value);
    else values.set(name, [value]);
  }
  if (values.size === 0) return undefined;
  return Object.fromEntries([...values].map(([name, list]) => [name, list.join(',')]));
}

const TEXT_TYPES = new Set([
  'application/json',
  'application/javascript',
  'application/xml',
  'application/graphql',
  'application/x-ndjson',
]);

/**
 * Whether API Gateway passes a body of this content type as text: `text/*`, JSON, XML and
 * JavaScript. Anything else (including form posts, and no content type at all) is base64.
 */
export function isTextContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return type.startsWith('text/') || TEXT_TYPES.has(type) || type.endsWith('+json') || type.endsWith('+xml');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `requestContext.time`: `12/Mar/2020:19:03:58 +0000`. */
export function requestTime(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return (
    `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()] ?? ''}/${String(date.getUTCFullYear())}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

/** API Gateway's request ids look like `JKJaXmPLvHcESHA=`. */
export function newRequestId(): string {
  return randomBytes(11).toString('base64');
}

/** The event API Gateway sends the route's function for `request`. */
export function buildEvent(
  request: ReceivedRequest,
  match: RouteMatch,
  context: EventContext,
): LocalHttpEvent {
  const { rawPath, rawQueryString } = splitTarget(request.url);
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, values] of Object.entries(request.headers)) {
    if (name === 'cookie') {
      for (const value of values) {
        for (const cookie of value.split(';')) if (cookie.trim() !== '') cookies.push(cookie.trim());
      }
      continue;
    }
    Object.defineProperty(headers, name, { value: values.join(','), enumerable: true, writable: true });
  }
  const forwardedFor = headers['x-forwarded-for'];
  headers['x-forwarded-for'] = forwardedFor ? `${forwardedFor}, ${request.sourceIp}` : request.sourceIp;
  headers['x-forwarded-port'] = String(request.localPort);
  headers['x-forwarded-proto'] = 'http';
  // A malformed incoming header is replaced, never passed on: it is client input.
  headers['x-amzn-trace-id'] = context.traceHeader ?? requestTraceHeader(request.headers, context.now);

  const host = headers.host ?? `127.0.0.1:${String(request.localPort)}`;
  const requestContext: LocalRequestContext = {
    accountId: context.account,
    apiId: context.apiId,
    domainName: host,
    domainPrefix: host.split(/[.:]/)[0] ?? host,
    http: {
      method: request.method,
      path: safeDecode(rawPath),
      protocol: `HTTP/${request.httpVersion}`,
      sourceIp: request.sourceIp,
      userAgent: headers['user-agent'] ?? '',
    },
    requestId: context.requestId,
    routeKey: match.routeKey,
    stage: '$default',
    time: requestTime(context.now),
    timeEpoch: context.now.getTime(),
  };
  if (context.identity) requestContext.authorizer = { iam: context.identity };

  const event: LocalHttpEvent = {
    version: '2.0',
    routeKey: match.routeKey,
    rawPath,
    rawQueryString,
    headers,
    requestContext,
    isBase64Encoded: false,
  };
  if (cookies.length > 0) event.cookies = cookies;
  const query = queryParameters(rawQueryString);
  if (query) event.queryStringParameters = query;
  if (match.pathParameters) event.pathParameters = { ...match.pathParameters };
  if (request.body.length > 0) {
    const text = isTextContentType(headers['content-type']);
    event.body = text ? request.body.toString('utf8') : request.body.toString('base64');
    event.isBase64Encoded = !text;
  }
  return event;
}

/** What goes back to the client. */
export interface HttpResponse {
  readonly statusCode: number;
  /** Names as the function gave them; `set-cookie` may repeat. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
}

/** A response API Gateway makes itself: `{"message": ...}` in JSON. */
export function gatewayResponse(statusCode: number, message: string): HttpResponse {
  return {
    statusCode,
    headers: [['content-type', 'application/json']],
    body: Buffer.from(JSON.stringify({ message })),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The response for a function's result, as API Gateway reads format 2.0: an object with a
 * `statusCode` is a response (`headers`, `cookies` as `set-cookie` headers, `body`,
 * `isBase64Encoded`); anything else is a 200 `application/json` whose body is the value (a string
 * as it is, anything else as JSON). A response API Gateway cannot use is undefined (a 500).
 */
export function resultToResponse(value: unknown): HttpResponse | undefined {
  if (!isRecord(value) || !('statusCode' in value)) {
    const body = typeof value === 'string' ? value : (JSON.stringify(value) ?? 'null');
    return { statusCode: 200, headers: [['content-type', 'application/json']], body: Buffer.from(body) };
  }
  const statusCode = typeof value.statusCode === 'string' ? Number(value.statusCode) : value.statusCode;
  if (
    typeof statusCode !== 'number' ||
    !Number.isInteger(statusCode) ||
    statusCode < 100 ||
    statusCode > 599
  ) {
    return undefined;
  }
  const headers: [string, string][] = [];
  if (value.headers !== undefined && value.headers !== null) {
    if (!isRecord(value.headers)) return undefined;
    for (const [name, header] of Object.entries(value.headers)) {
      if (typeof header === 'string' || typeof header === 'number' || typeof header === 'boolean') {
        headers.push([name, String(header)]);
      } else return undefined;
    }
  }
  if (value.cookies !== undefined && value.cookies !== null) {
    if (!Array.isArray(value.cookies)) return undefined;
    for (const cookie of value.cookies) {
      if (typeof cookie !== 'string') return undefined;
      headers.push(['set-cookie', cookie]);
    }
  }
  let body = Buffer.alloc(0);
  if (value.body !== undefined && value.body !== null) {
    if (typeof value.body !== 'string') return undefined;
    body =
      value.isBase64Encoded === true ? Buffer.from(value.body, 'base64') : Buffer.from(value.body, 'utf8');
  }
  return { statusCode, headers, body };
}
