import { stubsInPlace } from '../codegen/generate';
import type { Diagnostic } from '../contract/diagnostic';
import type { Change } from '../contract/diff/change';
import type { AcceptedChange } from '../contract/diff/diff';
import { exitCodeFor, formatAcceptedJson } from '../contract/diff/format';
import { discoverSpecFiles, JSON_SCHEMA_FILE, SPECS_DIR, serviceNameOfFile } from '../contract/files';
import { computeDiff, type FailOn, formatChanges } from './diff';
import type { CommandResult } from './errors';
import { formatDiagnostics, type OutputFormat } from './format-diagnostics';
import { type GeneratedStatus, generatedStatus } from './generate';
import { type BaseChoice, defaultBase, describeBase, givenBase } from './git-revision';
import { lintProject } from './lint';
import { validateProject } from './load-project';
import { schemaIsFresh } from './schema';

/** What `dev check` says of a written file that is still its stub. */
export const STUB_MESSAGE =
  'still the stub `dev generate` created: it answers 501 (an operation) or fails every event (a subscriber) until written';

export interface CheckOptions {
  readonly root: string;
  readonly cwd: string;
  readonly base?: string;
  readonly format: OutputFormat;
  readonly failOn: FailOn;
}

export interface CheckReport {
  /** What the diff compared with, and why (when `--base` did not say). */
  readonly base: BaseChoice;
  readonly schemaFresh: boolean;
  readonly validation: Diagnostic[];
  readonly lint: Diagnostic[];
  /** Undefined when the specs are invalid: a diff of invalid specs means nothing. */
  readonly diff?: Change[];
  /** The breaking changes the allow file accepted, with their reasons; undefined when the diff did not run. */
  readonly accepted?: AcceptedChange[];
  /** Whether functions/<service>/generated/ is what the specs generate. */
  readonly generated: GeneratedStatus;
  /** Written files that are still the stub `dev generate` created: warnings, they do not fail the gate. */
  readonly stubs: string[];
  readonly ok: boolean;
}

/** validate + lint + diff (+ the JSON Schema's freshness): the CI gate. */
export function check(options: Omit<CheckOptions, 'format'>): CheckReport {
  const base = options.base !== undefined ? givenBase(options.base) : defaultBase(options.root);
  const schemaFresh = schemaIsFresh(options.root);
  const validation = validateProject(options.root, options.cwd).reported;
  const lint = lintProject({ root: options.root, cwd: options.cwd, files: [] }).findings;
  const valid = !validation.some((d) => d.severity === 'error');
  const compared = valid ? computeDiff(options.root, base.revision) : undefined;
  const diff = compared?.changes;
  const generated: GeneratedStatus = valid
    ? generatedStatus(options.root)
    : { state: 'skipped', reason: 'fix the invalid specs first' };
  const stubs = valid
    ? stubsInPlace(options.root, discoverSpecFiles(options.root).map(serviceNameOfFile))
    : [];
  const ok =
    schemaFresh &&
    valid &&
    lint.length === 0 &&
    diff !== undefined &&
    exitCodeFor(diff, options.failOn) === 0 &&
    (generated.state === 'fresh' || generated.state === 'skipped');
  return {
    base,
    schemaFresh,
    validation,
    lint,
    ...(compared ? { diff: compared.changes, accepted: compared.accepted } : {}),
    generated,
    stubs,
    ok,
  };
}

export function runCheck(options: CheckOptions): CommandResult {
  const report = check(options);
  const exitCode = report.ok ? 0 : 1;
  if (options.format === 'json') {
    return {
      stdout: JSON.stringify(
        {
          ok: report.ok,
          base: report.base.revision,
          base_reason: report.base.why ?? null,
          schema_fresh: report.schemaFresh,
          validation: JSON.parse(formatDiagnostics(report.validation, 'json')),
          lint: JSON.parse(formatDiagnostics(report.lint, 'json')),
          diff: report.diff ? JSON.parse(formatChanges(report.diff, 'json')) : null,
          accepted: report.accepted ? JSON.parse(formatAcceptedJson(report.accepted)) : null,
          generated: report.generated,
          stubs: report.stubs.map((file) => ({ file, level: 'warning', message: STUB_MESSAGE })),
        },
        null,
        2,
      ),
      exitCode,
    };
  }
  if (options.format === 'github') {
    const parts = [formatDiagnostics(report.validation, 'github'), formatDiagnostics(report.lint, 'github')];
    if (report.diff) parts.push(formatChanges(report.diff, 'github', report.accepted));
    if (!report.schemaFresh)
      parts.push(`::error file=${SPECS_DIR}/${JSON_SCHEMA_FILE}::stale: run npx dev schema`);
    if (report.generated.state === 'stale') {
      parts.push(
        ...report.generated.paths.map((path) => `::error file=${path}::out of date: run npx dev generate`),
      );
    }
    if (report.generated.state === 'failed') {
      parts.push(`::error ::${report.generated.message.replaceAll('\n', '%0A')}`);
    }
    parts.push(...report.stubs.map((file) => `::warning file=${file}::${STUB_MESSAGE}`));
    return { stdout: parts.filter(Boolean).join('\n'), exitCode };
  }
  const section = (title: string, body: string, clean: string) => `== ${title}\n${body || clean}`;
  const parts = [
    section(
      'schema',
      report.schemaFresh
        ? ''
        : `${SPECS_DIR}/${JSON_SCHEMA_FILE} is stale or missing: run \`npx dev schema\`.`,
      `${SPECS_DIR}/${JSON_SCHEMA_FILE} is up to date.`,
    ),
    section('validate', formatDiagnostics(report.validation, 'text'), 'All specs valid.'),
    section('lint', formatDiagnostics(report.lint, 'text'), 'No lint findings.'),
    section(
      `diff (${describeBase(report.base)})`,
      report.diff
        ? formatChanges(report.diff, 'text', report.accepted)
        : 'Skipped: fix the invalid specs first.',
      'No changes to the APIs.',
    ),
    section('generated', generatedText(report.generated), ''),
    section(
      'stubs',
      report.stubs.map((file) => `${file}  warning  ${STUB_MESSAGE}  [stub-in-place]`).join('\n'),
      'No stub left to write.',
    ),
    report.ok ? 'dev check: passed.' : 'dev check: FAILED.',
  ];
  return { stdout: parts.join('\n\n'), exitCode };
}

function generatedText(status: GeneratedStatus): string {
  switch (status.state) {
    case 'fresh':
      return `Generated code is up to date (${status.files} files).`;
    case 'stale':
      return `${status.problems.join('\n')}\nRun \`npx dev generate\` and commit the result.`;
    case 'failed':
      return status.message;
    case 'skipped':
      return `Skipped: ${status.reason}.`;
  }
}
