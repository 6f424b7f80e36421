/**
 * The Lambda behind every service API's `$default` route. API Gateway sends it each request that no
 * operation's route matched (without it, API Gateway answers its own `404 {"message":"Not Found"}`,
 * wrong method included), so the design's promise holds on AWS and under `dev up`: every 4xx body is
 * a `generic_error`, unknown routes 404, wrong methods 405 with `allow`, exactly as the runtime's
 * router ({@link RouteTable}, `httpRouter`) answers:
 *
 * - a path no operation has: 404 `not_found` ("no such route");
 * - a path some operation has, with another method: 405 `method_not_allowed`, `allow` listing the
 *   path's methods sorted (errors.ts `methodNotAllowed`). HEAD and OPTIONS are no exception: no
 *   operation declares them, and answering 200 would claim what the API does not do (a HEAD would
 *   need the GET's Lambda, an OPTIONS a CORS policy the APIs do not have); the 405's `allow` is the
 *   answer OPTIONS asks for, and HTTP drops a HEAD response's body by itself;
 * - a request the route table would serve, though API Gateway did not route it: 404, since no
 *   operation took it.
 *
 * It knows the service's routes from its environment alone (`ROUTES`, API Gateway route keys joined
 * by commas, written by the stack from the plan), and reads nothing but the request's method and
 * raw path: no table, no SDK, no other service, no auth (docs/design.md, "Unknown routes and wrong
 * methods", says why).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ROUTES_VARIABLE } from '../conventions';
import { type HttpResponse, methodNotAllowed, notFound, toErrorResponse } from '../errors';
import { type RouteDefinition, RouteTable } from './routes';

/** One operation's route, as the plan has it. */
export interface RouteKey {
  readonly method: string;
  /** The API Gateway route path, `/users/{id}`. */
  readonly routePath: string;
}

const ROUTE_KEY = /^([A-Z]+) (\/\S*)$/;
const VARIABLE = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

/** The value of {@link ROUTES_VARIABLE}: route keys, sorted, joined by commas (no route path holds one). */
export function formatRoutes(routes: readonly RouteKey[]): string {
  return routes
    .map((route) => `${route.method} ${route.routePath}`)
    .sort()
    .join(',');
}

/**
 * Reads {@link ROUTES_VARIABLE}: each `METHOD /path/{name}` becomes a route of the runtime's table
 * (`/path/:name`). Throws `TypeError` naming the first entry that is not such a route key (a greedy
 * `{name+}` included: no operation has one), so a broken environment fails loudly (a 500 and the
 * error in the function's log) instead of answering 404 to everything.
 */
export function parseRoutes(text: string): RouteDefinition<string>[] {
  if (text.trim() === '') return [];
  return text.split(',').map((entry) => {
    const key = ROUTE_KEY.exec(entry.trim());
    if (key === null) throw new TypeError(`${ROUTES_VARIABLE}: "${entry}" is not "METHOD /path"`);
    const [, method = '', routePath = ''] = key;
    const segments = routePath.split('/').map((segment) => {
      if (!segment.includes('{') && !segment.includes('}')) return segment;
      const variable = VARIABLE.exec(segment);
      if (variable === null)
        throw new TypeError(`${ROUTES_VARIABLE}: "${entry}" has the segment "${segment}"`);
      return `:${variable[1]}`;
    });
    return { method, path: segments.join('/'), value: `${method} ${routePath}` };
  });
}

/** The fallback for `routes`; throws `TypeError` as {@link RouteTable} does on a malformed or repeated route. */
export function createFallbackHandler(
  routes: readonly RouteDefinition<string>[],
): (event: APIGatewayProxyEventV2) => Promise<HttpResponse> {
  const table = new RouteTable(routes);
  return async (event) => {
    const method = event.requestContext?.http?.method ?? '';
    const path = event.rawPath ?? event.requestContext?.http?.path ?? '';
    const match = table.match(method, path);
    return toErrorResponse(
      match.kind === 'method_not_allowed' ? methodNotAllowed(match.allowed) : notFound(),
    );
  };
}

let fromEnvironment: ((event: APIGatewayProxyEventV2) => Promise<HttpResponse>) | undefined;

/**
 * The Lambda entry. The table is built from the environment on the first request and kept for the
 * container's life; built lazily so that importing this module (tests, the stack's
 * {@link formatRoutes}) reads no environment.
 */
export async function handler(event: APIGatewayProxyEventV2): Promise<HttpResponse> {
  if (fromEnvironment === undefined) {
    const routes = process.env[ROUTES_VARIABLE];
    // Set by the stack even when empty: its absence is a deployment bug, not "no routes".
    if (routes === undefined) throw new TypeError(`${ROUTES_VARIABLE} is not set`);
    fromEnvironment = createFallbackHandler(parseRoutes(routes));
  }
  return fromEnvironment(event);
}
