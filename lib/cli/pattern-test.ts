/**
 * Whether an event matches an EventBridge pattern, as EventBridge decides, with the reasons: what
 * `dev events match` prints and what the local console's pattern tester shows. Both read JSON
 * sources (lib/contract/source.ts), so a problem is located by line and column in what the user
 * wrote, whichever of the two asked.
 */
import { EventPatternError, explainMatch, parsePattern } from '@tributary/local-runtime/event-pattern';
import { formatJsonPath } from '../contract/diagnostic';
import type { JsonSource } from '../contract/source';

export type PatternTest =
  | {
      readonly ok: true;
      readonly matched: boolean;
      /** Why it matched or did not, a line each. */
      readonly reasons: readonly string[];
      /** Keys given twice: only the last is used here, EventBridge may read them differently. */
      readonly warnings: readonly string[];
    }
  /** The pattern is not one EventBridge takes, or the event is not an object: the message locates it. */
  | { readonly ok: false; readonly message: string };

function duplicateWarnings(source: JsonSource): string[] {
  return source.duplicateKeys.map(
    ({ path, position }) =>
      `warning: ${source.file}:${position.line}:${position.column}: ${formatJsonPath(path)} is given twice; only the last is used here and EventBridge may read it differently: give it once.`,
  );
}

/** Tests the event of `event` against the pattern of `pattern`. */
export function testPattern(pattern: JsonSource, event: JsonSource): PatternTest {
  let parsed: ReturnType<typeof parsePattern>;
  try {
    parsed = parsePattern(pattern.value);
  } catch (error) {
    if (!(error instanceof EventPatternError)) throw error;
    const { line, column } = pattern.positionOf(error.path);
    return {
      ok: false,
      message: `${pattern.file}:${line}:${column}: invalid event pattern at ${formatJsonPath(error.path)}: ${error.reason}\n  ${error.hint}`,
    };
  }
  const value = event.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      message: `${event.file}:1:1: an event is a JSON object (with source, detail-type, detail...), not ${
        Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`
      }. Give one event; to test several, test them one at a time.`,
    };
  }
  const explanation = explainMatch(parsed, value);
  return {
    ok: true,
    matched: explanation.matched,
    reasons: explanation.reasons,
    warnings: [...duplicateWarnings(pattern), ...duplicateWarnings(event)],
  };
}
