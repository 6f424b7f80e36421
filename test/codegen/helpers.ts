import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  type GeneratedFile,
  generateSources,
  scaffoldSources,
  writtenFiles,
} from '../../lib/codegen/generate';
import { discoverSpecFiles } from '../../lib/contract/files';
import type { Spec } from '../../lib/contract/schema';
import { validateSpecTexts } from '../../lib/contract/validate/validate';

export const PROJECT = join(__dirname, '..', '..');
export const DEV = join(PROJECT, 'bin', 'dev.cjs');
export const CODEGEN_FIXTURES = join(PROJECT, 'test', 'fixtures', 'codegen');

export interface LoadedSpecFile {
  readonly spec: Spec;
  readonly file: string;
}

/** Validates spec texts (file names as `api-specs/<name>.json`) and fails the test on any diagnostic. */
export function validSpecs(inputs: ReadonlyArray<{ file: string; text: string }>): LoadedSpecFile[] {
  const result = validateSpecTexts(inputs);
  const problems = result.diagnostics.map((d) => `${d.file} ${d.path}: ${d.message}`);
  if (problems.length > 0) throw new Error(`fixture specs are invalid:\n${problems.join('\n')}`);
  return result.valid.map(({ spec, file }) => ({ spec, file }));
}

/** The reference services of the project (api-specs/*.json), validated. */
export function referenceSpecs(): LoadedSpecFile[] {
  return validSpecs(
    discoverSpecFiles(PROJECT).map((file) => ({ file, text: readFileSync(join(PROJECT, file), 'utf8') })),
  );
}

/** A spec of test/fixtures/codegen/, as if it were api-specs/<name>.json. */
export function fixtureSpecText(name: string): { file: string; text: string } {
  return {
    file: `api-specs/${name}.json`,
    text: readFileSync(join(CODEGEN_FIXTURES, `${name}.json`), 'utf8'),
  };
}

/**
 * A throwaway project in the temp folder: generated files written where `dev generate` puts them,
 * with node_modules, lib/ and functions/runtime/ linked from this project so the code resolves,
 * type-checks and runs.
 */
export class TempProject {
  readonly dir = mkdtempSync(join(tmpdir(), 'tributary-codegen-'));

  constructor() {
    symlinkSync(join(PROJECT, 'node_modules'), join(this.dir, 'node_modules'), 'dir');
    symlinkSync(join(PROJECT, 'lib'), join(this.dir, 'lib'), 'dir');
    mkdirSync(join(this.dir, 'functions'));
    symlinkSync(join(PROJECT, 'functions', 'runtime'), join(this.dir, 'functions', 'runtime'), 'dir');
  }

  write(files: readonly GeneratedFile[]): this {
    for (const file of files) {
      const target = join(this.dir, file.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, file.content);
    }
    return this;
  }

  path(relative: string): string {
    return join(this.dir, relative);
  }

  /** Copies what people wrote for a service of this project (handlers/, subscribers/, domain/...), not its generated/. */
  copyWritten(service: string): this {
    const from = join(PROJECT, 'functions', service);
    for (const entry of readdirSync(from, { withFileTypes: true })) {
      if (entry.name === 'generated') continue;
      cpSync(join(from, entry.name), join(this.dir, 'functions', service, entry.name), { recursive: true });
    }
    return this;
  }

  /** Runs the TypeScript compiler on the generated code only (and what it imports), with the project's settings. */
  typecheck(): { code: number | null; output: string } {
    writeFileSync(
      join(this.dir, 'tsconfig.json'),
      JSON.stringify({
        extends: join(PROJECT, 'tsconfig.json'),
        compilerOptions: { typeRoots: [join(PROJECT, 'node_modules', '@types')] },
        include: ['functions/**/*.ts'],
      }),
    );
    const tsc = join(PROJECT, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, '--noEmit', '-p', join(this.dir, 'tsconfig.json')], {
      encoding: 'utf8',
    });
    return { code: result.status, output: `${result.stdout}${result.stderr}` };
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** What this project's people wrote for the given specs' services (none for fixture services). */
function written(specs: readonly LoadedSpecFile[]): Set<string> {
  return writtenFiles(
    PROJECT,
    specs.map(({ spec }) => spec.name),
  );
}

/** Generates (formatted) the files of the given specs, with what this project wrote for them. */
export function generate(specs: readonly LoadedSpecFile[]): GeneratedFile[] {
  return generateSources(specs, written(specs));
}

/** The stubs `dev generate` would create for the given specs (what this project has not written). */
export function scaffold(specs: readonly LoadedSpecFile[]): GeneratedFile[] {
  return scaffoldSources(specs, written(specs));
}
