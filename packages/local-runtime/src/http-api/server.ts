/**
 * One service's HTTP API, locally: an HTTP server on 127.0.0.1 that does what API Gateway HTTP
 * API does in front of the service's functions.
 *
 * - Route selection on the API's route keys (routes.ts). What no route matches (an unknown path, or
 *   a known path with another method) goes to the `$default` route when the API has one, as on API
 *   Gateway: Tributary's stacks put a fallback there that answers 404 / 405 + `allow` as a
 *   `generic_error` (functions/runtime/http/fallback-handler.ts). Without a `$default` route it is
 *   API Gateway's own 404 `{"message":"Not Found"}`, for a wrong method too.
 * - Bodies over 10 MB: 413 `{"message":"Request Entity Too Large"}`.
 * - Auth: with `iam`, a route with AWS_IAM auth needs a valid SigV4 signature made with the local
 *   credentials (sigv4.ts): no `Authorization` header is a 403 `{"message":"Forbidden"}`, a bad one a
 *   403 with API Gateway's message. Without `iam` (the default for `dev up`), routes take unsigned
 *   requests and signatures are not looked at.
 * - The route's function gets a payload format 2.0 event (payload.ts); its result becomes the
 *   response. A function error (including the function's own timeout) is a 500
 *   `{"message":"Internal Server Error"}`, as is a result API Gateway cannot read; a function that
 *   has not answered within the integration timeout (30 s, API Gateway's maximum) is a 503
 *   `{"message":"Service Unavailable"}`.
 * - Trace: every request is in an X-Ray trace, the caller's when its `X-Amzn-Trace-Id` is valid (or,
 *   without one, its W3C `traceparent`), else a new one (trace.ts requestTraceHeader). The event's
 *   `x-amzn-trace-id` header is that trace, the function runs in it (`_X_AMZN_TRACE_ID`), and the
 *   access log entry names it (`traceId`).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Clock, systemClock } from '../clock';
import type { InvokeResult, LambdaInvoker, LocalHttpApi } from '../model';
import { requestTraceHeader, traceIdOf } from '../trace';
import { literalSegments, loggedPath } from './logged-path';
import {
  buildEvent,
  gatewayResponse,
  type HttpResponse,
  newRequestId,
  type ReceivedRequest,
  resultToResponse,
  splitTarget,
} from './payload';
import { RouteTable } from './routes';
import { type IamIdentity, type VerifyOptions, verifySignature } from './sigv4';

/** API Gateway's payload limit for HTTP APIs. */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
/** API Gateway's maximum integration timeout for HTTP APIs. */
export const DEFAULT_INTEGRATION_TIMEOUT_MS = 30_000;

export interface HttpApiOptions {
  readonly api: LocalHttpApi;
  /** 0 (the default): a free port. */
  readonly port?: number;
  readonly host: string;
  readonly invoker: LambdaInvoker;
  /** Whether routes with AWS_IAM auth require a SigV4 signature (`dev up --iam`). */
  readonly iam: boolean;
  /**
   * The local credentials clients sign with (one set, or a lookup by access key id: under
   * `dev up --iam` every function signs with its own); required when `iam` is on.
   */
  readonly credentials?: VerifyOptions['credentials'];
  /** The region signatures are scoped to. */
  readonly region: string;
  /** `requestContext.accountId`, and the account of IAM identities. Default `000000000000`. */
  readonly account?: string;
  /** `requestContext.apiId`; default: derived from the API's id (stable across runs). */
  readonly apiId?: string;
  /** Default {@link DEFAULT_INTEGRATION_TIMEOUT_MS}. */
  readonly integrationTimeoutMs?: number;
  /** Stamps requests and checks signature dates. Default: the system clock. */
  readonly clock?: Clock;
  /** Told about every request once answered, e.g. to print an access log line. */
  readonly onRequest?: (entry: HttpApiAccessLog) => void;
}

export interface HttpApiAccessLog {
  readonly requestId: string;
  readonly method: string;
  /** The raw path with every segment that is neither the API's own literal nor an id shown as `*` (logged-path.ts). */
  readonly path: string;
  /** Undefined when no route matched. */
  readonly routeKey?: string;
  readonly functionId?: string;
  readonly status: number;
  readonly durationMs: number;
  /** Why API Gateway answered itself: the function's error, the signature problem... */
  readonly error?: string;
  /**
   * The request's trace id (the Root of the `x-amzn-trace-id` it was given or got: the route's
   * function ran in that trace).
   */
  readonly traceId?: string;
}

export interface HttpApi {
  /** `http://127.0.0.1:<port>`: the service's `<SERVICE>_API_URL` locally. */
  readonly url: string;
  readonly port: number;
  readonly apiId: string;
  close(): Promise<void>;
}

/** A 10-character lower-case id like API Gateway's, the same for the same API id. */
export function localApiId(id: string): string {
  const digest = createHash('sha256').update(id).digest();
  return BigInt(`0x${digest.subarray(0, 8).toString('hex')}`)
    .toString(36)
    .padStart(10, '0')
    .slice(-10);
}

class TooLarge extends Error {}

/** Past this, an oversized body is no longer drained: the connection is cut. */
const MAX_DRAINED_BYTES = 8 * MAX_PAYLOAD_BYTES;

/**
 * The request's body, or a {@link TooLarge} rejection once it is all received (an oversized body is
 * read and dropped, so the client gets to read the 413 instead of a reset connection).
 */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_PAYLOAD_BYTES) chunks.push(chunk);
      else chunks.length = 0;
      if (size > MAX_DRAINED_BYTES) {
        reject(new TooLarge());
        req.destroy();
      }
    });
    req.on('end', () => (size > MAX_PAYLOAD_BYTES ? reject(new TooLarge()) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

function sourceIpOf(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? '127.0.0.1';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}

function distinctHeaders(req: IncomingMessage): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (values !== undefined) Object.defineProperty(out, name, { value: values, enumerable: true });
  }
  return out;
}

interface Outcome {
  readonly response: HttpResponse;
  readonly error?: string;
}

interface Answer extends Outcome {
  readonly routeKey?: string;
  readonly functionId?: string;
}

function describeFailure(result: Extract<InvokeResult, { ok: false }>): string {
  return `${result.timedOut ? 'timed out: ' : ''}${result.error.errorType}: ${result.error.errorMessage}`;
}

export async function startHttpApi(options: HttpApiOptions): Promise<HttpApi> {
  if (options.iam && options.credentials === undefined) {
    throw new TypeError(`HTTP API ${options.api.id}: IAM auth is on, so it needs the local credentials`);
  }
  const clock = options.clock ?? systemClock;
  const account = options.account ?? '000000000000';
  const apiId = options.apiId ?? localApiId(options.api.id);
  const integrationTimeoutMs = options.integrationTimeoutMs ?? DEFAULT_INTEGRATION_TIMEOUT_MS;
  const table = new RouteTable(options.api.routes);
  const literals = literalSegments(
    options.api.routes.filter((route) => route.path !== '$default').map((route) => route.path),
  );
  let port = 0;

  async function invoke(functionId: string, event: unknown, traceHeader: string): Promise<Outcome> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), integrationTimeoutMs);
    });
    let result: InvokeResult | 'timeout';
    try {
      result = await Promise.race([options.invoker.invoke(functionId, event, { traceHeader }), timeout]);
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return { response: gatewayResponse(500, 'Internal Server Error'), error: `invoker failed: ${message}` };
    } finally {
      clearTimeout(timer);
    }
    if (result === 'timeout') {
      return {
        response: gatewayResponse(503, 'Service Unavailable'),
        error: `no answer within the integration timeout (${String(integrationTimeoutMs)} ms)`,
      };
    }
    if (!result.ok)
      return { response: gatewayResponse(500, 'Internal Server Error'), error: describeFailure(result) };
    const response = resultToResponse(result.value);
    if (response === undefined) {
      return {
        response: gatewayResponse(500, 'Internal Server Error'),
        error: 'the function returned a response API Gateway cannot read (payload format 2.0)',
      };
    }
    return { response };
  }

  async function respond(req: IncomingMessage, requestId: string, traceHeader: string): Promise<Answer> {
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      if (error instanceof TooLarge) {
        return { response: gatewayResponse(413, 'Request Entity Too Large'), error: 'payload over 10 MB' };
      }
      throw error;
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const url = req.url ?? '/';
    const { rawPath, rawQueryString } = splitTarget(url);
    const match = table.match(method, rawPath);
    if (match === undefined) return { response: gatewayResponse(404, 'Not Found') };
    const routed = { routeKey: match.routeKey, functionId: match.route.functionId };
    const headers = distinctHeaders(req);
    const now = clock.now();
    let identity: IamIdentity | undefined;
    if (options.iam && match.route.auth === 'AWS_IAM' && options.credentials !== undefined) {
      const verdict = await verifySignature(
        { method, rawPath, rawQueryString, headers, body },
        { credentials: options.credentials, region: options.region, account, now },
      );
      if (!verdict.ok) {
        return {
          ...routed,
          response: gatewayResponse(403, verdict.message),
          error: `IAM auth: ${verdict.message}`,
        };
      }
      identity = verdict.identity;
    }
    const received: ReceivedRequest = {
      method,
      url,
      headers,
      body,
      sourceIp: sourceIpOf(req),
      httpVersion: req.httpVersion,
      localPort: port,
    };
    const event = buildEvent(received, match, {
      apiId,
      account,
      requestId,
      now,
      traceHeader,
      ...(identity ? { identity } : {}),
    });
    return { ...routed, ...(await invoke(match.route.functionId, event, traceHeader)) };
  }

  function write(res: ServerResponse, response: HttpResponse, requestId: string): void {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of response.headers) {
      const key = name.toLowerCase();
      if (key === 'content-length' || key === 'transfer-encoding' || key === 'connection') continue;
      const seen = headers[key];
      if (seen === undefined) headers[key] = key === 'set-cookie' ? [value] : value;
      else if (Array.isArray(seen)) seen.push(value);
      else headers[key] = `${seen},${value}`;
    }
    headers['apigw-requestid'] = requestId;
    headers['content-length'] = String(response.body.length);
    res.writeHead(response.statusCode, headers);
    res.end(response.body);
  }

  function log(
    req: IncomingMessage,
    requestId: string,
    traceHeader: string,
    answer: Answer,
    started: number,
  ): void {
    const traceId = traceIdOf(traceHeader);
    try {
      options.onRequest?.({
        requestId,
        method: req.method ?? 'GET',
        path: loggedPath(splitTarget(req.url ?? '/').rawPath, literals),
        ...(answer.routeKey === undefined ? {} : { routeKey: answer.routeKey }),
        ...(answer.functionId === undefined ? {} : { functionId: answer.functionId }),
        status: answer.response.statusCode,
        durationMs: Math.round(performance.now() - started),
        ...(answer.error === undefined ? {} : { error: answer.error }),
        ...(traceId === undefined ? {} : { traceId }),
      });
    } catch {
      // A broken listener must not break the API.
    }
  }

  const server = createServer((req, res) => {
    const started = performance.now();
    const requestId = newRequestId();
    // Every request is in a trace, as API Gateway makes it: the caller's, or a new one.
    const traceHeader = requestTraceHeader(distinctHeaders(req), clock.now());
    void respond(req, requestId, traceHeader)
      .catch(
        (error: unknown): Answer => ({
          response: gatewayResponse(500, 'Internal Server Error'),
          error: error instanceof Error ? error.message : String(error),
        }),
      )
      .then((answer) => {
        let sent = answer;
        try {
          write(res, answer.response, requestId);
        } catch (error) {
          // A header the function set that HTTP cannot carry.
          sent = {
            ...answer,
            response: gatewayResponse(500, 'Internal Server Error'),
            error: `the function's response cannot be sent: ${error instanceof Error ? error.message : String(error)}`,
          };
          if (!res.headersSent) write(res, sent.response, requestId);
          else res.destroy();
        }
        log(req, requestId, traceHeader, sent, started);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host}:${String(port)}`,
    port,
    apiId,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
