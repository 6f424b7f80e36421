import type { Diagnostic } from '../../../lib/contract/diagnostic';
import type { Spec } from '../../../lib/contract/schema';
import { validateSpecTexts } from '../../../lib/contract/validate/validate';

/** A spec under test: loosely typed, since cases break it on purpose. */
export type SpecObject = Record<string, any>;

/** A small spec that is valid and exercises every section: the base every case modifies. */
export function baseSpec(): SpecObject {
  const spec: Spec = {
    name: 'users',
    description: 'Owns users.',
    annotations: { personal_data: { description: 'Data about a person.' } },
    enums: {
      user_status: { values: [{ name: 'active' }, { name: 'inactive' }] },
    },
    models: {
      user: {
        fields: [
          { name: 'id', type: 'string' },
          { name: 'email', type: 'string', required: false, maximum: 254, annotations: ['personal_data'] },
          { name: 'status', type: 'user_status', default: 'active' },
          { name: 'tags', type: '[string]', required: false },
        ],
      },
      user_form: {
        fields: [
          { name: 'email', type: 'string', required: false, annotations: ['personal_data'] },
          { name: 'status', type: 'user_status', required: false },
        ],
      },
    },
    resources: {
      user: {
        path: '/users',
        storage: { indexes: [{ fields: ['email'], unique: true }] },
        events: ['upserted', 'deleted'],
        operations: [
          { method: 'GET', path: '/:id', responses: { '200': { type: 'user' }, '404': { type: 'unit' } } },
          {
            method: 'GET',
            parameters: [
              { name: 'email', type: 'string', required: false },
              { name: 'limit', type: 'integer', default: 25, minimum: 1, maximum: 100 },
            ],
            responses: { '200': { type: '[user]' } },
          },
          {
            method: 'POST',
            body: { type: 'user_form' },
            responses: { '201': { type: 'user' }, '422': { type: 'generic_error' } },
          },
          { method: 'DELETE', path: '/:id', responses: { '204': { type: 'unit' }, '404': { type: 'unit' } } },
        ],
      },
    },
    subscriptions: [],
  };
  return structuredClone(spec);
}

/** A second valid service that subscribes to `users`, for cases across specs. */
export function subscriberSpec(): SpecObject {
  const spec: Spec = {
    name: 'audits',
    models: {
      audit: {
        fields: [
          { name: 'id', type: 'string' },
          { name: 'user_id', type: 'string' },
        ],
      },
    },
    resources: {
      audit: {
        storage: {},
        operations: [
          { method: 'GET', path: '/:id', responses: { '200': { type: 'audit' }, '404': { type: 'unit' } } },
        ],
      },
    },
    subscriptions: [{ service: 'users', resource: 'user', events: ['deleted'] }],
  };
  return structuredClone(spec);
}

export interface SpecFile {
  readonly file: string;
  readonly spec: SpecObject;
}

/** The text a spec is validated from: indented like the files in api-specs/, so positions are realistic. */
export function specText(spec: SpecObject): string {
  return `${JSON.stringify(spec, null, 2)}\n`;
}

/** Validates specs together (files default to `api-specs/<name>.json`) and returns every diagnostic. */
export function validateAll(specs: ReadonlyArray<SpecObject | SpecFile>): Diagnostic[] {
  const inputs = specs.map((item) => {
    const { file, spec } =
      'file' in item && 'spec' in item ? (item as SpecFile) : { file: undefined, spec: item };
    return { file: file ?? `api-specs/${String(spec.name)}.json`, text: specText(spec) };
  });
  return validateSpecTexts(inputs).diagnostics;
}

/** Applies `change` to a fresh base spec and validates it, alongside the subscriber spec when asked. */
export function validateChanged(change: (spec: SpecObject) => void, others: SpecObject[] = []): Diagnostic[] {
  const spec = baseSpec();
  change(spec);
  return validateAll([spec, ...others]);
}

/** The expectation of a case where a rule fires: its id, where, and a fragment of its message. */
export interface Want {
  readonly rule: string;
  readonly path: string;
  readonly message: string;
}

/** A compact view of diagnostics, for readable test failures. */
export function summary(
  diagnostics: readonly Diagnostic[],
): Array<Pick<Diagnostic, 'rule' | 'path' | 'message'>> {
  return diagnostics.map(({ rule, path, message }) => ({ rule, path, message }));
}

/** Asserts that exactly the wanted diagnostics were found (in file and position order), each with a hint. */
export function expectOnly(diagnostics: readonly Diagnostic[], ...wants: Want[]): void {
  expect(summary(diagnostics)).toEqual(
    wants.map((want) => ({
      rule: want.rule,
      path: want.path,
      message: expect.stringContaining(want.message),
    })),
  );
  for (const diagnostic of diagnostics) expect(diagnostic.hint).toMatch(/\S/);
}

export type Change = (spec: SpecObject) => void;

/** A case where a rule fires: a title, the change to the base spec, what is reported. */
export type Fires = [title: string, given: Change, want: Want];

/** A case where nothing may fire: a title and a change that keeps the spec valid. */
export type Passes = [title: string, given: Change];
