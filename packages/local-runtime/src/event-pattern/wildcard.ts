import type { JsonPath } from '../json-path';
import { invalid, kindOf } from './errors';
import type { LeafValue, WildcardMatcher } from './types';

/**
 * `{ "wildcard": "dir/*.png" }` matches string values where each `*` stands for any run of
 * characters, possibly empty. `\*` is a literal star and `\\` a literal backslash (in the JSON
 * file these are written `"\\*"` and `"\\\\"`); a backslash before anything else, a trailing
 * backslash and two stars in a row are errors, as in EventBridge. Only strings match.
 */
export function parseWildcard(value: unknown, path: JsonPath): WildcardMatcher {
  if (typeof value !== 'string')
    return invalid(path, `wildcard takes a string, not ${kindOf(value)}`, 'Write { "wildcard": "*.png" }.');
  const pieces: string[] = [];
  let piece = '';
  for (let i = 0; i < value.length; i++) {
    const char = value[i];
    if (char === '*') {
      if (value[i + 1] === '*')
        return invalid(
          path,
          `consecutive wildcard characters at position ${i} of "${value}"`,
          'One * already matches any run of characters: write a single *.',
        );
      pieces.push(piece);
      piece = '';
    } else if (char === '\\') {
      const next = value[i + 1];
      if (next !== '*' && next !== '\\')
        return invalid(
          path,
          `invalid escape at position ${i} of "${value}": a backslash may only escape * or \\`,
          'Write \\\\* (in JSON) for a literal star and \\\\\\\\ for a literal backslash.',
        );
      piece += next;
      i++;
    } else {
      piece += char;
    }
  }
  pieces.push(piece);
  return { op: 'wildcard', pattern: value, pieces };
}

/** Whether `text` matches the wildcard: linear scans, no regular expression backtracking. */
export function wildcardMatches(matcher: WildcardMatcher, text: string): boolean {
  const { pieces } = matcher;
  const first = pieces[0] ?? '';
  if (pieces.length === 1) return text === first;
  const last = pieces[pieces.length - 1] ?? '';
  if (text.length < first.length + last.length) return false;
  if (!text.startsWith(first) || !text.endsWith(last)) return false;
  // Leftmost placement of each middle piece is optimal with only `*` wildcards.
  let at = first.length;
  const end = text.length - last.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const middle = pieces[i] ?? '';
    const found = text.indexOf(middle, at);
    if (found < 0 || found + middle.length > end) return false;
    at = found + middle.length;
  }
  return true;
}

export function wildcardPredicate(matcher: WildcardMatcher): (value: LeafValue) => boolean {
  return (value) => typeof value === 'string' && wildcardMatches(matcher, value);
}
