/**
 * API Gateway HTTP API (payload v2) events for handler tests, as API Gateway sends them to the Lambda
 * of one route: `routeKey` `METHOD /users/{id}`, `pathParameters` filled and decoded, `rawPath`
 * percent-encoded, header names lower-cased.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { HttpLogger, HttpResult } from '../../../functions/runtime/http';
import type { ServiceLogger } from '../../../functions/runtime/logger';
import type { OperationDescriptor } from '../../../functions/runtime/operation';

export interface ApiEventInit {
  /** `:name` values of the operation's path (decoded). */
  readonly path?: Readonly<Record<string, string>>;
  /** The raw query string (`limit=2&cursor=...`), or pairs to encode. */
  readonly query?: string | Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** A string is sent as it is; anything else as JSON (with `content-type: application/json` unless given). */
  readonly body?: unknown;
  readonly isBase64Encoded?: boolean;
  readonly requestId?: string;
}

/** The event API Gateway sends to the Lambda of `operation`'s route. */
export function routeEvent(operation: OperationDescriptor, init: ApiEventInit = {}): APIGatewayProxyEventV2 {
  const pathParameters: Record<string, string> = {};
  const rawPath = operation.path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment;
      const name = segment.slice(1);
      const value = init.path?.[name];
      if (value === undefined) throw new TypeError(`routeEvent: no value for path parameter ${name}`);
      pathParameters[name] = value;
      return encodeSegment(value);
    })
    .join('/');
  const routeKey = `${operation.method} ${operation.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}')}`;
  return apiEvent(operation.method, rawPath, {
    ...init,
    routeKey,
    ...(Object.keys(pathParameters).length === 0 ? {} : { pathParameters }),
  });
}

/** Percent-encodes a path segment; a value with no UTF-8 form (a lone surrogate) is left as it is. */
function encodeSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value;
  }
}

export interface RawEventInit extends Omit<ApiEventInit, 'path'> {
  readonly routeKey?: string;
  readonly pathParameters?: Readonly<Record<string, string>>;
  readonly queryStringParameters?: Readonly<Record<string, string>>;
}

/** An event for `method` + `rawPath`, as a `$default` route (or `init.routeKey`) receives it. */
export function apiEvent(method: string, rawPath: string, init: RawEventInit = {}): APIGatewayProxyEventV2 {
  const rawQueryString =
    init.query === undefined
      ? ''
      : typeof init.query === 'string'
        ? init.query
        : new URLSearchParams(init.query as Record<string, string>).toString();
  const headers: Record<string, string> = { host: 'api.example.com' };
  for (const [name, value] of Object.entries(init.headers ?? {})) headers[name.toLowerCase()] = value;
  let body: string | undefined;
  if (init.body !== undefined) {
    if (typeof init.body === 'string') {
      body = init.body;
    } else {
      body = JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    }
  }
  const queryStringParameters =
    init.queryStringParameters ??
    (rawQueryString === ''
      ? undefined
      : Object.fromEntries(
          [...new URLSearchParams(rawQueryString)].reduce((all, [key, value]) => {
            all.set(key, all.has(key) ? `${all.get(key)},${value}` : value);
            return all;
          }, new Map<string, string>()),
        ));
  const routeKey = init.routeKey ?? '$default';
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    headers,
    ...(queryStringParameters === undefined ? {} : { queryStringParameters }),
    ...(init.pathParameters === undefined ? {} : { pathParameters: { ...init.pathParameters } }),
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
      requestId: init.requestId ?? 'req-1',
      routeKey,
      stage: '$default',
      time: '22/Nov/2026:14:00:00 +0000',
      timeEpoch: 1_795_356_000_000,
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: init.isBase64Encoded ?? false,
  };
}

/** The parsed JSON body of a result (`undefined` when it has none). */
export function bodyOf(result: HttpResult): unknown {
  return result.body === undefined ? undefined : JSON.parse(result.body);
}

export interface LoggedCall {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly input: unknown;
}

/**
 * A logger that records what it is given (and writes nothing): an {@link HttpLogger}, and a
 * service's {@link ServiceLogger} (the generated `<Service>Deps.logger`) too.
 */
export function recordingLogger(): { logger: ServiceLogger & HttpLogger; calls: LoggedCall[] } {
  const calls: LoggedCall[] = [];
  const at =
    (level: LoggedCall['level']) =>
    (input: unknown, ..._extra: unknown[]): void => {
      calls.push({ level, input });
    };
  return { calls, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

/** The body every 500 has, whatever failed. */
export const INTERNAL_ERROR_BODY = { code: 'internal_error', messages: ['internal error'] };
