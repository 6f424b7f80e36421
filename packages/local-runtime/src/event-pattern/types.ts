import type { JsonPath } from '../json-path';

/**
 * The parsed form of an EventBridge event pattern: what `parsePattern` returns once the JSON
 * has been validated. Matching uses the compiled form (see compile.ts), built once per pattern.
 */
export interface EventPattern {
  /** The pattern's JSON, as given. */
  readonly json: unknown;
  readonly root: ObjectPattern;
}

/** A JSON object of the pattern: every entry must match (AND). */
export interface ObjectPattern {
  readonly entries: readonly PatternEntry[];
}

export type PatternEntry = NestedEntry | LeafEntry | OrEntry;

/** `"detail": { ... }`: the event's `detail` must match the nested object pattern. */
export interface NestedEntry {
  readonly kind: 'nested';
  readonly name: string;
  readonly pattern: ObjectPattern;
}

/** `"state": [ ... ]`: the event's `state` must match at least one of the alternatives. */
export interface LeafEntry {
  readonly kind: 'leaf';
  readonly name: string;
  readonly matchers: readonly ValueMatcher[];
  /** The alternatives as written, for explanations. */
  readonly json: readonly unknown[];
  /** Where the array is in the pattern. */
  readonly path: JsonPath;
}

/** `"$or": [ {...}, {...} ]`: at least one of the object patterns must match. */
export interface OrEntry {
  readonly kind: 'or';
  readonly alternatives: readonly ObjectPattern[];
}

/** A JSON value that can sit at a leaf of an event: matchers only ever see these. */
export type LeafValue = string | number | boolean | null;

export type ValueMatcher =
  | ExactMatcher
  | PrefixMatcher
  | SuffixMatcher
  | EqualsIgnoreCaseMatcher
  | WildcardMatcher
  | NumericMatcher
  | AnythingButMatcher
  | ExistsMatcher
  | CidrMatcher;

/** A bare value in the array: `"running"`, `5`, `true`, `null`, `""`. */
export interface ExactMatcher {
  readonly op: 'exact';
  readonly value: LeafValue;
}

export interface PrefixMatcher {
  readonly op: 'prefix';
  readonly value: string;
  readonly ignoreCase: boolean;
}

export interface SuffixMatcher {
  readonly op: 'suffix';
  readonly value: string;
  readonly ignoreCase: boolean;
}

export interface EqualsIgnoreCaseMatcher {
  readonly op: 'equals-ignore-case';
  readonly value: string;
}

/** `*` matches any run of characters; the pattern is kept as its literal pieces between stars. */
export interface WildcardMatcher {
  readonly op: 'wildcard';
  readonly pattern: string;
  /** The literal text between unescaped stars: `a*b\\*c` → ["a", "b*c"]. */
  readonly pieces: readonly string[];
}

export interface NumericBound {
  readonly value: number;
  readonly inclusive: boolean;
}

/** `["=", x]` is a range with equal inclusive bounds. */
export interface NumericMatcher {
  readonly op: 'numeric';
  readonly lower?: NumericBound;
  readonly upper?: NumericBound;
}

export type AnythingButMatcher =
  | { readonly op: 'anything-but'; readonly form: 'strings'; readonly values: readonly string[] }
  | { readonly op: 'anything-but'; readonly form: 'numbers'; readonly values: readonly number[] }
  | {
      readonly op: 'anything-but';
      readonly form: 'prefix' | 'suffix' | 'equals-ignore-case';
      readonly values: readonly string[];
    }
  | { readonly op: 'anything-but'; readonly form: 'wildcard'; readonly values: readonly WildcardMatcher[] };

export interface ExistsMatcher {
  readonly op: 'exists';
  readonly value: boolean;
}

/** An IPv4 or IPv6 range, as integers. */
export interface CidrMatcher {
  readonly op: 'cidr';
  readonly version: 4 | 6;
  readonly low: bigint;
  readonly high: bigint;
}
