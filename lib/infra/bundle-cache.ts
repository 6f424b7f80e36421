import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { bundleKey, type InputHasher } from './bundle-key';

/**
 * The content-addressed store of Lambda bundles (default `<project>/.tributary/bundles/`, gitignored):
 *
 *   <key>/asset/index.js, index.js.map   the bundle: the folder the function's asset is made from
 *   <key>/bundle.json                    its entry, the inputs esbuild read, its content hash
 *   entries/<id>.json                    per entry, the key it was last built under
 *
 * A key (bundle-key.ts) is a hash of what the bundle was made from, so a stored bundle never goes
 * stale: an entry whose inputs changed has another key. Writes are a rename of a complete folder,
 * so concurrent synths (jest workers, `dev up` and a `cdk synth`) never see half a bundle; two that
 * build the same key write the same bytes and the second rename just loses.
 */

/** What `bundle.json` holds. */
export interface BundleManifest {
  /** The entry, relative to the project root. */
  readonly entry: string;
  /** Every file esbuild read for it (its metafile inputs reachable from the entry), relative to the root. */
  readonly inputs: readonly string[];
  /** {@link contentHash} of the asset folder's files. */
  readonly contentHash: string;
  /** Size of the asset folder's files, for pruning. */
  readonly bytes: number;
}

/** A bundle in the store. */
export interface StoredBundle {
  readonly key: string;
  /** Absolute path of the asset folder (index.js, index.js.map). */
  readonly dir: string;
  readonly contentHash: string;
}

/** What an asset folder holds. */
export const ASSET_FILES = ['index.js', 'index.js.map'] as const;

/** A rename, or a copy where the two folders are on different file systems. */
function move(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    cpSync(from, to, { recursive: true });
    rmSync(from, { recursive: true, force: true });
  }
}

/** When unused bundles are deleted (see {@link bundlesToPrune}). */
export interface PrunePolicy {
  /** Never delete what was used this recently: another synth may be copying it. */
  readonly graceMs: number;
  /** Keep the most recently used bundles while the store stays under this size. */
  readonly budgetBytes: number;
  /** Delete whatever was not used for this long, whatever the size. */
  readonly maxAgeMs: number;
}

export const DEFAULT_PRUNE_POLICY: PrunePolicy = {
  graceMs: 10 * 60_000,
  budgetBytes: 512 * 1024 * 1024,
  maxAgeMs: 7 * 24 * 3_600_000,
};

const ENTRIES = 'entries';
/** Folders being written (renamed into place when complete); left behind only by a crash. */
const TEMP_PREFIX = 'tmp-';
const KEY = /^[0-9a-f]{64}$/;

function isManifest(value: unknown): value is BundleManifest {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.entry === 'string' &&
    Array.isArray(v.inputs) &&
    v.inputs.every((input) => typeof input === 'string') &&
    typeof v.contentHash === 'string' &&
    typeof v.bytes === 'number'
  );
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // Missing, or cut short by a crash outside the rename: as good as absent.
    return undefined;
  }
}

export class BundleCache {
  /** Absolute path of the store. */
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  #bundleDir(key: string): string {
    return join(this.dir, key);
  }

  #manifestFile(key: string): string {
    return join(this.#bundleDir(key), 'bundle.json');
  }

  #entryFile(entry: string): string {
    return join(this.dir, ENTRIES, `${createHash('sha256').update(entry).digest('hex').slice(0, 32)}.json`);
  }

  manifest(key: string): BundleManifest | undefined {
    const value = readJson(this.#manifestFile(key));
    return isManifest(value) ? value : undefined;
  }

  #stored(key: string, manifest: BundleManifest): StoredBundle {
    return { key, dir: join(this.#bundleDir(key), 'asset'), contentHash: manifest.contentHash };
  }

  /**
   * The stored bundle of `entry` if the files it was last built from still hash to a stored key
   * (the last one, or an older one: a reverted change finds its bundle again). Marks it used.
   */
  lookup(entry: string, salt: string, hasher: InputHasher): StoredBundle | undefined {
    const record = readJson(this.#entryFile(entry));
    const lastKey = (record as { key?: unknown } | undefined)?.key;
    if (typeof lastKey !== 'string' || !KEY.test(lastKey)) return undefined;
    const last = this.manifest(lastKey);
    if (!last || last.entry !== entry) return undefined;
    const key = bundleKey(salt, last.inputs, hasher);
    const manifest = key === lastKey ? last : this.manifest(key);
    if (!manifest || manifest.entry !== entry) return undefined;
    if (key !== lastKey) this.remember(entry, key);
    this.#touch(key);
    return this.#stored(key, manifest);
  }

  /**
   * Moves `folder` (the asset's files, {@link ASSET_FILES}) into the store under `key`, or drops it
   * when the same key is already there (same inputs, same bytes), and marks the key used.
   */
  store(key: string, manifest: BundleManifest, folder: string): StoredBundle {
    mkdirSync(this.dir, { recursive: true });
    const target = this.#bundleDir(key);
    if (!this.manifest(key)) {
      // Absent, or damaged (edited by hand, cut short by a full disk): replaced whole.
      if (existsSync(target)) rmSync(target, { recursive: true, force: true });
      const temp = mkdtempSync(join(this.dir, TEMP_PREFIX));
      move(folder, join(temp, 'asset'));
      // Written last: a folder with a bundle.json is complete.
      writeFileSync(join(temp, 'bundle.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      try {
        renameSync(temp, target);
      } catch (error) {
        rmSync(temp, { recursive: true, force: true });
        // Another synth stored the same key first: same inputs, same bytes.
        if (!this.manifest(key)) throw error;
      }
    }
    rmSync(folder, { recursive: true, force: true });
    this.#touch(key);
    return this.#stored(key, manifest);
  }

  /** Points `entry` at the key it was built under, for the next {@link lookup}. */
  remember(entry: string, key: string): void {
    const file = this.#entryFile(entry);
    mkdirSync(join(this.dir, ENTRIES), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify({ entry, key })}\n`);
    renameSync(temp, file);
  }

  #touch(key: string): void {
    const now = new Date();
    utimesSync(this.#manifestFile(key), now, now);
  }

  /**
   * Deletes bundles per `policy` (never those in `used`), leftovers of crashed writes, and entry
   * records whose bundle is gone. Returns the keys deleted.
   */
  prune(used: ReadonlySet<string>, policy: PrunePolicy = DEFAULT_PRUNE_POLICY, now = Date.now()): string[] {
    if (!existsSync(this.dir)) return [];
    const stored: PruneCandidate[] = [];
    for (const name of readdirSync(this.dir)) {
      const path = join(this.dir, name);
      if (name.startsWith(TEMP_PREFIX)) {
        if (now - statSync(path).mtimeMs > policy.graceMs) rmSync(path, { recursive: true, force: true });
        continue;
      }
      if (!KEY.test(name)) continue;
      const manifest = this.manifest(name);
      const lastUsedMs = manifest ? statSync(this.#manifestFile(name)).mtimeMs : statSync(path).mtimeMs;
      stored.push({ key: name, lastUsedMs, bytes: manifest?.bytes ?? 0 });
    }
    const deleted = bundlesToPrune(stored, used, policy, now);
    for (const key of deleted) rmSync(this.#bundleDir(key), { recursive: true, force: true });
    const entries = join(this.dir, ENTRIES);
    if (deleted.length > 0 && existsSync(entries)) {
      for (const name of readdirSync(entries)) {
        const key = (readJson(join(entries, name)) as { key?: unknown } | undefined)?.key;
        if (typeof key !== 'string' || !existsSync(this.#bundleDir(key))) {
          rmSync(join(entries, name), { force: true });
        }
      }
    }
    return deleted;
  }
}

export interface PruneCandidate {
  readonly key: string;
  readonly lastUsedMs: number;
  readonly bytes: number;
}

/**
 * Which stored bundles to delete: never one in `used` or used within the grace period; always one
 * unused for longer than the maximum age; in between, the least recently used ones beyond the size
 * budget (what must be kept counts against the budget first).
 */
export function bundlesToPrune(
  stored: readonly PruneCandidate[],
  used: ReadonlySet<string>,
  policy: PrunePolicy,
  now: number,
): string[] {
  const kept = stored.filter((b) => used.has(b.key) || now - b.lastUsedMs <= policy.graceMs);
  let total = kept.reduce((sum, b) => sum + b.bytes, 0);
  const keptKeys = new Set(kept.map((b) => b.key));
  const deleted: string[] = [];
  const others = stored
    .filter((b) => !keptKeys.has(b.key))
    .sort((a, b) => b.lastUsedMs - a.lastUsedMs || (a.key < b.key ? -1 : 1));
  for (const bundle of others) {
    if (now - bundle.lastUsedMs > policy.maxAgeMs || total + bundle.bytes > policy.budgetBytes) {
      deleted.push(bundle.key);
    } else {
      total += bundle.bytes;
    }
  }
  return deleted;
}
