import type { JsonPath } from '../json-path';
import { invalid } from './errors';
import type { ObjectPattern } from './types';

/**
 * EventBridge refuses a pattern whose `$or` arrays multiply out to more than 1,000
 * combinations (user guide, "$or" matching: the total number of combinations must not exceed
 * 1000). A combination is one branch of the expansion event-ruler's JsonRuleCompiler makes
 * (parseIntoOrRelationship forks every branch built so far once per `$or` alternative), which
 * is the branch list compile.ts builds: an object has the product of its fields' combinations,
 * a `$or` the sum of its alternatives'. Leaf arrays (`"state": ["a", "b"]`) stay one branch.
 * Counting multiplies, capped, and expands nothing, so a pattern of a million combinations is
 * refused as fast as one of 1,001.
 */
export const MAX_COMBINATIONS = 1000;

/** Counts stop growing here: enough to say "more than", far from losing integer precision. */
const CAP = 1e15;

/** The number of branches `$or` expands the pattern into (at most {@link CAP}). */
export function countCombinations(object: ObjectPattern): number {
  let n = 1;
  for (const entry of object.entries) {
    if (entry.kind === 'nested') n = Math.min(n * countCombinations(entry.pattern), CAP);
    else if (entry.kind === 'or') {
      let sum = 0;
      for (const alternative of entry.alternatives) sum = Math.min(sum + countCombinations(alternative), CAP);
      n = Math.min(n * sum, CAP);
    }
  }
  return n;
}

/**
 * Finds the `$or` that takes the count past the limit, reading the pattern in document order:
 * the count so far is that of the pattern with every `$or` not yet reached taken as one
 * combination, and it only grows when a `$or` is reached. Each walk keeps the count so far as
 * `a + b × (the walked node's count so far)`, so one pass finds the spot. Returns the node's
 * count while within the limit; past it, the `$or` reached.
 */
function walkObject(object: ObjectPattern, path: JsonPath, a: number, b: number): number | JsonPath {
  let done = 1;
  for (const entry of object.entries) {
    if (entry.kind === 'leaf') continue;
    const n =
      entry.kind === 'nested'
        ? walkObject(entry.pattern, [...path, entry.name], a, b * done)
        : walkOr(entry.alternatives, [...path, '$or'], a, b * done);
    if (typeof n !== 'number') return n;
    done *= n;
  }
  return done;
}

function walkOr(
  alternatives: readonly ObjectPattern[],
  path: JsonPath,
  a: number,
  b: number,
): number | JsonPath {
  const k = alternatives.length;
  if (a + b * k > MAX_COMBINATIONS) return path;
  let done = 0;
  for (const [i, alternative] of alternatives.entries()) {
    // Alternatives before this one count in full, the ones after as one combination each.
    const n = walkObject(alternative, [...path, i], a + b * (done + k - i - 1), b);
    if (typeof n !== 'number') return n;
    done += n;
  }
  return done;
}

const formatCount = (n: number): string =>
  n >= CAP ? `more than ${CAP.toLocaleString('en-US')}` : n.toLocaleString('en-US');

/**
 * Refuses a pattern of more than {@link MAX_COMBINATIONS} `$or` combinations, as PutRule does,
 * naming the `$or` that takes the count past the limit.
 */
export function checkCombinations(root: ObjectPattern): void {
  const n = countCombinations(root);
  if (n <= MAX_COMBINATIONS) return;
  const at = walkObject(root, [], 0, 1);
  invalid(
    typeof at === 'number' ? [] : at,
    `the pattern's $or alternatives multiply out to ${formatCount(n)} combinations, more than the ${MAX_COMBINATIONS.toLocaleString('en-US')} EventBridge allows; reading the pattern top down, this $or takes the count past the limit`,
    'Split the rule into several rules with fewer $or alternatives each, or merge alternatives that test the same field into one array: { "f": ["a", "b"] } rather than "$or": [{ "f": ["a"] }, { "f": ["b"] }].',
  );
}
