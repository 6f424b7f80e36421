import { z } from 'zod';
import {
  DEFAULT_LIST_SHARDS,
  EVENT_ACTIONS,
  type EventAction,
  MAX_LIST_SHARDS,
  PARTITION_WRITE_UNITS_PER_SECOND,
  STRING_FORMATS,
  type StringFormat,
} from '../../functions/runtime/conventions';

/**
 * The zod schema of the API spec format (docs/spec-format.md). It checks structure only:
 * names and references are resolved by the semantic rules in `validate/`, style by `lint/`.
 * Every object is strict, so a misspelt key is an error instead of being silently ignored.
 */

const description = z.string().min(1).describe('Documentation, in one or two sentences.');

/** The formats a string field or parameter may declare (`format`): see functions/runtime/conventions/string-formats.ts. */
export { STRING_FORMATS, type StringFormat };

/**
 * The most digits a decimal's `precision` or `scale` may declare. Far beyond any amount a service
 * handles (money needs 2 to 4 after the point, 20 or so in all), it keeps the generated checks and
 * the documented limits small, and catches a slip such as 1000 for 10.
 */
export const MAX_DECIMAL_DIGITS = 100;

/** A resource's id prefix: what functions/runtime/ids.ts accepts (a test keeps the two in step). */
export const ID_PREFIX_PATTERN = /^[a-z][a-z0-9]{0,9}$/;

/** An operation's `name`: a lower camelCase identifier. */
export const OPERATION_NAME_PATTERN = /^[a-z][A-Za-z0-9]*$/;

export const deprecationSchema = z
  .strictObject({ description: description.describe('Why it is going away and what to use instead.') })
  .describe('Marks the element as still served but going away.')
  .meta({ id: 'deprecation' });

export const typeRefSchema = z
  .string()
  .min(1)
  .describe(
    'A primitive (string, boolean, integer, long, double, decimal, uuid, date-iso8601, date-time-iso8601, object, json, unit), ' +
      '[T] for a list, map[T] for a string-keyed object, or the name of an enum or model of this spec.',
  );

const fieldShape = {
  name: z.string().min(1).describe('Lower snake case, unique in its model or operation.'),
  type: typeRefSchema,
  required: z.boolean().optional().describe('Default true.'),
  default: z
    .json()
    .optional()
    .describe('A value of the type; the server fills it in when the client leaves it out.'),
  description: description.optional(),
  example: z.json().optional().describe('An example value, for documentation.'),
  annotations: z.array(z.string().min(1)).optional().describe('Names declared in the top-level annotations.'),
  minimum: z
    .number()
    .optional()
    .describe(
      'Numbers: the least value (decimals compare exactly, as decimals, not as floating point); ' +
        'strings: the least length; lists: the least item count.',
    ),
  maximum: z
    .number()
    .optional()
    .describe(
      'Numbers: the greatest value (decimals compare exactly, as decimals, not as floating point); ' +
        'strings: the greatest length; lists: the greatest item count.',
    ),
  pattern: z
    .string()
    .optional()
    .describe(
      'Strings only: an ECMAScript regular expression (compiled with the `u` flag) the value must match. ' +
        'It is not anchored: write ^...$ to match the whole value.',
    ),
  format: z
    .enum(STRING_FORMATS)
    .optional()
    .describe(
      'Strings only: email (ada@example.com: ASCII, a dot in the domain), uri (an absolute URI: scheme, ":", ' +
        'URI characters only), uuid (RFC 9562, version and variant checked), date (YYYY-MM-DD) or ' +
        'date-time (ISO 8601 with seconds and a zone, Z or +hh:mm).',
    ),
  precision: z
    .number()
    .optional()
    .describe(
      'Decimals only: the most significant digits a value may have, counted as written from its first non-zero ' +
        'digit to its last digit ("12.50" has 4, "0.05" has 1, "0" has 1). A whole number from 1 to 100.',
    ),
  scale: z
    .number()
    .optional()
    .describe(
      'Decimals only: the most digits a value may have after the point, as written ("12.50" has 2, "12.5" has 1). ' +
        'A whole number from 0 to 100, at most the precision.',
    ),
  deprecation: deprecationSchema.optional(),
};

export const fieldSchema = z.strictObject(fieldShape).describe('A field of a model.').meta({ id: 'field' });
export const parameterSchema = z
  .strictObject(fieldShape)
  .describe(
    'A parameter of an operation: a path parameter when the path names it (`:name`), otherwise a query parameter.',
  )
  .meta({ id: 'parameter' });

export const enumValueSchema = z
  .strictObject({
    name: z.string().min(1).describe('Lower snake case, unique in its enum.'),
    description: description.optional(),
    deprecation: deprecationSchema.optional(),
  })
  .meta({ id: 'enumValue' });

export const enumSchema = z
  .strictObject({
    description: description.optional(),
    values: z.array(enumValueSchema).describe('At least one value.'),
    deprecation: deprecationSchema.optional(),
  })
  .meta({ id: 'enum' });

export const modelSchema = z
  .strictObject({
    description: description.optional(),
    fields: z.array(fieldSchema),
    deprecation: deprecationSchema.optional(),
  })
  .meta({ id: 'model' });

export const annotationSchema = z.strictObject({ description }).meta({ id: 'annotation' });

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
/** The events a stored resource publishes (functions/runtime/conventions/event-names.ts). */
export const EVENT_KINDS = EVENT_ACTIONS;
export const AUTH_KINDS = ['iam', 'none'] as const;
/** Repository methods a Lambda's code calls on its own table (functions/runtime/table-access.ts). */
export const TABLE_ACCESS_USES = ['get', 'list', 'find', 'create', 'replace', 'delete'] as const;

const tableAccessSchema = z
  .array(z.enum(TABLE_ACCESS_USES))
  .describe(
    "The repository methods this Lambda's code calls on its service's table (get, list, find, create, replace, delete): " +
      'it is granted exactly their DynamoDB actions. Default: derived from the operation (GET /:id get; a GET list list, and find when the resource has indexes; ' +
      'POST create, PUT/PATCH replace, DELETE delete); for a subscription, none beyond its dedupe records.',
  );

export const bodySchema = z
  .strictObject({
    type: typeRefSchema,
    description: description.optional(),
  })
  .meta({ id: 'body' });

export const responseSchema = z
  .strictObject({
    type: typeRefSchema,
    description: description.optional(),
  })
  .meta({ id: 'response' });

export const callSchema = z
  .strictObject({
    service: z.string().min(1).describe('Another service of the system.'),
    method: z.enum(HTTP_METHODS),
    path: z.string().min(1).describe('The full path of the operation, as in that service (`/users/:id`).'),
  })
  .describe(
    "An operation of another service this code calls through its generated client: it gets the service's URL and execute-api:Invoke on exactly that route.",
  )
  .meta({ id: 'call' });

export const operationSchema = z
  .strictObject({
    name: z
      .string()
      .regex(OPERATION_NAME_PATTERN, {
        error: (issue) =>
          `operation name ${JSON.stringify(issue.input)} is not a lower camelCase identifier (a lowercase letter, then letters and digits, e.g. countStockItem)`,
      })
      .optional()
      .describe(
        'The operation id (lower camelCase, e.g. countStockItem): the generated client method, the operation ' +
          "descriptor's id, the OpenAPI operationId and the Lambda's file name. Default: derived from the method and path.",
      ),
    method: z.enum(HTTP_METHODS),
    path: z.string().optional().describe("Appended to the resource's path; `:name` marks a path parameter."),
    description: description.optional(),
    parameters: z.array(parameterSchema).optional(),
    body: bodySchema.optional().describe('The request body; never on GET or DELETE.'),
    responses: z.record(z.string(), responseSchema).describe('HTTP status code to response.'),
    auth: z
      .enum(AUTH_KINDS)
      .optional()
      .describe('iam (the default): callers sign with SigV4; none: anyone may call.'),
    deprecation: deprecationSchema.optional(),
    calls: z
      .array(callSchema)
      .optional()
      .describe("Operations of other services this operation's handler calls; default none."),
    table_access: tableAccessSchema.optional(),
    idempotent: z
      .boolean()
      .optional()
      .describe(
        'Whether the operation honours an `Idempotency-Key` request header (a retried request with the same key and body gets the first answer). Default: true for a POST on the collection (a create), false otherwise.',
      ),
  })
  .meta({ id: 'operation' });

export const indexSchema = z
  .strictObject({
    fields: z.array(z.string().min(1)).min(1).describe('Fields of the resource model, primitives or enums.'),
    unique: z.boolean().optional().describe('Default false. A unique index is enforced with guard items.'),
    ignore_case: z
      .boolean()
      .optional()
      .describe(
        'Default false. Values that differ only in letter case are the same index value (folded with the ' +
          'locale-independent String.prototype.toLowerCase), for uniqueness and finding; stored as given. Only on string fields.',
      ),
  })
  .meta({ id: 'index' });

export const storageSchema = z
  .strictObject({
    indexes: z.array(indexSchema).optional(),
    list_shards: z
      .int()
      .min(1)
      .max(MAX_LIST_SHARDS)
      .optional()
      .describe(
        `How many list-index partitions the resource's items spread over (by a hash of the id), each taking about ${PARTITION_WRITE_UNITS_PER_SECOND.toLocaleString('en-US')} writes per second; 1..${MAX_LIST_SHARDS}, default ${DEFAULT_LIST_SHARDS}. Changing it re-lays the list index out.`,
      ),
  })
  .meta({ id: 'storage' });

export const resourceSchema = z
  .strictObject({
    path: z.string().optional().describe('The base path, default /<name>s.'),
    id_prefix: z
      .string()
      .regex(ID_PREFIX_PATTERN, {
        error: (issue) =>
          `id prefix ${JSON.stringify(issue.input)} is not a lowercase letter then up to 9 lowercase letters or digits (e.g. stk)`,
      })
      .optional()
      .describe(
        'What ids of this resource start with (`stk` gives stk-<ULID>): a lowercase letter, then up to 9 ' +
          'lowercase letters or digits. Default: derived from the name (user → usr, stock_item → stc).',
      ),
    description: description.optional(),
    storage: storageSchema
      .optional()
      .describe('Present when the service stores this resource in its own table.'),
    events: z
      .array(z.enum(EVENT_KINDS))
      .optional()
      .describe('Which events the resource publishes; default both when stored.'),
    operations: z.array(operationSchema),
  })
  .meta({ id: 'resource' });

export const subscriptionSchema = z
  .strictObject({
    service: z.string().min(1).describe('The publishing service.'),
    resource: z.string().min(1).describe('A resource of that service.'),
    events: z.array(z.enum(EVENT_KINDS)).min(1).describe('Events that resource publishes.'),
    description: description.optional(),
    calls: z
      .array(callSchema)
      .optional()
      .describe(
        "Operations the subscriber calls; default the publisher's GET of one item (`GET <path>/:id`).",
      ),
    table_access: tableAccessSchema.optional(),
  })
  .meta({ id: 'subscription' });

export const specSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().min(1).describe("The service's name: lower snake case, equal to the file's name."),
    description: description.optional(),
    annotations: z.record(z.string(), annotationSchema).optional(),
    enums: z.record(z.string(), enumSchema).optional(),
    models: z.record(z.string(), modelSchema).optional(),
    resources: z.record(z.string(), resourceSchema).optional(),
    subscriptions: z.array(subscriptionSchema).optional(),
  })
  .describe('A Tributary service API spec.');

export type Spec = z.infer<typeof specSchema>;
export type Field = z.infer<typeof fieldSchema>;
export type Parameter = z.infer<typeof parameterSchema>;
export type EnumDef = z.infer<typeof enumSchema>;
export type EnumValue = z.infer<typeof enumValueSchema>;
export type Model = z.infer<typeof modelSchema>;
export type Operation = z.infer<typeof operationSchema>;
export type Resource = z.infer<typeof resourceSchema>;
export type Index = z.infer<typeof indexSchema>;
export type Subscription = z.infer<typeof subscriptionSchema>;
export type Call = z.infer<typeof callSchema>;
export type Response = z.infer<typeof responseSchema>;
export type HttpMethod = (typeof HTTP_METHODS)[number];
export type EventKind = EventAction;
export type TableAccessUse = (typeof TABLE_ACCESS_USES)[number];
