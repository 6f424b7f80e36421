/**
 * The OpenAPI 3.1 document of a validated spec (`functions/<service>/generated/openapi.json`): a
 * pure transform, same input same output, with a stable key order. Records of the spec (models,
 * enums, resources) have no order, so what comes from them is sorted by name; lists (fields, enum
 * values, parameters) keep the spec's order. One transform per OpenAPI object, one file each:
 *
 *   document.ts            info, servers, tags, security, the x-tributary-* extensions, the whole
 *   paths.ts               paths, their order
 *   operation.ts           one operation: id, summary, description, tag, security
 *   parameters.ts          path, query and header parameters
 *   request-body.ts        the request body
 *   responses.ts           declared responses merged with the standard answers
 *   headers.ts             request and response headers, one rule each
 *   conditions.ts          where entity tags, If-Match and If-None-Match apply (headers and answers)
 *   answers.ts             what the runtime and API Gateway answer besides the spec's responses
 *   components/schemas.ts  models, enums, generic_error, gateway_error, and every type's schema
 *   components/responses.ts  the reusable responses of the standard answers
 *   components/security.ts   the SigV4 scheme
 *
 * Decisions, so every consumer (docs, client generators, the contract tests) can rely on them:
 *
 * - `info.version` is always "1.0.0": a spec carries no version (its history is git's), and
 *   OpenAPI requires one. `info.contact` names the owners of the spec file (a spec names no team);
 *   `info.description` is the spec's, else a sentence naming the service. `jsonSchemaDialect` is
 *   the OAS 3.1 base dialect, stated explicitly.
 * - `servers`: the deployed HTTP API, `https://{apiId}.execute-api.{region}.amazonaws.com` (the
 *   `$default` stage has no base path; the stack's `ApiUrl` output is the whole URL), and `dev up`,
 *   `http://127.0.0.1:{port}`.
 * - Every model, every enum, the built-in `generic_error` (the body of every error the service
 *   sends) and `gateway_error` (`{ "message": ... }`, the body of what API Gateway answers itself)
 *   is a component schema under its name (`#/components/schemas/user_form`).
 * - Models are open objects (no `additionalProperties: false`): the runtime strips unknown
 *   fields, and a client must accept fields added later. `required` lists the fields that are
 *   required and have no default (a field with a default may be left out; the server fills it in).
 * - Types: `integer` is int32; `long` is int64 bounded to the JavaScript safe range (a field's
 *   own bounds replace that range); `double` is a double number; `decimal` is a string with
 *   format `decimal` and a pattern, and as JSON Schema cannot bound the value of a string, its
 *   bounds are `x-minimum`/`x-maximum`; `json` is `{}`; `[T]` an array; `map[T]` an object whose
 *   `additionalProperties` is T. Bounds are `minimum`/`maximum` on numbers, `minLength`/
 *   `maxLength` on strings, `minItems`/`maxItems` on lists. A string's `format` (email, uri, uuid,
 *   date, date-time: JSON Schema formats of the same names) and `pattern` (ECMAScript, as JSON
 *   Schema's `pattern`, unanchored) are written as they are.
 * - Examples use the JSON Schema keyword `examples: [value]` (OAS 3.1 deprecates `example` in
 *   schemas). Deprecation is `deprecated: true` and "Deprecated: <why>" in the description.
 *   Fields and parameters annotated `personal_data` carry `x-personal-data: true`.
 * - Enums are `type: string` with `enum` in the spec's order, and, when any value has a
 *   description, `x-enum-descriptions`: a list parallel to `enum` ("" for a value without one),
 *   the extension openapi-typescript and openapi-generator read.
 * - Paths use `{name}` for `:name`; paths are sorted, and methods within a path go GET, POST,
 *   PUT, PATCH, DELETE. Path parameters are all required; one named in the path but not declared
 *   (the usual `:id`) is a string. Other declared parameters are query parameters, required when
 *   required and without default. Header parameters and response headers come from the rules of
 *   headers.ts: `location` on a standard create, `x-next-cursor` on a list page, `etag` (required)
 *   on every response whose type always has a version (a model whose `version` is a required
 *   integer or long from 1 up), `idempotency-key` on an idempotent operation (the spec's
 *   `idempotent`, default a POST on the collection), and, where the runtime honours them
 *   (conditions.ts), `if-match` on the standard replace and delete and on a PUT, PATCH or DELETE
 *   that declares a 412, `if-none-match` on a GET whose 200 carries an entity tag.
 * - operationId: the ids of ../names.ts (shared with the other generators and the runtime's
 *   OperationDescriptor, so they never drift): the operation's `name` when it declares one, else
 *   `get<Resource>`, `list<Resources>`, `create<Resource>`, `replace<Resource>`,
 *   `update<Resource>`, `delete<Resource>`; any other shape is the method and the path's segments
 *   in camel case (`postUsersByIdConfirm`); a clash gets a number (`…2`). An operation without a
 *   description gets one (a standard operation's behaviour, else its route), and its summary is
 *   the first sentence of its description.
 * - Responses: the declared ones, described by their description, else by the standard reason
 *   phrase. A `unit` response has no content, except from 400 up: the runtime sends a
 *   `generic_error` body with every error, including a 404 the spec declares `unit`.
 *   Besides them, every answer the operation can give (answers.ts) is a `$ref` to a component
 *   response (`#/components/responses/too_many_requests`): the runtime's 400 (malformed JSON), 415
 *   and 413 (over its 1 MiB) when it takes a body, 422 when it validates input (a body, parameters
 *   or path parameters) or is idempotent, 500 (`internal_error`); where it reads If-None-Match a
 *   304 (no content, the ETag), where it reads If-Match a 412, where it reads either a 400
 *   (`malformed_request`), where it is idempotent a 409 (the key in use); API Gateway's 403 on IAM
 *   routes, 413 (over its 10 MB), 429, 500 (the function failed) and 503 (the function did not
 *   answer in time). A status both sources answer has a `oneOf` of both bodies; the two 400s have
 *   a component for each combination (`malformed_json`, `malformed_request`, both `bad_request`),
 *   so a component says only what its operations can answer. A status the spec declares too is
 *   one response with the spec's description followed by the standard answers' (so a declared
 *   409 does not hide the key in use), the headers of both and `oneOf` every body. Only referenced
 *   components are written.
 * - Not documented per operation: 501, the answer of a custom operation's stub until it is written
 *   (`dev check` lists stubs in place; a client must never depend on it), and 404/405 for a path or
 *   method no operation has: they are the service's, not an operation's, and are the extension
 *   `x-tributary-unmatched-routes` (`{ description, responses: { 404, 405 } }`).
 * - Security: one scheme, `sigv4` (an `Authorization` header signed with AWS SigV4, marked
 *   `x-amazon-apigateway-authtype: awsSigv4`), required at the root; an operation with
 *   `auth: none` has `security: []` (and no 403).
 * - `x-tributary-events` lists the event detail types the service publishes
 *   (`user.deleted`, `user.upserted`), sorted.
 */

export {
  type AnswerSource,
  byteSize,
  STANDARD_ANSWERS,
  type StandardAnswer,
  standardAnswers,
} from './answers';
export {
  answerComponentName,
  answerHeaders,
  componentResponse,
  referencedResponses,
  responseComponents,
  responseRef,
  UNMATCHED_ROUTE_RESPONSES,
} from './components/responses';
export {
  componentSchemas,
  DECIMAL_PATTERN,
  enumSchema,
  GATEWAY_ERROR,
  GENERIC_ERROR,
  gatewayErrorSchema,
  genericErrorSchema,
  isRequiredField,
  memberSchema,
  modelSchema,
  schemaRef,
  typeSchema,
} from './components/schemas';
export { SECURITY_SCHEME, securitySchemes } from './components/security';
export {
  carriesEntityTag,
  honoursIfMatch,
  honoursIfNoneMatch,
  isTaggedType,
  readsConditionHeader,
} from './conditions';
export {
  DOCUMENT_VERSION,
  infoObject,
  JSON_SCHEMA_DIALECT,
  OPENAPI_VERSION,
  openApiDocument,
  publishedDetailTypes,
  serversObject,
  tagsObject,
  UNMATCHED_ROUTES_EXTENSION,
  unmatchedRoutesObject,
} from './document';
export {
  ETAG,
  headerObject,
  type OperationContext,
  REQUEST_HEADERS,
  RESPONSE_HEADERS,
  type RequestHeaderRule,
  type ResponseHeaderRule,
  requestHeaderParameters,
  responseHeaders,
} from './headers';
export { defaultDescription, operationObject, summaryOf } from './operation';
export { parameterObjects } from './parameters';
export { openApiPath, pathsObject, sortedOperations } from './paths';
export { reasonPhrase } from './reason-phrases';
export { requestBodyObject } from './request-body';
export { declaredResponseObject, declaredSchema, responsesObject } from './responses';
export type { JsonSchema, OpenApiObject } from './shared';
