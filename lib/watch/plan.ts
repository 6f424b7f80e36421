/**
 * What `dev up --watch` does about a burst of saved files (classify.ts): a spec among them reloads
 * the system (regenerate, synthesize, restart everything but DynamoDB Local: the synth rebundles any
 * code saved with it); otherwise only the Lambda entries that read a saved file are rebundled.
 * Pure: the entries' inputs (esbuild's metafile, kept in the bundle cache) are given.
 */
import { posix } from 'node:path';
import type { FileChange } from './classify';

/** Per Lambda entry (root-relative, `/`-separated), the files its last good bundle was built from. */
export type EntryInputs = ReadonlyMap<string, readonly string[]>;

export type RebuildPlan =
  | { readonly kind: 'none'; readonly ignored: readonly FileChange[] }
  | {
      readonly kind: 'code';
      /** The entries to rebundle, sorted. */
      readonly entries: readonly string[];
      /** The saved source files. */
      readonly changed: readonly string[];
    }
  | {
      readonly kind: 'system';
      /** The saved specs. */
      readonly specs: readonly string[];
      /** Their services. */
      readonly services: readonly string[];
    };

/**
 * Which entries a set of saved source files affects:
 * - every entry that read one of them (edited, or deleted: that build then fails, located);
 * - for a file no entry read (maybe new), every entry that read a file in the same folder: a new
 *   `x.ts` beside `x/index.ts` changes what an import resolves to. The bundle cache answers at once
 *   when the folder's names did not change (bundle-key.ts), so this costs a lookup, not a build;
 * - every entry whose last build failed (`failing`): the save may be the fix, e.g. a missing file.
 */
export function affectedEntries(
  changed: readonly string[],
  inputs: EntryInputs,
  failing: ReadonlySet<string> = new Set(),
): string[] {
  const readers = new Map<string, string[]>();
  const folders = new Map<string, Set<string>>();
  for (const [entry, files] of inputs) {
    for (const file of files) {
      readers.set(file, [...(readers.get(file) ?? []), entry]);
      const folder = posix.dirname(file);
      const inFolder = folders.get(folder) ?? new Set<string>();
      inFolder.add(entry);
      folders.set(folder, inFolder);
    }
  }
  const affected = new Set<string>(changed.length > 0 ? failing : []);
  for (const path of changed) {
    const direct = readers.get(path);
    if (direct !== undefined) for (const entry of direct) affected.add(entry);
    else for (const entry of folders.get(posix.dirname(path)) ?? []) affected.add(entry);
  }
  return [...affected].sort();
}

export function planRebuild(
  changes: readonly FileChange[],
  inputs: EntryInputs,
  failing: ReadonlySet<string> = new Set(),
): RebuildPlan {
  const specs = changes.flatMap((change) => (change.kind === 'spec' ? [change] : []));
  if (specs.length > 0) {
    return {
      kind: 'system',
      specs: [...new Set(specs.map((spec) => spec.path))].sort(),
      services: [...new Set(specs.map((spec) => spec.service))].sort(),
    };
  }
  const changed = [
    ...new Set(changes.flatMap((change) => (change.kind === 'code' ? [change.path] : []))),
  ].sort();
  const entries = affectedEntries(changed, inputs, failing);
  if (entries.length === 0) return { kind: 'none', ignored: changes };
  return { kind: 'code', entries, changed };
}
