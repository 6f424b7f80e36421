/**
 * The operation object of one spec operation: id, summary and description, tag, deprecation,
 * security, parameters, request body and responses. Each part is its own transform (parameters.ts,
 * request-body.ts, responses.ts); this one puts them together in a stable key order.
 */
import { standardShape } from '../standard-shape';
import type { OperationContext } from './headers';
import { parameterObjects } from './parameters';
import { requestBodyObject } from './request-body';
import { responsesObject } from './responses';
import { compact, describe, type OpenApiObject, openApiPath } from './shared';

/** The first sentence of a description, without its full stop: the operation's summary. */
export function summaryOf(description: string): string {
  const match = /^(.*?[.!?])(\s|$)/s.exec(description);
  const sentence = (match?.[1] ?? description).trim();
  return sentence.endsWith('.') ? sentence.slice(0, -1) : sentence;
}

/**
 * What an operation does when its spec does not say: a standard operation's behaviour (it is the
 * generated one unless replaced), else its route, so no operation is left undescribed.
 */
export function defaultDescription(context: OperationContext, id: string): string {
  const { op, spec } = context;
  const resource = op.resourceName;
  switch (standardShape(op, spec)?.kind) {
    case 'get':
      return `Returns one ${resource} by its id.`;
    case 'list':
      return `Lists ${resource} items, a page at a time (the next page's cursor is in the x-next-cursor header).`;
    case 'create':
      return `Creates a ${resource} from the form in the body.`;
    case 'replace':
      return `Replaces the fields of a ${resource} with the form in the body.`;
    case 'delete':
      return `Deletes a ${resource}.`;
    default:
      return `The ${id} operation: ${op.operation.method} ${openApiPath(op.path)}. Its spec does not describe it.`;
  }
}

export function operationObject(context: OperationContext, id: string): OpenApiObject {
  const { operation } = context.op;
  const text = operation.description ?? defaultDescription(context, id);
  const parameters = parameterObjects(context);
  return compact({
    operationId: id,
    summary: summaryOf(text),
    description: describe(text, operation.deprecation),
    tags: [context.op.resourceName],
    deprecated: operation.deprecation ? true : undefined,
    security: operation.auth === 'none' ? [] : undefined,
    parameters: parameters.length > 0 ? parameters : undefined,
    requestBody: requestBodyObject(context.op),
    responses: responsesObject(context),
  });
}
