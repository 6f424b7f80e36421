import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Formats generated TypeScript with Biome, the project's formatter, with the project's settings
 * given explicitly (so the result does not depend on where it runs or on any biome.json):
 * two-space indent, 110 columns, single quotes. Biome's output is stable: formatting it again
 * changes nothing. One Biome process formats every file that is not in the format cache.
 *
 * The cache: Biome's output depends only on its version, the options and the text, so a formatted
 * text is kept under the SHA-256 of those (a file per text, written whole by a rename), and a text
 * seen before is not formatted again. `dev generate --check` and `dev check` regenerate every file
 * on every run; without the cache each run paid a Biome process and a temporary folder of every
 * generated file (about 1.5 s of `dev check`'s time on the reference specs).
 */

export const FORMAT_OPTIONS = [
  '--indent-style=space',
  '--indent-width=2',
  '--line-width=110',
  '--javascript-formatter-quote-style=single',
] as const;

export interface SourceFile {
  /** Relative, `/`-separated. */
  readonly path: string;
  readonly content: string;
}

function biomeScript(): string {
  return require.resolve('@biomejs/biome/bin/biome');
}

/** Where formatted texts are kept; default a folder of the machine's temporary directory per Biome version. */
export interface FormatOptions {
  readonly cacheDir?: string | undefined;
}

let biomeVersionRead: string | undefined;
function biomeVersion(): string {
  biomeVersionRead ??= String(
    (
      JSON.parse(readFileSync(require.resolve('@biomejs/biome/package.json'), 'utf8')) as {
        version?: unknown;
      }
    ).version,
  );
  return biomeVersionRead;
}

/** The default cache: shared by every project on the machine (entries are content-addressed). */
export function defaultFormatCacheDir(): string {
  return join(tmpdir(), `tributary-format-cache-biome-${biomeVersion()}`);
}

/** The cache key of a text: Biome's version, the options and the text. */
export function formatCacheKey(content: string): string {
  return createHash('sha256')
    .update(`${biomeVersion()}\0${FORMAT_OPTIONS.join(' ')}\0`)
    .update(content)
    .digest('hex');
}

function cachedFormat(cacheDir: string, key: string): string | undefined {
  try {
    return readFileSync(join(cacheDir, key.slice(0, 2), key), 'utf8');
  } catch {
    return undefined;
  }
}

function keepFormat(cacheDir: string, key: string, formatted: string): void {
  try {
    const dir = join(cacheDir, key.slice(0, 2));
    mkdirSync(dir, { recursive: true });
    const partial = join(dir, `${key}.${process.pid}.tmp`);
    writeFileSync(partial, formatted);
    renameSync(partial, join(dir, key));
  } catch {
    // A cache that cannot be written only makes the next run slower.
  }
}

/** The files with their TypeScript (`.ts`) contents formatted; other files are returned as they are. */
export function formatTypeScript(files: readonly SourceFile[], options: FormatOptions = {}): SourceFile[] {
  const cacheDir = options.cacheDir ?? defaultFormatCacheDir();
  const formatted = new Map<number, string>();
  const toFormat: Array<{ readonly index: number; readonly key: string; readonly file: SourceFile }> = [];
  files.forEach((file, index) => {
    if (!file.path.endsWith('.ts')) return;
    const key = formatCacheKey(file.content);
    const hit = cachedFormat(cacheDir, key);
    if (hit === undefined) toFormat.push({ index, key, file });
    else formatted.set(index, hit);
  });
  if (toFormat.length > 0) {
    const results = formatWithBiome(toFormat.map(({ file }) => file));
    toFormat.forEach(({ index, key }, i) => {
      const content = results[i] as string;
      formatted.set(index, content);
      keepFormat(cacheDir, key, content);
    });
  }
  return files.map((file, index) => {
    const content = formatted.get(index);
    return content === undefined ? file : { path: file.path, content };
  });
}

/** The formatted contents of TypeScript files, in their order: one Biome process for all. */
function formatWithBiome(typescript: readonly SourceFile[]): string[] {
  // An empty directory with no biome.json above it (os.tmpdir()), so only the options above apply.
  const dir = mkdtempSync(join(tmpdir(), 'tributary-format-'));
  try {
    typescript.forEach((file, i) => {
      const target = join(dir, `f${i}`, file.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, file.content);
    });
    const result = spawnSync(process.execPath, [biomeScript(), 'format', '--write', ...FORMAT_OPTIONS, '.'], {
      cwd: dir,
      encoding: 'utf8',
    });
    if (result.status !== 0) {
      throw new Error(
        `internal: Biome could not format the generated code (a generator bug):\n${result.stderr || result.stdout}`,
      );
    }
    return typescript.map((file, i) => readFileSync(join(dir, `f${i}`, file.path), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
