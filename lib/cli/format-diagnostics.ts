import type { Diagnostic } from '../contract/diagnostic';
import { githubAnnotation } from '../contract/github-annotation';

export const OUTPUT_FORMATS = ['text', 'json', 'github'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** `file:line:col  error  message [rule]` plus the hint on the next line: what editors and people read. */
export function formatDiagnosticsText(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      const head = `${d.file}:${d.line}:${d.column}  ${d.severity}  ${d.message}  [${d.rule}]`;
      const where = `    at ${d.path}`;
      return d.hint ? `${head}\n${where}\n    ${d.hint}` : `${head}\n${where}`;
    })
    .join('\n');
}

export function formatDiagnosticsJson(diagnostics: readonly Diagnostic[]): string {
  return JSON.stringify(
    diagnostics.map((d) => ({
      rule: d.rule,
      severity: d.severity,
      file: d.file,
      path: d.path,
      line: d.line,
      column: d.column,
      message: d.message,
      hint: d.hint ?? null,
      ...('at' in d ? { at: (d as Diagnostic & { at: string }).at } : {}),
    })),
    null,
    2,
  );
}

/** GitHub Actions workflow commands, so findings show on the pull request's diff. */
export function formatDiagnosticsGithub(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) =>
      githubAnnotation({
        level: d.severity,
        file: d.file,
        line: d.line,
        column: d.column,
        title: d.rule,
        message: d.hint ? `${d.message} (${d.path}). ${d.hint}` : `${d.message} (${d.path})`,
      }),
    )
    .join('\n');
}

export function formatDiagnostics(diagnostics: readonly Diagnostic[], format: OutputFormat): string {
  switch (format) {
    case 'json':
      return formatDiagnosticsJson(diagnostics);
    case 'github':
      return formatDiagnosticsGithub(diagnostics);
    case 'text':
      return formatDiagnosticsText(diagnostics);
  }
}
