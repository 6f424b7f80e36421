import type { JsonPath, Severity } from '../diagnostic';
import type { Spec } from '../schema';

/**
 * Reports one finding: where it is in the spec file (`jsonPath`, for line and column), where it
 * is in the service (`at`, a place string from `../place`, which allow entries name), what is
 * wrong and what to do about it.
 */
export type LintReport = (jsonPath: JsonPath, at: string, message: string, hint: string) => void;

/**
 * A style check of one valid spec. One concept per rule, one rule per file in `rules/`;
 * `id` is stable: it appears in output and in `api-specs/lint.allow.json`.
 */
export interface LintRule {
  readonly id: string;
  /** One sentence: what the rule wants and why. */
  readonly description: string;
  /**
   * Default `error`: a mistake to fix. `warning`: a design choice that may be right once someone
   * has reviewed it. Either way a finding fails `dev lint` and `dev check` unless an allow entry
   * accepts it, with the reason: nothing lands unreviewed, and the severity tells the reader which.
   */
  readonly severity?: Severity;
  /**
   * `system` is every valid spec of the project (the linted ones and the others), for rules about
   * how services relate (`coupling`); a finding is still reported in `spec`, the one linted.
   */
  check(spec: Spec, report: LintReport, system: readonly Spec[]): void;
}
