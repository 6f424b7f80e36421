import { type Branch, type CompiledPattern, compilePattern } from './compile';
import {
  type FlatEvent,
  flattenEvent,
  isConsistent,
  type Membership,
  NO_MEMBERSHIP,
  withField,
} from './flatten';
import type { EventPattern } from './types';

/**
 * EventBridge matching semantics:
 *
 * - every field the pattern names must match (AND); a field matches when its value matches any
 *   alternative in the pattern's array (OR); `$or` matches when any of its objects does;
 * - an array in the event matches when any of its elements does (arrays of arrays too);
 * - a nested object pattern matched against an array of objects must be satisfied by values
 *   from one element: `{"a": {"b": [1], "c": [2]}}` does not match
 *   `{"a": [{"b": 1}, {"c": 2}]}` (EventBridge's "array consistency");
 * - `{ "exists": false }` passes when the path has no value consistent with the array elements
 *   already used by the fields before it in the engine's order (dotted names, sorted). So on its
 *   own it means "no element has it", and after a sibling field it means "the element that
 *   matched the sibling does not have it".
 */

/**
 * Where a failed search got furthest, for explanations: the deepest constraint it reached and
 * the array elements chosen by then. Matching passes none; `--explain` passes one and gets the
 * same verdict from the same search.
 */
export interface SearchTrace {
  depth: number;
  membership: Membership;
}

export function newTrace(): SearchTrace {
  return { depth: -1, membership: NO_MEMBERSHIP };
}

function search(
  branch: Branch,
  flat: FlatEvent,
  index: number,
  membership: Membership,
  trace: SearchTrace | undefined,
): boolean {
  if (trace && index > trace.depth) {
    trace.depth = index;
    trace.membership = membership;
  }
  const constraint = branch[index];
  if (!constraint) return true;
  const fields = flat.get(constraint.key);
  if (constraint.acceptsAbsent && !fields?.some((field) => isConsistent(membership, field))) {
    if (search(branch, flat, index + 1, membership, trace)) return true;
  }
  if (!fields) return false;
  for (const field of fields) {
    if (!isConsistent(membership, field) || !constraint.test(field.value)) continue;
    if (search(branch, flat, index + 1, withField(membership, field), trace)) return true;
  }
  return false;
}

/** Whether every constraint of the branch holds on one consistent choice of array elements. */
export function branchMatches(branch: Branch, flat: FlatEvent, trace?: SearchTrace): boolean {
  return search(branch, flat, 0, NO_MEMBERSHIP, trace);
}

/** Whether an already flattened event matches a compiled pattern. */
export function matchesFlat(compiled: CompiledPattern, flat: FlatEvent): boolean {
  return compiled.branches.some((branch) => branchMatches(branch, flat));
}

/** The compiled form of a pattern given either way. */
export function compiledOf(pattern: EventPattern | CompiledPattern): CompiledPattern {
  return 'branches' in pattern ? pattern : compilePattern(pattern);
}

/** Whether `event` (a parsed JSON event) matches the pattern, with EventBridge semantics. */
export function matches(pattern: EventPattern | CompiledPattern, event: unknown): boolean {
  return matchesFlat(compiledOf(pattern), flattenEvent(event));
}

/**
 * The rules whose pattern matches `event`, in the order given: for the local bus, which tests
 * every PutEvents entry against every rule. The event is flattened once for all rules.
 */
export function matchRules<R extends { readonly pattern: EventPattern | CompiledPattern }>(
  rules: Iterable<R>,
  event: unknown,
): R[] {
  const flat = flattenEvent(event);
  const matched: R[] = [];
  for (const rule of rules) if (matchesFlat(compiledOf(rule.pattern), flat)) matched.push(rule);
  return matched;
}
