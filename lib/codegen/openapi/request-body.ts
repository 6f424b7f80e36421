/** The request body of an operation: its body type as required JSON, or none. */
import type { OperationRef } from '../../contract/model';
import { typeTextSchema } from './components/schemas';
import { compact, jsonContent, type OpenApiObject } from './shared';

export function requestBodyObject(op: OperationRef): OpenApiObject | undefined {
  const { body } = op.operation;
  if (body === undefined) return undefined;
  return compact({
    description: body.description,
    required: true,
    content: jsonContent(typeTextSchema(body.type)),
  });
}
