import { type AllowFile, parseAllowText } from '../../../lib/contract/allow';
import {
  type LintFinding,
  type LintOptions,
  type LintResult,
  lintSpecs,
} from '../../../lib/contract/lint/lint';
import { loadSpec, validateSpecTexts } from '../../../lib/contract/validate/validate';

/** The base fixture's service and file. */
export const SERVICE = 'shelf';
export const FILE = `api-specs/${SERVICE}.json`;
export const ALLOW_FILE = 'api-specs/lint.allow.json';

const PAGE = [
  { name: 'limit', type: 'integer', default: 25, minimum: 1, maximum: 100, description: 'Page size.' },
  { name: 'cursor', type: 'string', required: false, description: 'Where the previous page ended.' },
];

/** A minimal spec that validates and lints cleanly: one stored resource with the five standard operations. */
const BASE = {
  $schema: './spec.schema.json',
  name: SERVICE,
  description: 'Owns the books of a shelf and who borrowed them.',
  annotations: {
    personal_data: { description: 'Data about a person. Never logged, never in events.' },
  },
  enums: {
    book_state: {
      description: 'Where a book is.',
      values: [{ name: 'available', description: 'On the shelf.' }, { name: 'lent' }],
    },
  },
  models: {
    book: {
      description: 'A book on the shelf.',
      fields: [
        { name: 'id', type: 'string', description: 'Unique id.' },
        { name: 'title', type: 'string', maximum: 200 },
        { name: 'state', type: 'book_state', default: 'available' },
        { name: 'borrower_email', type: 'string', required: false, annotations: ['personal_data'] },
      ],
    },
    book_form: {
      description: 'What a client sends to create or replace a book.',
      fields: [
        { name: 'title', type: 'string', maximum: 200 },
        { name: 'state', type: 'book_state', required: false },
        { name: 'borrower_email', type: 'string', required: false, annotations: ['personal_data'] },
      ],
    },
  },
  resources: {
    book: {
      path: '/books',
      description: 'The books of the shelf.',
      storage: {},
      operations: [
        {
          method: 'GET',
          path: '/:id',
          description: 'Returns one book.',
          responses: { '200': { type: 'book' }, '404': { type: 'unit' } },
        },
        {
          method: 'GET',
          description: 'Lists books, newest first.',
          parameters: [{ name: 'state', type: 'book_state', required: false }, ...PAGE],
          responses: { '200': { type: '[book]' } },
        },
        {
          method: 'POST',
          description: 'Adds a book.',
          body: { type: 'book_form' },
          responses: { '201': { type: 'book' }, '422': { type: 'generic_error' } },
        },
        {
          method: 'PUT',
          path: '/:id',
          description: 'Replaces a book.',
          body: { type: 'book_form' },
          responses: {
            '200': { type: 'book' },
            '404': { type: 'unit' },
            '409': { type: 'generic_error' },
            '422': { type: 'generic_error' },
          },
        },
        {
          method: 'DELETE',
          path: '/:id',
          description: 'Removes a book.',
          responses: { '204': { type: 'unit' }, '404': { type: 'unit' } },
        },
      ],
    },
  },
  subscriptions: [],
};

/** A spec as plain JSON, modified freely by fixtures. */
export type SpecJson = any;

/** A fresh copy of the base spec, free to modify. */
export function baseSpec(): SpecJson {
  return structuredClone(BASE);
}

export type Mutation = (spec: SpecJson) => void;

export function specWith(mutate: Mutation): SpecJson {
  const spec = baseSpec();
  mutate(spec);
  return spec;
}

/** The base spec's text as a file holds it, so line and column are meaningful. */
export function specText(spec: SpecJson): string {
  return `${JSON.stringify(spec, null, 2)}\n`;
}

/** Validates the base spec with every validation rule: it must be clean, or the fixtures prove nothing. */
export function validateBase(): ReturnType<typeof validateSpecTexts> {
  return validateSpecTexts([{ file: FILE, text: specText(BASE) }]);
}

/**
 * Lints a fixture. Fixtures must be structurally valid (they are loaded as `dev lint` loads
 * specs); semantic validation is asserted on the base only, so a fixture may break a reference
 * on purpose (an unused model, a renamed field) without the test depending on every validation rule.
 */
export function lint(spec: SpecJson, allow?: AllowFile, options?: LintOptions): LintResult {
  const { loaded, diagnostics } = loadSpec({ file: FILE, text: specText(spec) });
  if (!loaded || diagnostics.length > 0) {
    throw new Error(
      `fixture is not structurally valid:\n${diagnostics.map((d) => `${d.path}: ${d.message}`).join('\n')}`,
    );
  }
  return lintSpecs([loaded], allow ?? { file: ALLOW_FILE, entries: [] }, options);
}

/** An allow file parsed from entries, as `dev lint` reads it (with positions). */
export function allowFile(entries: ReadonlyArray<{ rule: string; at: string; reason: string }>): AllowFile {
  const { allow, diagnostics } = parseAllowText(ALLOW_FILE, `${JSON.stringify(entries, null, 2)}\n`);
  if (diagnostics.length > 0)
    throw new Error(`bad allow fixture: ${diagnostics.map((d) => d.message).join('; ')}`);
  return allow;
}

/** One row of a rule's table: a modification of the base spec and the findings of the rule it must produce. */
export interface RuleCase {
  readonly given: string;
  readonly mutate: Mutation;
  /** [at, message fragment] per finding of the rule under test, in output order; empty when the fixture passes. */
  readonly want: ReadonlyArray<readonly [at: string, fragment: string]>;
}

/** The findings of one rule on a modified base spec. */
export function findingsOf(rule: string, mutate: Mutation): LintFinding[] {
  return lint(specWith(mutate)).findings.filter((f) => f.rule === rule);
}

/** Asserts the rule's findings on the fixture: rule id, place and a fragment of the message, in order. */
export function expectRule(rule: string, { mutate, want }: RuleCase): void {
  const got = findingsOf(rule, mutate);
  expect(got.map((f) => ({ rule: f.rule, at: f.at, message: f.message }))).toEqual(
    want.map(([at, fragment]) => ({ rule, at, message: expect.stringContaining(fragment) })),
  );
  for (const finding of got) {
    expect(finding.severity).toBe('error');
    expect(finding.file).toBe(FILE);
    expect(finding.hint).toEqual(expect.any(String));
  }
}

/** `shelf.operations.GET /books/:id` and friends. */
export const at = (rest: string) => `${SERVICE}.${rest}`;
