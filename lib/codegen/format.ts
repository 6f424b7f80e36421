import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Formats generated TypeScript with Biome, the project's formatter, with the project's settings
 * given explicitly (so the result does not depend on where it runs or on any biome.json):
 * two-space indent, 110 columns, single quotes. Biome's output is stable: formatting it again
 * changes nothing. One Biome process formats every file.
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

/** The files with their TypeScript (`.ts`) contents formatted; other files are returned as they are. */
export function formatTypeScript(files: readonly SourceFile[]): SourceFile[] {
  const typescript = files.filter((file) => file.path.endsWith('.ts'));
  if (typescript.length === 0) return [...files];
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
    let i = 0;
    return files.map((file) => {
      if (!file.path.endsWith('.ts')) return file;
      const content = readFileSync(join(dir, `f${i}`, file.path), 'utf8');
      i++;
      return { path: file.path, content };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
