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
  /** Default `error`: a finding fails `dev lint` unless an allow entry accepts it. */
  readonly severity?: Severity;
  check(spec: Spec, report: LintReport): void;
}
