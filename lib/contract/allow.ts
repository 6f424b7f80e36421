import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Diagnostic } from './diagnostic';
import { formatJsonPath } from './diagnostic';
import { JsonSyntaxError, parseJsonSource } from './source';

/**
 * An accepted finding: exactly one rule at exactly one place, with the reason it is safe.
 * Used by both `api-specs/lint.allow.json` and `api-specs/breaking-changes.allow.json`.
 */
export interface AllowEntry {
  readonly rule: string;
  readonly at: string;
  readonly reason: string;
  /** 1-based position of the entry in its file, for reporting unused entries. */
  readonly line: number;
  readonly column: number;
}

export interface AllowFile {
  readonly file: string;
  readonly entries: readonly AllowEntry[];
}

const entrySchema = z.strictObject({
  rule: z.string().min(1),
  at: z.string().min(1),
  reason: z.string().trim().min(10, 'a reason of at least 10 characters is required'),
});

/**
 * Reads an allow file. A missing file is an empty list; a malformed one yields diagnostics
 * (it must never silently allow everything or nothing).
 */
export function readAllowFile(file: string): { allow: AllowFile; diagnostics: Diagnostic[] } {
  let text: Buffer;
  try {
    text = readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { allow: { file, entries: [] }, diagnostics: [] };
    throw error;
  }
  return parseAllowText(file, text);
}

export function parseAllowText(
  file: string,
  text: string | Uint8Array,
): { allow: AllowFile; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const problem = (path: (string | number)[], line: number, column: number, message: string, hint: string) =>
    diagnostics.push({
      rule: 'allow-file',
      severity: 'error',
      file,
      path: formatJsonPath(path),
      line,
      column,
      message,
      hint,
    });
  let source: ReturnType<typeof parseJsonSource>;
  try {
    source = parseJsonSource(file, text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    problem(
      [...error.path],
      error.line,
      error.column,
      error.problem,
      error.rule === 'json-syntax' ? 'Fix the JSON syntax at this position.' : error.hint,
    );
    return { allow: { file, entries: [] }, diagnostics };
  }
  if (!Array.isArray(source.value)) {
    problem(
      [],
      1,
      1,
      'an allow file is a JSON array of { "rule", "at", "reason" } entries',
      'Wrap the entries in [ ].',
    );
    return { allow: { file, entries: [] }, diagnostics };
  }
  const entries: AllowEntry[] = [];
  source.value.forEach((raw, i) => {
    const { line, column } = source.positionOf([i]);
    const parsed = entrySchema.safeParse(raw);
    if (!parsed.success) {
      const detail = parsed.error.issues
        .map((issue) => `${issue.path.join('.') || 'entry'}: ${issue.message}`)
        .join('; ');
      problem(
        [i],
        line,
        column,
        `invalid allow entry (${detail})`,
        'Each entry needs "rule", "at" and a "reason" that says why it is safe.',
      );
      return;
    }
    entries.push({ ...parsed.data, line, column });
  });
  return { allow: { file, entries }, diagnostics };
}

/** Something an allow entry can silence: one rule at one place. */
export interface Allowable {
  readonly rule: string;
  readonly at: string;
}

/** A finding an allow entry accepted, with that entry (its reason, and where it is, for reviewers). */
export interface Accepted<T> {
  readonly finding: T;
  readonly entry: AllowEntry;
}

/**
 * Splits findings into those that stand and those an entry allows, and lists entries that
 * allowed nothing (so the file cannot rot). An entry matches on the exact rule and place.
 * `accepted` pairs each allowed finding with the entry that allowed it (the first that matches).
 */
export function applyAllow<T extends Allowable>(
  findings: readonly T[],
  entries: readonly AllowEntry[],
): { kept: T[]; allowed: T[]; accepted: Accepted<T>[]; unused: AllowEntry[] } {
  const used = new Set<AllowEntry>();
  const kept: T[] = [];
  const accepted: Accepted<T>[] = [];
  for (const finding of findings) {
    const entry = entries.find((e) => e.rule === finding.rule && e.at === finding.at);
    if (entry) {
      used.add(entry);
      accepted.push({ finding, entry });
    } else {
      kept.push(finding);
    }
  }
  return {
    kept,
    allowed: accepted.map((a) => a.finding),
    accepted,
    unused: entries.filter((e) => !used.has(e)),
  };
}
