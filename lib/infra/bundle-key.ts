import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * The cache key of a Lambda bundle: what esbuild read to make it. Two builds with the same key give
 * the same bytes (esbuild is deterministic), so a bundle stored under its key is reused as is.
 *
 * The key hashes:
 * - a salt: the cache format, esbuild's version, the build options, and the project's lock file and
 *   root tsconfig.json (a dependency upgrade or a compiler setting changes every bundle);
 * - every input the entry reaches in esbuild's metafile (its own files and node_modules'), by path
 *   and content;
 * - per folder holding an input: the names module resolution could pick there, and its
 *   package.json / tsconfig.json. A new `x.ts` beside an input may shadow `x/index.ts` without any
 *   input changing; the names catch it. Hidden names and other extensions (editor swap files,
 *   backups) are left out so an open editor does not invalidate bundles.
 *
 * Not seen: a package.json or tsconfig.json edited in a folder that holds no input, other than the
 * root's. Deleting `.tributary/bundles` rebuilds everything.
 */

/** Names a bare or relative import can resolve to (esbuild's default resolve extensions and JSON). */
const RESOLVABLE = /\.(?:[cm]?[jt]sx?|json|node)$/;
/** Files in a folder that change how esbuild reads the files in it. */
const FOLDER_SETTINGS = ['package.json', 'tsconfig.json'] as const;
const MISSING = 'missing';

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Content hashes of files and folders, each read once per instance (one instance per look at the disk). */
export class InputHasher {
  readonly #root: string;
  readonly #files = new Map<string, string>();
  readonly #folders = new Map<string, string>();

  /** `root`: what relative paths are relative to. */
  constructor(root: string) {
    this.#root = root;
  }

  /** The sha-256 of a file's content, or `missing`. */
  file(path: string): string {
    const absolute = resolve(this.#root, path);
    let hash = this.#files.get(absolute);
    if (hash === undefined) {
      hash = existsSync(absolute) ? sha256(readFileSync(absolute)) : MISSING;
      this.#files.set(absolute, hash);
    }
    return hash;
  }

  /** A hash of what in a folder can change how imports from it resolve (see the module comment). */
  folder(path: string): string {
    const absolute = resolve(this.#root, path);
    let hash = this.#folders.get(absolute);
    if (hash === undefined) {
      hash = existsSync(absolute) ? this.#hashFolder(absolute) : MISSING;
      this.#folders.set(absolute, hash);
    }
    return hash;
  }

  #hashFolder(absolute: string): string {
    const names = readdirSync(absolute, { withFileTypes: true })
      .filter(
        (d) => !d.name.startsWith('.') && (d.isDirectory() || d.isSymbolicLink() || RESOLVABLE.test(d.name)),
      )
      .map((d) => d.name)
      .sort();
    const settings = FOLDER_SETTINGS.map((name) => `${name}=${this.file(resolve(absolute, name))}`);
    return sha256([...names, ...settings].join('\n'));
  }
}

/** The key of a bundle made from `inputs` (paths relative to the hasher's root) with `salt`. */
export function bundleKey(salt: string, inputs: readonly string[], hasher: InputHasher): string {
  const hash = createHash('sha256').update(salt);
  const folders = new Set<string>();
  for (const input of [...inputs].sort()) {
    hash.update(`\0file\0${input}\0${hasher.file(input)}`);
    folders.add(dirname(input));
  }
  for (const folder of [...folders].sort()) hash.update(`\0folder\0${folder}\0${hasher.folder(folder)}`);
  return hash.digest('hex');
}

export interface SaltParts {
  /** Bumped when what the cache stores changes shape. */
  readonly format: number;
  readonly esbuildVersion: string;
  /** Everything else that decides the bytes of a bundle: build options, output layout. */
  readonly settings: unknown;
  /** Project-wide files every bundle depends on (the lock file, the root tsconfig.json), absolute. */
  readonly projectFiles: readonly string[];
}

/** The part of every key that is not an input's: what the whole build shares. */
export function bundleSalt(parts: SaltParts, hasher: InputHasher): string {
  return sha256(
    JSON.stringify({
      format: parts.format,
      esbuild: parts.esbuildVersion,
      settings: parts.settings,
      project: parts.projectFiles.map((file) => hasher.file(file)),
    }),
  );
}

/** The sha-256 of a bundle's files (name, size, bytes): the CDK asset hash is made from it. */
export function contentHash(
  files: ReadonlyArray<{ readonly name: string; readonly contents: Uint8Array }>,
): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    hash.update(`${file.name}\0${file.contents.length}\0`).update(file.contents);
  }
  return hash.digest('hex');
}
