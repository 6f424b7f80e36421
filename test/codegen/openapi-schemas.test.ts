/**
 * components.schemas (lib/codegen/openapi/components/schemas.ts): each spec type's schema, models,
 * enums and the two error bodies, given a spec part, want its JSON Schema.
 */
import {
  componentSchemas,
  DECIMAL_PATTERN,
  enumSchema,
  isRequiredField,
  memberSchema,
  modelSchema,
  openApiDocument,
} from '../../lib/codegen/openapi';
import { GenerateError } from '../../lib/codegen/source';
import type { Field } from '../../lib/contract/schema';
import { thingSpec } from './openapi-helpers';

const SAFE = Number.MAX_SAFE_INTEGER;

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

  it('has every model, every enum, generic_error and gateway_error, sorted by name', () => {
    const schemas = componentSchemas({
      name: 's',
      models: { zebra: { fields: [] }, apple: { fields: [] } },
      enums: { mango: { values: [{ name: 'x' }] } },
    });
    expect(Object.keys(schemas)).toEqual(['apple', 'gateway_error', 'generic_error', 'mango', 'zebra']);
    expect(schemas.gateway_error).toMatchObject({
      type: 'object',
      properties: { message: { type: 'string' } },
      required: ['message'],
    });
    expect(schemas.generic_error).toMatchObject({
      type: 'object',
      properties: { code: { type: 'string' }, messages: { type: 'array', items: { type: 'string' } } },
      required: ['code', 'messages'],
    });
  });
});

describe('names the document reserves', () => {
  it.each(['models', 'enums'] as const)('refuses a spec whose %s name one gateway_error', (section) => {
    const spec = thingSpec([{ method: 'GET', path: '/:id', responses: { '200': { type: 'thing' } } }]);
    const clash =
      section === 'models'
        ? { ...spec, models: { ...spec.models, gateway_error: { fields: [] } } }
        : { ...spec, enums: { gateway_error: { values: [{ name: 'a' }] } } };
    expect(() => openApiDocument(clash)).toThrow(GenerateError);
    expect(() => openApiDocument(clash)).toThrow(`${section}.gateway_error`);
    expect(() => openApiDocument(spec)).not.toThrow();
  });
});
