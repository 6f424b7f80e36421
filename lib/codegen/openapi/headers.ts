/**
 * The headers of operations: request headers (header parameters) and the headers of declared
 * responses, each one rule: a name, which operations (and statuses) it applies to, and its OpenAPI
 * object. A new header is one more rule in a table below; the parameter and response transforms
 * take every rule that applies. The conditional-request headers (ETag, If-Match, If-None-Match)
 * apply where conditions.ts says the runtime honours them.
 */
import {
  IDEMPOTENCY_KEY_HEADER,
  MAX_IDEMPOTENCY_KEY_LENGTH,
} from '../../../functions/runtime/http/idempotency-key';
import { NEXT_CURSOR_HEADER } from '../../../functions/runtime/pagination';
import { isIdempotent, isListOperation, isSuccessStatus, type OperationRef } from '../../contract/model';
import type { Spec } from '../../contract/schema';
import { standardShape } from '../standard-shape';
import { carriesEntityTag, honoursIfMatch, honoursIfNoneMatch } from './conditions';
import { compact, type JsonSchema, type OpenApiObject } from './shared';

/** What a header rule looks at: the operation and the spec it belongs to. */
export interface OperationContext {
  readonly op: OperationRef;
  readonly spec: Spec;
}

/** A header of a response: when a declared response carries it, and its header object. */
export interface ResponseHeaderRule {
  /** Lower case, as HTTP/2 and API Gateway send it. */
  readonly name: string;
  readonly applies: (context: OperationContext, status: string) => boolean;
  readonly description: string;
  /** Whether every response it applies to carries it. */
  readonly required?: boolean;
  readonly schema: JsonSchema;
}

/** A header of a request: which operations read it, and its parameter object (`in: header`). */
export interface RequestHeaderRule {
  readonly name: string;
  readonly applies: (context: OperationContext) => boolean;
  readonly description: string;
  readonly required?: boolean;
  readonly schema: JsonSchema;
}

/** A list page's cursor to the next page (functions/runtime/pagination.ts). */
const nextCursor: ResponseHeaderRule = {
  name: NEXT_CURSOR_HEADER,
  applies: ({ op }, status) => isSuccessStatus(status) && isListOperation(op.path, op.operation),
  description:
    'The cursor of the next page: pass it back as the `cursor` query parameter. Absent on the last page.',
  schema: { type: 'string' },
};

/** Where a standard create put the new resource (functions/runtime/standard-operations.ts). */
const location: ResponseHeaderRule = {
  name: 'location',
  applies: ({ op, spec }, status) => {
    const shape = standardShape(op, spec);
    return shape?.kind === 'create' && String(shape.successStatus) === status;
  },
  description:
    "The new resource's path, `<collection>/<id>` (sent by the standard create; an implementation written in its place may leave it out).",
  schema: { type: 'string' },
};

/**
 * A resource's entity tag, its version (functions/runtime/http/conditional.ts): on every declared
 * response whose type always has a version (conditions.ts), whatever its status, as the adapter tags
 * every body that has one. Required: such a body is never sent without it.
 */
export const ETAG: ResponseHeaderRule = {
  name: 'etag',
  applies: carriesEntityTag,
  description:
    'The entity tag of the resource in the body: its `version` in quotes (`"3"`). Where the operations take them, send it back in If-Match to write only while the resource is at that version, or in If-None-Match to be answered 304 while it still is.',
  required: true,
  schema: { type: 'string', pattern: '^"[1-9][0-9]*"$' },
};

/** Only where the write honours it (conditions.ts): elsewhere the header is ignored, and no 412 comes. */
const ifMatch: RequestHeaderRule = {
  name: 'if-match',
  applies: honoursIfMatch,
  description:
    'Write only while the resource is at one of these versions: a comma-separated list of entity tags (`"3"`, from the ETag of a read), or `*` for any version of an existing resource. Otherwise 412 and nothing is written (also when there is no such resource); weak tags (`W/"3"`) never match. Anything but `*` or a list of entity tags is a 400.',
  schema: { type: 'string' },
};

/** Only on a GET whose 200 carries an entity tag: the adapter answers 304 for no other. */
const ifNoneMatch: RequestHeaderRule = {
  name: 'if-none-match',
  applies: honoursIfNoneMatch,
  description:
    'Answer 304 with no body (and the ETag) while the resource is still at one of these entity tags, a comma-separated list (`"3"`; weak tags match too), or at any version for `*`. Anything but `*` or a list of entity tags is a 400.',
  schema: { type: 'string' },
};

/** An idempotent operation honours Idempotency-Key (functions/runtime/http/idempotency.ts). */
const idempotencyKey: RequestHeaderRule = {
  name: IDEMPOTENCY_KEY_HEADER,
  applies: ({ op }) => isIdempotent(op),
  description: `Names one logical request across retries (a new UUID per request, say). A retry with the same key and body gets the first answer (no second resource, no second event); the same key with another body is a 422, and while the first request is still in progress a 409. Only successes are remembered (a retry after an error runs again), for 24 hours. An empty key, or one over ${MAX_IDEMPOTENCY_KEY_LENGTH} characters, is a 422. Without it the request runs as it is.`,
  schema: { type: 'string', minLength: 1, maxLength: MAX_IDEMPOTENCY_KEY_LENGTH },
};

export const RESPONSE_HEADERS: readonly ResponseHeaderRule[] = [ETAG, location, nextCursor];
/** The SigV4 `Authorization` header is the security scheme's, not a parameter. */
export const REQUEST_HEADERS: readonly RequestHeaderRule[] = [idempotencyKey, ifMatch, ifNoneMatch];

/** The header object of a response header rule. */
export function headerObject(rule: ResponseHeaderRule): OpenApiObject {
  return compact({ description: rule.description, required: rule.required, schema: rule.schema });
}

/** The `headers` of a declared response of the operation, or undefined when it has none. */
export function responseHeaders(
  context: OperationContext,
  status: string,
  rules: readonly ResponseHeaderRule[] = RESPONSE_HEADERS,
): Record<string, OpenApiObject> | undefined {
  const headers = rules
    .filter((rule) => rule.applies(context, status))
    .map((rule): [string, OpenApiObject] => [rule.name, headerObject(rule)]);
  return headers.length > 0 ? Object.fromEntries(headers) : undefined;
}

/** The header parameters of the operation, in rule order. */
export function requestHeaderParameters(
  context: OperationContext,
  rules: readonly RequestHeaderRule[] = REQUEST_HEADERS,
): OpenApiObject[] {
  return rules
    .filter((rule) => rule.applies(context))
    .map((rule) =>
      compact({
        name: rule.name,
        in: 'header',
        description: rule.description,
        required: rule.required ?? false,
        schema: rule.schema,
      }),
    );
}
