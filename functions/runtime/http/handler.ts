/**
 * The HTTP adapter: API Gateway HTTP API (payload v2) events → operations → responses.
 *
 * - {@link httpHandler} serves one operation: the Lambda behind one API Gateway route. API Gateway
 *   has already matched method and path; path parameters come from `event.pathParameters`.
 * - {@link httpRouter} serves several operations and routes by method + path itself, in one process:
 *   the generated in-process fake (`generated/testing/fake.ts`) and tests. Unknown path 404, known
 *   path with another method 405 + `allow`. (`dev up` runs each route's own Lambda, as on AWS;
 *   the `$default` route's fallback-handler.ts answers what no route matches.)
 *
 * Per request: parse (headers lower-cased, query, body) → validate path, query and body with the
 * descriptor's schemas → call the implementation → validate its result against the declared
 * response → serialise. What fails maps to a `generic_error` body (errors.ts); a 500 body is fixed
 * and the real error is logged with the request id (the logger redacts personal data).
 *
 * Order of checks: route (404/405), then the body's envelope (415, 413, 400), then one 422 listing
 * every problem of path, query and body together.
 */
import type { LoggerInterface } from '@aws-lambda-powertools/logger/types';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { isHttpError, methodNotAllowed, notFound, toErrorResponse, validationFailed } from '../errors';
import { createLogger } from '../logger';
import type { OperationDescriptor, OperationResult, ParsedRequest } from '../operation';
import { prototypeKeyMessages, unstorableValueMessages } from '../storable';
import { illFormedTextMessages } from '../unicode-text';
import { issueMessages } from '../zod-issues';
import { etagOf, noneMatchHolds, parseEtagCondition } from './conditional';
import {
  IDEMPOTENCY_KEY_HEADER,
  type IdempotencyOptions,
  type IdempotentRunner,
  idempotentRunner,
} from './idempotency';
import { hasBody, lowerCaseHeaders, parseQuery, readJsonBody } from './request';
import { RouteTable } from './routes';

/**
 * What a handler module implements for one operation. Declared as a method so that an
 * implementation typed with its operation's own path, query and body types (the generated ones)
 * is accepted where the untyped one is expected.
 */
export type Implementation<P = Record<string, unknown>, Q = Record<string, unknown>, B = unknown> = {
  bivarianceHack(request: ParsedRequest<P, Q, B>): Promise<OperationResult>;
}['bivarianceHack'];

/** The logging the adapter does: `error` for 500s, `debug` for 4xx. A Powertools Logger fits. */
export type HttpLogger = Pick<LoggerInterface, 'debug' | 'error'>;

export interface HttpOptions {
  /**
   * Logs failures. Pass the service's logger (createLogger with its personal fields). The default
   * is a Powertools logger named after the service that knows no personal fields: the adapter only
   * ever logs ids, codes and thrown errors, but a thrown error's own fields are then not redacted.
   */
  readonly logger?: HttpLogger;
  /** Largest accepted body, in bytes after base64 decoding; 413 above. Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /**
   * Where `Idempotency-Key`s are remembered, for the operations marked `idempotent`
   * (idempotency.ts). Without it, the header is ignored (in-memory tests, tools).
   */
  readonly idempotency?: IdempotencyOptions;
}

/** The response, as API Gateway HTTP API (payload v2) takes it. A `unit` response has no `body`. */
export interface HttpResult {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** A Lambda handler for API Gateway HTTP API events; assignable to `APIGatewayProxyHandlerV2`. */
export type HttpLambdaHandler = (event: APIGatewayProxyEventV2, context?: Context) => Promise<HttpResult>;

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

const JSON_HEADERS = Object.freeze({ 'content-type': 'application/json' });

/** One operation, ready to serve: built once per handler or router. */
interface Endpoint {
  readonly operation: OperationDescriptor;
  readonly implementation: Implementation;
  /** Names of the `:param` segments of the operation's path. */
  readonly paramNames: readonly string[];
  /** Runs the implementation at most once per Idempotency-Key, for an idempotent operation. */
  readonly idempotent?: IdempotentRunner;
}

interface Settings {
  readonly logger: HttpLogger;
  readonly maxBodyBytes: number;
}

/** The Lambda handler of one operation, for the API Gateway route of that operation. */
export function httpHandler<P = Record<string, unknown>, Q = Record<string, unknown>, B = unknown>(
  operation: OperationDescriptor,
  implementation: Implementation<P, Q, B>,
  options: HttpOptions = {},
): HttpLambdaHandler {
  const endpoint = endpointOf(operation, implementation as Implementation, options);
  const settings = settingsOf(options, operation.service);
  // Only for events without pathParameters (hand-built ones): match rawPath against the one pattern.
  const ownRoute = new RouteTable([{ method: operation.method, path: operation.path, value: endpoint }]);
  return async (event, context) => {
    try {
      return await serve(endpoint, event, context, pathParametersOf(endpoint, event, ownRoute), settings);
    } catch (error) {
      return failure(error, event, context, endpoint.operation, settings);
    }
  };
}

/**
 * One handler for several operations, routing by method + path (`rawPath`, percent-encoded; path
 * parameters are percent-decoded after matching). Throws `TypeError` when an operation lacks an
 * implementation, an implementation names no operation, or two operations share an id or a route.
 */
export function httpRouter(
  operations: readonly OperationDescriptor[],
  implementations: Readonly<Record<string, Implementation>>,
  options: HttpOptions = {},
): HttpLambdaHandler {
  const ids = new Set<string>();
  const endpoints: Endpoint[] = [];
  for (const operation of operations) {
    if (ids.has(operation.id)) throw new TypeError(`two operations have the id ${operation.id}`);
    ids.add(operation.id);
    const implementation = Object.hasOwn(implementations, operation.id)
      ? implementations[operation.id]
      : undefined;
    if (typeof implementation !== 'function') throw new TypeError(`no implementation for ${operation.id}`);
    endpoints.push(endpointOf(operation, implementation, options));
  }
  for (const id of Object.keys(implementations)) {
    if (!ids.has(id)) throw new TypeError(`implementation ${id} matches no operation`);
  }
  const table = new RouteTable(
    endpoints.map((endpoint) => ({
      method: endpoint.operation.method,
      path: endpoint.operation.path,
      value: endpoint,
    })),
  );
  const settings = settingsOf(options, operations[0]?.service ?? 'http');
  return async (event, context) => {
    let endpoint: Endpoint | undefined;
    try {
      const method = event.requestContext?.http?.method ?? '';
      const path = event.rawPath ?? event.requestContext?.http?.path ?? '';
      const match = table.match(method, path);
      if (match.kind === 'not_found') throw notFound();
      if (match.kind === 'method_not_allowed') throw methodNotAllowed(match.allowed);
      endpoint = match.value;
      return await serve(endpoint, event, context, match.params, settings);
    } catch (error) {
      return failure(error, event, context, endpoint?.operation, settings);
    }
  };
}

function endpointOf(
  operation: OperationDescriptor,
  implementation: Implementation,
  options: HttpOptions,
): Endpoint {
  const paramNames = operation.path
    .split('/')
    .filter((segment) => segment.startsWith(':'))
    .map((segment) => segment.slice(1));
  const idempotent =
    operation.idempotent === true && options.idempotency !== undefined
      ? idempotentRunner(options.idempotency, operation.service, operation.id)
      : undefined;
  return { operation, implementation, paramNames, ...(idempotent ? { idempotent } : {}) };
}

function settingsOf(options: HttpOptions, serviceName: string): Settings {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 0) {
    throw new RangeError(`maxBodyBytes must be a non-negative integer, got ${maxBodyBytes}`);
  }
  const logger = options.logger ?? createLogger({ serviceName, personalFields: [] });
  return { logger, maxBodyBytes };
}

/**
 * Path parameters behind API Gateway: `event.pathParameters` (API Gateway has already decoded them,
 * so they are not decoded again), only the operation's own names. Without them (a hand-built event),
 * `rawPath` is matched against the operation's pattern and decoded like the router does; a path that
 * does not match is a 404.
 */
function pathParametersOf(
  endpoint: Endpoint,
  event: APIGatewayProxyEventV2,
  ownRoute: RouteTable<Endpoint>,
): Record<string, string> {
  if (endpoint.paramNames.length === 0) return {};
  const given = event.pathParameters;
  if (given !== undefined && given !== null) {
    const params: [string, string][] = [];
    for (const name of endpoint.paramNames) {
      const value = Object.hasOwn(given, name) ? given[name] : undefined;
      if (typeof value === 'string') params.push([name, value]);
    }
    return Object.fromEntries(params);
  }
  const match = ownRoute.match(endpoint.operation.method, event.rawPath ?? '');
  if (match.kind !== 'found') throw notFound();
  return { ...match.params };
}

async function serve(
  endpoint: Endpoint,
  event: APIGatewayProxyEventV2,
  context: Context | undefined,
  pathParams: Record<string, string>,
  settings: Settings,
): Promise<HttpResult> {
  const { operation } = endpoint;
  const headers = lowerCaseHeaders(event.headers);
  const query = parseQuery(event);

  // The body's envelope first: a request that cannot be read is not checked field by field.
  let body: unknown;
  if (operation.body !== undefined && hasBody(event)) {
    body = readJsonBody(
      event.body,
      event.isBase64Encoded === true,
      headers['content-type'],
      settings.maxBodyBytes,
    );
  }

  const messages: string[] = [];
  const path = await validate(operation.pathParameters, pathParams, 'path', messages);
  const parsedQuery = await validate(operation.queryParameters, query, 'query', messages);
  // A missing body is `undefined`: a required one fails with `body: is required`.
  const parsedBody =
    operation.body === undefined ? undefined : await validate(operation.body, body, 'body', messages);
  // Lone surrogates pass zod's string check but have no UTF-8 form: refuse them here, once for every service.
  messages.push(
    ...illFormedTextMessages(pathParams, 'path'),
    ...illFormedTextMessages(query, 'query'),
    ...(operation.body === undefined ? [] : illFormedTextMessages(body, 'body')),
    // What the schema accepts but DynamoDB would refuse (storable.ts): a 422 here, not a 500 later.
    ...(operation.body === undefined ? [] : prototypeKeyMessages(body, 'body')),
    ...unstorableValueMessages(parsedQuery, 'query'),
    ...unstorableValueMessages(parsedBody, 'body'),
  );
  if (messages.length > 0) throw validationFailed(messages);

  const request: ParsedRequest = {
    operation,
    path: path as Record<string, unknown>,
    query: parsedQuery as Record<string, unknown>,
    body: parsedBody,
    headers,
    requestId: requestIdOf(event, context),
  };
  const result = endpoint.idempotent
    ? await endpoint.idempotent(headers[IDEMPOTENCY_KEY_HEADER], parsedBody, context, () =>
        endpoint.implementation(request),
      )
    : await endpoint.implementation(request);
  const response = await respond(operation, result);
  return notModified(operation, response, headers['if-none-match']) ?? response;
}

/**
 * 304 for a GET whose `If-None-Match` lists the entity tag of the resource it would answer
 * (conditional.ts): the client's copy is current, so no body; the tag is sent again.
 */
function notModified(
  operation: OperationDescriptor,
  response: HttpResult,
  ifNoneMatch: string | undefined,
): HttpResult | undefined {
  const etag = response.headers.etag;
  if (operation.method !== 'GET' || response.statusCode !== 200 || etag === undefined) return undefined;
  const condition = parseEtagCondition('if-none-match', ifNoneMatch);
  if (condition === undefined || !noneMatchHolds(condition, Number(etag.slice(1, -1)))) return undefined;
  return { statusCode: 304, headers: { etag } };
}

/** The entity tag of a body that is one resource (an object with an integer `version`), if it is one. */
function etagOfBody(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const { version } = body as { version?: unknown };
  return Number.isSafeInteger(version) && (version as number) >= 1 ? etagOf(version as number) : undefined;
}

/** Parses `input` with `schema`; on failure appends one message per problem and returns `undefined`. */
async function validate(
  schema: z.ZodType,
  input: unknown,
  root: string,
  messages: string[],
): Promise<unknown> {
  const parsed = await schema.safeParseAsync(input);
  if (parsed.success) return parsed.data;
  messages.push(...issueMessages(parsed.error.issues, { root, input }));
  return undefined;
}

/** A result that breaks the operation's declared responses: a bug, so a 500 (logged with its problems). */
class ResponseContractError extends Error {
  override readonly name = 'ResponseContractError';
  constructor(
    readonly operationId: string,
    readonly status: unknown,
    readonly problems: readonly string[],
  ) {
    super(`${operationId} returned a response that breaks its contract: ${problems.join('; ')}`);
  }
}

/**
 * Serialises the implementation's result. The status must be one the operation declares; a `unit`
 * response (schema `null`) must have no body; any other body must pass the declared schema, and what
 * is sent is the schema's output (so fields the schema does not declare never leave). Anything else
 * is a {@link ResponseContractError}: a 500, always, not only in development. A body that breaks
 * its schema would break generated clients that trust their types, and could carry stored fields
 * (system attributes, personal data) the API never meant to expose.
 */
async function respond(operation: OperationDescriptor, result: OperationResult): Promise<HttpResult> {
  const status: unknown = typeof result === 'object' && result !== null ? result.status : undefined;
  if (typeof status !== 'number' || !Object.hasOwn(operation.responses, status)) {
    throw new ResponseContractError(operation.id, status, ['status: is not a declared response']);
  }
  const schema = operation.responses[status];
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    if (typeof value === 'string') headers[name.toLowerCase()] = value;
  }
  if (schema === null || schema === undefined) {
    if (result.body !== undefined) {
      throw new ResponseContractError(operation.id, status, ['body: must be absent (unit response)']);
    }
    delete headers['content-type'];
    return { statusCode: status, headers };
  }
  const parsed = await schema.safeParseAsync(result.body);
  if (!parsed.success) {
    // No `input`: the problems name fields and rules, never the values the implementation returned.
    throw new ResponseContractError(
      operation.id,
      status,
      issueMessages(parsed.error.issues, { root: 'body' }),
    );
  }
  const body = JSON.stringify(parsed.data);
  if (body === undefined) throw new ResponseContractError(operation.id, status, ['body: is not JSON']);
  // A resource's version is its entity tag: what a client sends back in If-Match / If-None-Match.
  const etag = etagOfBody(parsed.data);
  return { statusCode: status, headers: { ...headers, ...(etag ? { etag } : {}), ...JSON_HEADERS }, body };
}

function requestIdOf(event: APIGatewayProxyEventV2, context: Context | undefined): string {
  return event.requestContext?.requestId ?? context?.awsRequestId ?? '';
}

/**
 * The response for anything thrown. An {@link HttpError} (not a 500) answers with its status and
 * messages, logged at debug; anything else is logged as an error with the request id and answered
 * with the fixed 500 body.
 */
function failure(
  error: unknown,
  event: APIGatewayProxyEventV2,
  context: Context | undefined,
  operation: OperationDescriptor | undefined,
  settings: Settings,
): HttpResult {
  const ids = {
    request_id: event?.requestContext?.requestId,
    aws_request_id: context?.awsRequestId,
    operation_id: operation?.id,
  };
  try {
    if (isHttpError(error) && error.code !== 'internal_error') {
      settings.logger.debug({
        message: 'request refused',
        ...ids,
        status: error.statusCode,
        code: error.code,
      });
    } else {
      settings.logger.error({ message: 'request failed', ...ids, ...errorAttributes(error) });
    }
  } catch {
    // The response matters more than the log line; a logger that throws must not turn a 4xx into a crash.
  }
  return toErrorResponse(error);
}

function errorAttributes(error: unknown): Record<string, unknown> {
  if (error instanceof ResponseContractError) {
    return { error, status: error.status, problems: error.problems };
  }
  if (error instanceof Error || (typeof error === 'object' && error !== null)) return { error };
  return { error: String(error) };
}
