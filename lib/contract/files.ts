import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

/** Where specs live, relative to the project root. */
export const SPECS_DIR = 'api-specs';
export const JSON_SCHEMA_FILE = 'spec.schema.json';
export const BREAKING_ALLOW_FILE = 'breaking-changes.allow.json';
export const LINT_ALLOW_FILE = 'lint.allow.json';

/** Whether a file name in `api-specs/` is a service spec (not the schema or an allow file). */
export function isSpecFileName(name: string): boolean {
  return name.endsWith('.json') && name !== JSON_SCHEMA_FILE && !name.endsWith('.allow.json');
}

/** The service name a spec file must carry: its file name without `.json`. */
export function serviceNameOfFile(file: string): string {
  return basename(file).replace(/\.json$/, '');
}

/** The spec files of a project, sorted, as paths relative to `root`. */
export function discoverSpecFiles(root: string): string[] {
  let names: string[];
  try {
    names = readdirSync(join(root, SPECS_DIR));
  } catch {
    return [];
  }
  return names
    .filter(isSpecFileName)
    .sort()
    .map((name) => join(SPECS_DIR, name));
}
