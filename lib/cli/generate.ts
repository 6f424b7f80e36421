import { existsSync, mkdirSync, readdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compareWithDisk, type Freshness, FUNCTIONS_DIR, isFresh, planGeneration } from '../codegen/generate';
import { RUNBOOKS_DIR } from '../codegen/runbook';
import { GenerateError } from '../codegen/source';
import type { CommandResult } from './errors';
import { formatDiagnostics } from './format-diagnostics';

export interface GenerateOptions {
  readonly root: string;
  /** Write nothing; exit 1 when a generated file is stale, missing or should not exist. */
  readonly check: boolean;
}

const RERUN = 'run `npx dev generate` and commit the result';

/** The lines listing what is out of date, one file a line. */
export function describeFreshness(freshness: Freshness): string[] {
  return [
    ...freshness.stale.map((path) => `${path}: stale`),
    ...freshness.missing.map((path) => `${path}: missing`),
    ...freshness.extra.map((path) => `${path}: should not exist (no spec generates it)`),
    ...freshness.unscaffolded.map((path) => `${path}: to write (a stub is created for you)`),
  ].sort();
}

/** Removes a folder and its parents up to `stop` (exclusive) while they are empty. */
function removeEmptyDirs(root: string, relative: string, stop: string): void {
  let dir = relative;
  while (dir !== stop && dir !== '.' && dir !== '') {
    const absolute = join(root, dir);
    try {
      if (readdirSync(absolute).length > 0) return;
      rmdirSync(absolute);
    } catch {
      return;
    }
    dir = dirname(dir);
  }
}

/**
 * `dev generate [--check]`: writes functions/<service>/generated/ from every spec (and removes
 * generated files no spec generates any more), or with `--check` only reports what is out of date.
 * Exit 1 when a spec is invalid or cannot be generated, or (`--check`) when anything is out of date.
 */
export function runGenerate(options: GenerateOptions): CommandResult {
  let plan: ReturnType<typeof planGeneration>;
  try {
    plan = planGeneration(options.root);
  } catch (error) {
    if (error instanceof GenerateError) return { stdout: '', stderr: error.message, exitCode: 1 };
    throw error;
  }
  if (!plan.ok) {
    return {
      stdout: formatDiagnostics(plan.diagnostics, 'text'),
      stderr: 'dev generate: fix the invalid specs first (see `dev validate`); nothing was generated.',
      exitCode: 1,
    };
  }
  const freshness = compareWithDisk(options.root, plan.files, plan.scaffolds);
  const changes = describeFreshness(freshness);
  if (options.check) {
    if (isFresh(freshness))
      return { stdout: `Generated code is up to date (${plan.files.length} files).`, exitCode: 0 };
    return {
      stdout: `${changes.join('\n')}\n${changes.length} generated file(s) out of date: ${RERUN}.`,
      exitCode: 1,
    };
  }
  for (const file of plan.files) {
    if (!freshness.stale.includes(file.path) && !freshness.missing.includes(file.path)) continue;
    const target = join(options.root, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
  }
  // Stubs only where nothing is written yet: a file a person wrote is never touched.
  for (const stub of plan.scaffolds) {
    const target = join(options.root, stub.path);
    if (existsSync(target)) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, stub.content, { flag: 'wx' });
  }
  for (const path of freshness.extra) {
    rmSync(join(options.root, path), { force: true });
    // Prune folders left empty, up to functions/ (a removed service's folder goes too, if that was all
    // it held), or up to docs/ for a runbook.
    removeEmptyDirs(
      options.root,
      dirname(path),
      path.startsWith(`${RUNBOOKS_DIR}/`) ? dirname(RUNBOOKS_DIR) : FUNCTIONS_DIR,
    );
  }
  if (changes.length === 0)
    return { stdout: `Generated code is up to date (${plan.files.length} files).`, exitCode: 0 };
  const written = freshness.stale.length + freshness.missing.length;
  const stubs = freshness.unscaffolded.length;
  return {
    stdout: `${changes
      .map((line) =>
        line
          .replace(/: (stale|missing)$/, ': written')
          .replace(/: should not exist.*$/, ': removed')
          .replace(/: to write .*$/, ': stub created, yours to write'),
      )
      .join(
        '\n',
      )}\nWrote ${written} and removed ${freshness.extra.length} generated file(s)${stubs > 0 ? `; created ${stubs} stub(s) to write (\`dev check\` lists the stubs still in place)` : ''}.`,
    exitCode: 0,
  };
}

/** What `dev check` reports about the generated code. */
export type GeneratedStatus =
  | { readonly state: 'fresh'; readonly files: number }
  | { readonly state: 'stale'; readonly problems: string[]; readonly paths: string[] }
  | { readonly state: 'failed'; readonly message: string }
  | { readonly state: 'skipped'; readonly reason: string };

/**
 * Whether functions/<service>/generated/ is what the specs generate. Skipped for a project without
 * a functions/ folder (specs only: nothing is generated there) and when a spec is invalid (the
 * validation reports it).
 */
export function generatedStatus(root: string): GeneratedStatus {
  if (!existsSync(join(root, FUNCTIONS_DIR))) {
    return { state: 'skipped', reason: `no ${FUNCTIONS_DIR}/ folder: the project keeps no generated code` };
  }
  let plan: ReturnType<typeof planGeneration>;
  try {
    plan = planGeneration(root);
  } catch (error) {
    if (error instanceof GenerateError) return { state: 'failed', message: error.message };
    throw error;
  }
  if (!plan.ok) return { state: 'skipped', reason: 'fix the invalid specs first' };
  const freshness = compareWithDisk(root, plan.files, plan.scaffolds);
  if (isFresh(freshness)) return { state: 'fresh', files: plan.files.length };
  return {
    state: 'stale',
    problems: describeFreshness(freshness),
    paths: [...freshness.stale, ...freshness.missing, ...freshness.extra, ...freshness.unscaffolded].sort(),
  };
}
