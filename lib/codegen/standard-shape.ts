/**
 * Which operations are standard: the five shapes a stored resource's CRUD takes, which the
 * generated code implements with no hand-written line (functions/runtime/standard-operations.ts).
 * Anything else is a custom operation: `dev generate` scaffolds a stub that answers 501 until a
 * person writes it. An operation of standard shape can still be overridden by writing its
 * implementation file (the generator then uses that one).
 *
 * The shapes (all on a resource with `storage`, whose model is the resource's):
 * - get:     `GET <path>/:id` → 200 the resource; no query parameters.
 * - list:    `GET <path>` → 200 `[resource]`; query parameters `limit` (integer), `cursor` (string)
 *            and filters, each a field of the resource that an index of it covers, every index whose
 *            fields are all filters being a way to filter.
 * - create:  `POST <path>` with a form → 201 (or 200) the resource.
 * - replace: `PUT <path>/:id` with a form → 200 the resource.
 * - delete:  `DELETE <path>/:id` → 204, or 200 the resource.
 * A form is a model whose every field is a field of the resource (same type, not the id or a system
 * attribute), and which gives every required resource field that has no default.
 */
import { ID_ATTRIBUTE, RETURNED_SYSTEM_ATTRIBUTES } from '../../functions/runtime/conventions';
import { type OperationRef, pathParameterNames } from '../contract/model';
import type { Field, Model, Spec } from '../contract/schema';

export type StandardKind = 'get' | 'list' | 'create' | 'replace' | 'delete';

/** The id and the system attributes the repository maintains: never part of a form. */
const MAINTAINED: ReadonlySet<string> = new Set([ID_ATTRIBUTE, ...RETURNED_SYSTEM_ATTRIBUTES]);

export interface StandardShape {
  readonly kind: StandardKind;
  /** The resource (and its model's) name. */
  readonly resource: string;
  /** The one 2xx status the operation answers. */
  readonly successStatus: number;
  /** `delete` answering 200: the deleted resource is the body. */
  readonly returnsBody: boolean;
  /** `list`: the indexes a list may filter by (each of whose fields is a filter parameter). */
  readonly filterIndexes: readonly string[];
}

function successOf(ref: OperationRef): { status: number; type: string } | undefined {
  const successes = Object.entries(ref.operation.responses).filter(([status]) => /^2\d\d$/.test(status));
  if (successes.length !== 1) return undefined;
  const [status, response] = successes[0] as [string, { type: string }];
  return { status: Number(status), type: response.type };
}

function isRequired(field: Field): boolean {
  return field.required !== false && field.default === undefined;
}

/** Whether `form` can be stored as the resource's fields (see the module comment). */
export function isFormOf(form: Model, resource: Model): boolean {
  const resourceFields = new Map(resource.fields.map((field) => [field.name, field]));
  for (const field of form.fields) {
    const target = resourceFields.get(field.name);
    if (target === undefined || MAINTAINED.has(field.name) || target.type !== field.type) return false;
  }
  const formFields = new Map(form.fields.map((field) => [field.name, field]));
  for (const target of resource.fields) {
    if (MAINTAINED.has(target.name) || !isRequired(target)) continue;
    const given = formFields.get(target.name);
    if (given === undefined || (given.required === false && given.default === undefined)) return false;
  }
  return true;
}

/** The standard shape of an operation, or undefined when it is custom. */
export function standardShape(ref: OperationRef, spec: Spec): StandardShape | undefined {
  const { resource, resourceName, operation } = ref;
  const model = spec.models?.[resourceName];
  if (resource.storage === undefined || model === undefined) return undefined;
  const success = successOf(ref);
  if (success === undefined) return undefined;
  const ownPath = operation.path ?? '';
  const onItem = /^\/:[A-Za-z0-9_]+$/.test(ownPath);
  const onCollection = ownPath === '';
  const pathNames = new Set(pathParameterNames(ref.path));
  const query = (operation.parameters ?? []).filter((parameter) => !pathNames.has(parameter.name));
  const form = operation.body === undefined ? undefined : spec.models?.[operation.body.type];
  const shape = (kind: StandardKind, extra: Partial<StandardShape> = {}): StandardShape => ({
    kind,
    resource: resourceName,
    successStatus: success.status,
    returnsBody: false,
    filterIndexes: [],
    ...extra,
  });

  switch (operation.method) {
    case 'GET': {
      if (onItem && query.length === 0 && success.status === 200 && success.type === resourceName)
        return shape('get');
      if (!onCollection || success.status !== 200 || success.type !== `[${resourceName}]`) return undefined;
      return listShape(query, model, resource.storage.indexes ?? [], shape);
    }
    case 'POST':
      if (!onCollection || query.length > 0 || form === undefined || !isFormOf(form, model)) return undefined;
      if ((success.status === 201 || success.status === 200) && success.type === resourceName)
        return shape('create');
      return undefined;
    case 'PUT':
      if (!onItem || query.length > 0 || form === undefined || !isFormOf(form, model)) return undefined;
      return success.status === 200 && success.type === resourceName ? shape('replace') : undefined;
    case 'DELETE':
      if (!onItem || query.length > 0 || operation.body !== undefined) return undefined;
      if (success.status === 204 && success.type === 'unit') return shape('delete');
      if (success.status === 200 && success.type === resourceName)
        return shape('delete', { returnsBody: true });
      return undefined;
    default:
      return undefined;
  }
}

function listShape(
  query: NonNullable<OperationRef['operation']['parameters']>,
  model: Model,
  indexes: ReadonlyArray<{ readonly fields: readonly string[] }>,
  shape: (kind: StandardKind, extra?: Partial<StandardShape>) => StandardShape,
): StandardShape | undefined {
  const fields = new Map(model.fields.map((field) => [field.name, field]));
  const filters = new Set<string>();
  for (const parameter of query) {
    if (parameter.name === 'limit') {
      if (parameter.type !== 'integer') return undefined;
    } else if (parameter.name === 'cursor') {
      if (parameter.type !== 'string') return undefined;
    } else {
      const field = fields.get(parameter.name);
      // A filter compares with the stored field: it must have the field's type.
      if (field === undefined || field.type !== parameter.type) return undefined;
      filters.add(parameter.name);
    }
  }
  const usable = indexes.filter((index) => index.fields.every((field) => filters.has(field)));
  const covered = new Set(usable.flatMap((index) => index.fields));
  if ([...filters].some((filter) => !covered.has(filter))) return undefined;
  return shape('list', { filterIndexes: usable.map((index) => index.fields.join(',')) });
}
