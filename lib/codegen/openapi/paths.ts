/** `paths`: one path item per OpenAPI path, sorted; within a path, GET, POST, PUT, PATCH, DELETE. */
import { allOperations, type OperationRef } from '../../contract/model';
import { operationIds } from '../../contract/names';
import type { Spec } from '../../contract/schema';
import { HTTP_METHODS } from '../../contract/schema';
import { operationObject } from './operation';
import { compareText, type OpenApiObject, openApiPath } from './shared';

export { openApiPath };

const METHOD_ORDER: ReadonlyMap<string, number> = new Map(HTTP_METHODS.map((method, i) => [method, i]));

/** Operations sorted by OpenAPI path, then GET, POST, PUT, PATCH, DELETE: independent of the spec's key order. */
export function sortedOperations(spec: Spec): OperationRef[] {
  return allOperations(spec).sort(
    (a, b) =>
      compareText(openApiPath(a.path), openApiPath(b.path)) ||
      (METHOD_ORDER.get(a.operation.method) ?? 0) - (METHOD_ORDER.get(b.operation.method) ?? 0),
  );
}

export function pathsObject(spec: Spec): Record<string, Record<string, OpenApiObject>> {
  const ids = operationIds(spec);
  const paths: Record<string, Record<string, OpenApiObject>> = {};
  for (const op of sortedOperations(spec)) {
    const path = openApiPath(op.path);
    const item = paths[path] ?? {};
    paths[path] = item;
    item[op.operation.method.toLowerCase()] = operationObject({ op, spec }, ids.get(op.key) ?? '');
  }
  return paths;
}
