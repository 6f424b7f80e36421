import { NEXT_CURSOR_HEADER } from '../../functions/runtime/pagination';
import {
  allOperations,
  isListOperation,
  isSuccessStatus,
  type OperationRef,
  pathParameterNames,
  publishedEvents,
} from '../spec/model';
import type { EnumDef, Field, Model, Parameter, Response, Spec } from '../spec/schema';
import { HTTP_METHODS } from '../spec/schema';
import { parseTypeRef, type TypeRef } from '../spec/type-ref';
import { detailType, operationIds } from './names';

export { operationIds };

/**
 * The OpenAPI 3.1 document of a validated spec: a pure transform, same input same output, with a
 * stable key order. Records of the spec (models, enums, resources) have no order, so what comes
 * from them is sorted by name; lists (fields, enum values, parameters) keep the spec's order.
 *
 * Decisions, so every consumer (docs, client generators, the contract tests) can rely on them:
 *
 * - `info.version` is always "1.0.0": a spec carries no version (its history is git's), and
 *   OpenAPI requires one. `jsonSchemaDialect` is the OAS 3.1 base dialect, stated explicitly.
 *   No `servers`: the API Gateway URL is only known after deployment.
 * - Every model, every enum and the built-in `generic_error` is a component schema under its
 *   spec name (`#/components/schemas/user_form`); `generic_error` is always present, because
 *   the runtime answers every 4xx with it.
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
 *   required and without default.
 * - operationId: the ids of {@link operationIds} (./names.ts, shared with the other generators
 *   and the runtime's OperationDescriptor, so they never drift): the operation's `name` when it
 *   declares one, else `get<Resource>` (GET
 *   `<base>/:id`), `list<Resources>` (GET `<base>`), `create<Resource>` (POST `<base>`),
 *   `replace<Resource>` (PUT), `update<Resource>` (PATCH), `delete<Resource>` (DELETE
 *   `<base>/:id`); any other shape is the method and the path's segments in camel case
 *   (`postUsersByIdConfirm`); a clash gets a number (`…2`).
 * - Responses: the declared ones, described by their description, else by what the runtime
 *   means by the status (below), else by the standard reason phrase.
 *   A `unit` response has no content, except from 400 up: the runtime sends a `generic_error`
 *   body with every error, including a 404 the spec declares `unit`, so those document it.
 *   On top of the declared responses, each operation documents the errors the runtime's HTTP
 *   adapter produces from the operation's shape, unless the spec declares them itself: 400
 *   (malformed JSON), 413 (body too large) and 415 (not application/json) when it takes a body,
 *   and 422 (invalid input) when it takes a body or declares parameters. Not documented: 500
 *   (any operation may fail; its body is a fixed `generic_error`), 404/405 for unknown routes and
 *   methods (not an operation's), and API Gateway's own 403 for a bad signature (not a
 *   `generic_error`).
 * - Security: one scheme, `sigv4` (an `Authorization` header signed with AWS SigV4, marked
 *   `x-amazon-apigateway-authtype: awsSigv4`), required at the root; an operation with
 *   `auth: none` has `security: []`.
 * - `x-tributary-events` lists the event detail types the service publishes
 *   (`user.deleted`, `user.upserted`), sorted.
 */

export const OPENAPI_VERSION = '3.1.0';
export const JSON_SCHEMA_DIALECT = 'https://spec.openapis.org/oas/3.1/dialect/base';
/** Specs carry no version; OpenAPI requires one. */
export const DOCUMENT_VERSION = '1.0.0';
export const SECURITY_SCHEME = 'sigv4';
export const GENERIC_ERROR = 'generic_error';
const PERSONAL_DATA = 'personal_data';
const JSON_MEDIA_TYPE = 'application/json';

/** The exact decimal pattern the runtime accepts: optional minus, digits, optional fraction. */
export const DECIMAL_PATTERN = '^-?\\d+(\\.\\d+)?$';
const INT32_FORMAT = 'int32';

export type JsonSchema = Record<string, unknown>;

/** Drops undefined values (keeping the key order), so no key is ever present with no value. */
function compact<T extends Record<string, unknown>>(object: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) if (value !== undefined) out[key] = value;
  return out as T;
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedEntries<T>(record: Readonly<Record<string, T>> | undefined): Array<[string, T]> {
  return Object.entries(record ?? {}).sort(([a], [b]) => compareText(a, b));
}

/** `#/components/schemas/<name>` */
export function schemaRef(name: string): JsonSchema {
  return { $ref: `#/components/schemas/${name}` };
}

/** The schema of a type, without the bounds and documentation of a field. `unit` has none. */
export function typeSchema(ref: TypeRef): JsonSchema {
  switch (ref.kind) {
    case 'named':
      return schemaRef(ref.name);
    case 'list':
      return { type: 'array', items: typeSchema(ref.of) };
    case 'map':
      return { type: 'object', additionalProperties: typeSchema(ref.of) };
    case 'primitive':
      switch (ref.name) {
        case 'string':
          return { type: 'string' };
        case 'boolean':
          return { type: 'boolean' };
        case 'integer':
          return { type: 'integer', format: INT32_FORMAT };
        case 'long':
          return {
            type: 'integer',
            format: 'int64',
            minimum: Number.MIN_SAFE_INTEGER,
            maximum: Number.MAX_SAFE_INTEGER,
          };
        case 'double':
          return { type: 'number', format: 'double' };
        case 'decimal':
          return { type: 'string', format: 'decimal', pattern: DECIMAL_PATTERN };
        case 'uuid':
          return { type: 'string', format: 'uuid' };
        case 'date-iso8601':
          return { type: 'string', format: 'date' };
        case 'date-time-iso8601':
          return { type: 'string', format: 'date-time' };
        case 'object':
          return { type: 'object' };
        case 'json':
          return {};
        case 'unit':
          throw new Error(
            'unit has no schema: it is only a response type, and a response of it has no content',
          );
      }
  }
}

/** The JSON Schema keywords that carry a spec `minimum`/`maximum` for a type, if bounds apply. */
function boundKeywords(ref: TypeRef): readonly [string, string] | undefined {
  if (ref.kind === 'list') return ['minItems', 'maxItems'];
  if (ref.kind !== 'primitive') return undefined;
  switch (ref.name) {
    case 'integer':
    case 'long':
    case 'double':
      return ['minimum', 'maximum'];
    case 'decimal':
      return ['x-minimum', 'x-maximum'];
    case 'string':
      return ['minLength', 'maxLength'];
    default:
      return undefined;
  }
}

type Deprecation = NonNullable<Field['deprecation']>;

/** A description with the deprecation notice appended, or undefined when there is neither. */
function describe(description: string | undefined, deprecation: Deprecation | undefined): string | undefined {
  const notice = deprecation ? `Deprecated: ${deprecation.description}` : undefined;
  if (description && notice) return `${description}\n\n${notice}`;
  return description ?? notice;
}

function isPersonal(member: Field | Parameter): boolean {
  return (member.annotations ?? []).includes(PERSONAL_DATA);
}

/**
 * The schema of a model field: its type, bounds, description, default, example, deprecation
 * and personal-data mark. With `parameter: true`, the schema of a parameter: its type, bounds,
 * default and example only, as the parameter object itself carries the rest.
 */
export function memberSchema(
  member: Field | Parameter,
  options: { readonly parameter?: boolean } = {},
): JsonSchema {
  const ref = parseTypeRef(member.type);
  const schema: JsonSchema = { ...typeSchema(ref) };
  const keywords = boundKeywords(ref);
  if (keywords) {
    if (member.minimum !== undefined) schema[keywords[0]] = member.minimum;
    if (member.maximum !== undefined) schema[keywords[1]] = member.maximum;
  }
  if (ref.kind === 'primitive' && ref.name === 'string') {
    if (member.format !== undefined) schema.format = member.format;
    if (member.pattern !== undefined) schema.pattern = member.pattern;
  }
  const field = options.parameter !== true;
  return compact({
    ...schema,
    description: field ? describe(member.description, member.deprecation) : undefined,
    default: member.default,
    examples: member.example === undefined ? undefined : [member.example],
    deprecated: field && member.deprecation ? true : undefined,
    'x-personal-data': field && isPersonal(member) ? true : undefined,
  });
}

/** Whether a model field must be present: required (the default) and without a default. */
export function isRequiredField(field: Field): boolean {
  return field.required !== false && field.default === undefined;
}

export function modelSchema(model: Model): JsonSchema {
  const required = model.fields.filter(isRequiredField).map((field) => field.name);
  return compact({
    type: 'object',
    description: describe(model.description, model.deprecation),
    properties: Object.fromEntries(model.fields.map((field) => [field.name, memberSchema(field)])),
    required: required.length > 0 ? required : undefined,
    deprecated: model.deprecation ? true : undefined,
  });
}

export function enumSchema(enumDef: EnumDef): JsonSchema {
  const descriptions = enumDef.values.map((value) => describe(value.description, value.deprecation) ?? '');
  return compact({
    type: 'string',
    description: describe(enumDef.description, enumDef.deprecation),
    enum: enumDef.values.map((value) => value.name),
    'x-enum-descriptions': descriptions.some((text) => text !== '') ? descriptions : undefined,
    deprecated: enumDef.deprecation ? true : undefined,
  });
}

/** The built-in `generic_error`: the body of every error response the runtime sends. */
export function genericErrorSchema(): JsonSchema {
  return {
    type: 'object',
    description: 'The body of every error response: a stable code and one message per problem.',
    properties: {
      code: {
        type: 'string',
        description: 'A stable machine word, such as validation_failed, not_found or conflict.',
        examples: ['validation_failed'],
      },
      messages: {
        type: 'array',
        items: { type: 'string' },
        description: 'Human-readable, one per problem; they name fields and limits, never the values sent.',
      },
    },
    required: ['code', 'messages'],
  };
}

/** `/users/:id` → `/users/{id}` */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

const METHOD_ORDER: ReadonlyMap<string, number> = new Map(HTTP_METHODS.map((method, i) => [method, i]));

/** Operations sorted by OpenAPI path, then GET, POST, PUT, PATCH, DELETE: independent of the spec's key order. */
function sortedOperations(spec: Spec): OperationRef[] {
  return allOperations(spec).sort(
    (a, b) =>
      compareText(openApiPath(a.path), openApiPath(b.path)) ||
      (METHOD_ORDER.get(a.operation.method) ?? 0) - (METHOD_ORDER.get(b.operation.method) ?? 0),
  );
}

/** RFC 9110 reason phrases (and 422/429 from their RFCs), for responses the spec does not describe. */
const REASON_PHRASES: Readonly<Record<string, string>> = {
  '100': 'Continue',
  '101': 'Switching Protocols',
  '200': 'OK',
  '201': 'Created',
  '202': 'Accepted',
  '203': 'Non-Authoritative Information',
  '204': 'No Content',
  '205': 'Reset Content',
  '206': 'Partial Content',
  '300': 'Multiple Choices',
  '301': 'Moved Permanently',
  '302': 'Found',
  '303': 'See Other',
  '304': 'Not Modified',
  '307': 'Temporary Redirect',
  '308': 'Permanent Redirect',
  '400': 'Bad Request',
  '401': 'Unauthorized',
  '402': 'Payment Required',
  '403': 'Forbidden',
  '404': 'Not Found',
  '405': 'Method Not Allowed',
  '406': 'Not Acceptable',
  '407': 'Proxy Authentication Required',
  '408': 'Request Timeout',
  '409': 'Conflict',
  '410': 'Gone',
  '411': 'Length Required',
  '412': 'Precondition Failed',
  '413': 'Content Too Large',
  '414': 'URI Too Long',
  '415': 'Unsupported Media Type',
  '416': 'Range Not Satisfiable',
  '417': 'Expectation Failed',
  '421': 'Misdirected Request',
  '422': 'Unprocessable Content',
  '426': 'Upgrade Required',
  '428': 'Precondition Required',
  '429': 'Too Many Requests',
  '500': 'Internal Server Error',
  '501': 'Not Implemented',
  '502': 'Bad Gateway',
  '503': 'Service Unavailable',
  '504': 'Gateway Timeout',
  '505': 'HTTP Version Not Supported',
};

/** The standard reason phrase of a status, or `HTTP <status>` for one without. */
export function reasonPhrase(status: string): string {
  return REASON_PHRASES[status] ?? `HTTP ${status}`;
}

/** The errors the runtime's HTTP adapter sends on its own, with what they mean. */
const RUNTIME_ERRORS = {
  '400': 'Malformed JSON: the body is not valid JSON.',
  '413': 'Content Too Large: the body is over the size limit.',
  '415': 'Unsupported Media Type: the body is not application/json.',
  '422': 'Validation failed: one message per invalid field or parameter.',
} as const;

function jsonContent(schema: JsonSchema): Record<string, unknown> {
  return { [JSON_MEDIA_TYPE]: { schema } };
}

/** What a response is, when the spec does not say: the runtime's meaning, or the reason phrase. */
function defaultDescription(status: string): string {
  return Object.hasOwn(RUNTIME_ERRORS, status)
    ? RUNTIME_ERRORS[status as keyof typeof RUNTIME_ERRORS]
    : reasonPhrase(status);
}

/** The OpenAPI response of a declared spec response. */
export function responseObject(status: string, response: Response): Record<string, unknown> {
  const description = response.description ?? defaultDescription(status);
  if (response.type !== 'unit')
    return { description, content: jsonContent(typeSchema(parseTypeRef(response.type))) };
  // The runtime sends a generic_error body with every error, even where the spec says `unit`.
  if (Number(status) >= 400) return { description, content: jsonContent(schemaRef(GENERIC_ERROR)) };
  return { description };
}

/** The responses of an operation: the declared ones plus the runtime's errors it can produce (see the top). */
/** A list page's cursor to the next page (see functions/runtime/pagination.ts). */
const NEXT_CURSOR_HEADERS = {
  [NEXT_CURSOR_HEADER]: {
    description:
      'The cursor of the next page: pass it back as the `cursor` query parameter. Absent on the last page.',
    schema: { type: 'string' },
  },
};

export function responsesObject(op: OperationRef): Record<string, unknown> {
  const { operation } = op;
  const declared = { ...operation.responses };
  const runtime: Array<keyof typeof RUNTIME_ERRORS> = [];
  if (operation.body) runtime.push('400', '413', '415');
  if (operation.body || (operation.parameters ?? []).length > 0) runtime.push('422');
  const out: Record<string, unknown> = {};
  const statuses = [...new Set([...Object.keys(declared), ...runtime])].sort((a, b) => Number(a) - Number(b));
  for (const status of statuses) {
    const response = declared[status];
    const listPage = response && isSuccessStatus(status) && isListOperation(op.path, operation);
    out[status] = response
      ? { ...responseObject(status, response), ...(listPage ? { headers: NEXT_CURSOR_HEADERS } : {}) }
      : {
          description: RUNTIME_ERRORS[status as keyof typeof RUNTIME_ERRORS],
          content: jsonContent(schemaRef(GENERIC_ERROR)),
        };
  }
  return out;
}

/** The parameters of an operation: path parameters in path order, then query parameters in spec order. */
export function parameterObjects(op: OperationRef): Array<Record<string, unknown>> {
  const declared = new Map((op.operation.parameters ?? []).map((parameter) => [parameter.name, parameter]));
  const inPath = pathParameterNames(op.path);
  const pathSet = new Set(inPath);
  const parameterObject = (parameter: Parameter, location: 'path' | 'query') =>
    compact({
      name: parameter.name,
      in: location,
      description: describe(parameter.description, parameter.deprecation),
      required: location === 'path' || (parameter.required !== false && parameter.default === undefined),
      deprecated: parameter.deprecation ? true : undefined,
      schema: memberSchema(parameter, { parameter: true }),
      'x-personal-data': isPersonal(parameter) ? true : undefined,
    });
  return [
    ...inPath.map((name) => {
      const parameter = declared.get(name);
      return parameter
        ? parameterObject(parameter, 'path')
        : { name, in: 'path', required: true, schema: { type: 'string' } };
    }),
    ...(op.operation.parameters ?? [])
      .filter((parameter) => !pathSet.has(parameter.name))
      .map((parameter) => parameterObject(parameter, 'query')),
  ];
}

/** The first sentence of a description, without its full stop: the operation's summary. */
export function summaryOf(description: string): string {
  const match = /^(.*?[.!?])(\s|$)/s.exec(description);
  const sentence = (match?.[1] ?? description).trim();
  return sentence.endsWith('.') ? sentence.slice(0, -1) : sentence;
}

export function operationObject(op: OperationRef, id: string): Record<string, unknown> {
  const { operation } = op;
  const description = describe(operation.description, operation.deprecation);
  const parameters = parameterObjects(op);
  return compact({
    operationId: id,
    summary: operation.description ? summaryOf(operation.description) : undefined,
    description,
    tags: [op.resourceName],
    deprecated: operation.deprecation ? true : undefined,
    security: operation.auth === 'none' ? [] : undefined,
    parameters: parameters.length > 0 ? parameters : undefined,
    requestBody: operation.body
      ? compact({
          description: operation.body.description,
          required: true,
          content: jsonContent(typeSchema(parseTypeRef(operation.body.type))),
        })
      : undefined,
    responses: responsesObject(op),
  });
}

/** `paths`: sorted by path; within a path, GET, POST, PUT, PATCH, DELETE. */
export function pathsObject(spec: Spec): Record<string, Record<string, unknown>> {
  const ids = operationIds(spec);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of sortedOperations(spec)) {
    const path = openApiPath(op.path);
    const item = paths[path] ?? {};
    paths[path] = item;
    item[op.operation.method.toLowerCase()] = operationObject(op, ids.get(op.key) ?? '');
  }
  return paths;
}

/** Every model, every enum and `generic_error`, sorted by name. */
export function componentSchemas(spec: Spec): Record<string, JsonSchema> {
  const schemas: Array<[string, JsonSchema]> = [
    ...sortedEntries(spec.models).map(([name, model]): [string, JsonSchema] => [name, modelSchema(model)]),
    ...sortedEntries(spec.enums).map(([name, enumDef]): [string, JsonSchema] => [name, enumSchema(enumDef)]),
    [GENERIC_ERROR, genericErrorSchema()],
  ];
  return Object.fromEntries(schemas.sort(([a], [b]) => compareText(a, b)));
}

export function securitySchemes(): Record<string, unknown> {
  return {
    [SECURITY_SCHEME]: {
      type: 'apiKey',
      description:
        'AWS Signature Version 4: sign every request with IAM credentials allowed execute-api:Invoke.',
      name: 'Authorization',
      in: 'header',
      'x-amazon-apigateway-authtype': 'awsSigv4',
    },
  };
}

/** The detail types the service publishes, `<resource>.<event>`, sorted. */
export function publishedDetailTypes(spec: Spec): string[] {
  return sortedEntries(spec.resources)
    .flatMap(([name, resource]) => publishedEvents(resource).map((event) => detailType(name, event)))
    .sort(compareText);
}

/** The OpenAPI 3.1 document of a validated spec. See the top of this file for every decision. */
export function openApiDocument(spec: Spec): Record<string, unknown> {
  const resources = sortedEntries(spec.resources);
  return {
    openapi: OPENAPI_VERSION,
    info: compact({ title: spec.name, description: spec.description, version: DOCUMENT_VERSION }),
    jsonSchemaDialect: JSON_SCHEMA_DIALECT,
    tags: resources.map(([name, resource]) => compact({ name, description: resource.description })),
    security: [{ [SECURITY_SCHEME]: [] }],
    paths: pathsObject(spec),
    components: { schemas: componentSchemas(spec), securitySchemes: securitySchemes() },
    'x-tributary-events': publishedDetailTypes(spec),
  };
}
