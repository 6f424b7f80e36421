/**
 * `components.schemas`: every model, every enum, the runtime's `generic_error` and API Gateway's
 * `gateway_error`, and the schema of any spec type (fields, parameters, bodies and responses use
 * it). The mapping of types, bounds, formats and annotations is described at the top of ../index.ts.
 */
import type { EnumDef, Field, Model, Parameter, Spec } from '../../../contract/schema';
import { parseTypeRef, type TypeRef } from '../../../contract/type-ref';
import { compact, compareText, describe, isPersonal, type JsonSchema, sortedEntries } from '../shared';

export const GENERIC_ERROR = 'generic_error';
export const GATEWAY_ERROR = 'gateway_error';

/** The exact decimal pattern the runtime accepts: optional minus, digits, optional fraction. */
export const DECIMAL_PATTERN = '^-?\\d+(\\.\\d+)?$';
const INT32_FORMAT = 'int32';

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

/** The schema of a spec type written as text (`user`, `[string]`, `map[long]`). */
export function typeTextSchema(type: string): JsonSchema {
  return typeSchema(parseTypeRef(type));
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
    description:
      'The body of every error response the service sends: a stable code and one message per problem.',
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

/**
 * `gateway_error`: the body of what API Gateway answers itself, before or instead of the service's
 * function (403 for a missing or bad signature, 413, 429, 500 when the function fails, 503 when it
 * does not answer in time). Its messages are API Gateway's, not stable codes: match on the status.
 */
export function gatewayErrorSchema(): JsonSchema {
  return {
    type: 'object',
    description:
      "The body of an answer API Gateway gives itself, not the service: one message in API Gateway's words. Tell answers apart by their status.",
    properties: {
      message: {
        type: 'string',
        description: "API Gateway's message, such as Forbidden, Too Many Requests or Internal Server Error.",
        examples: ['Forbidden'],
      },
    },
    required: ['message'],
  };
}

/** Every model, every enum, `generic_error` and `gateway_error`, sorted by name. */
export function componentSchemas(spec: Spec): Record<string, JsonSchema> {
  const schemas: Array<[string, JsonSchema]> = [
    ...sortedEntries(spec.models).map(([name, model]): [string, JsonSchema] => [name, modelSchema(model)]),
    ...sortedEntries(spec.enums).map(([name, enumDef]): [string, JsonSchema] => [name, enumSchema(enumDef)]),
    [GENERIC_ERROR, genericErrorSchema()],
    [GATEWAY_ERROR, gatewayErrorSchema()],
  ];
  return Object.fromEntries(schemas.sort(([a], [b]) => compareText(a, b)));
}
