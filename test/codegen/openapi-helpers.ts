/** Small specs for the tests of the OpenAPI transforms (lib/codegen/openapi/). */
import type { OperationContext } from '../../lib/codegen/openapi';
import { openApiDocument } from '../../lib/codegen/openapi';
import { allOperations } from '../../lib/spec/model';
import type { Operation, Resource, Spec } from '../../lib/spec/schema';

/** A spec with the given resources (default one, `thing`) and a model named after each. */
export function specOf(resources: Record<string, Resource>, extra: Partial<Spec> = {}): Spec {
  const models = Object.fromEntries(
    Object.keys(resources).map((name) => [name, { fields: [{ name: 'id', type: 'string' }] }]),
  );
  return { name: 'things', models, resources, ...extra };
}

/** A spec whose one resource `thing` (at `path`) has the given operations. */
export function thingSpec(operations: Operation[], path = '/things'): Spec {
  return specOf({ thing: { path, operations } });
}

/** The context of the spec's first operation. */
export function firstOperation(spec: Spec): OperationContext {
  const [op] = allOperations(spec);
  if (op === undefined) throw new Error('the spec has no operation');
  return { op, spec };
}

/** The context of the one operation of a `thing` spec. */
export function contextOf(operation: Operation, path = '/things'): OperationContext {
  return firstOperation(thingSpec([operation], path));
}

export const docOf = (spec: Spec) => openApiDocument(spec) as any;
