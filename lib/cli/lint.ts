import { join } from 'node:path';
import { readAllowFile } from '../contract/allow';
import { compareDiagnostics, type Diagnostic } from '../contract/diagnostic';
import { discoverSpecFiles, LINT_ALLOW_FILE, SPECS_DIR, serviceNameOfFile } from '../contract/files';
import { lintSpecs } from '../contract/lint/lint';
import type { CommandResult } from './errors';
import { formatDiagnostics, type OutputFormat } from './format-diagnostics';
import { validateProject } from './load-project';

export interface LintOptions {
  readonly root: string;
  readonly cwd: string;
  readonly files: readonly string[];
  readonly format: OutputFormat;
}

export interface LintOutcome {
  readonly findings: Diagnostic[];
  readonly suppressed: number;
  /** Specs that could not be linted because they are invalid. */
  readonly invalid: string[];
  /** The first error of each invalid spec, so the output can say where it is. */
  readonly firstErrors: ReadonlyMap<string, Diagnostic>;
}

/** Lints the valid specs among the named ones; invalid specs are listed, not linted. */
export function lintProject(options: Omit<LintOptions, 'format'>): LintOutcome {
  const validation = validateProject(options.root, options.cwd, options.files);
  const named = new Set(validation.files);
  const specs = validation.valid.filter((l) => named.has(l.file));
  const invalid = validation.files.filter((f) => !specs.some((l) => l.file === f));
  const firstErrors = new Map<string, Diagnostic>();
  for (const d of validation.reported)
    if (d.severity === 'error' && !firstErrors.has(d.file)) firstErrors.set(d.file, d);
  const allowPath = join(options.root, SPECS_DIR, LINT_ALLOW_FILE);
  const { allow, diagnostics } = readAllowFile(allowPath);
  // Entries for services of the project that were not linted (not named, or invalid) are not
  // judged unused; entries for services that no longer exist are.
  const services = discoverSpecFiles(options.root).map(serviceNameOfFile);
  // Every valid spec is context: a cycle of calls closed in a named spec runs through the others.
  const system = validation.valid.map((l) => l.spec);
  const { findings, suppressed } = lintSpecs(specs, allow, { services, system });
  return {
    findings: [...diagnostics, ...findings].sort(compareDiagnostics),
    suppressed: suppressed.length,
    invalid,
    firstErrors,
  };
}

/** `dev lint [files...]`: exit 0 when there is no finding, 1 otherwise. */
export function runLint(options: LintOptions): CommandResult {
  const outcome = lintProject(options);
  const exitCode = outcome.findings.length > 0 || outcome.invalid.length > 0 ? 1 : 0;
  if (options.format !== 'text')
    return { stdout: formatDiagnostics(outcome.findings, options.format), exitCode };
  const lines = [formatDiagnostics(outcome.findings, 'text')].filter(Boolean);
  for (const file of outcome.invalid) {
    const first = outcome.firstErrors.get(file);
    const where = first ? ` (${first.line}:${first.column} ${first.message}, at ${first.path})` : '';
    lines.push(`${file}: not linted, it is invalid${where}; run \`dev validate ${file}\` first.`);
  }
  lines.push(
    `${outcome.findings.length} finding(s)${outcome.suppressed > 0 ? `, ${outcome.suppressed} allowed by ${SPECS_DIR}/${LINT_ALLOW_FILE}` : ''}.`,
  );
  return { stdout: lines.join('\n\n'), exitCode };
}
