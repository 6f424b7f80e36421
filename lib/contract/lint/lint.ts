import { type AllowEntry, type AllowFile, applyAllow } from '../allow';
import { compareDiagnostics, type Diagnostic, formatJsonPath } from '../diagnostic';
import type { Spec } from '../schema';
import { didYouMean } from '../suggest';
import type { LoadedSpec } from '../validate/context';
import { LINT_RULES } from './rules';

/** A lint finding: a diagnostic with the place (`users.models.user.fields.email`) allow entries name. */
export interface LintFinding extends Diagnostic {
  readonly at: string;
}

export interface LintResult {
  /** Findings that stand, including allow entries that silence nothing; sorted. */
  readonly findings: LintFinding[];
  /** Findings an allow entry accepted; sorted. */
  readonly suppressed: LintFinding[];
}

export interface LintOptions {
  /**
   * Every service of the project, when the linted specs are only some of them (files named on
   * the command line, or invalid specs left out). Allow entries are judged only for the services
   * that were linted, since the others' findings are unknown; with this list, entries naming a
   * service that does not exist at all are reported as unused too.
   */
  readonly services?: readonly string[];
  /**
   * Every valid spec of the project, for rules about how services relate (`coupling`); default
   * the linted specs. Findings are reported only in the linted ones.
   */
  readonly system?: readonly Spec[];
}

/** The rule id of an allow entry that silences nothing. */
export const UNUSED_ALLOW_ENTRY = 'unused-allow-entry';

/** The ids of every lint rule. */
export const LINT_RULE_IDS: readonly string[] = LINT_RULES.map((rule) => rule.id);

/** The service a place names: the part before the first dot. */
function serviceOf(at: string): string {
  const dot = at.indexOf('.');
  return dot < 0 ? at : at.slice(0, dot);
}

/** Runs every rule on every spec (`system`: every valid spec of the project). The specs must have validated cleanly. */
export function runLintRules(
  specs: readonly LoadedSpec[],
  system: readonly Spec[] = specs.map((l) => l.spec),
): LintFinding[] {
  const findings: LintFinding[] = [];
  for (const loaded of specs) {
    for (const rule of LINT_RULES) {
      rule.check(
        loaded.spec,
        (jsonPath, at, message, hint) => {
          const { line, column } = loaded.source.positionOf(jsonPath);
          findings.push({
            rule: rule.id,
            severity: rule.severity ?? 'error',
            file: loaded.file,
            path: formatJsonPath(jsonPath),
            line,
            column,
            message,
            hint,
            at,
          });
        },
        system,
      );
    }
  }
  return findings;
}

/**
 * Lints valid specs and applies the allow file: an entry silences the findings of exactly its
 * rule at exactly its place. Entries that silence nothing are findings themselves
 * (`unused-allow-entry`, at the entry's position in the allow file), so the file cannot rot.
 */
export function lintSpecs(
  specs: readonly LoadedSpec[],
  allow: AllowFile,
  options: LintOptions = {},
): LintResult {
  const all = runLintRules(specs, options.system);
  const { kept, allowed, unused } = applyAllow(all, allow.entries);
  const linted = new Set(specs.map((l) => l.spec.name));
  const known = options.services ? new Set(options.services) : undefined;
  const findings: LintFinding[] = [...kept];
  for (const entry of unused) {
    const service = serviceOf(entry.at);
    const ruleKnown = LINT_RULE_IDS.includes(entry.rule);
    const serviceMissing = known !== undefined && !known.has(service) && !linted.has(service);
    if (ruleKnown && !linted.has(service) && !serviceMissing) continue;
    findings.push(unusedEntryFinding(allow, entry, hintFor(entry, ruleKnown, serviceMissing, kept)));
  }
  return { findings: findings.sort(compareDiagnostics), suppressed: allowed.sort(compareDiagnostics) };
}

/** Why an entry silences nothing; `standing` are the findings no entry silenced, one of which it may have meant. */
function hintFor(
  entry: AllowEntry,
  ruleKnown: boolean,
  serviceMissing: boolean,
  standing: readonly LintFinding[],
): string {
  if (!ruleKnown) {
    const guess = didYouMean(entry.rule, LINT_RULE_IDS);
    return `There is no lint rule "${entry.rule}"${guess ? `; ${guess}` : ''} Rules: ${LINT_RULE_IDS.join(', ')}.`;
  }
  if (serviceMissing) return `There is no service "${serviceOf(entry.at)}": remove the entry.`;
  const guess = didYouMean(
    entry.at,
    standing.filter((f) => f.rule === entry.rule).map((f) => f.at),
  );
  return guess
    ? `No ${entry.rule} finding is at "${entry.at}"; ${guess} Otherwise remove the entry.`
    : `Nothing is found by ${entry.rule} at "${entry.at}" any more: remove the entry.`;
}

function unusedEntryFinding(allow: AllowFile, entry: AllowEntry, hint: string): LintFinding {
  return {
    rule: UNUSED_ALLOW_ENTRY,
    severity: 'error',
    file: allow.file,
    path: formatJsonPath([allow.entries.indexOf(entry)]),
    line: entry.line,
    column: entry.column,
    message: `the allow entry for ${entry.rule} at "${entry.at}" silences nothing`,
    hint,
    at: entry.at,
  };
}
