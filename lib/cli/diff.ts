import { type Change, LEVELS } from '../contract/diff/change';
import { type AcceptedChange, DiffInputError, diffProject } from '../contract/diff/diff';
import { exitCodeFor, formatGithub, formatJson, formatText } from '../contract/diff/format';
import { CliError, type CommandResult } from './errors';
import type { FailOn } from './fail-on';
import type { OutputFormat } from './format-diagnostics';

export { FAIL_ON, type FailOn } from './fail-on';

export interface DiffOptions {
  readonly root: string;
  readonly base: string;
  readonly format: OutputFormat;
  readonly failOn: FailOn;
}

/** Runs the breaking-change detector; input problems (bad revision, malformed allow file) become exit 2. */
export function computeDiff(root: string, base: string): { changes: Change[]; accepted: AcceptedChange[] } {
  try {
    const result = diffProject({ root, base });
    return { changes: [...result.changes, ...result.unusedAllow], accepted: result.allowed };
  } catch (error) {
    if (error instanceof DiffInputError) throw new CliError(error.message);
    throw error;
  }
}

/**
 * The changes in one format. Text and github also list the accepted changes (apart, with their
 * reasons); JSON is the array of reported changes only, its stable schema (`dev check --format
 * json` carries the accepted ones in a key of their own).
 */
export function formatChanges(
  changes: readonly Change[],
  format: OutputFormat,
  accepted: readonly AcceptedChange[] = [],
): string {
  switch (format) {
    case 'json':
      return formatJson(changes);
    case 'github':
      return formatGithub(changes, accepted);
    case 'text':
      return formatText(changes, accepted);
  }
}

/** `dev diff --base <rev>`: exit 0 clean, 1 breaking, 2 could not run. */
export function runDiff(options: DiffOptions): CommandResult {
  const { changes, accepted } = computeDiff(options.root, options.base);
  const exitCode = exitCodeFor(changes, options.failOn);
  if (options.format !== 'text') {
    return { stdout: formatChanges(changes, options.format, accepted), exitCode };
  }
  const counts = LEVELS.map((l) => `${changes.filter((c) => c.level === l).length} ${l}(s)`);
  const summary = `Compared with ${options.base}: ${counts.join(', ')}${accepted.length > 0 ? `, ${accepted.length} accepted in the allow file` : ''}.`;
  const body =
    changes.length + accepted.length > 0
      ? formatChanges(changes, 'text', accepted)
      : 'No changes to the APIs.';
  return { stdout: `${body}\n\n${summary}`, exitCode };
}
