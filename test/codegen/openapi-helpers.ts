/** Small specs for the tests of the OpenAPI transforms (lib/codegen/openapi/). */
import type { OperationContext } from '../../lib/codegen/openapi';
import { openApiDocument } from '../../lib/codegen/openapi';
import { allOperations } from '../../lib/contract/model';
import type { Field, Operation, Resource, Spec } from '../../lib/contract/schema';

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

/**
 * A spec whose one resource `thing` (at `/things`) is stored and versioned, as every stored resource
 * is declared: `version` a required long from 1 up, so every body of `thing` carries an entity tag.
 * `thing_form` is its form (so its CRUD operations are standard).
 */
export function versionedThingSpec(operations: Operation[], version: Partial<Field> = {}): Spec {
  return specOf(
    { thing: { path: '/things', storage: {}, operations } },
    {
      models: {
        thing: {
          fields: [
            { name: 'id', type: 'string' },
            { name: 'title', type: 'string' },
            { name: 'version', type: 'long', minimum: 1, ...version },
          ],
        },
        thing_form: { fields: [{ name: 'title', type: 'string' }] },
      },
    },
  );
}

/** The context of the one operation of a versioned `thing` spec. */
export function versionedContextOf(operation: Operation, version: Partial<Field> = {}): OperationContext {
  return firstOperation(versionedThingSpec([operation], version));
}

/** The standard operations of a stored `thing`, by kind. */
export const STANDARD_THING_OPERATIONS = {
  get: { method: 'GET', path: '/:id', responses: { '200': { type: 'thing' }, '404': { type: 'unit' } } },
  list: { method: 'GET', responses: { '200': { type: '[thing]' } } },
  create: { method: 'POST', body: { type: 'thing_form' }, responses: { '201': { type: 'thing' } } },
  replace: {
    method: 'PUT',
    path: '/:id',
    body: { type: 'thing_form' },
    responses: { '200': { type: 'thing' } },
  },
  delete: { method: 'DELETE', path: '/:id', responses: { '204': { type: 'unit' } } },
} satisfies Record<string, Operation>;

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
