/**
 * The `dev generate` step of a spec change under `dev up --watch`, and what it wrote: the watcher
 * sees those writes as saves too, and must not take them for the developer's (a file it wrote is
 * ignored for as long as it holds what it wrote).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runGenerate } from '../cli/generate';

/** Root-relative path (`/`-separated) → sha-256 of the content, for every file under `functions/`. */
export type SourceSnapshot = ReadonlyMap<string, string>;

const MISSING = 'missing';

function hashFile(path: string): string {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return MISSING;
  }
}

export function snapshotSources(root: string, folder = 'functions'): SourceSnapshot {
  const hashes = new Map<string, string>();
  const walk = (relative: string) => {
    const absolute = join(root, relative);
    if (!existsSync(absolute)) return;
    for (const entry of readdirSync(absolute, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const path = `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) hashes.set(path, hashFile(join(root, path)));
    }
  };
  walk(folder);
  return hashes;
}

/** What changed between two snapshots: path → its hash in `after` (`missing` when removed). */
export function changedBetween(before: SourceSnapshot, after: SourceSnapshot): Map<string, string> {
  const changed = new Map<string, string>();
  for (const [path, hash] of after) if (before.get(path) !== hash) changed.set(path, hash);
  for (const path of before.keys()) if (!after.has(path)) changed.set(path, MISSING);
  return changed;
}

/** Whether `path` still holds what a regeneration wrote there (`written`: from {@link changedBetween}). */
export function stillAsWritten(root: string, path: string, written: ReadonlyMap<string, string>): boolean {
  const hash = written.get(path);
  return hash !== undefined && hashFile(join(root, path)) === hash;
}

export type Regeneration =
  | { readonly ok: true; readonly written: ReadonlyMap<string, string>; readonly summary: string }
  /** The specs do not generate: `message` is `dev generate`'s report (located diagnostics). */
  | { readonly ok: false; readonly message: string };

/** Runs `dev generate` (lib/cli/generate.ts) and tells which files it wrote or removed. */
export function regenerate(root: string): Regeneration {
  const before = snapshotSources(root);
  const result = runGenerate({ root, check: false });
  if (result.exitCode !== 0) {
    return {
      ok: false,
      message: [result.stdout, result.stderr].filter((text) => text !== undefined && text !== '').join('\n'),
    };
  }
  const written = changedBetween(before, snapshotSources(root));
  return { ok: true, written, summary: result.stdout };
}
