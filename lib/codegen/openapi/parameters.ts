/**
 * The parameters of an operation: path parameters in path order (all required; one named in the
 * path but not declared, the usual `:id`, is a string), then query parameters in spec order
 * (required when required and without default), then header parameters (headers.ts).
 */
import { pathParameterNames } from '../../contract/model';
import type { Parameter } from '../../contract/schema';
import { memberSchema } from './components/schemas';
import {
  type OperationContext,
  REQUEST_HEADERS,
  type RequestHeaderRule,
  requestHeaderParameters,
} from './headers';
import { compact, describe, isPersonal, type OpenApiObject } from './shared';

function parameterObject(parameter: Parameter, location: 'path' | 'query'): OpenApiObject {
  return compact({
    name: parameter.name,
    in: location,
    description: describe(parameter.description, parameter.deprecation),
    required: location === 'path' || (parameter.required !== false && parameter.default === undefined),
    deprecated: parameter.deprecation ? true : undefined,
    schema: memberSchema(parameter, { parameter: true }),
    'x-personal-data': isPersonal(parameter) ? true : undefined,
  });
}

export function parameterObjects(
  context: OperationContext,
  headerRules: readonly RequestHeaderRule[] = REQUEST_HEADERS,
): OpenApiObject[] {
  const { op } = context;
  const declared = new Map((op.operation.parameters ?? []).map((parameter) => [parameter.name, parameter]));
  const inPath = pathParameterNames(op.path);
  const pathSet = new Set(inPath);
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
    ...requestHeaderParameters(context, headerRules),
  ];
}
