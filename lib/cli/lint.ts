import { join } from 'node:path';
import { readAllowFile } from '../spec/allow';
import { compareDiagnostics, type Diagnostic } from '../spec/diagnostic';
import { discoverSpecFiles, LINT_ALLOW_FILE, SPECS_DIR, serviceNameOfFile } from '../spec/files';
import { lintSpecs } from '../spec/lint/lint';
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
}

/** Lints the valid specs among the named ones; invalid specs are listed, not linted. */
export function lintProject(options: Omit<LintOptions, 'format'>): LintOutcome {
  const validation = validateProject(options.root, options.cwd, options.files);
  const named = new Set(validation.files);
  const specs = validation.valid.filter((l) => named.has(l.file));
  const invalid = validation.files.filter((f) => !specs.some((l) => l.file === f));
  const allowPath = join(options.root, SPECS_DIR, LINT_ALLOW_FILE);
  const { allow, diagnostics } = readAllowFile(allowPath);
  // Entries for services of the project that were not linted (not named, or invalid) are not
  // judged unused; entries for services that no longer exist are.
  const services = discoverSpecFiles(options.root).map(serviceNameOfFile);
  const { findings, suppressed } = lintSpecs(specs, allow, { services });
  return {
    findings: [...diagnostics, ...findings].sort(compareDiagnostics),
    suppressed: suppressed.length,
    invalid,
  };
}

/** `dev lint [files...]`: exit 0 when there is no finding, 1 otherwise. */
export function runLint(options: LintOptions): CommandResult {
  const outcome = lintProject(options);
  const exitCode = outcome.findings.length > 0 || outcome.invalid.length > 0 ? 1 : 0;
  if (options.format !== 'text')
    return { stdout: formatDiagnostics(outcome.findings, options.format), exitCode };
  const lines = [formatDiagnostics(outcome.findings, 'text')].filter(Boolean);
  for (const file of outcome.invalid)
    lines.push(`${file}: not linted, it is invalid; run \`dev validate ${file}\` first.`);
  lines.push(
    `${outcome.findings.length} finding(s)${outcome.suppressed > 0 ? `, ${outcome.suppressed} allowed by ${SPECS_DIR}/${LINT_ALLOW_FILE}` : ''}.`,
  );
  return { stdout: lines.join('\n\n'), exitCode };
}
