/** Hand-written operations (the generated ones do not exist yet), an event builder and a log recorder. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import type { HttpLogger, HttpResult, Implementation } from '../../../../functions/runtime/http';
import type { OperationDescriptor } from '../../../../functions/runtime/operation';

const none = z.object({});
const idParam = z.object({ id: z.string().regex(/^usr_[a-z0-9]+$/) });
/** A query number as the generator should write it: digits only, so `''` and `0x10` are not numbers. */
const queryInt = z
  .string()
  .regex(/^-?\d+$/)
  .transform(Number)
  .pipe(z.number().int());
/** A repeatable query parameter: one occurrence arrives as a string, several as an array. */
const queryList = z.preprocess((value) => (typeof value === 'string' ? [value] : value), z.array(z.string()));

export const User = z.object({ id: z.string(), name: z.string(), email: z.string() });
const UserInput = z.object({ name: z.string().min(1).max(50), email: z.email() });

function operation(
  spec: Pick<OperationDescriptor, 'id' | 'method' | 'path' | 'responses' | 'successStatus'> &
    Partial<OperationDescriptor>,
): OperationDescriptor {
  return {
    service: 'users',
    resource: 'user',
    pathParameters: none,
    queryParameters: none,
    auth: 'iam',
    ...spec,
  };
}

export const listUsers = operation({
  id: 'listUsers',
  method: 'GET',
  path: '/users',
  queryParameters: z.object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: queryInt.pipe(z.number().min(0)).optional(),
    tag: queryList.optional(),
    q: z.string().optional(),
    active: z
      .enum(['true', 'false'])
      .transform((value) => value === 'true')
      .optional(),
  }),
  responses: { 200: z.object({ items: z.array(User), query: z.record(z.string(), z.unknown()) }) },
  successStatus: 200,
});
export const getMe = operation({
  id: 'getMe',
  method: 'GET',
  path: '/users/me',
  responses: { 200: User },
  successStatus: 200,
});
export const getUser = operation({
  id: 'getUser',
  method: 'GET',
  path: '/users/:id',
  pathParameters: idParam,
  responses: { 200: User },
  successStatus: 200,
});
export const createUser = operation({
  id: 'createUser',
  method: 'POST',
  path: '/users',
  body: UserInput,
  responses: { 201: User },
  successStatus: 201,
});
export const replaceUser = operation({
  id: 'replaceUser',
  method: 'PUT',
  path: '/users/:id',
  pathParameters: idParam,
  body: UserInput,
  responses: { 200: User },
  successStatus: 200,
});
export const deleteUser = operation({
  id: 'deleteUser',
  method: 'DELETE',
  path: '/users/:id',
  pathParameters: idParam,
  responses: { 204: null },
  successStatus: 204,
});
/** A second parameter after a literal, and a path parameter that any string satisfies. */
export const getUserNote = operation({
  id: 'getUserNote',
  method: 'GET',
  path: '/users/:id/notes/:note',
  pathParameters: z.object({ id: z.string(), note: z.string() }),
  responses: { 200: z.object({ id: z.string(), note: z.string() }) },
  successStatus: 200,
});

export const OPERATIONS: readonly OperationDescriptor[] = [
  listUsers,
  getMe,
  getUser,
  createUser,
  replaceUser,
  deleteUser,
  getUserNote,
];

const ada = { name: 'Ada', email: 'ada@example.com' };

/** Implementations that never throw; `getUser` returns a field its schema does not declare. */
export const IMPLEMENTATIONS: Readonly<Record<string, Implementation>> = {
  listUsers: async (request) => ({ status: 200, body: { items: [], query: request.query } }),
  getMe: async () => ({ status: 200, body: { id: 'usr_me', ...ada } }),
  getUser: async (request) => ({
    status: 200,
    body: { id: request.path.id, ...ada, password_hash: 'secret' },
    headers: { ETag: '"1"' },
  }),
  createUser: async (request) => ({
    status: 201,
    body: { id: 'usr_new', ...(request.body as object) },
    headers: { location: '/users/usr_new' },
  }),
  replaceUser: async (request) => ({
    status: 200,
    body: { id: request.path.id, ...(request.body as object) },
  }),
  deleteUser: async () => ({ status: 204 }),
  getUserNote: async (request) => ({ status: 200, body: request.path }),
};

export interface EventInit {
  readonly query?: string;
  readonly queryStringParameters?: Record<string, string>;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  readonly pathParameters?: Record<string, string>;
  readonly requestId?: string;
}

/** An HTTP API payload v2 event as API Gateway sends it (rawPath percent-encoded as given). */
export function apiEvent(method: string, rawPath: string, init: EventInit = {}): APIGatewayProxyEventV2 {
  const query = init.query ?? '';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: query,
    headers: { host: 'api.example.com', ...init.headers },
    ...(init.queryStringParameters === undefined
      ? {}
      : { queryStringParameters: init.queryStringParameters }),
    ...(init.pathParameters === undefined ? {} : { pathParameters: init.pathParameters }),
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
      requestId: init.requestId ?? 'req-1',
      routeKey: '$default',
      stage: '$default',
      time: '22/Nov/2026:14:00:00 +0000',
      timeEpoch: 1_795_356_000_000,
    },
    ...(init.body === undefined ? {} : { body: init.body }),
    isBase64Encoded: init.isBase64Encoded ?? false,
  };
}

export const JSON_TYPE = { 'content-type': 'application/json' };

/** A JSON request event. */
export function jsonEvent(method: string, rawPath: string, body: unknown, init: EventInit = {}) {
  return apiEvent(method, rawPath, {
    ...init,
    headers: { ...JSON_TYPE, ...init.headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export interface LoggedCall {
  readonly level: 'debug' | 'error';
  readonly input: unknown;
}

/** An {@link HttpLogger} that records what it is given. */
export function recordingLogger(): { logger: HttpLogger; calls: LoggedCall[] } {
  const calls: LoggedCall[] = [];
  const logger: HttpLogger = {
    debug: (input) => {
      calls.push({ level: 'debug', input });
    },
    error: (input) => {
      calls.push({ level: 'error', input });
    },
  };
  return { logger, calls };
}

/** The parsed JSON body of a result (`undefined` when it has none). */
export function bodyOf(result: HttpResult): unknown {
  return result.body === undefined ? undefined : JSON.parse(result.body);
}
