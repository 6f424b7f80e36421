import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSON_SCHEMA_FILE, SPECS_DIR } from '../contract/files';
import { specJsonSchemaText } from '../contract/json-schema';
import type { CommandResult } from './errors';

/** Whether `api-specs/spec.schema.json` is what the zod schema generates. */
export function schemaIsFresh(root: string): boolean {
  try {
    return readFileSync(join(root, SPECS_DIR, JSON_SCHEMA_FILE), 'utf8') === specJsonSchemaText();
  } catch {
    return false;
  }
}

/** `dev schema [--check]`: writes the JSON Schema of the spec format, or checks it is fresh. */
export function runSchema(options: { root: string; check: boolean }): CommandResult {
  const file = `${SPECS_DIR}/${JSON_SCHEMA_FILE}`;
  if (options.check) {
    return schemaIsFresh(options.root)
      ? { stdout: `${file} is up to date.`, exitCode: 0 }
      : { stdout: `${file} is stale or missing: run \`npx dev schema\` and commit the result.`, exitCode: 1 };
  }
  writeFileSync(join(options.root, file), specJsonSchemaText());
  return { stdout: `Wrote ${file}.`, exitCode: 0 };
}
