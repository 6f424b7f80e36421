import { z } from 'zod';
import type { Diagnostic, JsonPath } from './diagnostic';
import { formatJsonPath } from './diagnostic';
import { type Spec, specSchema } from './schema';
import type { JsonSource } from './source';
import { didYouMean, nearest } from './suggest';

/** The zod schema that describes the value at `path`, following objects, records, arrays and optionals. */
function schemaAt(root: z.ZodType, path: JsonPath): z.ZodType | undefined {
  let current: z.ZodType | undefined = root;
  for (const segment of path) {
    current = unwrap(current);
    if (current instanceof z.ZodObject)
      current = (current.shape as Record<string, z.ZodType>)[String(segment)];
    else if (current instanceof z.ZodRecord) current = current.valueType as z.ZodType;
    else if (current instanceof z.ZodArray) current = current.element as z.ZodType;
    else return undefined;
  }
  return unwrap(current);
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault)
    current = current.unwrap() as z.ZodType;
  return current;
}

function knownKeys(path: JsonPath): string[] {
  const schema = schemaAt(specSchema, path);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape as object) : [];
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}

function valueAt(root: unknown, path: JsonPath): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

const ARTICLE: Record<string, string> = {
  object: 'an object',
  array: 'an array',
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean (true or false)',
};

/**
 * Checks a parsed document against the format's zod schema. Returns the typed spec when it
 * conforms, and one diagnostic per problem, each with file, JSON path, line, column and a hint.
 */
export function checkStructure(source: JsonSource): { spec?: Spec; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const report = (path: JsonPath, message: string, hint: string, atKey = false) => {
    const { line, column } = atKey ? source.keyPositionOf(path) : source.positionOf(path);
    diagnostics.push({
      rule: 'structure',
      severity: 'error',
      file: source.file,
      path: formatJsonPath(path),
      line,
      column,
      message,
      hint,
    });
  };

  for (const duplicate of source.duplicateKeys) {
    const key = String(duplicate.path[duplicate.path.length - 1]);
    diagnostics.push({
      rule: 'duplicate-key',
      severity: 'error',
      file: source.file,
      path: formatJsonPath(duplicate.path),
      line: duplicate.position.line,
      column: duplicate.position.column,
      message: `key "${key}" appears more than once in the same object; only the last one would count`,
      hint: 'Remove or rename one of them.',
    });
  }

  const result = specSchema.safeParse(source.value);
  if (!result.success) {
    // A misspelt key shows up twice: as unknown, and as the required key it should have been.
    // Report it once, as the unknown key with its suggestion.
    const suggested = new Set<string>();
    for (const issue of result.error.issues) {
      if (issue.code !== 'unrecognized_keys') continue;
      const known = knownKeys(issue.path.filter((s): s is string | number => typeof s !== 'symbol'));
      for (const key of issue.keys) {
        const match = nearest(key, known);
        if (match) suggested.add(JSON.stringify([...issue.path.map(String), match]));
      }
    }
    for (const issue of result.error.issues) {
      if (suggested.has(JSON.stringify(issue.path.map(String))) && issue.code === 'invalid_type') continue;
      const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
      const actual = valueAt(source.value, path);
      switch (issue.code) {
        case 'unrecognized_keys': {
          const known = knownKeys(path);
          for (const key of issue.keys) {
            const suggestion = didYouMean(key, known);
            report(
              [...path, key],
              `unknown key "${key}"`,
              suggestion
                ? `Rename it: ${suggestion}`
                : `Remove it; the keys allowed here are: ${known.join(', ')}.`,
              true,
            );
          }
          break;
        }
        case 'invalid_type': {
          const expected = ARTICLE[issue.expected] ?? issue.expected;
          if (actual === undefined) {
            const key = String(path[path.length - 1]);
            report(path, `missing required key "${key}"`, `Add "${key}": ${expected} here.`);
          } else {
            report(path, `expected ${expected}, found ${describeValue(actual)}`, `Make this ${expected}.`);
          }
          break;
        }
        case 'invalid_value': {
          const allowed = issue.values.map((v) => JSON.stringify(v));
          const suggestion = typeof actual === 'string' ? didYouMean(actual, issue.values.map(String)) : '';
          report(
            path,
            `${describeValue(actual)} is not allowed here`,
            suggestion
              ? `Use one of ${allowed.join(', ')}: ${suggestion}`
              : `Use one of ${allowed.join(', ')}.`,
          );
          break;
        }
        case 'too_small': {
          const what = Array.isArray(actual) ? `at least ${issue.minimum} item(s)` : 'a non-empty string';
          report(path, `expected ${what}, found ${describeValue(actual)}`, `Give ${what} here.`);
          break;
        }
        default:
          report(path, issue.message, 'See docs/spec-format.md for the shape expected here.');
      }
    }
  }
  if (diagnostics.length > 0 || !result.success) return { diagnostics };
  return { spec: result.data, diagnostics };
}
