import { join } from 'node:path';
import { type AllowEntry, applyAllow, readAllowFile } from '../allow';
import { BREAKING_ALLOW_FILE, SPECS_DIR } from '../files';
import type { LoadedSpec } from '../validate/context';
import { loadSpec, type SpecText } from '../validate/validate';
import { type Change, compareChanges, compareStrings, sortChanges } from './change';
import { diffSpec } from './diff-spec';
import { DiffInputError } from './errors';

export { DiffInputError };

import { readSpecsAtRevision, readWorkingSpecs } from './git';
import { defaultLevel, isRuleId } from './rules';

export interface DiffOptions {
  /** The project root (the directory holding api-specs/), inside a git work tree. */
  readonly root: string;
  /** The git revision to compare the working copy with. */
  readonly base: string;
}

/**
 * A change an entry of the allow file accepted: it does not fail, and is listed for reviewers with
 * the entry's reason and the entry's position in the allow file.
 */
export interface AcceptedChange extends Change {
  readonly reason: string;
  readonly allowEntry: { readonly file: string; readonly line: number; readonly column: number };
}

export interface DiffResult {
  /** The changes no allow entry matched, sorted. */
  readonly changes: Change[];
  /** The changes an allow entry accepted, sorted, each with the entry's reason (they do not fail). */
  readonly allowed: AcceptedChange[];
  /**
   * One `unused-allow-entry` error per allow entry that matched nothing, sorted. Not part of
   * `changes`: report and judge `sortChanges([...changes, ...unusedAllow])`.
   */
  readonly unusedAllow: Change[];
}

/** The allow file, relative to the project root, as Change.file for unused entries. */
export const BREAKING_ALLOW_PATH = `${SPECS_DIR}/${BREAKING_ALLOW_FILE}`;

/**
 * A spec, or the located finding saying it does not load: a working-copy spec that does not load is
 * an error of the change (exit 1, at its line and column); a base one is compared as if the
 * working copy's were new (info), so a change that repairs a broken spec is not blocked.
 */
function load(input: SpecText, side: 'base' | 'head', base: string): LoadedSpec | Change {
  const { loaded, diagnostics } = loadSpec(input);
  if (loaded) return loaded;
  const first = diagnostics[0];
  const rule = side === 'head' ? 'spec-does-not-load' : 'base-spec-does-not-load';
  const problem = first
    ? `${first.message}${first.path !== '$' ? ` at ${first.path}` : ''}`
    : 'it cannot be read';
  const service = input.file.replace(/^.*\//, '').replace(/\.json$/, '');
  return {
    rule,
    level: defaultLevel(rule),
    service,
    at: service,
    sides: [],
    operations: [],
    message:
      side === 'head'
        ? `${input.file} does not load: ${problem}; run \`dev validate\` and fix it`
        : `${input.file} does not load at revision "${base}" (${problem}): the working copy is compared as if it were new`,
    file: input.file,
    line: side === 'head' ? (first?.line ?? 1) : 1,
    column: side === 'head' ? (first?.column ?? 1) : 1,
  };
}

function isChange(value: LoadedSpec | Change): value is Change {
  return 'rule' in value;
}

function unusedEntryChange(entry: AllowEntry): Change {
  const known = isRuleId(entry.rule) ? '' : ` ("${entry.rule}" is not a rule id of dev diff)`;
  return {
    rule: 'unused-allow-entry',
    level: defaultLevel('unused-allow-entry'),
    service: entry.at.split('.')[0] ?? entry.at,
    at: entry.at,
    sides: [],
    operations: [],
    message: `the allow entry for ${entry.rule} at ${entry.at} matches no change${known}: remove it so the file cannot rot`,
    file: BREAKING_ALLOW_PATH,
    line: entry.line,
    column: entry.column,
  };
}

/**
 * Compares every spec of the working copy with the same file at `base`, applies
 * api-specs/breaking-changes.allow.json and sorts the result (service, worst first, place).
 * Throws {@link DiffInputError} when it cannot run.
 */
export function diffProject(opts: DiffOptions): DiffResult {
  const baseTexts = readSpecsAtRevision(opts.root, opts.base);
  const headTexts = readWorkingSpecs(opts.root);
  const baseByFile = new Map(baseTexts.map((t) => [t.file, t]));
  const headByFile = new Map(headTexts.map((t) => [t.file, t]));
  const files = [...new Set([...baseByFile.keys(), ...headByFile.keys()])].sort(compareStrings);

  const changes: Change[] = [];
  for (const file of files) {
    const baseText = baseByFile.get(file);
    const headText = headByFile.get(file);
    const base = baseText ? load(baseText, 'base', opts.base) : undefined;
    const head = headText ? load(headText, 'head', opts.base) : undefined;
    if (head !== undefined && isChange(head)) {
      changes.push(head);
      continue;
    }
    if (base !== undefined && isChange(base)) {
      changes.push(base, ...diffSpec(undefined, head));
      continue;
    }
    changes.push(...diffSpec(base, head));
  }

  const { allow, diagnostics } = readAllowFile(join(opts.root, BREAKING_ALLOW_PATH));
  if (diagnostics.length > 0) {
    const lines = diagnostics.map((d) => `  ${BREAKING_ALLOW_PATH}:${d.line}:${d.column} ${d.message}`);
    throw new DiffInputError(`${BREAKING_ALLOW_PATH} is malformed:\n${lines.join('\n')}`);
  }
  const { kept, accepted, unused } = applyAllow(changes, allow.entries);
  const allowed = accepted.map(
    ({ finding, entry }): AcceptedChange => ({
      ...finding,
      reason: entry.reason,
      allowEntry: { file: BREAKING_ALLOW_PATH, line: entry.line, column: entry.column },
    }),
  );
  const unusedAllow = sortChanges(unused.map(unusedEntryChange));
  return { changes: sortChanges(kept), allowed: allowed.sort(compareChanges), unusedAllow };
}
