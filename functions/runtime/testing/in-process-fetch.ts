/**
 * The network between a generated client and a fake service, in one process: a `fetch` that turns
 * each request into the API Gateway HTTP API (payload v2) event API Gateway would send, hands it to
 * the service's HTTP adapter (`httpRouter`), and turns the result into the response API Gateway
 * would answer. The client signs, encodes and parses exactly as it does against the deployed API,
 * so a fake answers with the real statuses, error bodies and headers. Never imported by deployed code.
 *
 * Not emulated: API Gateway's own checks (IAM signatures are made but not verified, no throttling),
 * and its 10 MB payload limit (the adapter's 1 MiB body limit applies, as deployed).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Clock } from '../clock';
import type { HttpLambdaHandler } from '../http';
import type { ApiClientOptions, FetchLike, FetchResponse } from '../http-client';

/** The region and credentials fake clients sign with (nothing checks the signatures). */
export const FAKE_REGION = 'us-east-1';
export const FAKE_CREDENTIALS = Object.freeze({
  accessKeyId: 'FAKEACCESSKEYID',
  secretAccessKey: 'fake-secret-access-key',
});

/** `http://users.fake.invalid`: a fake service's base URL (`.invalid` never resolves, RFC 6761). */
export function fakeBaseUrl(service: string): string {
  return `http://${service.replaceAll('_', '-')}.fake.invalid`;
}

let requests = 0;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `requestContext.time` as API Gateway writes it: `12/Mar/2020:19:03:58 +0000`. */
function requestTime(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return (
    `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()] ?? ''}/${String(date.getUTCFullYear())}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

/** Percent-decodes a path for `requestContext.http.path`; a malformed escape keeps the raw text. */
function decodePath(rawPath: string): string {
  try {
    return decodeURIComponent(rawPath);
  } catch {
    return rawPath;
  }
}

/** The event API Gateway sends for this request (a `$default` route: the router matches it). */
export function apiGatewayEvent(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
  now: Date,
): APIGatewayProxyEventV2 {
  const { host } = new URL(url);
  // The request target exactly as the client wrote it, not re-serialised by the URL parser.
  const afterScheme = url.slice(url.indexOf('//') + 2);
  const slash = afterScheme.indexOf('/');
  const target = slash < 0 ? '/' : afterScheme.slice(slash);
  const question = target.indexOf('?');
  const rawPath = question < 0 ? target : target.slice(0, question);
  const rawQueryString = question < 0 ? '' : target.slice(question + 1);
  const headers: Record<string, string> = { host };
  for (const [name, value] of Object.entries(init.headers)) headers[name.toLowerCase()] = value;
  const requestId = `fake-${++requests}`;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers,
    requestContext: {
      accountId: '000000000000',
      apiId: 'fake',
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      http: {
        method: init.method,
        path: decodePath(rawPath),
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: headers['user-agent'] ?? 'fake-client',
      },
      requestId,
      routeKey: '$default',
      stage: '$default',
      time: requestTime(now),
      timeEpoch: now.getTime(),
    },
    ...(init.body === undefined ? {} : { body: init.body }),
    isBase64Encoded: false,
  };
}

/** A `fetch` that serves every request with `handler` (a service's `httpRouter`), in process. */
export function inProcessFetch(handler: HttpLambdaHandler, clock: Clock): FetchLike {
  return async (url, init): Promise<FetchResponse> => {
    const result = await handler(apiGatewayEvent(url, init, clock.now()));
    const headers = Object.entries(result.headers);
    return {
      status: result.statusCode,
      headers: {
        forEach(callback: (value: string, key: string) => void): void {
          for (const [name, value] of headers) callback(value, name);
        },
      },
      text: async () => result.body ?? '',
    };
  };
}

/** The options of a generated client that calls a fake service through {@link inProcessFetch}. */
export function fakeClientOptions(
  service: string,
  handler: HttpLambdaHandler,
  clock: Clock,
): ApiClientOptions {
  return {
    baseUrl: fakeBaseUrl(service),
    region: FAKE_REGION,
    credentials: FAKE_CREDENTIALS,
    fetch: inProcessFetch(handler, clock),
    clock,
    env: {},
  };
}
