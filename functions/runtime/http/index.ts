/** The HTTP adapter: API Gateway HTTP API (payload v2) events → operations. See handler.ts. */
export {
  DEFAULT_MAX_BODY_BYTES,
  type HttpLambdaHandler,
  type HttpLogger,
  type HttpOptions,
  type HttpResult,
  httpHandler,
  httpRouter,
  type Implementation,
} from './handler';
export { isJsonContentType, MAX_BODY_DEPTH, nestingDepthExceeds, parseQuery, type RawQuery } from './request';
export { type RouteDefinition, type RouteMatch, RouteTable } from './routes';
