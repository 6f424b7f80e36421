import type { JsonPath } from '../../diagnostic';
import { allOperations, type OperationRef, pathParameterNames } from '../../model';
import type { EnumDef, Field, Model, Parameter, Spec } from '../../schema';
import { BUILT_INS, PRIMITIVES, type TypeRef } from '../../type-ref';

/**
 * Shared walks and look-ups of the semantic rules: where a spec mentions types, fields and
 * parameters, with the JSON path of each so a rule can report at the offending value.
 */

/** `record[key]` only when it is the record's own key (never `toString` and friends). */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

export function modelOf(spec: Spec, name: string): Model | undefined {
  return own(spec.models, name);
}

export function enumOf(spec: Spec, name: string): EnumDef | undefined {
  return own(spec.enums, name);
}

const BUILT_IN_SET: ReadonlySet<string> = new Set(BUILT_INS);

/** What a name means in a spec: one of its models or enums, a built-in, or nothing. */
export function namedKind(spec: Spec, name: string): 'model' | 'enum' | 'built-in' | undefined {
  if (modelOf(spec, name)) return 'model';
  if (enumOf(spec, name)) return 'enum';
  if (BUILT_IN_SET.has(name)) return 'built-in';
  return undefined;
}

/** Every name a type reference of this spec may use: primitives, built-ins, models, enums. */
export function knownTypeNames(spec: Spec): string[] {
  return [...PRIMITIVES, ...BUILT_INS, ...Object.keys(spec.models ?? {}), ...Object.keys(spec.enums ?? {})];
}

/** Primitives that are not a single plain value (and so cannot be a key or a path segment). */
const NON_SCALAR_PRIMITIVES: ReadonlySet<string> = new Set(['object', 'json', 'unit']);

/** A single plain value: a primitive other than object, json and unit, or an enum of the spec. */
export function isScalar(spec: Spec, ref: TypeRef): boolean {
  if (ref.kind === 'primitive') return !NON_SCALAR_PRIMITIVES.has(ref.name);
  if (ref.kind === 'named') return enumOf(spec, ref.name) !== undefined;
  return false;
}

/** Whether the reference mentions a name the spec does not define (reported by `unknown-type`). */
export function mentionsUnknown(spec: Spec, ref: TypeRef): boolean {
  switch (ref.kind) {
    case 'primitive':
      return false;
    case 'named':
      return namedKind(spec, ref.name) === undefined;
    default:
      return mentionsUnknown(spec, ref.of);
  }
}

/** Whether the reference mentions `unit` or `generic_error` anywhere (reported by `type-placement`). */
export function mentionsSpecial(ref: TypeRef): boolean {
  switch (ref.kind) {
    case 'primitive':
      return ref.name === 'unit';
    case 'named':
      return BUILT_IN_SET.has(ref.name);
    default:
      return mentionsSpecial(ref.of);
  }
}

/** Describes a type for messages: `"user_status" (an enum)`. */
export function describeType(spec: Spec, ref: TypeRef, text: string): string {
  if (ref.kind === 'list') return `"${text}" (a list)`;
  if (ref.kind === 'map') return `"${text}" (a map)`;
  if (ref.kind === 'primitive') return `"${text}"`;
  const kind = namedKind(spec, ref.name);
  return kind === 'model' ? `"${text}" (a model)` : kind === 'enum' ? `"${text}" (an enum)` : `"${text}"`;
}

/** A field of a model or a parameter of an operation. */
export interface MemberSite {
  readonly kind: 'field' | 'parameter';
  readonly member: Field | Parameter;
  /** Path of the field or parameter object. */
  readonly path: JsonPath;
  /** For messages: `field "email" of model "user"`, `parameter "limit" of GET /users`. */
  readonly where: string;
  /** For parameters: the operation. */
  readonly operation?: OperationRef;
  /** For parameters: whether the operation's path names it (a path parameter, else a query parameter). */
  readonly inPath?: boolean;
}

export function operationJsonPath(op: OperationRef): JsonPath {
  return ['resources', op.resourceName, 'operations', op.operationIndex];
}

/** Every field of every model, then every parameter of every operation, in spec order. */
export function memberSites(spec: Spec): MemberSite[] {
  const out: MemberSite[] = [];
  for (const [modelName, model] of Object.entries(spec.models ?? {})) {
    model.fields.forEach((field, i) => {
      out.push({
        kind: 'field',
        member: field,
        path: ['models', modelName, 'fields', i],
        where: `field "${field.name}" of model "${modelName}"`,
      });
    });
  }
  for (const op of allOperations(spec)) {
    const inPath = new Set(pathParameterNames(op.path));
    (op.operation.parameters ?? []).forEach((parameter, i) => {
      const isPathParameter = inPath.has(parameter.name);
      const kind = isPathParameter ? 'path parameter' : 'query parameter';
      out.push({
        kind: 'parameter',
        member: parameter,
        path: [...operationJsonPath(op), 'parameters', i],
        where: `${kind} "${parameter.name}" of ${op.key}`,
        operation: op,
        inPath: isPathParameter,
      });
    });
  }
  return out;
}

/** A place where the spec writes a type. */
export interface TypeSite {
  readonly kind: 'field' | 'parameter' | 'body' | 'response';
  readonly type: string;
  /** Path of the `type` value. */
  readonly path: JsonPath;
  /** For messages, as in {@link MemberSite.where}; `body of POST /users`, `response 200 of GET /users`. */
  readonly where: string;
}

/** Every type reference of the spec: fields, parameters, bodies and responses. */
export function typeSites(spec: Spec): TypeSite[] {
  const out: TypeSite[] = memberSites(spec).map((site) => ({
    kind: site.kind,
    type: site.member.type,
    path: [...site.path, 'type'],
    where: site.where,
  }));
  for (const op of allOperations(spec)) {
    const base = operationJsonPath(op);
    if (op.operation.body) {
      out.push({
        kind: 'body',
        type: op.operation.body.type,
        path: [...base, 'body', 'type'],
        where: `body of ${op.key}`,
      });
    }
    for (const [status, response] of Object.entries(op.operation.responses)) {
      out.push({
        kind: 'response',
        type: response.type,
        path: [...base, 'responses', status, 'type'],
        where: `response ${status} of ${op.key}`,
      });
    }
  }
  return out;
}

/** The hint for an unknown name: "did you mean" when a name is near, else `otherwise`. */
export function nameHint(suggestion: string, otherwise: string): string {
  return suggestion ? `${suggestion.charAt(0).toUpperCase()}${suggestion.slice(1)}` : otherwise;
}

/** Finds repeated values: calls `onRepeat(index, firstIndex)` for every repeat after the first. */
export function forEachRepeat<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  onRepeat: (index: number, firstIndex: number, item: T) => void,
): void {
  const first = new Map<string, number>();
  items.forEach((item, i) => {
    const key = keyOf(item);
    const seen = first.get(key);
    if (seen === undefined) first.set(key, i);
    else onRepeat(i, seen, item);
  });
}
