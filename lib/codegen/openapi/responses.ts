/**
 * The responses of an operation: the ones its spec declares, and every standard answer it can give
 * besides (answers.ts: the runtime's refusals and API Gateway's own answers), each a `$ref` to its
 * component response. A status both declared and standard is one response: the spec's description
 * followed by what each standard answer means (else the component's description), the headers of
 * both, and a body that is `oneOf` the declared one and the standard ones.
 */
import type { Response } from '../../contract/schema';
import { type StandardAnswer, standardAnswers } from './answers';
import { answerComponentName, answerHeaders, answerResponse, responseRef } from './components/responses';
import { GENERIC_ERROR, schemaRef, typeTextSchema } from './components/schemas';
import { type OperationContext, responseHeaders } from './headers';
import { reasonPhrase } from './reason-phrases';
import {
  compact,
  compareStatus,
  type JsonSchema,
  jsonContent,
  type OpenApiObject,
  type Reference,
} from './shared';

/**
 * The body schema of a declared response, or undefined when it has none: a `unit` response has no
 * content, except from 400 up, where the runtime sends a `generic_error` with every error.
 */
export function declaredSchema(status: string, response: Response): JsonSchema | undefined {
  if (response.type !== 'unit') return typeTextSchema(response.type);
  return Number(status) >= 400 ? schemaRef(GENERIC_ERROR) : undefined;
}

/** One schema, or `oneOf` the distinct ones. */
function unionOf(schemas: readonly JsonSchema[]): JsonSchema {
  const distinct = [...new Map(schemas.map((schema) => [JSON.stringify(schema), schema])).values()];
  return distinct.length === 1 ? (distinct[0] as JsonSchema) : { oneOf: distinct };
}

/** The OpenAPI response of a declared spec response, merged with the standard answers of its status. */
export function declaredResponseObject(
  context: OperationContext,
  status: string,
  response: Response,
  answers: readonly StandardAnswer[] = [],
): OpenApiObject {
  const own = declaredSchema(status, response);
  const schemas = [
    ...(own ? [own] : []),
    ...answers.flatMap((answer) => (answer.schema === undefined ? [] : [schemaRef(answer.schema)])),
  ];
  // The spec's description says what the service means by the status; it must not hide what else
  // the same status can mean (a create's declared 409 "email taken" is also "Idempotency-Key in use").
  const description =
    response.description === undefined
      ? answers.length > 0
        ? String(answerResponse(status, answers).description)
        : reasonPhrase(status)
      : [response.description, ...answers.map((answer) => answer.description)].join(' ');
  const headers = { ...answerHeaders(answers), ...responseHeaders(context, status) };
  return compact({
    description,
    headers: Object.keys(headers).length > 0 ? headers : undefined,
    content: schemas.length > 0 ? jsonContent(unionOf(schemas)) : undefined,
  });
}

/** Every response of the operation, statuses ascending. */
export function responsesObject(context: OperationContext): Record<string, OpenApiObject | Reference> {
  const declared = context.op.operation.responses;
  const standard = standardAnswers(context);
  const statuses = [...new Set([...Object.keys(declared), ...standard.keys()])].sort(compareStatus);
  const out: Record<string, OpenApiObject | Reference> = {};
  for (const status of statuses) {
    const response = Object.hasOwn(declared, status) ? declared[status] : undefined;
    const answers = standard.get(status) ?? [];
    out[status] = response
      ? declaredResponseObject(context, status, response, answers)
      : responseRef(answerComponentName(status, answers));
  }
  return out;
}
