import type { JsonPath } from '../json-path';
import { invalid, kindOf } from './errors';
import type { EqualsIgnoreCaseMatcher, LeafValue } from './types';

/**
 * `{ "equals-ignore-case": "alice" }` matches string values equal to the text in any casing
 * ("Alice", "ALICE"). Only strings match.
 *
 * Casing is folded the way EventBridge's engine folds it, which is not a whole-string
 * `toLowerCase()`. aws/event-ruler (src/main/software/amazon/event/ruler/input/
 * EqualsIgnoreCaseParser.java, used for equals-ignore-case, prefix and anything-but with
 * equals-ignore-case; SuffixEqualsIgnoreCaseParser.java for suffix) turns the *pattern's* text
 * into one alternative set per Java `char` (UTF-16 code unit):
 * `{ String.valueOf(c).toLowerCase(Locale.ROOT), String.valueOf(c).toUpperCase(Locale.ROOT) }`
 * as UTF-8 bytes, and the event's value, taken as it is, must spell one alternative for each
 * char in turn. What follows, reproduced here on purpose:
 *
 * - each character folds alone: `"ΣΑΣ"` matches `"σασ"` but not `"σας"` (no final-sigma
 *   context), the Kelvin sign K folds to {k, K} so `"ΰK"` matches `"Ϋ́k"` while Latin `"K"`
 *   does not match it;
 * - a mapping longer than its character is one alternative: `"ß"` is {ß, SS}, so it matches
 *   `"SS"` but not `"ss"` nor `"ẞ"`, and `"SS"` does not match `"ß"`; `"İ"` is {i̇, İ};
 * - the event side is not folded: a titlecase character such as `"ǅ"` is {ǆ, Ǆ} and does not
 *   match itself;
 * - a character outside the Basic Multilingual Plane is two surrogate chars, each of which Java
 *   encodes alone as `?`: the pattern `"😀"` means `"??"`. An event value's unpaired surrogate is
 *   also encoded as `?` (String.getBytes), a paired one as its 4-byte character.
 *
 * Case mappings come from the JavaScript engine's Unicode data, which can trail or lead the
 * JVM's by a Unicode version for newly encoded characters.
 */
export function parseEqualsIgnoreCase(value: unknown, path: JsonPath): EqualsIgnoreCaseMatcher {
  if (typeof value !== 'string')
    return invalid(
      path,
      `equals-ignore-case takes a string, not ${kindOf(value)}`,
      'Write { "equals-ignore-case": "text" }; numbers and booleans have no case: match them with a bare value.',
    );
  return { op: 'equals-ignore-case', value };
}

/** A pattern text folded per char: for each char of the text, the strings that may stand for it. */
export type FoldedText = readonly (readonly string[])[];

const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Folds a pattern's text as event-ruler's EqualsIgnoreCaseParser does (see above). */
export function foldPerChar(text: string): FoldedText {
  const folded: string[][] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (SURROGATE.test(char)) {
      folded.push(['?']);
      continue;
    }
    const lower = char.toLowerCase();
    const upper = char.toUpperCase();
    folded.push(lower === upper ? [lower] : [lower, upper]);
  }
  return folded;
}

/** An event value as the engine sees it: unpaired surrogates encoded as `?`, the rest as is. */
function asEncoded(value: string): string {
  return SURROGATE.test(value) ? value.replace(LONE_SURROGATE, '?') : value;
}

/** Where a match may be anchored in the event's value. */
export type FoldedAnchor = 'whole' | 'prefix' | 'suffix';

/**
 * Whether `value` is (or begins, or ends with) a spelling of the folded text: one alternative
 * per char, in order. Alternatives differ in length (ß or SS), so every reachable position is
 * followed, never more than two per char.
 */
export function matchesFolded(folded: FoldedText, value: string, anchor: FoldedAnchor): boolean {
  const text = asEncoded(value);
  if (anchor === 'suffix') {
    let ends = [text.length];
    for (let i = folded.length - 1; i >= 0; i--) {
      const next: number[] = [];
      for (const end of ends)
        for (const alternative of folded[i] ?? []) {
          const start = end - alternative.length;
          if (start >= 0 && text.startsWith(alternative, start) && !next.includes(start)) next.push(start);
        }
      if (next.length === 0) return false;
      ends = next;
    }
    return true;
  }
  let starts = [0];
  for (const alternatives of folded) {
    const next: number[] = [];
    for (const start of starts)
      for (const alternative of alternatives) {
        const end = start + alternative.length;
        if (text.startsWith(alternative, start) && !next.includes(end)) next.push(end);
      }
    if (next.length === 0) return false;
    starts = next;
  }
  return anchor === 'prefix' || starts.includes(text.length);
}

/** A test for "equal to one of `texts`, ignoring case" as EventBridge folds case. */
export function foldedSet(texts: readonly string[]): (value: string) => boolean {
  const folded = texts.map(foldPerChar);
  return (value) => folded.some((text) => matchesFolded(text, value, 'whole'));
}

export function equalsIgnoreCasePredicate(matcher: EqualsIgnoreCaseMatcher): (value: LeafValue) => boolean {
  const folded = foldPerChar(matcher.value);
  return (value) => typeof value === 'string' && matchesFolded(folded, value, 'whole');
}
