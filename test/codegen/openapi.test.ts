import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import {
  componentSchemas,
  DECIMAL_PATTERN,
  enumSchema,
  isRequiredField,
  memberSchema,
  modelSchema,
  openApiDocument,
  openApiPath,
  operationIds,
  parameterObjects,
  responsesObject,
  summaryOf,
} from '../../lib/codegen/openapi';
import { discoverSpecFiles } from '../../lib/spec/files';
import { allOperations } from '../../lib/spec/model';
import { type Field, type Operation, type Resource, type Spec, STRING_FORMATS } from '../../lib/spec/schema';
import { matchesFormat } from '../../lib/spec/string-format';
import { validateSpecFiles, validateSpecTexts } from '../../lib/spec/validate/validate';

const ROOT = join(__dirname, '..', '..');
const SAFE = Number.MAX_SAFE_INTEGER;

/** A spec with one resource `thing` (or the given ones) and the models they need. */
function specOf(resources: Record<string, Resource>, extra: Partial<Spec> = {}): Spec {
  const models = Object.fromEntries(
    Object.keys(resources).map((name) => [name, { fields: [{ name: 'id', type: 'string' }] }]),
  );
  return { name: 'things', models, resources, ...extra };
}

function thingSpec(operations: Operation[], path = '/things'): Spec {
  return specOf({ thing: { path, operations } });
}

const docOf = (spec: Spec) => openApiDocument(spec) as any;

describe('type mapping', () => {
  it.each<[string, Partial<Field>, Record<string, unknown>]>([
    ['string', {}, { type: 'string' }],
    ['string', { minimum: 3, maximum: 3 }, { type: 'string', minLength: 3, maxLength: 3 }],
    ['string', { format: 'email', maximum: 254 }, { type: 'string', maxLength: 254, format: 'email' }],
    ['string', { format: 'uri' }, { type: 'string', format: 'uri' }],
    ['string', { pattern: '^[A-Z]{3}$' }, { type: 'string', pattern: '^[A-Z]{3}$' }],
    ['string', { format: 'date', pattern: '^2026-' }, { type: 'string', format: 'date', pattern: '^2026-' }],
    ['boolean', {}, { type: 'boolean' }],
    ['integer', {}, { type: 'integer', format: 'int32' }],
    ['integer', { minimum: 1, maximum: 100 }, { type: 'integer', format: 'int32', minimum: 1, maximum: 100 }],
    ['long', {}, { type: 'integer', format: 'int64', minimum: -SAFE, maximum: SAFE }],
    ['long', { minimum: 1 }, { type: 'integer', format: 'int64', minimum: 1, maximum: SAFE }],
    ['double', { maximum: 1.5 }, { type: 'number', format: 'double', maximum: 1.5 }],
    ['decimal', {}, { type: 'string', format: 'decimal', pattern: DECIMAL_PATTERN }],
    [
      'decimal',
      { minimum: 0, maximum: 10 },
      { type: 'string', format: 'decimal', pattern: DECIMAL_PATTERN, 'x-minimum': 0, 'x-maximum': 10 },
    ],
    ['uuid', {}, { type: 'string', format: 'uuid' }],
    ['date-iso8601', {}, { type: 'string', format: 'date' }],
    ['date-time-iso8601', {}, { type: 'string', format: 'date-time' }],
    ['object', {}, { type: 'object' }],
    ['json', {}, {}],
    ['thing', {}, { $ref: '#/components/schemas/thing' }],
    ['generic_error', {}, { $ref: '#/components/schemas/generic_error' }],
    ['[string]', {}, { type: 'array', items: { type: 'string' } }],
    [
      '[thing]',
      { minimum: 1, maximum: 100 },
      { type: 'array', items: { $ref: '#/components/schemas/thing' }, minItems: 1, maxItems: 100 },
    ],
    [
      'map[long]',
      {},
      {
        type: 'object',
        additionalProperties: { type: 'integer', format: 'int64', minimum: -SAFE, maximum: SAFE },
      },
    ],
    [
      'map[[uuid]]',
      {},
      { type: 'object', additionalProperties: { type: 'array', items: { type: 'string', format: 'uuid' } } },
    ],
  ])('%s %j', (type, bounds, want) => {
    expect(memberSchema({ name: 'x', type, ...bounds })).toStrictEqual(want);
  });

  it('has no schema for unit', () => {
    expect(() => memberSchema({ name: 'x', type: 'unit' })).toThrow(/unit has no schema/);
  });

  it.each<[string, Field, Record<string, unknown>]>([
    [
      'documentation, default and example',
      { name: 'x', type: 'integer', description: 'Size.', default: 25, example: 10 },
      { type: 'integer', format: 'int32', description: 'Size.', default: 25, examples: [10] },
    ],
    [
      'deprecation',
      { name: 'x', type: 'string', description: 'Old.', deprecation: { description: 'Use y.' } },
      { type: 'string', description: 'Old.\n\nDeprecated: Use y.', deprecated: true },
    ],
    [
      'personal data',
      { name: 'x', type: 'string', annotations: ['personal_data', 'other'] },
      { type: 'string', 'x-personal-data': true },
    ],
    [
      'a named type with siblings',
      { name: 'x', type: 'status', default: 'active', description: 'Where.' },
      { $ref: '#/components/schemas/status', description: 'Where.', default: 'active' },
    ],
  ])('field with %s', (_what, field, want) => {
    expect(memberSchema(field)).toStrictEqual(want);
  });
});

describe('models and enums', () => {
  it.each<[string, Partial<Field>, boolean]>([
    ['required by default', {}, true],
    ['required: true', { required: true }, true],
    ['required: false', { required: false }, false],
    ['with a default', { default: 'a' }, false],
    ['required: true with a default', { required: true, default: 'a' }, false],
  ])('a field %s: required %s', (_what, field, want) => {
    expect(isRequiredField({ name: 'x', type: 'string', ...field })).toBe(want);
  });

  it('lists required fields in field order, and omits required when none is', () => {
    const model = modelSchema({
      description: 'A thing.',
      fields: [
        { name: 'b', type: 'string' },
        { name: 'a', type: 'string', required: false },
        { name: 'c', type: 'integer', default: 1 },
        { name: 'd', type: 'boolean' },
      ],
    });
    expect(model).toStrictEqual({
      type: 'object',
      description: 'A thing.',
      properties: {
        b: { type: 'string' },
        a: { type: 'string' },
        c: { type: 'integer', format: 'int32', default: 1 },
        d: { type: 'boolean' },
      },
      required: ['b', 'd'],
    });
    expect(Object.keys(model.properties as object)).toEqual(['b', 'a', 'c', 'd']);
    expect(modelSchema({ fields: [{ name: 'a', type: 'string', required: false }] })).not.toHaveProperty(
      'required',
    );
    expect(modelSchema({ fields: [], deprecation: { description: 'Gone.' } })).toStrictEqual({
      type: 'object',
      description: 'Deprecated: Gone.',
      properties: {},
      deprecated: true,
    });
  });

  it.each<[string, Parameters<typeof enumSchema>[0], Record<string, unknown>]>([
    [
      'without descriptions',
      { values: [{ name: 'b' }, { name: 'a' }] },
      { type: 'string', enum: ['b', 'a'] },
    ],
    [
      'with descriptions, parallel to the values',
      { description: 'S.', values: [{ name: 'b', description: 'B.' }, { name: 'a' }] },
      { type: 'string', description: 'S.', enum: ['b', 'a'], 'x-enum-descriptions': ['B.', ''] },
    ],
    [
      'with deprecations',
      {
        values: [{ name: 'a', deprecation: { description: 'Use b.' } }, { name: 'b' }],
        deprecation: { description: 'X.' },
      },
      {
        type: 'string',
        description: 'Deprecated: X.',
        enum: ['a', 'b'],
        'x-enum-descriptions': ['Deprecated: Use b.', ''],
        deprecated: true,
      },
    ],
  ])('an enum %s', (_what, enumDef, want) => {
    expect(enumSchema(enumDef)).toStrictEqual(want);
  });

  it('has every model, every enum and generic_error, sorted by name', () => {
    const schemas = componentSchemas({
      name: 's',
      models: { zebra: { fields: [] }, apple: { fields: [] } },
      enums: { mango: { values: [{ name: 'x' }] } },
    });
    expect(Object.keys(schemas)).toEqual(['apple', 'generic_error', 'mango', 'zebra']);
    expect(schemas.generic_error).toMatchObject({
      type: 'object',
      properties: { code: { type: 'string' }, messages: { type: 'array', items: { type: 'string' } } },
      required: ['code', 'messages'],
    });
  });
});

describe('paths', () => {
  it.each([
    ['/users', '/users'],
    ['/users/:id', '/users/{id}'],
    ['/users/:user_id/orders/:id', '/users/{user_id}/orders/{id}'],
    ['/users/:id/confirm', '/users/{id}/confirm'],
  ])('%s → %s', (given, want) => {
    expect(openApiPath(given)).toBe(want);
  });

  it('groups operations by path, sorted, with methods in GET POST PUT PATCH DELETE order', () => {
    const doc = docOf(
      thingSpec([
        { method: 'DELETE', path: '/:id', responses: { '204': { type: 'unit' } } },
        { method: 'POST', responses: { '201': { type: 'thing' } }, body: { type: 'thing' } },
        { method: 'PATCH', path: '/:id', responses: { '200': { type: 'thing' } }, body: { type: 'thing' } },
        { method: 'GET', path: '/:id', responses: { '200': { type: 'thing' } } },
        { method: 'GET', responses: { '200': { type: '[thing]' } } },
      ]),
    );
    expect(Object.keys(doc.paths)).toEqual(['/things', '/things/{id}']);
    expect(Object.keys(doc.paths['/things'])).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/things/{id}'])).toEqual(['get', 'patch', 'delete']);
  });
});

describe('parameters', () => {
  it('makes path parameters required (undeclared ones strings) and query parameters required only without default', () => {
    const spec = thingSpec(
      [
        {
          method: 'GET',
          path: '/:id',
          parameters: [
            { name: 'id', type: 'integer', description: 'The id.' },
            { name: 'q', type: 'string', annotations: ['personal_data'] },
            { name: 'limit', type: 'integer', default: 25, minimum: 1 },
            { name: 'cursor', type: 'string', required: false, deprecation: { description: 'Gone.' } },
            { name: 'tags', type: '[string]', example: ['a'] },
          ],
          responses: { '200': { type: 'thing' } },
        },
      ],
      '/users/:user_id/things',
    );
    const [op] = allOperations(spec);
    expect(parameterObjects(op!)).toStrictEqual([
      { name: 'user_id', in: 'path', required: true, schema: { type: 'string' } },
      {
        name: 'id',
        in: 'path',
        description: 'The id.',
        required: true,
        schema: { type: 'integer', format: 'int32' },
      },
      { name: 'q', in: 'query', required: true, schema: { type: 'string' }, 'x-personal-data': true },
      {
        name: 'limit',
        in: 'query',
        required: false,
        schema: { type: 'integer', format: 'int32', minimum: 1, default: 25 },
      },
      {
        name: 'cursor',
        in: 'query',
        description: 'Deprecated: Gone.',
        required: false,
        deprecated: true,
        schema: { type: 'string' },
      },
      {
        name: 'tags',
        in: 'query',
        required: true,
        schema: { type: 'array', items: { type: 'string' }, examples: [['a']] },
      },
    ]);
  });

  it('omits parameters when there are none', () => {
    const doc = docOf(thingSpec([{ method: 'GET', responses: { '200': { type: '[thing]' } } }]));
    expect(doc.paths['/things'].get).not.toHaveProperty('parameters');
  });
});

describe('operation ids', () => {
  it.each<[string, string, Operation['method'], string | undefined, string]>([
    ['thing', '/things', 'GET', undefined, 'listThings'],
    ['thing', '/things', 'GET', '/:id', 'getThing'],
    ['thing', '/things', 'POST', undefined, 'createThing'],
    ['thing', '/things', 'PUT', '/:id', 'replaceThing'],
    ['thing', '/things', 'PATCH', '/:id', 'updateThing'],
    ['thing', '/things', 'DELETE', '/:thing_id', 'deleteThing'],
    ['category', '/categories', 'GET', undefined, 'listCategories'],
    ['key', '/keys', 'GET', undefined, 'listKeys'],
    ['address', '/addresses', 'GET', undefined, 'listAddresses'],
    ['line_item', '/line-items', 'GET', undefined, 'listLineItems'],
    ['line_item', '/line-items', 'GET', '/:id', 'getLineItem'],
    ['thing', '/users/:user_id/things', 'GET', undefined, 'listThings'],
    ['thing', '/users/:user_id/things', 'GET', '/:id', 'getThing'],
    ['thing', '/things', 'POST', '/:id/confirm', 'postThingsByIdConfirm'],
    ['thing', '/things', 'GET', '/:id/parts/:part_id', 'getThingsByIdPartsByPartId'],
    ['thing', '/things', 'PATCH', undefined, 'patchThings'],
    ['thing', '/things', 'DELETE', undefined, 'deleteThings'],
    ['thing', '/things', 'POST', '/:id', 'postThingsById'],
    ['thing', '/things', 'GET', '/search', 'getThingsSearch'],
    ['thing', '/v1.2/things', 'GET', '/by-name', 'getV12ThingsByName'],
  ])('%s at %s: %s %s → %s', (resource, base, method, path, want) => {
    const operation: Operation = {
      method,
      responses: { '200': { type: 'thing' } },
      ...(path ? { path } : {}),
    };
    const spec = specOf({ [resource]: { path: base, operations: [operation] } });
    expect([...operationIds(spec).values()]).toEqual([want]);
  });

  it('numbers a clash, so ids stay unique', () => {
    const spec = specOf({
      thing: {
        path: '/things',
        operations: [{ method: 'DELETE', path: '/:id', responses: { '204': { type: 'unit' } } }],
      },
      // DELETE on a collection has no conventional id: its shape id is deleteThing too.
      other: { path: '/thing', operations: [{ method: 'DELETE', responses: { '204': { type: 'unit' } } }] },
    });
    const ids = operationIds(spec);
    expect([...ids.keys()].sort()).toEqual(['DELETE /thing', 'DELETE /things/:id']);
    expect([...ids.values()].sort()).toEqual(['deleteThing', 'deleteThing2']);
    const doc = docOf(spec);
    expect(doc.paths['/thing'].delete.operationId).toBe(ids.get('DELETE /thing'));
    expect(doc.paths['/things/{id}'].delete.operationId).toBe(ids.get('DELETE /things/:id'));
  });

  it('uses a declared name as the operationId, and derives the others as if it were not there', () => {
    const spec = specOf({
      thing: {
        path: '/things',
        operations: [
          { method: 'GET', path: '/:id', name: 'fetchThing', responses: { '200': { type: 'thing' } } },
          { method: 'PUT', path: '/:id/count', name: 'countThing', responses: { '200': { type: 'thing' } } },
          { method: 'DELETE', path: '/:id', responses: { '204': { type: 'unit' } } },
        ],
      },
    });
    const doc = docOf(spec);
    expect(doc.paths['/things/{id}'].get.operationId).toBe('fetchThing');
    expect(doc.paths['/things/{id}/count'].put.operationId).toBe('countThing');
    expect(doc.paths['/things/{id}'].delete.operationId).toBe('deleteThing');
  });

  it('gives each operation of the reference specs a unique id', () => {
    for (const { spec } of referenceSpecs()) {
      const ids = [...operationIds(spec).values()];
      expect(new Set(ids).size).toBe(allOperations(spec).length);
    }
  });
});

describe('responses', () => {
  const generic = { 'application/json': { schema: { $ref: '#/components/schemas/generic_error' } } };
  const thing = { 'application/json': { schema: { $ref: '#/components/schemas/thing' } } };
  const runtime400 = { description: 'Malformed JSON: the body is not valid JSON.', content: generic };
  const runtime413 = { description: 'Content Too Large: the body is over the size limit.', content: generic };
  const runtime415 = {
    description: 'Unsupported Media Type: the body is not application/json.',
    content: generic,
  };
  const runtime422 = {
    description: 'Validation failed: one message per invalid field or parameter.',
    content: generic,
  };

  it.each<[string, Partial<Operation> & Pick<Operation, 'method' | 'responses'>, Record<string, unknown>]>([
    [
      'a typed 200 and a unit 404 (documented as generic_error)',
      { method: 'GET', path: '/:id', responses: { '200': { type: 'thing' }, '404': { type: 'unit' } } },
      { '200': { description: 'OK', content: thing }, '404': { description: 'Not Found', content: generic } },
    ],
    [
      'a unit 204 without content',
      { method: 'DELETE', path: '/:id', responses: { '204': { type: 'unit' }, '404': { type: 'unit' } } },
      { '204': { description: 'No Content' }, '404': { description: 'Not Found', content: generic } },
    ],
    [
      'a unit 202 and a unit 500',
      { method: 'DELETE', path: '/:id', responses: { '202': { type: 'unit' }, '500': { type: 'unit' } } },
      {
        '202': { description: 'Accepted' },
        '500': { description: 'Internal Server Error', content: generic },
      },
    ],
    [
      'a list with parameters: 422 added, the next-page cursor header documented',
      {
        method: 'GET',
        parameters: [{ name: 'limit', type: 'integer', default: 25 }],
        responses: { '200': { type: '[thing]' } },
      },
      {
        '200': {
          description: 'OK',
          content: {
            'application/json': { schema: { type: 'array', items: thing['application/json'].schema } },
          },
          headers: {
            'x-next-cursor': {
              description:
                'The cursor of the next page: pass it back as the `cursor` query parameter. Absent on the last page.',
              schema: { type: 'string' },
            },
          },
        },
        '422': runtime422,
      },
    ],
    [
      'a body: 400, 413, 415 and 422 added, declared ones kept with their descriptions',
      {
        method: 'POST',
        body: { type: 'thing' },
        responses: {
          '201': { type: 'thing', description: 'The new thing.' },
          '409': { type: 'generic_error', description: 'Taken.' },
          '422': { type: 'generic_error' },
        },
      },
      {
        '201': { description: 'The new thing.', content: thing },
        '400': runtime400,
        '409': { description: 'Taken.', content: generic },
        '413': runtime413,
        '415': runtime415,
        '422': runtime422,
      },
    ],
    [
      'a declared 400 wins over the runtime one',
      {
        method: 'PUT',
        path: '/:id',
        body: { type: 'thing' },
        responses: { '200': { type: 'thing' }, '400': { type: 'generic_error', description: 'Mine.' } },
      },
      {
        '200': { description: 'OK', content: thing },
        '400': { description: 'Mine.', content: generic },
        '413': runtime413,
        '415': runtime415,
        '422': runtime422,
      },
    ],
  ])('%s', (_what, operation, want) => {
    const [op] = allOperations(thingSpec([operation]));
    const responses = responsesObject(op!);
    expect(responses).toStrictEqual(want);
    expect(Object.keys(responses)).toEqual(Object.keys(want).sort((a, b) => Number(a) - Number(b)));
  });

  it('documents a request body as required JSON', () => {
    const doc = docOf(
      thingSpec([
        {
          method: 'POST',
          body: { type: 'thing', description: 'What to create.' },
          responses: { '201': { type: 'thing' } },
        },
      ]),
    );
    expect(doc.paths['/things'].post.requestBody).toStrictEqual({
      description: 'What to create.',
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/thing' } } },
    });
  });
});

describe('operation documentation', () => {
  it.each([
    ['Returns one order.', 'Returns one order'],
    ['Lists orders, newest first. Pages by cursor.', 'Lists orders, newest first'],
    ['Version 1.2 of it. More.', 'Version 1.2 of it'],
    ['No full stop', 'No full stop'],
  ])('summarizes %j as %j', (given, want) => {
    expect(summaryOf(given)).toBe(want);
  });

  it('has summary, description, tags and deprecation', () => {
    const doc = docOf(
      thingSpec([
        {
          method: 'GET',
          path: '/:id',
          description: 'Returns one thing. Or not.',
          deprecation: { description: 'Use v2.' },
          responses: { '200': { type: 'thing' } },
        },
      ]),
    );
    expect(doc.paths['/things/{id}'].get).toMatchObject({
      operationId: 'getThing',
      summary: 'Returns one thing',
      description: 'Returns one thing. Or not.\n\nDeprecated: Use v2.',
      tags: ['thing'],
      deprecated: true,
    });
  });
});

describe('security', () => {
  it.each<[Operation['auth'], unknown]>([
    [undefined, undefined],
    ['iam', undefined],
    ['none', []],
  ])('auth %s: operation security %j', (auth, want) => {
    const doc = docOf(
      thingSpec([
        { method: 'GET', path: '/:id', responses: { '200': { type: 'thing' } }, ...(auth ? { auth } : {}) },
      ]),
    );
    expect(doc.paths['/things/{id}'].get.security).toEqual(want);
    expect(doc.security).toEqual([{ sigv4: [] }]);
    expect(doc.components.securitySchemes).toStrictEqual({
      sigv4: {
        type: 'apiKey',
        description: expect.any(String),
        name: 'Authorization',
        in: 'header',
        'x-amazon-apigateway-authtype': 'awsSigv4',
      },
    });
  });
});

describe('document', () => {
  it('has info, dialect, tags and events', () => {
    const spec = specOf(
      {
        zed: { description: 'Zeds.', storage: {}, operations: [] },
        alpha: { events: ['deleted'], operations: [] },
        beta: { operations: [] },
      },
      { description: 'Owns things.' },
    );
    const doc = docOf(spec);
    expect(Object.keys(doc)).toEqual([
      'openapi',
      'info',
      'jsonSchemaDialect',
      'tags',
      'security',
      'paths',
      'components',
      'x-tributary-events',
    ]);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toStrictEqual({ title: 'things', description: 'Owns things.', version: '1.0.0' });
    expect(doc.jsonSchemaDialect).toBe('https://spec.openapis.org/oas/3.1/dialect/base');
    expect(doc.tags).toStrictEqual([
      { name: 'alpha' },
      { name: 'beta' },
      { name: 'zed', description: 'Zeds.' },
    ]);
    expect(doc['x-tributary-events']).toEqual(['alpha.deleted', 'zed.deleted', 'zed.upserted']);
    expect(doc.paths).toEqual({});
  });
});

// --- The reference specs, checked with real validators --------------------------------------

interface ValidatorResult {
  readonly valid: boolean;
  readonly version?: string;
  readonly errors: unknown;
}

/**
 * Runs @seriousme/openapi-schema-validator on each document. It is ESM only (it locates its
 * schemas with import.meta.url), which Jest's CommonJS runtime cannot load, so it runs in a
 * plain Node child process.
 */
function validateOpenApi(documents: readonly unknown[]): ValidatorResult[] {
  const script = `
    import { Validator } from '@seriousme/openapi-schema-validator';
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    const results = [];
    for (const document of JSON.parse(input)) {
      const validator = new Validator();
      const result = await validator.validate(document);
      results.push({ valid: result.valid, version: validator.version, errors: result.errors ?? null });
    }
    process.stdout.write(JSON.stringify(results));
  `;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT,
    input: JSON.stringify(documents),
    encoding: 'utf8',
  });
  return JSON.parse(output) as ValidatorResult[];
}

function referenceSpecs() {
  const files = discoverSpecFiles(ROOT).map((file) => join(ROOT, file));
  const result = validateSpecFiles(files);
  if (result.diagnostics.length > 0 || result.valid.length !== files.length) {
    throw new Error(`the reference specs do not validate: ${JSON.stringify(result.diagnostics)}`);
  }
  return result.valid;
}

/** Every `$ref` in the document, with whether its JSON pointer resolves inside the document. */
function refsOf(document: unknown): Array<{ ref: string; resolves: boolean }> {
  const out: Array<{ ref: string; resolves: boolean }> = [];
  const resolve = (ref: string): boolean => {
    if (!ref.startsWith('#/')) return false;
    let node: unknown = document;
    for (const token of ref.slice(2).split('/')) {
      const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
      if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return false;
      node = (node as Record<string, unknown>)[key];
    }
    return true;
  };
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') out.push({ ref: value, resolves: resolve(value) });
        else walk(value);
      }
    }
  };
  walk(document);
  return out;
}

/** A strict JSON Schema 2020-12 compiler over the document's component schemas. */
function schemaCompiler(document: any, id: string) {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  for (const keyword of ['x-personal-data', 'x-enum-descriptions', 'x-minimum', 'x-maximum'])
    ajv.addKeyword({ keyword });
  ajv.addVocabulary(['components']);
  for (const format of ['int32', 'int64', 'double', 'decimal']) ajv.addFormat(format, true);
  // The string formats, checked as the generated code checks them (lib/spec/string-format.ts).
  for (const format of STRING_FORMATS)
    ajv.addFormat(format, { type: 'string', validate: (value: string) => matchesFormat(format, value) });
  ajv.addSchema({ $id: id, components: { schemas: document.components.schemas } });
  return (name: string) => {
    const validate = ajv.getSchema(`${id}#/components/schemas/${name}`);
    if (!validate) throw new Error(`no schema ${name}`);
    return validate;
  };
}

/** The spec with every record's keys in reverse order; lists (ordered) untouched. */
function reversedRecords(spec: Spec): Spec {
  const reverse = <T>(record: Record<string, T> | undefined) =>
    record === undefined ? undefined : Object.fromEntries(Object.entries(record).reverse());
  const resources = Object.entries(spec.resources ?? {}).map(([name, resource]): [string, Resource] => [
    name,
    {
      ...resource,
      operations: resource.operations.map((operation) => ({
        ...operation,
        responses: reverse(operation.responses) ?? {},
      })),
    },
  ]);
  return {
    ...spec,
    annotations: reverse(spec.annotations),
    enums: reverse(spec.enums),
    models: reverse(spec.models),
    resources: Object.fromEntries(resources.reverse()),
  };
}

describe('the reference specs', () => {
  const specs = referenceSpecs();
  const documents = specs.map(({ spec }) => openApiDocument(spec));

  it('each produce a valid OpenAPI 3.1 document', () => {
    const results = validateOpenApi(documents);
    expect(results).toEqual(documents.map(() => ({ valid: true, version: '3.1', errors: null })));
  });

  it.each(specs.map((loaded, i) => [loaded.spec.name, documents[i]] as const))(
    '%s: every $ref resolves',
    (_name, document) => {
      const refs = refsOf(document);
      expect(refs.length).toBeGreaterThan(0);
      expect(refs.filter((r) => !r.resolves)).toEqual([]);
    },
  );

  it.each(specs.map((loaded, i) => [loaded.spec.name, loaded.spec, documents[i] as any] as const))(
    '%s: component schemas compile as strict JSON Schema 2020-12 and accept the spec defaults',
    (name, spec, document) => {
      const schemaOf = schemaCompiler(document, `https://tributary.dev/openapi/${name}`);
      for (const schemaName of Object.keys(document.components.schemas))
        expect(schemaOf(schemaName).errors).toBeNull();
      let defaults = 0;
      for (const [modelName, model] of Object.entries(spec.models ?? {})) {
        for (const field of model.fields) {
          if (field.default === undefined) continue;
          const fieldSchema = schemaOf(`${modelName}/properties/${field.name}`);
          expect(document.components.schemas[modelName].properties[field.name].default).toEqual(
            field.default,
          );
          expect([field.name, fieldSchema(field.default)]).toEqual([field.name, true]);
          defaults++;
        }
      }
      if (name !== 'notifications') expect(defaults).toBeGreaterThan(0);
      expect(schemaOf('generic_error')({ code: 'not_found', messages: ['thing not found'] })).toBe(true);
      expect(schemaOf('generic_error')({ code: 'not_found' })).toBe(false);
    },
  );

  it('describe users as the runtime sends them, and reject what it never sends', () => {
    const users = documents[specs.findIndex((l) => l.spec.name === 'users')] as any;
    const user = schemaCompiler(users, 'https://tributary.dev/openapi/users-sample')('user');
    const valid = {
      id: 'usr-01J',
      email: 'a@example.com',
      name: { first: 'Ada' },
      status: 'active',
      version: 1,
      created_at: '2026-11-22T14:00:00.000Z',
      updated_at: '2026-11-22T14:00:00.000Z',
    };
    expect(user(valid)).toBe(true);
    const { status: _status, email: _email, ...minimal } = valid;
    expect(user(minimal)).toBe(true);
    expect(user({ ...valid, status: 'gone' })).toBe(false);
    expect(user({ ...valid, version: 0 })).toBe(false);
    expect(user({ ...valid, name: { first: 'x'.repeat(101) } })).toBe(false);
    expect(user({ ...valid, email: 'ada.example.com' })).toBe(false);
    const { id: _id, ...noId } = valid;
    expect(user(noId)).toBe(false);
    expect(users.components.schemas.user.properties.email['x-personal-data']).toBe(true);
    expect(users.components.schemas.user_status['x-enum-descriptions']).toEqual([
      'Created, not yet confirmed.',
      'Confirmed and allowed to order.',
      'No longer allowed to order.',
    ]);
    expect(users['x-tributary-events']).toEqual(['user.deleted', 'user.upserted']);
  });

  it('describe the currency of orders by its pattern', () => {
    const orders = documents[specs.findIndex((l) => l.spec.name === 'orders')] as any;
    const form = orders.components.schemas.order_form;
    expect(form.properties.currency).toMatchObject({ type: 'string', pattern: '^[A-Z]{3}$' });
    const currency = schemaCompiler(
      orders,
      'https://tributary.dev/openapi/orders-sample',
    )('order_form/properties/currency');
    expect([currency('EUR'), currency('eur'), currency('EU1')]).toEqual([true, false, false]);
  });

  it('are deterministic: the same output twice, whatever the order of the spec records', () => {
    const users = specs.find((l) => l.spec.name === 'users')!.spec;
    expect(Object.keys(reversedRecords(users).models ?? {})).toEqual(['user_form', 'name', 'user']);
    for (const { spec } of specs) {
      const once = JSON.stringify(openApiDocument(spec));
      expect(JSON.stringify(openApiDocument(spec))).toBe(once);
      expect(JSON.stringify(openApiDocument(reversedRecords(spec)))).toBe(once);
      expect(JSON.stringify(openApiDocument(structuredClone(spec)))).toBe(once);
    }
  });

  it('do not change the spec', () => {
    for (const { spec } of specs) {
      const before = structuredClone(spec);
      openApiDocument(spec);
      expect(spec).toStrictEqual(before);
    }
  });
});

describe('the checks can fail', () => {
  const [loaded] = validateSpecTexts([
    {
      file: 'things.json',
      text: JSON.stringify(
        thingSpec([
          { method: 'GET', path: '/:id', responses: { '200': { type: 'thing' }, '404': { type: 'unit' } } },
        ]),
      ),
    },
  ]).valid;
  const good = openApiDocument(loaded!.spec) as any;

  const broken = (change: (doc: any) => void) => {
    const doc = structuredClone(good);
    change(doc);
    return doc;
  };
  const cases: Array<[string, any]> = [
    [
      'a response without description',
      broken((d) => delete d.paths['/things/{id}'].get.responses['200'].description),
    ],
    ['info without version', broken((d) => delete d.info.version)],
    ['a parameter without "in"', broken((d) => delete d.paths['/things/{id}'].get.parameters[0].in)],
    [
      'a dangling $ref',
      broken((d) => {
        d.paths['/things/{id}'].get.responses['200'].content['application/json'].schema.$ref =
          '#/components/schemas/nope';
      }),
    ],
  ];

  // One validator process for all of them.
  let results: ValidatorResult[] = [];
  beforeAll(() => {
    results = validateOpenApi([good, ...cases.map(([, document]) => document)]);
  });

  it('the good document passes', () => {
    expect(results[0]).toEqual({ valid: true, version: '3.1', errors: null });
    expect(refsOf(good).every((r) => r.resolves)).toBe(true);
  });

  it.each(cases.map(([what], i) => [what, i + 1] as const))('the validator rejects %s', (_what, index) => {
    expect(results[index]?.valid).toBe(false);
    expect(results[index]?.errors).toBeTruthy();
  });

  it('the $ref check finds a dangling $ref', () => {
    const dangling = cases.find(([what]) => what === 'a dangling $ref')?.[1];
    expect(refsOf(dangling).filter((r) => !r.resolves)).toEqual([
      { ref: '#/components/schemas/nope', resolves: false },
    ]);
  });
});
