/**
 * The headers of operations: request headers (header parameters) and the headers of declared
 * responses, each one rule: a name, which operations (and statuses) it applies to, and its OpenAPI
 * object. A new header (ETag, If-Match, Idempotency-Key...) is one more rule in a table below; the
 * parameter and response transforms take every rule that applies.
 */
import { NEXT_CURSOR_HEADER } from '../../../functions/runtime/pagination';
import { isListOperation, isSuccessStatus, type OperationRef } from '../../spec/model';
import type { Spec } from '../../spec/schema';
import { standardShape } from '../standard-shape';
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

export const RESPONSE_HEADERS: readonly ResponseHeaderRule[] = [location, nextCursor];
/** None yet: the SigV4 `Authorization` header is the security scheme's, not a parameter. */
export const REQUEST_HEADERS: readonly RequestHeaderRule[] = [];

/** The `headers` of a declared response of the operation, or undefined when it has none. */
export function responseHeaders(
  context: OperationContext,
  status: string,
  rules: readonly ResponseHeaderRule[] = RESPONSE_HEADERS,
): Record<string, OpenApiObject> | undefined {
  const headers = rules
    .filter((rule) => rule.applies(context, status))
    .map((rule): [string, OpenApiObject] => [
      rule.name,
      compact({ description: rule.description, required: rule.required, schema: rule.schema }),
    ]);
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
