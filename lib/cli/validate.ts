import type { CommandResult } from './errors';
import { formatDiagnostics, type OutputFormat } from './format-diagnostics';
import { validateProject } from './load-project';

export interface ValidateOptions {
  readonly root: string;
  readonly cwd: string;
  readonly files: readonly string[];
  readonly format: OutputFormat;
}

/** `dev validate [files...]`: exit 0 when every named spec is valid, 1 otherwise. */
export function runValidate(options: ValidateOptions): CommandResult {
  const result = validateProject(options.root, options.cwd, options.files);
  const errors = result.reported.filter((d) => d.severity === 'error');
  const failedFiles = new Set(errors.map((d) => d.file));
  const exitCode = errors.length > 0 ? 1 : 0;
  if (options.format !== 'text')
    return { stdout: formatDiagnostics(result.reported, options.format), exitCode };
  if (result.files.length === 0) return { stdout: 'No specs found in api-specs/.', exitCode: 0 };
  const summary =
    errors.length === 0
      ? `${result.files.length} spec(s) valid.`
      : `${errors.length} error(s) in ${failedFiles.size} of ${result.files.length} spec(s).`;
  const body = formatDiagnostics(result.reported, 'text');
  return { stdout: body ? `${body}\n\n${summary}` : summary, exitCode };
}
