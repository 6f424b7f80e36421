import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../spec/diagnostic';
import { discoverSpecFiles } from '../spec/files';
import type { Spec } from '../spec/schema';
import { type SpecText, validateSpecTexts } from '../spec/validate/validate';
import { generateClient, generateIndex } from './client';
import { ServiceContext } from './context';
import { generateEvents } from './events';
import { formatTypeScript, type SourceFile } from './format';
import { generateModels } from './models';
import { openApiDocument } from './openapi';
import { generateOperations } from './operations';
import { generateRepository } from './repository';

/**
 * `dev generate`: every validated spec → functions/<service>/generated/. The transforms are pure
 * (a spec in, file contents out); formatting is one Biome run over all of them; only the CLI
 * writes. The generated/ folders belong to the generator: a file in one that no spec generates is
 * extra, and `dev generate` removes it.
 */

export const FUNCTIONS_DIR = 'functions';
export const GENERATED_DIR = 'generated';

/** The files generated for every service, in the order they are written. */
export const GENERATED_FILES = [
  'models.ts',
  'operations.ts',
  'events.ts',
  'repository.ts',
  'client.ts',
  'index.ts',
  'openapi.json',
] as const;

export type GeneratedFile = SourceFile;

/** `functions/users/generated` */
export function generatedDirOf(service: string): string {
  return `${FUNCTIONS_DIR}/${service}/${GENERATED_DIR}`;
}

/**
 * The unformatted files of one validated spec, paths relative to the project root. Throws a
 * GenerateError when the spec cannot become code (id prefixes clash, generated names collide...).
 */
export function generateServiceSources(spec: Spec, specFile: string): GeneratedFile[] {
  const ctx = new ServiceContext(spec, specFile);
  // Order matters: a module can import only what the modules before it declared.
  const models = generateModels(ctx);
  const operations = generateOperations(ctx);
  const events = generateEvents(ctx);
  const repository = generateRepository(ctx);
  const client = generateClient(ctx);
  const index = generateIndex(ctx);
  ctx.assertNoCollisions();
  const dir = generatedDirOf(spec.name);
  const contents: Record<(typeof GENERATED_FILES)[number], string> = {
    'models.ts': models,
    'operations.ts': operations,
    'events.ts': events,
    'repository.ts': repository,
    'client.ts': client,
    'index.ts': index,
    'openapi.json': `${JSON.stringify(openApiDocument(spec), null, 2)}\n`,
  };
  return GENERATED_FILES.map((name) => ({ path: `${dir}/${name}`, content: contents[name] }));
}

/** The formatted files of a set of validated specs, sorted by path. */
export function generateSources(
  specs: ReadonlyArray<{ readonly spec: Spec; readonly file: string }>,
): GeneratedFile[] {
  const files = specs.flatMap(({ spec, file }) => generateServiceSources(spec, file));
  return formatTypeScript(files).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export type GenerationPlan =
  | { readonly ok: true; readonly files: GeneratedFile[] }
  | { readonly ok: false; readonly diagnostics: Diagnostic[] };

/** Reads and validates every spec of the project and generates its files; invalid specs generate nothing. */
export function planGeneration(root: string): GenerationPlan {
  const inputs: SpecText[] = discoverSpecFiles(root).map((file) => ({
    file: file.split('\\').join('/'),
    text: readFileSync(join(root, file)),
  }));
  const result = validateSpecTexts(inputs);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) return { ok: false, diagnostics: errors };
  return { ok: true, files: generateSources(result.valid.map(({ spec, file }) => ({ spec, file }))) };
}

/** Every file now in a `functions/<service>/generated/` folder of the project, relative and sorted. */
export function existingGeneratedFiles(root: string): string[] {
  const functions = join(root, FUNCTIONS_DIR);
  if (!existsSync(functions)) return [];
  const out: string[] = [];
  const walk = (relative: string): void => {
    for (const entry of readdirSync(join(root, relative), { withFileTypes: true })) {
      const path = `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else out.push(path);
    }
  };
  for (const entry of readdirSync(functions, { withFileTypes: true })) {
    const generated = `${FUNCTIONS_DIR}/${entry.name}/${GENERATED_DIR}`;
    if (entry.isDirectory() && existsSync(join(root, generated))) walk(generated);
  }
  return out.sort();
}

export interface Freshness {
  /** Generated files whose content on disk differs. */
  readonly stale: string[];
  /** Generated files not on disk. */
  readonly missing: string[];
  /** Files in generated/ folders that no spec generates. */
  readonly extra: string[];
}

/** How the files on disk differ from what the specs generate. */
export function compareWithDisk(root: string, files: readonly GeneratedFile[]): Freshness {
  const stale: string[] = [];
  const missing: string[] = [];
  const wanted = new Set(files.map((f) => f.path));
  for (const file of files) {
    let current: string;
    try {
      current = readFileSync(join(root, file.path), 'utf8');
    } catch {
      missing.push(file.path);
      continue;
    }
    if (current !== file.content) stale.push(file.path);
  }
  const extra = existingGeneratedFiles(root).filter((path) => !wanted.has(path));
  return { stale, missing, extra };
}

export function isFresh(freshness: Freshness): boolean {
  return freshness.stale.length === 0 && freshness.missing.length === 0 && freshness.extra.length === 0;
}
