import type { Spec } from '../schema';
import { formatTypeRef, type TypeRef, tryParseTypeRef } from '../type-ref';

/**
 * How a type reference changed between the base and the head spec:
 * - `same`: the same reference (a named model or enum is then compared structurally, once, at its own place);
 * - `widened`: every value of the old type is a value of the new one (integer→long, uuid→string, enum→string,
 *   model→object, anything→json, [A]→[B] and map[A]→map[B] when A→B widens);
 * - `narrowed`: the reverse of a widening;
 * - `unrelated`: anything else (string→integer, [user]→user, one model for another, ...).
 */
export type TypeChange = 'same' | 'widened' | 'narrowed' | 'unrelated';

/** Primitives that travel as a JSON string, so `string` accepts all their values. */
const STRING_ENCODED = new Set(['uuid', 'date-iso8601', 'date-time-iso8601', 'decimal']);

function isEnum(spec: Spec, ref: TypeRef): boolean {
  return ref.kind === 'named' && spec.enums?.[ref.name] !== undefined;
}

/** A JSON object on the wire: a model, a map, generic_error or `object` itself. */
function isJsonObject(spec: Spec, ref: TypeRef): boolean {
  if (ref.kind === 'map') return true;
  if (ref.kind === 'primitive') return ref.name === 'object';
  if (ref.kind === 'named') return ref.name === 'generic_error' || spec.models?.[ref.name] !== undefined;
  return false;
}

/** Whether every value of `from` (names resolved in `fromSpec`) is a value of the primitive `to`. Not recursive. */
function widensTo(from: TypeRef, fromSpec: Spec, to: TypeRef): boolean {
  if (from.kind === 'primitive' && from.name === 'unit') return false;
  if (to.kind !== 'primitive') return false;
  switch (to.name) {
    case 'json':
      return true;
    case 'object':
      return isJsonObject(fromSpec, from);
    case 'long':
      return from.kind === 'primitive' && from.name === 'integer';
    case 'double':
      // `long` is kept inside the JavaScript safe range, so a double holds it exactly.
      return from.kind === 'primitive' && (from.name === 'integer' || from.name === 'long');
    case 'string':
      return (from.kind === 'primitive' && STRING_ENCODED.has(from.name)) || isEnum(fromSpec, from);
    default:
      return false;
  }
}

function classifyRefs(from: TypeRef, fromSpec: Spec, to: TypeRef, toSpec: Spec): TypeChange {
  if (formatTypeRef(from) === formatTypeRef(to)) return 'same';
  if ((from.kind === 'list' && to.kind === 'list') || (from.kind === 'map' && to.kind === 'map')) {
    return classifyRefs(from.of, fromSpec, to.of, toSpec);
  }
  if (widensTo(from, fromSpec, to)) return 'widened';
  if (widensTo(to, toSpec, from)) return 'narrowed';
  return 'unrelated';
}

/** Classifies the change of a type string; names resolve in the spec each side belongs to. */
export function classifyTypeChange(from: string, fromSpec: Spec, to: string, toSpec: Spec): TypeChange {
  if (from === to) return 'same';
  const fromRef = tryParseTypeRef(from);
  const toRef = tryParseTypeRef(to);
  if (!fromRef || !toRef) return 'unrelated';
  return classifyRefs(fromRef, fromSpec, toRef, toSpec);
}
