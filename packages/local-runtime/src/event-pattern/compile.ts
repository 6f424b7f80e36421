import { anythingButPredicate } from './anything-but';
import { cidrPredicate, parseIp } from './cidr';
import { equalsIgnoreCasePredicate } from './equals-ignore-case';
import { exactPredicate } from './exact';
import { fieldKey } from './flatten';
import { numericPredicate } from './numeric';
import { prefixPredicate, suffixPredicate } from './prefix-suffix';
import type { EventPattern, LeafEntry, LeafValue, ObjectPattern, ValueMatcher } from './types';
import { wildcardPredicate } from './wildcard';

/**
 * A pattern turned into what matching needs, built once per pattern: `$or` expanded into
 * branches (the pattern matches when any branch does), each branch a list of constraints on
 * one field path each, every constraint's alternatives folded into one test.
 */
export interface CompiledPattern {
  readonly pattern: EventPattern;
  readonly branches: readonly Branch[];
}

/** Constraints that must all hold, in the engine's order (by dotted field name). */
export type Branch = readonly Constraint[];

export interface Constraint {
  /** The field path in the event, e.g. ["detail", "state"]. */
  readonly names: readonly string[];
  /** Lookup key into a flattened event (see flatten.ts). */
  readonly key: string;
  /** Whether some value at the path satisfying this passes. */
  readonly test: (value: LeafValue) => boolean;
  /** `{ "exists": false }` is among the alternatives: no value at the path also passes. */
  readonly acceptsAbsent: boolean;
  /** Where this came from in the pattern, for explanations. */
  readonly leaf: LeafEntry;
}

function predicateOf(matcher: Exclude<ValueMatcher, { op: 'exists' }>): (value: LeafValue) => boolean {
  switch (matcher.op) {
    case 'exact':
      return exactPredicate(matcher);
    case 'prefix':
      return prefixPredicate(matcher);
    case 'suffix':
      return suffixPredicate(matcher);
    case 'equals-ignore-case':
      return equalsIgnoreCasePredicate(matcher);
    case 'wildcard':
      return wildcardPredicate(matcher);
    case 'numeric':
      return numericPredicate(matcher);
    case 'anything-but':
      return anythingButPredicate(matcher);
    case 'cidr':
      return cidrPredicate(matcher);
  }
}

const always = (): boolean => true;
const never = (): boolean => false;

/** One test for a field's alternatives: plain values share one set lookup. */
function testOf(matchers: readonly ValueMatcher[]): (value: LeafValue) => boolean {
  const plain = new Set<LeafValue>();
  const others: Array<(value: LeafValue) => boolean> = [];
  for (const matcher of matchers) {
    if (matcher.op === 'exists') {
      if (matcher.value) return always;
    } else if (matcher.op === 'exact' && !(typeof matcher.value === 'string' && parseIp(matcher.value))) {
      plain.add(matcher.value);
    } else {
      others.push(predicateOf(matcher));
    }
  }
  const [only] = others;
  if (plain.size === 0) {
    if (others.length === 0) return never;
    if (others.length === 1 && only) return only;
    return (value) => others.some((test) => test(value));
  }
  if (others.length === 0) return (value) => plain.has(value);
  return (value) => plain.has(value) || others.some((test) => test(value));
}

function constraintOf(leaf: LeafEntry, names: readonly string[]): Constraint {
  return {
    names,
    key: fieldKey(names),
    test: testOf(leaf.matchers),
    acceptsAbsent: leaf.matchers.some((m) => m.op === 'exists' && !m.value),
    leaf,
  };
}

/** Every combination of `$or` alternatives, as flat lists of constraints. */
function expand(object: ObjectPattern, names: readonly string[]): Constraint[][] {
  let branches: Constraint[][] = [[]];
  for (const entry of object.entries) {
    let options: Constraint[][];
    switch (entry.kind) {
      case 'leaf':
        options = [[constraintOf(entry, [...names, entry.name])]];
        break;
      case 'nested':
        options = expand(entry.pattern, [...names, entry.name]);
        break;
      case 'or':
        options = entry.alternatives.flatMap((alternative) => expand(alternative, names));
        break;
    }
    branches = branches.flatMap((branch) => options.map((option) => [...branch, ...option]));
  }
  return branches;
}

/**
 * EventBridge's engine walks a rule's fields sorted by their dotted names; the order only shows
 * with `{ "exists": false }` inside arrays of objects (see match.ts), and is kept for that.
 */
function engineOrder(a: Constraint, b: Constraint): number {
  const x = a.names.join('.');
  const y = b.names.join('.');
  return x < y ? -1 : x > y ? 1 : 0;
}

const cache = new WeakMap<EventPattern, CompiledPattern>();

/** Compiles a parsed pattern (once: the result is cached per pattern object). */
export function compilePattern(pattern: EventPattern): CompiledPattern {
  let compiled = cache.get(pattern);
  if (!compiled) {
    compiled = {
      pattern,
      branches: expand(pattern.root, []).map((branch) => [...branch].sort(engineOrder)),
    };
    cache.set(pattern, compiled);
  }
  return compiled;
}
