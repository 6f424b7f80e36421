import { githubAnnotation } from '../github-annotation';
import { type Change, type Level, sortChanges } from './change';

/**
 * The three output formats of `dev diff`, and its exit status. Each returns the whole output
 * without a final newline (the CLI adds one).
 */

function countLabel(changes: readonly Change[]): string {
  const count = (level: Level) => changes.filter((c) => c.level === level).length;
  const errors = count('error');
  const warnings = count('warning');
  return `${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}, ${count('info')} info`;
}

function reachLine(change: Change): string | undefined {
  if (change.operations.length === 0) return undefined;
  const sides = change.sides.length > 0 ? ` (${change.sides.join(' and ')} side)` : '';
  return `reaches ${change.operations.join(', ')}${sides}`;
}

/** For people: grouped by service (each with its counts), worst first. */
export function formatText(changes: readonly Change[]): string {
  if (changes.length === 0) return 'No API changes.';
  const sorted = sortChanges(changes);
  const services = [...new Set(sorted.map((c) => c.service))];
  const indent = ' '.repeat(11);
  const blocks = services.map((service) => {
    const own = sorted.filter((c) => c.service === service);
    const lines = [`${service} (${countLabel(own)})`];
    for (const change of own) {
      lines.push(`  ${change.level.padEnd(7)}  ${change.rule}  ${change.at}`);
      lines.push(`${indent}${change.file}:${change.line}:${change.column}`);
      lines.push(`${indent}${change.message}`);
      const reach = reachLine(change);
      if (reach) lines.push(`${indent}${reach}`);
    }
    return lines.join('\n');
  });
  return blocks.join('\n\n');
}

/**
 * A stable schema: an array of { rule, level, service, at, sides, operations, message, file, line,
 * column }, sorted.
 */
export function formatJson(changes: readonly Change[]): string {
  const out = sortChanges(changes).map(
    ({ rule, level, service, at, sides, operations, message, file, line, column }) => ({
      rule,
      level,
      service,
      at,
      sides,
      operations,
      message,
      file,
      line,
      column,
    }),
  );
  return JSON.stringify(out, null, 2);
}

/** GitHub workflow annotations: `::error file=api-specs/users.json,line=12,col=5,title=<rule>::<message>`. */
export function formatGithub(changes: readonly Change[]): string {
  return sortChanges(changes)
    .map((c) =>
      githubAnnotation({
        level: c.level,
        file: c.file,
        line: c.line,
        column: c.column,
        title: c.rule,
        message: c.message,
      }),
    )
    .join('\n');
}

/** 1 when a change is at or above the failing level (errors always fail), else 0. */
export function exitCodeFor(changes: readonly Change[], failOn: 'error' | 'warning'): 0 | 1 {
  const failing = (c: Change) => c.level === 'error' || (failOn === 'warning' && c.level === 'warning');
  return changes.some(failing) ? 1 : 0;
}
