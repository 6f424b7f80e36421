import { type ExecFileSyncOptions, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { discoverSpecFiles, isSpecFileName, SPECS_DIR } from '../files';
import type { SpecText } from '../validate/validate';
import { DiffInputError } from './errors';

/** Reading the specs to compare: at a git revision, and in the working copy. */

function stderrOf(error: unknown): string {
  const stderr = (error as { stderr?: unknown }).stderr;
  const text = typeof stderr === 'string' ? stderr : Buffer.isBuffer(stderr) ? stderr.toString('utf8') : '';
  return text.trim() || (error instanceof Error ? error.message : String(error));
}

const GIT_OPTIONS: ExecFileSyncOptions = { maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] };

function git(root: string, args: readonly string[]): string {
  return execFileSync('git', ['-C', root, ...args], { ...GIT_OPTIONS, encoding: 'utf8' });
}

/** A blob's bytes, undecoded: parsing decodes strictly and reports a bad encoding at its position. */
function gitBytes(root: string, args: readonly string[]): Buffer {
  return execFileSync('git', ['-C', root, ...args], { ...GIT_OPTIONS, encoding: 'buffer' });
}

/** The commit a revision names. Throws {@link DiffInputError} naming the revision when there is none. */
export function resolveRevision(root: string, revision: string): string {
  if (!revision || revision.startsWith('-')) throw new DiffInputError(`"${revision}" is not a git revision`);
  try {
    git(root, ['rev-parse', '--is-inside-work-tree']);
  } catch (error) {
    throw new DiffInputError(`${root} is not inside a git repository: ${stderrOf(error)}`);
  }
  try {
    return git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`]).trim();
  } catch {
    throw new DiffInputError(
      `git revision "${revision}" does not exist in ${root} (fetch it, e.g. git fetch origin main, or use a commit, tag or branch that exists)`,
    );
  }
}

/**
 * Git's empty tree. Comparing with it reports every spec as new: what `dev check` does in a
 * repository with no earlier commit. Git knows the id without the object being stored.
 */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** The spec files of `api-specs/` at a git revision, as `api-specs/<name>.json` and their bytes, sorted. */
export function readSpecsAtRevision(root: string, revision: string): SpecText[] {
  if (revision === EMPTY_TREE) return [];
  const commit = resolveRevision(root, revision);
  let listing: string;
  try {
    listing = git(root, ['ls-tree', '-z', commit, '--', `${SPECS_DIR}/`]);
  } catch (error) {
    throw new DiffInputError(`cannot list ${SPECS_DIR}/ at revision "${revision}": ${stderrOf(error)}`);
  }
  // Entries are `<mode> <type> <object>\t<path>`; only files (blobs) can be specs.
  const names = listing
    .split('\0')
    .map((entry) => /^\d+ blob [0-9a-f]+\t(.*)$/s.exec(entry)?.[1])
    .filter((path): path is string => path !== undefined)
    .map((path) => basename(path))
    .filter(isSpecFileName)
    .sort();
  return names.map((name) => {
    const file = `${SPECS_DIR}/${name}`;
    try {
      return { file, text: gitBytes(root, ['show', `${commit}:./${file}`]) };
    } catch (error) {
      throw new DiffInputError(`cannot read ${file} at revision "${revision}": ${stderrOf(error)}`);
    }
  });
}

/** The spec files of `api-specs/` in the working copy, as `api-specs/<name>.json` and their bytes, sorted. */
export function readWorkingSpecs(root: string): SpecText[] {
  return discoverSpecFiles(root).map((relative) => {
    const file = `${SPECS_DIR}/${basename(relative)}`;
    try {
      return { file, text: readFileSync(join(root, file)) };
    } catch (error) {
      throw new DiffInputError(
        `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  });
}
