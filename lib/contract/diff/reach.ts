import { allOperations } from '../model';
import type { Spec } from '../schema';
import { namedTypesOf, tryParseTypeRef } from '../type-ref';
import { SIDES, type Side } from './change';

/**
 * Side reachability: which operations reach a named type (model or enum) on the request side
 * (parameters, bodies and everything they reach through fields, lists and maps) and on the
 * response side (response types and everything they reach). Computed on the base spec: a
 * change breaks the clients of the operations that used the type before it.
 */
export interface Reach {
  readonly request: ReadonlySet<string>;
  readonly response: ReadonlySet<string>;
}

export const NO_REACH: Reach = { request: new Set(), response: new Set() };

export function reachOn(side: Side, operations: Iterable<string>): Reach {
  return side === 'request'
    ? { request: new Set(operations), response: new Set() }
    : { request: new Set(), response: new Set(operations) };
}

export function reachBoth(operations: Iterable<string>): Reach {
  const all = [...operations];
  return { request: new Set(all), response: new Set(all) };
}

/** The sides a reach touches, request first. */
export function sidesOf(reach: Reach): Side[] {
  return SIDES.filter((side) => reach[side].size > 0);
}

/** Named types mentioned by a type string (nothing for malformed ones). */
function namesIn(type: string): string[] {
  const ref = tryParseTypeRef(type);
  return ref ? namedTypesOf(ref) : [];
}

/** Every named type reachable from `roots`, following model fields transitively. */
export function reachableTypes(spec: Spec, roots: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const stack = roots.flatMap(namesIn);
  for (let name = stack.pop(); name !== undefined; name = stack.pop()) {
    if (seen.has(name)) continue;
    seen.add(name);
    const model = spec.models?.[name];
    if (model) for (const field of model.fields) stack.push(...namesIn(field.type));
  }
  return seen;
}

/** For each named type of the spec, the operations (keys of the spec itself) that reach it per side. */
export function computeTypeReach(spec: Spec): Map<string, Reach> {
  const out = new Map<string, { request: Set<string>; response: Set<string> }>();
  const entry = (name: string) => {
    let found = out.get(name);
    if (!found) {
      found = { request: new Set(), response: new Set() };
      out.set(name, found);
    }
    return found;
  };
  for (const { operation, key } of allOperations(spec)) {
    const requestRoots = [
      ...(operation.parameters ?? []).map((p) => p.type),
      ...(operation.body ? [operation.body.type] : []),
    ];
    const responseRoots = Object.values(operation.responses).map((r) => r.type);
    for (const name of reachableTypes(spec, requestRoots)) entry(name).request.add(key);
    for (const name of reachableTypes(spec, responseRoots)) entry(name).response.add(key);
  }
  return out;
}
