/**
 * The HTTP client under every generated service client (functions/<service>/generated/client.ts):
 * one service's API, called with requests signed with AWS SigV4 for `execute-api`, responses
 * checked against the spec's schemas.
 *
 * - Base URL: the `baseUrl` option, else the service's environment variable (`USERS_API_URL`);
 *   it may carry a stage path (`https://abc.execute-api.eu-west-1.amazonaws.com/prod`).
 * - Signing: `@smithy/signature-v4` with `@aws-crypto/sha256-js`, region from the `region` option
 *   or `AWS_REGION`, credentials from the option or the default provider chain
 *   (`@aws-sdk/credential-provider-node`: environment, SSO, web identity, container, instance...).
 *   Everything is resolved on the first request, so constructing a client at module scope never
 *   throws and never does I/O.
 * - Path parameters and query values are percent-encoded (RFC 3986); a list query value is sent as
 *   repeated parameters. The signer encodes the path once more, as SigV4 wants for API Gateway.
 * - Responses: 2xx bodies are parsed with the operation's schema (a body that does not match is an
 *   {@link InvalidResponseError}: the other service broke its contract); any other status is an
 *   {@link ApiError} carrying the `generic_error` body, except a 404 where the caller asked for
 *   `undefined` (a GET of one item: the item does not exist).
 * - `fetch` and `clock` are injectable for tests; nothing here reads the clock or the network
 *   otherwise.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { z } from 'zod';
import { type Clock, systemClock } from './clock';
import type { GenericError } from './errors';
import type { OperationDescriptor } from './operation';
import { NEXT_CURSOR_HEADER, type Page } from './pagination';
import { formatXRayHeader, invocationTraceContext, XRAY_TRACE_HEADER } from './trace-context';
import { issueMessages } from './zod-issues';

/** Static credentials or a provider of them (what `SignatureV4` accepts). */
export type ApiCredentials = ConstructorParameters<typeof SignatureV4>[0]['credentials'];

/** What the client needs of a `fetch` implementation; the global `fetch` is one. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<FetchResponse>;

export interface FetchResponse {
  readonly status: number;
  readonly headers: { forEach(callback: (value: string, key: string) => void): void };
  text(): Promise<string>;
}

/** Options every generated client takes. */
export interface ApiClientOptions {
  /** The API's base URL; default: the service's `<SERVICE>_API_URL` environment variable. */
  readonly baseUrl?: string;
  /** The API's region; default: `AWS_REGION`. */
  readonly region?: string;
  /** Default: the AWS SDK's default credential provider chain. */
  readonly credentials?: ApiCredentials;
  /** Default: the global `fetch`. */
  readonly fetch?: FetchLike;
  /** Stamps signatures; default: the system clock. */
  readonly clock?: Clock;
  /** Where the defaults are read from; default: `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface ApiClientConfig extends ApiClientOptions {
  /** The environment variable holding the base URL when `baseUrl` is not given, e.g. `USERS_API_URL`. */
  readonly baseUrlVariable: string;
}

export type QueryScalar = string | number | boolean;
export type QueryValue = QueryScalar | readonly QueryScalar[] | undefined;

/** One call of an operation. */
export interface ApiCall {
  readonly operation: Pick<OperationDescriptor, 'id' | 'method' | 'path'>;
  /** Values of the path's `:name` parameters. */
  readonly path?: Readonly<Record<string, QueryScalar>>;
  /** Query parameters; undefined values are left out. */
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** The JSON body, when the operation takes one. */
  readonly body?: unknown;
  /** Extra request headers (lower-case names), e.g. `if-match`, `idempotency-key`; signed like the rest. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Whether the call may be sent again when it got no answer, or a 429, 502, 503 or 504: true for a
   * call that cannot do its work twice (a GET, a PUT or DELETE, a POST with an Idempotency-Key).
   */
  readonly retry?: boolean;
}

/** How often a retryable call is sent at most, and the backoff before the second attempt (doubled after). */
export const CALL_ATTEMPTS = 3;
export const RETRY_BASE_DELAY_MS = 100;

/** Statuses a retryable call is sent again after: throttled, or the gateway could not reach the service. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

export interface ApiResponse {
  readonly status: number;
  /** Lower-cased names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body; undefined when the body is empty. */
  readonly body: unknown;
}

/** A non-2xx answer. `body` is the `generic_error` the service sent, when it sent one. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** The operation id, e.g. `getUser`. */
    readonly operation: string,
    readonly status: number,
    readonly body: GenericError | undefined,
  ) {
    super(
      `${operation} failed with status ${status}` +
        (body ? `: ${body.code}${body.messages.length > 0 ? ` (${body.messages.join('; ')})` : ''}` : ''),
    );
  }

  /** The error code of the body (`not_found`, `conflict`, `validation_failed`...), if any. */
  get code(): string | undefined {
    return this.body?.code;
  }

  get messages(): readonly string[] {
    return this.body?.messages ?? [];
  }
}

/** A 2xx answer whose body is not what the spec says: the called service broke its contract. */
export class InvalidResponseError extends Error {
  override readonly name = 'InvalidResponseError';

  constructor(
    readonly operation: string,
    readonly status: number,
    /** One per problem, naming the place in the body, never its value. */
    readonly problems: readonly string[],
  ) {
    super(`${operation} returned an invalid ${status} response: ${problems.join('; ')}`);
  }
}

/** RFC 3986 percent-encoding: everything but unreserved characters (as SigV4 canonicalizes). */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `/users/:id` with `{ id: 'usr-1' }` → `/users/usr-1` (values percent-encoded). Throws on a missing value. */
export function expandPath(template: string, values: Readonly<Record<string, QueryScalar>> = {}): string {
  return template.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined || value === '') throw new TypeError(`path parameter ${name} needs a value`);
    return encodeRfc3986(String(value));
  });
}

/** The query as the signer wants it (repeated names as lists), undefined values left out. */
function queryRecord(query: Readonly<Record<string, QueryValue>> = {}): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.map(String) : String(value);
  }
  return out;
}

function queryString(query: Record<string, string | string[]>): string {
  const pairs: string[] = [];
  for (const name of Object.keys(query).sort()) {
    const value = query[name];
    for (const item of Array.isArray(value) ? value : [value ?? '']) {
      pairs.push(`${encodeRfc3986(name)}=${encodeRfc3986(item)}`);
    }
  }
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

function isGenericError(value: unknown): value is GenericError {
  if (typeof value !== 'object' || value === null) return false;
  const { code, messages } = value as { code?: unknown; messages?: unknown };
  return typeof code === 'string' && Array.isArray(messages) && messages.every((m) => typeof m === 'string');
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Signs and sends the calls of one service's API. Create one per service at module scope. */
export class ApiClient {
  readonly #config: ApiClientConfig;
  #resolved: { baseUrl: URL; signer: SignatureV4; fetch: FetchLike; clock: Clock } | undefined;

  constructor(config: ApiClientConfig) {
    this.#config = config;
  }

  #resolve(): { baseUrl: URL; signer: SignatureV4; fetch: FetchLike; clock: Clock } {
    if (this.#resolved) return this.#resolved;
    const env = this.#config.env ?? process.env;
    const base = this.#config.baseUrl ?? env[this.#config.baseUrlVariable];
    if (!base) {
      throw new TypeError(`no base URL: pass baseUrl or set ${this.#config.baseUrlVariable}`);
    }
    let baseUrl: URL;
    try {
      baseUrl = new URL(base);
    } catch {
      throw new TypeError(`${this.#config.baseUrlVariable} is not a URL`);
    }
    const region = this.#config.region ?? env.AWS_REGION;
    if (!region) throw new TypeError('no region: pass region or set AWS_REGION');
    const signer = new SignatureV4({
      service: 'execute-api',
      region,
      credentials: this.#config.credentials ?? defaultProvider(),
      sha256: Sha256,
    });
    const fetchImpl: FetchLike = this.#config.fetch ?? ((url, init) => fetch(url, init));
    this.#resolved = { baseUrl, signer, fetch: fetchImpl, clock: this.#config.clock ?? systemClock };
    return this.#resolved;
  }

  /**
   * Sends one call (again, for a retryable call that got no answer or a retryable status, up to
   * {@link CALL_ATTEMPTS} times with jittered backoff); any status is returned as it is.
   */
  async send(call: ApiCall): Promise<ApiResponse> {
    if (call.retry !== true) return this.#sendOnce(call);
    for (let attempt = 1; ; attempt++) {
      let response: ApiResponse | undefined;
      try {
        response = await this.#sendOnce(call);
      } catch (error) {
        if (attempt >= CALL_ATTEMPTS || error instanceof InvalidResponseError) throw error;
      }
      if (response !== undefined && (!RETRYABLE_STATUSES.has(response.status) || attempt >= CALL_ATTEMPTS)) {
        return response;
      }
      const delay = RETRY_BASE_DELAY_MS * 2 ** (attempt - 1);
      await new Promise((resolve) => setTimeout(resolve, delay / 2 + Math.random() * (delay / 2)));
    }
  }

  async #sendOnce(call: ApiCall): Promise<ApiResponse> {
    const { baseUrl, signer, fetch: fetchImpl, clock } = this.#resolve();
    const path = baseUrl.pathname.replace(/\/+$/, '') + expandPath(call.operation.path, call.path);
    const query = queryRecord(call.query);
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    const headers: Record<string, string> = {
      ...call.headers,
      host: baseUrl.host,
      accept: 'application/json',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const request = new HttpRequest({
      method: call.operation.method,
      protocol: baseUrl.protocol,
      hostname: baseUrl.hostname,
      ...(baseUrl.port ? { port: Number(baseUrl.port) } : {}),
      path,
      query,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const signed = await signer.sign(request, { signingDate: clock.now() });
    // fetch sets Host from the URL itself (the same value that was signed).
    const sent: Record<string, string> = {};
    for (const [name, value] of Object.entries(signed.headers))
      if (name.toLowerCase() !== 'host') sent[name] = value;
    // The invocation's trace goes on with the call, unsigned: API Gateway adds its own segment to
    // the header, and a call made outside any trace sends none (trace-context.ts).
    const trace = invocationTraceContext(this.#config.env ?? process.env);
    if (trace !== undefined && call.headers?.[XRAY_TRACE_HEADER] === undefined) {
      sent[XRAY_TRACE_HEADER] = formatXRayHeader(trace);
    }
    const response = await fetchImpl(`${baseUrl.origin}${path}${queryString(query)}`, {
      method: call.operation.method,
      headers: sent,
      ...(body === undefined ? {} : { body }),
    });
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      responseHeaders[name.toLowerCase()] = value;
    });
    const text = await response.text();
    const parsed = parseJson(text);
    if (!parsed.ok && response.status >= 200 && response.status < 300) {
      throw new InvalidResponseError(call.operation.id, response.status, ['body: is not valid JSON']);
    }
    return { status: response.status, headers: responseHeaders, body: parsed.ok ? parsed.value : undefined };
  }

  /** Calls and parses a 2xx body with `schema`; any other status throws an {@link ApiError}. */
  async fetchJson<T>(call: ApiCall, schema: z.ZodType<T>): Promise<T> {
    const response = await this.send(call);
    return this.#expectSuccess(call, response, schema);
  }

  /**
   * Calls a list operation: the 2xx body is the page's items, parsed with `schema`, and the
   * next page's cursor is the `x-next-cursor` response header.
   */
  async fetchPage<T>(call: ApiCall, schema: z.ZodType<T[]>): Promise<Page<T>> {
    const response = await this.send(call);
    const items = this.#expectSuccess(call, response, schema);
    const cursor = response.headers[NEXT_CURSOR_HEADER];
    return cursor ? { items, cursor } : { items };
  }

  /** Like {@link fetchJson}, but a 404 is `undefined` (the item does not exist). */
  async fetchOptional<T>(call: ApiCall, schema: z.ZodType<T>): Promise<T | undefined> {
    const response = await this.send(call);
    if (response.status === 404) return undefined;
    return this.#expectSuccess(call, response, schema);
  }

  /** Calls an operation whose success has no body (`unit`); any other status throws an {@link ApiError}. */
  async fetchEmpty(call: ApiCall): Promise<void> {
    const response = await this.send(call);
    if (response.status < 200 || response.status >= 300) throw this.#error(call, response);
  }

  #expectSuccess<T>(call: ApiCall, response: ApiResponse, schema: z.ZodType<T>): T {
    if (response.status < 200 || response.status >= 300) throw this.#error(call, response);
    const result = schema.safeParse(response.body);
    if (!result.success) {
      throw new InvalidResponseError(
        call.operation.id,
        response.status,
        issueMessages(result.error.issues, { root: 'body', input: response.body }),
      );
    }
    return result.data;
  }

  #error(call: ApiCall, response: ApiResponse): ApiError {
    return new ApiError(
      call.operation.id,
      response.status,
      isGenericError(response.body) ? response.body : undefined,
    );
  }
}
