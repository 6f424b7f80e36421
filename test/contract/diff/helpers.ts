import type { Change } from '../../../lib/contract/diff/change';
import { diffSpec } from '../../../lib/contract/diff/diff-spec';
import type { EnumDef, Field, Model, Operation, Resource, Spec } from '../../../lib/contract/schema';
import type { LoadedSpec } from '../../../lib/contract/validate/context';
import { loadSpec, validateSpecTexts } from '../../../lib/contract/validate/validate';

/**
 * A small valid spec, `shop`, built so every edit can be made on the request side only, the
 * response side only, or both:
 * - `req` is only a request body (POST /things), `res` only a response (GET /things/:id,
 *   GET /things, POST /things), `both` is the body and the response of PUT /pairs/:id;
 *   each has its own enum (`req_color`, `res_color`, `both_color`);
 * - `part` is reached only through `res.parts` ([part]); `size` only through a query parameter;
 * - resource `gadget` (/gadgets) exists to be removed;
 * - `email` has a format and `code` a pattern, to be changed or removed.
 */
export const FILE = 'api-specs/shop.json';

function colors(description: string): EnumDef {
  return {
    description,
    values: [
      { name: 'red', description: 'Red.' },
      { name: 'green' },
      { name: 'blue', deprecation: { description: 'Use green.' } },
    ],
  };
}

function fields(color: string): Field[] {
  return [
    { name: 'id', type: 'string' },
    { name: 'title', type: 'string', maximum: 100, description: 'The title.' },
    { name: 'count', type: 'integer', minimum: 0, maximum: 1000 },
    { name: 'note', type: 'string', required: false },
    { name: 'color', type: color, default: 'red' },
    { name: 'email', type: 'string', format: 'email', required: false, annotations: ['personal_data'] },
    { name: 'code', type: 'string', pattern: '^[A-Z]{3}$', required: false },
    { name: 'legacy', type: 'string', deprecation: { description: 'Use title.' } },
  ];
}

export function baseSpec(): Spec {
  return {
    $schema: './spec.schema.json',
    name: 'shop',
    description: 'Sells things.',
    annotations: { personal_data: { description: 'Data about a person.' } },
    enums: {
      req_color: colors('Colors clients send.'),
      res_color: colors('Colors the server sends.'),
      both_color: colors('Colors both ways.'),
      size: { values: [{ name: 's' }, { name: 'm' }] },
    },
    models: {
      req: { description: 'What clients send.', fields: fields('req_color') },
      res: {
        description: 'What the server sends.',
        fields: [...fields('res_color'), { name: 'parts', type: '[part]', required: false }],
      },
      both: { description: 'Sent both ways.', fields: fields('both_color') },
      part: { fields: [{ name: 'sku', type: 'string' }] },
      gadget: { fields: [{ name: 'id', type: 'string' }] },
    },
    resources: {
      res: {
        path: '/things',
        description: 'The things.',
        storage: {},
        events: ['upserted', 'deleted'],
        operations: [
          {
            method: 'GET',
            path: '/:id',
            description: 'Returns a thing.',
            auth: 'none',
            responses: { '200': { type: 'res' }, '404': { type: 'unit' } },
          },
          {
            method: 'GET',
            description: 'Lists things.',
            parameters: [
              { name: 'size', type: 'size', required: false },
              {
                name: 'limit',
                type: 'integer',
                default: 25,
                minimum: 1,
                maximum: 100,
                description: 'Page size.',
              },
              { name: 'cursor', type: 'string', required: false },
              {
                name: 'legacy_filter',
                type: 'string',
                required: false,
                deprecation: { description: 'Use size.' },
              },
              { name: 'email', type: 'string', required: false, annotations: ['personal_data'] },
            ],
            responses: { '200': { type: '[res]' } },
          },
          {
            method: 'POST',
            description: 'Creates a thing.',
            body: { type: 'req' },
            responses: { '201': { type: 'res' }, '422': { type: 'generic_error' } },
          },
          {
            method: 'POST',
            path: '/:id/touch',
            description: 'Touches a thing.',
            responses: { '204': { type: 'unit' } },
          },
          {
            method: 'DELETE',
            path: '/:id',
            description: 'Deletes a thing.',
            deprecation: { description: 'Things are forever.' },
            responses: { '204': { type: 'unit' }, '404': { type: 'unit' } },
          },
        ],
      },
      both: {
        path: '/pairs',
        operations: [
          {
            method: 'PUT',
            path: '/:id',
            description: 'Replaces a pair.',
            body: { type: 'both' },
            responses: { '200': { type: 'both' }, '404': { type: 'unit' } },
          },
        ],
      },
      gadget: {
        path: '/gadgets',
        storage: {},
        events: ['upserted'],
        operations: [{ method: 'GET', path: '/:id', responses: { '200': { type: 'gadget' } } }],
      },
    },
    subscriptions: [],
  };
}

/** Loads a spec object through loadSpec (pretty-printed, so positions are real), failing loudly. */
export function load(spec: Spec, file = FILE): LoadedSpec {
  const text = `${JSON.stringify(spec, null, 2)}\n`;
  const { loaded, diagnostics } = loadSpec({ file, text });
  if (!loaded) throw new Error(`test spec does not load: ${JSON.stringify(diagnostics, null, 2)}`);
  return loaded;
}

/** Whether the spec passes validation (structure and the semantic rules there are). */
export function isValid(spec: Spec, file = FILE): boolean {
  return validateSpecTexts([{ file, text: JSON.stringify(spec) }]).diagnostics.length === 0;
}

/** Diffs `start` (default the base spec) with a modified copy of it. */
export function diffWith(modify: (spec: Spec) => void, start: Spec = baseSpec()): Change[] {
  const head = structuredClone(start);
  modify(head);
  return diffSpec(load(start), load(head));
}

export function model(spec: Spec, name: string): Model {
  const found = spec.models?.[name];
  if (!found) throw new Error(`no model ${name}`);
  return found;
}

export function field(spec: Spec, modelName: string, name: string): Field {
  const found = model(spec, modelName).fields.find((f) => f.name === name);
  if (!found) throw new Error(`no field ${modelName}.${name}`);
  return found;
}

export function removeField(spec: Spec, modelName: string, name: string): void {
  const m = model(spec, modelName);
  m.fields = m.fields.filter((f) => f.name !== name);
}

export function enumDef(spec: Spec, name: string): EnumDef {
  const found = spec.enums?.[name];
  if (!found) throw new Error(`no enum ${name}`);
  return found;
}

export function resource(spec: Spec, name: string): Resource {
  const found = spec.resources?.[name];
  if (!found) throw new Error(`no resource ${name}`);
  return found;
}

/** The operation of resource `res` (or `resourceName`) with this method and (relative) path. */
export function operation(spec: Spec, method: string, path?: string, resourceName = 'res'): Operation {
  const found = resource(spec, resourceName).operations.find((o) => o.method === method && o.path === path);
  if (!found) throw new Error(`no operation ${method} ${path ?? ''}`);
  return found;
}

export function removeOperation(spec: Spec, method: string, path?: string, resourceName = 'res'): void {
  const r = resource(spec, resourceName);
  r.operations = r.operations.filter((o) => !(o.method === method && o.path === path));
}

export function parameter(spec: Spec, method: string, path: string | undefined, name: string): Field {
  const found = operation(spec, method, path).parameters?.find((p) => p.name === name);
  if (!found) throw new Error(`no parameter ${name}`);
  return found;
}

/** The fields tests assert on, without file positions. */
export function summary(change: Change): Pick<Change, 'rule' | 'level' | 'at' | 'sides' | 'operations'> {
  return {
    rule: change.rule,
    level: change.level,
    at: change.at,
    sides: change.sides,
    operations: change.operations,
  };
}

/** Operation keys reaching each base model, for readable expectations. */
export const OPS = {
  req: ['POST /things'],
  res: ['GET /things', 'GET /things/:id', 'POST /things'],
  both: ['PUT /pairs/:id'],
  list: ['GET /things'],
} as const;
