/**
 * Imports run with the flow (spec → codegen/infra → generated → runtime): deployed code
 * (functions/**) imports nothing from the toolchain (lib/), and the conventions import nothing but
 * each other, so any side may load them without pulling in the rest. The contract (lib/contract),
 * which every tool starts from, imports no tool built on it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');
const FUNCTIONS = join(ROOT, 'functions');
const CONVENTIONS = join(FUNCTIONS, 'runtime', 'conventions');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The relative modules a file imports or re-exports (`from '...'`, `import('...')`, `require('...')`). */
function relativeImports(text: string): string[] {
  const specifiers = [
    ...text.matchAll(/\bfrom\s+'([^']+)'/g),
    ...text.matchAll(/\bimport\s*\(\s*'([^']+)'\s*\)/g),
    ...text.matchAll(/\bimport\s+'([^']+)'/g),
    ...text.matchAll(/\brequire\s*\(\s*'([^']+)'\s*\)/g),
  ].map((match) => match[1] ?? '');
  return specifiers.filter((specifier) => specifier.startsWith('.'));
}

/** Every import of `files` that resolves outside `allowed`, as `file → module`. */
function importsOutside(files: readonly string[], allowed: (target: string) => boolean): string[] {
  return files.flatMap((file) =>
    relativeImports(readFileSync(file, 'utf8'))
      .filter((specifier) => !allowed(resolve(dirname(file), specifier)))
      .map((specifier) => `${relative(ROOT, file)} → ${specifier}`),
  );
}

const inside = (dir: string) => (target: string) => target === dir || target.startsWith(`${dir}/`);

describe('import direction', () => {
  it('finds the imports it looks for, so an empty answer means something', () => {
    expect(
      relativeImports(
        "import { a } from '../x';\nexport * from './y';\nimport type { T } from '../../lib/z';\nconst m = await import('./w');\nimport './side-effect';\nimport z from 'zod';",
      ),
    ).toEqual(['../x', './y', '../../lib/z', './w', './side-effect']);
    expect(importsOutside([join(CONVENTIONS, 'index.ts')], inside(join(ROOT, 'nowhere')))).not.toEqual([]);
  });

  it('deployed code (functions/**) imports nothing from lib/', () => {
    const files = sourceFiles(FUNCTIONS);
    expect(files.length).toBeGreaterThan(50);
    expect(importsOutside(files, (target) => !inside(join(ROOT, 'lib'))(target))).toEqual([]);
  });

  it('the conventions import nothing but each other', () => {
    const files = sourceFiles(CONVENTIONS);
    expect(files.map((file) => relative(CONVENTIONS, file)).sort()).toEqual([
      'dynamodb-limits.ts',
      'environment.ts',
      'event-names.ts',
      'index.ts',
      'string-formats.ts',
      'system-attributes.ts',
      'table-layout.ts',
    ]);
    expect(importsOutside(files, inside(CONVENTIONS))).toEqual([]);
    for (const file of files)
      expect([file, /from\s+'[^.]/.test(readFileSync(file, 'utf8'))]).toEqual([file, false]);
  });

  it('the contract (lib/contract) imports none of the tools built on it', () => {
    const contract = join(ROOT, 'lib', 'contract');
    const files = sourceFiles(contract);
    expect(files.length).toBeGreaterThan(50);
    const tools = ['codegen', 'infra', 'cli', 'ops', 'watch', 'console'].map((tool) =>
      inside(join(ROOT, 'lib', tool)),
    );
    expect(importsOutside(files, (target) => !tools.some((isTool) => isTool(target)))).toEqual([]);
  });
});
