/**
 * The local HTTP APIs of `dev up`: one server per service API, turning requests into API Gateway
 * payload format 2.0 events for the route's function, with optional SigV4 (`dev up --iam`).
 */
export {
  buildEvent,
  isTextContentType,
  type LocalHttpEvent,
  type LocalRequestContext,
  queryParameters,
  resultToResponse,
} from './payload';
export { type RouteMatch, RouteTable } from './routes';
export {
  DEFAULT_INTEGRATION_TIMEOUT_MS,
  type HttpApi,
  type HttpApiAccessLog,
  type HttpApiOptions,
  localApiId,
  MAX_PAYLOAD_BYTES,
  startHttpApi,
} from './server';
export { type IamIdentity, type LocalCredentials, verifySignature } from './sigv4';
