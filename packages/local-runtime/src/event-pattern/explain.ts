import { formatJsonPath } from '../json-path';
import type { Branch, CompiledPattern, Constraint } from './compile';
import { isPlainObject, show } from './errors';
import { type FlatEvent, flattenEvent, isConsistent, type Membership, NO_MEMBERSHIP } from './flatten';
import { branchMatches, compiledOf, newTrace, type SearchTrace } from './match';
import type { EventPattern } from './types';

/** Why an event does or does not match: for `dev events match --explain`. Not on the bus's hot path. */
export interface MatchExplanation {
  readonly matched: boolean;
  /** For a miss: which field failed and why, one line each. */
  readonly reasons: readonly string[];
}

/** What sits at a field path of the event when it holds no leaf value there. */
function describeAbsence(event: unknown, names: readonly string[]): string {
  let value: unknown = event;
  for (const name of names) {
    if (!isPlainObject(value) || !Object.hasOwn(value, name)) return 'is missing';
    value = value[name];
  }
  if (Array.isArray(value)) return 'is an empty array (no value to match)';
  if (isPlainObject(value))
    return 'is an object, not a value: patterns match values, so name the nested fields to match';
  return 'has no value here';
}

function describe(constraint: Constraint, flat: FlatEvent, membership: Membership, event: unknown): string {
  const where = formatJsonPath(constraint.names);
  const wanted = `the pattern wants ${show(constraint.leaf.json)} (at ${formatJsonPath(constraint.leaf.path)})`;
  const fields = flat.get(constraint.key) ?? [];
  if (fields.length === 0) return `${where} ${describeAbsence(event, constraint.names)}; ${wanted}`;
  const usable = fields.filter((field) => isConsistent(membership, field));
  if (usable.length === 0)
    return `${where} has values only in other array elements than the ones the fields before it matched; ${wanted}`;
  const values = usable
    .slice(0, 3)
    .map(
      (field) =>
        `${show(field.value)}${field.at && field.at.length > constraint.names.length ? ` at ${formatJsonPath(field.at)}` : ''}`,
    )
    .join(', ');
  const more = usable.length > 3 ? ` and ${usable.length - 3} more` : '';
  const absent = constraint.acceptsAbsent ? ' and is present, where { "exists": false } wants it absent' : '';
  const element =
    usable.length < fields.length ? ' (in the array element the fields before it matched in)' : '';
  return `${where} is ${values}${more}${element}, which matches none of the alternatives${absent}; ${wanted}`;
}

/**
 * Whether a constraint holds on its own, ignoring the other fields' array elements: the matcher's
 * search over a branch of that one constraint, so match and explain cannot disagree on a field.
 */
function holdsAlone(constraint: Constraint, flat: FlatEvent): boolean {
  return branchMatches([constraint], flat);
}

/** Whether `a` is closer to matching than `b`: more fields holding, then fewer failing. */
function closer(a: { branch: Branch; failing: readonly Constraint[] }, b: typeof a): boolean {
  const holdingA = a.branch.length - a.failing.length;
  const holdingB = b.branch.length - b.failing.length;
  return holdingA > holdingB || (holdingA === holdingB && a.failing.length < b.failing.length);
}

/**
 * Explains the match of `event` against the pattern. On a miss: every field of the closest
 * branch (the `$or` combination nearest to matching) that fails, one reason each; or, when
 * each holds on its own, where array consistency breaks.
 */
export function explainMatch(pattern: EventPattern | CompiledPattern, event: unknown): MatchExplanation {
  const compiled = compiledOf(pattern);
  const flat = flattenEvent(event, true);
  let closest: { branch: Branch; failing: Constraint[]; failure: SearchTrace } | undefined;
  for (const branch of compiled.branches) {
    // The matcher's own search, asked to remember how far it got.
    const failure = newTrace();
    if (branchMatches(branch, flat, failure)) return { matched: true, reasons: [] };
    const failing = branch.filter((constraint) => !holdsAlone(constraint, flat));
    if (!closest || closer({ branch, failing }, closest)) closest = { branch, failing, failure };
  }
  if (!closest) return { matched: false, reasons: ['the pattern has no field to match'] };
  const { branch, failing, failure } = closest;
  const reasons = failing.map((constraint) => describe(constraint, flat, NO_MEMBERSHIP, event));
  if (reasons.length === 0) {
    const constraint = branch[failure.depth];
    reasons.push(
      constraint
        ? describe(constraint, flat, failure.membership, event)
        : 'no combination of array elements satisfies every field at once',
    );
  }
  if (compiled.branches.length > 1)
    reasons.unshift(
      `no $or alternative matched (${compiled.branches.length} combinations); the closest fails on:`,
    );
  return { matched: false, reasons };
}
