import type { Change } from '../spec/diff/change';
import { DiffInputError, diffProject } from '../spec/diff/diff';
import { exitCodeFor, formatGithub, formatJson, formatText } from '../spec/diff/format';
import { CliError, type CommandResult } from './errors';
import type { OutputFormat } from './format-diagnostics';

export const FAIL_ON = ['error', 'warning'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export interface DiffOptions {
  readonly root: string;
  readonly base: string;
  readonly format: OutputFormat;
  readonly failOn: FailOn;
}

/** Runs the breaking-change detector; input problems (bad revision, invalid spec) become exit 2. */
export function computeDiff(root: string, base: string): { changes: Change[]; allowed: Change[] } {
  try {
    const result = diffProject({ root, base });
    return { changes: [...result.changes, ...result.unusedAllow], allowed: result.allowed };
  } catch (error) {
    if (error instanceof DiffInputError) throw new CliError(error.message);
    throw error;
  }
}

export function formatChanges(changes: readonly Change[], format: OutputFormat): string {
  switch (format) {
    case 'json':
      return formatJson([...changes]);
    case 'github':
      return formatGithub([...changes]);
    case 'text':
      return formatText([...changes]);
  }
}

/** `dev diff --base <rev>`: exit 0 clean, 1 breaking, 2 could not run. */
export function runDiff(options: DiffOptions): CommandResult {
  const { changes, allowed } = computeDiff(options.root, options.base);
  const exitCode = exitCodeFor([...changes], options.failOn);
  if (options.format !== 'text') return { stdout: formatChanges(changes, options.format), exitCode };
  const counts = (['error', 'warning', 'info'] as const).map(
    (l) => `${changes.filter((c) => c.level === l).length} ${l}(s)`,
  );
  const summary = `Compared with ${options.base}: ${counts.join(', ')}${allowed.length > 0 ? `, ${allowed.length} allowed` : ''}.`;
  const body = changes.length > 0 ? formatChanges(changes, 'text') : 'No changes to the APIs.';
  return { stdout: `${body}\n\n${summary}`, exitCode };
}
