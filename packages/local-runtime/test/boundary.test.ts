/**
 * The package stands alone: its sources import nothing outside the package but Node.js built-ins
 * and the packages its package.json declares. That is what lets any CDK app use it, and what keeps
 * the project's code from leaking into it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';

const PACKAGE = join(__dirname, '..');
const SOURCES = join(PACKAGE, 'src');

interface Manifest {
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|cjs|js)$/.test(entry.name) ? [path] : [];
  });
}

/** Every module specifier of `text`: static and dynamic imports, `export ... from`, `require`. */
export function specifiers(text: string): string[] {
  const found: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])([^'"\n]+)\1/gm;
  for (const match of text.matchAll(pattern)) {
    // Text in a template literal (`from '${header}'`) is no module.
    if (match[2] !== undefined && !match[2].includes('${')) found.push(match[2]);
  }
  return found;
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

describe('the package boundary', () => {
  const manifest = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')) as Manifest;
  const declared = new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {}),
    // Types only (erased): the Lambda event shapes.
    ...Object.keys(manifest.devDependencies ?? {}).map((name) => name.replace(/^@types\//, '')),
  ]);
  const builtins = new Set(builtinModules);
  const files = sourceFiles(SOURCES);

  it('finds the sources and their imports', () => {
    expect(files.length).toBeGreaterThan(40);
    expect(specifiers(readFileSync(join(SOURCES, 'up.ts'), 'utf8'))).toContain('./dynamodb/launcher');
  });

  it.each([
    ["import { a } from './x';", ['./x']],
    ["export * from '../y';", ['../y']],
    ["const m = await import('node:fs');", ['node:fs']],
    ["require('amplify-dynamodb-simulator/package.json')", ['amplify-dynamodb-simulator/package.json']],
    ["import type { T } from '@aws-sdk/client-dynamodb';", ['@aws-sdk/client-dynamodb']],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a template literal, on purpose
    ["const text = `signed from '${header}'`;", []],
  ])('reads the specifiers of %s', (text, want) => {
    expect(specifiers(text)).toEqual(want);
  });

  it.each([
    ['@aws-sdk/client-dynamodb', '@aws-sdk/client-dynamodb'],
    ['amplify-dynamodb-simulator/package.json', 'amplify-dynamodb-simulator'],
    ['aws-lambda', 'aws-lambda'],
  ])('names the package of %s', (specifier, want) => {
    expect(packageName(specifier)).toBe(want);
  });

  it('imports nothing outside the package but built-ins and declared dependencies', () => {
    const outside: string[] = [];
    for (const file of files) {
      for (const specifier of specifiers(readFileSync(file, 'utf8'))) {
        const where = relative(PACKAGE, file);
        if (specifier.startsWith('.')) {
          const target = resolve(file, '..', specifier);
          if (!target.startsWith(SOURCES + sep)) outside.push(`${where}: ${specifier}`);
        } else if (specifier.startsWith('node:') || builtins.has(specifier)) {
          // a Node.js built-in
        } else if (!declared.has(packageName(specifier))) {
          outside.push(`${where}: ${specifier} (not in package.json)`);
        }
      }
    }
    expect(outside).toEqual([]);
  });
});
