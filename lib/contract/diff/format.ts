import { githubAnnotation } from '../github-annotation';
import { type Change, compareChanges, compareStrings, type Level, sortChanges } from './change';
import type { AcceptedChange } from './diff';
import { remedyFor } from './rules';

/**
 * The three output formats of `dev diff`, and its exit status. Each returns the whole output
 * without a final newline (the CLI adds one). Every reported change says what to do (its rule's
 * remedy); changes the allow file accepted are listed apart, with the entry's reason and position,
 * so a reviewer sees what was let through and why.
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

/** `api-specs/breaking-changes.allow.json:2:3`: where the entry that accepted a change is. */
function entryPlace(accepted: AcceptedChange): string {
  const { file, line, column } = accepted.allowEntry;
  return `${file}:${line}:${column}`;
}

/** A reason on one line: output lines are per item, and a reason may hold newlines. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function sortAccepted(accepted: readonly AcceptedChange[]): AcceptedChange[] {
  return [...accepted].sort(compareChanges);
}

const INDENT = ' '.repeat(11);

/** The lines every change shows: level, rule and place; file:line:col; message; what it reaches. */
function changeLines(change: Change): string[] {
  const lines = [
    `  ${change.level.padEnd(7)}  ${change.rule}  ${change.at}`,
    `${INDENT}${change.file}:${change.line}:${change.column}`,
    `${INDENT}${change.message}`,
  ];
  const reach = reachLine(change);
  if (reach) lines.push(`${INDENT}${reach}`);
  return lines;
}

/**
 * For people: grouped by service (each with its counts), worst first, each change with its
 * remedy; then, per service, the accepted changes with the allow entry's place and reason.
 */
export function formatText(changes: readonly Change[], accepted: readonly AcceptedChange[] = []): string {
  if (changes.length === 0 && accepted.length === 0) return 'No API changes.';
  const sorted = sortChanges(changes);
  const sortedAccepted = sortAccepted(accepted);
  const services = [...new Set([...sorted, ...sortedAccepted].map((c) => c.service))].sort(compareStrings);
  const blocks = services.map((service) => {
    const own = sorted.filter((c) => c.service === service);
    const ownAccepted = sortedAccepted.filter((c) => c.service === service);
    const acceptedLabel = ownAccepted.length > 0 ? `; ${ownAccepted.length} accepted` : '';
    const lines = [`${service} (${countLabel(own)}${acceptedLabel})`];
    for (const change of own) {
      lines.push(...changeLines(change));
      const remedy = remedyFor(change.rule, change.level);
      if (remedy) lines.push(`${INDENT}remedy: ${remedy}`);
    }
    if (ownAccepted.length > 0) {
      lines.push('  accepted:');
      for (const change of ownAccepted) {
        lines.push(...changeLines(change));
        lines.push(`${INDENT}accepted at ${entryPlace(change)}: ${oneLine(change.reason)}`);
      }
    }
    return lines.join('\n');
  });
  return blocks.join('\n\n');
}

/** One change as JSON: the stable keys, in order, plus its remedy (null for an unknown rule). */
function changeJson(change: Change): Record<string, unknown> {
  const { rule, level, service, at, sides, operations, message, file, line, column } = change;
  return {
    rule,
    level,
    service,
    at,
    sides,
    operations,
    message,
    remedy: remedyFor(rule, level) ?? null,
    file,
    line,
    column,
  };
}

/**
 * A stable schema: an array of { rule, level, service, at, sides, operations, message, remedy,
 * file, line, column }, sorted.
 */
export function formatJson(changes: readonly Change[]): string {
  return JSON.stringify(sortChanges(changes).map(changeJson), null, 2);
}

/**
 * The accepted changes: an array of the change's keys (as {@link formatJson}) plus `reason` and
 * `allow_entry` ({ file, line, column } of the entry in the allow file), sorted.
 */
export function formatAcceptedJson(accepted: readonly AcceptedChange[]): string {
  const out = sortAccepted(accepted).map((change) => ({
    ...changeJson(change),
    reason: change.reason,
    allow_entry: { ...change.allowEntry },
  }));
  return JSON.stringify(out, null, 2);
}

/**
 * GitHub workflow annotations: `::error file=api-specs/users.json,line=12,col=5,title=<rule>::<message>`
 * with the remedy on a second line; each accepted change is a notice at its place naming the
 * allow entry and its reason (a notice never fails a workflow).
 */
export function formatGithub(changes: readonly Change[], accepted: readonly AcceptedChange[] = []): string {
  const reported = sortChanges(changes).map((c) => {
    const remedy = remedyFor(c.rule, c.level);
    return githubAnnotation({
      level: c.level,
      file: c.file,
      line: c.line,
      column: c.column,
      title: c.rule,
      message: remedy ? `${c.message}\nRemedy: ${remedy}` : c.message,
    });
  });
  const notices = sortAccepted(accepted).map((c) =>
    githubAnnotation({
      level: 'info',
      file: c.file,
      line: c.line,
      column: c.column,
      title: `${c.rule} (accepted)`,
      message: `${c.message}\nAccepted at ${entryPlace(c)}: ${oneLine(c.reason)}`,
    }),
  );
  return [...reported, ...notices].join('\n');
}

/** 1 when a change is at or above the failing level (errors always fail), else 0. */
export function exitCodeFor(changes: readonly Change[], failOn: 'error' | 'warning'): 0 | 1 {
  const failing = (c: Change) => c.level === 'error' || (failOn === 'warning' && c.level === 'warning');
  return changes.some(failing) ? 1 : 0;
}
