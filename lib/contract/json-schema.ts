import { z } from 'zod';
import { specSchema } from './schema';

/**
 * The JSON Schema of the spec format, generated from the zod schema so the two cannot drift.
 * Editors use it through `"$schema": "./spec.schema.json"` in every spec.
 */
export function specJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(specSchema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
  });
  return {
    $schema: generated.$schema,
    $id: 'https://tributary.dev/schemas/spec.schema.json',
    title: 'Tributary service API spec',
    ...generated,
  };
}

/** The file content of `api-specs/spec.schema.json`: stable key order, trailing newline. */
export function specJsonSchemaText(): string {
  return `${JSON.stringify(specJsonSchema(), null, 2)}\n`;
}
