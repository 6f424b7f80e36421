import { explainMatch, matches, parsePattern } from '../../src/event-pattern';

/** One row of a given/want table: the pattern and event given, whether they should match. */
export interface MatchCase {
  readonly name: string;
  readonly pattern: object;
  readonly event: unknown;
  readonly want: boolean;
}

/** Whether `event` matches `pattern`, parsing the pattern as the bus would. */
export function check(pattern: object, event: unknown): boolean {
  return matches(parsePattern(pattern), event);
}

/** `it.each` over a table, naming each row by its description and expected outcome. */
export function matchTable(cases: readonly MatchCase[]): void {
  it.each(cases.map((c) => ({ ...c, outcome: c.want ? 'matches' : 'does not match' })))(
    '$name: $outcome',
    ({ pattern, event, want }) => {
      expect(check(pattern, event)).toBe(want);
      // --explain must reach the same verdict, and say why when it is a miss.
      const explanation = explainMatch(parsePattern(pattern), event);
      expect(explanation.matched).toBe(want);
      expect(explanation.reasons.length > 0).toBe(!want);
    },
  );
}
