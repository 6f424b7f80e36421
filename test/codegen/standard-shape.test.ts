/**
 * Which operations are standard (implemented by the generator) and which are custom (a stub a
 * person writes): given an operation of a small spec, want its shape or none.
 */
import { type StandardShape, standardShape } from '../../lib/codegen/standard-shape';
import { allOperations } from '../../lib/contract/model';
import type { Operation, Spec } from '../../lib/contract/schema';

const itemModel = {
  fields: [
    { name: 'id', type: 'string' },
    { name: 'sku', type: 'string' },
    { name: 'title', type: 'string' },
    { name: 'status', type: 'item_status', default: 'draft' },
    { name: 'note', type: 'string', required: false },
    { name: 'version', type: 'long' },
    { name: 'created_at', type: 'date-time-iso8601' },
    { name: 'updated_at', type: 'date-time-iso8601' },
  ],
};

function specWith(operation: Operation, extra: Partial<Spec> = {}): Spec {
  return {
    name: 'shop',
    enums: { item_status: { values: [{ name: 'draft' }, { name: 'live' }] } },
    models: {
      item: itemModel,
      item_form: {
        fields: [
          { name: 'sku', type: 'string' },
          { name: 'title', type: 'string' },
          { name: 'status', type: 'item_status', required: false },
        ],
      },
      partial_form: { fields: [{ name: 'title', type: 'string' }] },
      foreign_form: {
        fields: [
          { name: 'sku', type: 'string' },
          { name: 'title', type: 'string' },
          { name: 'color', type: 'string' },
        ],
      },
      retyped_form: {
        fields: [
          { name: 'sku', type: 'integer' },
          { name: 'title', type: 'string' },
        ],
      },
      system_form: {
        fields: [
          { name: 'sku', type: 'string' },
          { name: 'title', type: 'string' },
          { name: 'version', type: 'long' },
        ],
      },
      optional_sku_form: {
        fields: [
          { name: 'sku', type: 'string', required: false },
          { name: 'title', type: 'string' },
        ],
      },
    },
    resources: {
      item: {
        path: '/items',
        storage: { indexes: [{ fields: ['sku'], unique: true }, { fields: ['status'] }] },
        operations: [operation],
      },
    },
    ...extra,
  } as Spec;
}

function shapeOf(operation: Operation, extra: Partial<Spec> = {}): StandardShape | undefined {
  const spec = specWith(operation, extra);
  const [ref] = allOperations(spec);
  if (ref === undefined) throw new Error('no operation');
  return standardShape(ref, spec);
}

const limit = { name: 'limit', type: 'integer', default: 25 };
const cursor = { name: 'cursor', type: 'string', required: false };

describe('standard shapes', () => {
  it.each<[string, Operation, Partial<StandardShape> | undefined]>([
    [
      'GET /:id',
      { method: 'GET', path: '/:id', responses: { '200': { type: 'item' }, '404': { type: 'unit' } } },
      { kind: 'get' },
    ],
    [
      'GET /:item_id (any parameter name)',
      { method: 'GET', path: '/:item_id', responses: { '200': { type: 'item' } } },
      { kind: 'get' },
    ],
    [
      'GET list with limit and cursor',
      { method: 'GET', parameters: [limit, cursor], responses: { '200': { type: '[item]' } } },
      { kind: 'list', filterIndexes: [] },
    ],
    [
      'GET list filtered by indexed fields',
      {
        method: 'GET',
        parameters: [
          { name: 'sku', type: 'string', required: false },
          { name: 'status', type: 'item_status', required: false },
          limit,
          cursor,
        ],
        responses: { '200': { type: '[item]' } },
      },
      { kind: 'list', filterIndexes: ['sku', 'status'] },
    ],
    [
      'a required filter',
      {
        method: 'GET',
        parameters: [{ name: 'status', type: 'item_status' }, limit],
        responses: { '200': { type: '[item]' } },
      },
      { kind: 'list', filterIndexes: ['status'] },
    ],
    [
      'POST with a form, 201',
      {
        method: 'POST',
        body: { type: 'item_form' },
        responses: { '201': { type: 'item' }, '409': { type: 'generic_error' } },
      },
      { kind: 'create', successStatus: 201 },
    ],
    [
      'POST with a form, 200',
      { method: 'POST', body: { type: 'item_form' }, responses: { '200': { type: 'item' } } },
      { kind: 'create', successStatus: 200 },
    ],
    [
      'PUT /:id with a form',
      {
        method: 'PUT',
        path: '/:id',
        body: { type: 'item_form' },
        responses: { '200': { type: 'item' }, '404': { type: 'unit' } },
      },
      { kind: 'replace' },
    ],
    [
      'DELETE /:id, 204',
      { method: 'DELETE', path: '/:id', responses: { '204': { type: 'unit' }, '404': { type: 'unit' } } },
      { kind: 'delete', returnsBody: false },
    ],
    [
      'DELETE /:id, 200 with the item',
      { method: 'DELETE', path: '/:id', responses: { '200': { type: 'item' } } },
      { kind: 'delete', returnsBody: true },
    ],
  ])('%s is standard', (_title, operation, want) => {
    expect(shapeOf(operation)).toMatchObject({ resource: 'item', ...want });
  });

  it.each<[string, Operation]>([
    [
      'a deeper path',
      {
        method: 'PUT',
        path: '/:id/count',
        body: { type: 'item_form' },
        responses: { '200': { type: 'item' } },
      },
    ],
    [
      'POST on an item',
      { method: 'POST', path: '/:id', body: { type: 'item_form' }, responses: { '200': { type: 'item' } } },
    ],
    [
      'PATCH (partial update is not a replace)',
      { method: 'PATCH', path: '/:id', body: { type: 'item_form' }, responses: { '200': { type: 'item' } } },
    ],
    [
      'a GET answering another type',
      { method: 'GET', path: '/:id', responses: { '200': { type: 'item_form' } } },
    ],
    [
      'a GET with a query parameter',
      {
        method: 'GET',
        path: '/:id',
        parameters: [{ name: 'expand', type: 'boolean', required: false }],
        responses: { '200': { type: 'item' } },
      },
    ],
    [
      'a list filtered by a field no index covers',
      {
        method: 'GET',
        parameters: [{ name: 'title', type: 'string', required: false }],
        responses: { '200': { type: '[item]' } },
      },
    ],
    [
      'a list filtered by a parameter of another type',
      {
        method: 'GET',
        parameters: [{ name: 'sku', type: 'integer', required: false }],
        responses: { '200': { type: '[item]' } },
      },
    ],
    [
      'a list filtered by something not a field',
      {
        method: 'GET',
        parameters: [{ name: 'q', type: 'string', required: false }],
        responses: { '200': { type: '[item]' } },
      },
    ],
    [
      'a limit that is not an integer',
      {
        method: 'GET',
        parameters: [{ name: 'limit', type: 'string', required: false }],
        responses: { '200': { type: '[item]' } },
      },
    ],
    [
      'a form missing a required field',
      { method: 'POST', body: { type: 'partial_form' }, responses: { '201': { type: 'item' } } },
    ],
    [
      'a form with a field the resource lacks',
      { method: 'POST', body: { type: 'foreign_form' }, responses: { '201': { type: 'item' } } },
    ],
    [
      'a form with a field of another type',
      { method: 'POST', body: { type: 'retyped_form' }, responses: { '201': { type: 'item' } } },
    ],
    [
      'a form setting a system attribute',
      { method: 'POST', body: { type: 'system_form' }, responses: { '201': { type: 'item' } } },
    ],
    [
      'a form making a required field optional',
      { method: 'POST', body: { type: 'optional_sku_form' }, responses: { '201': { type: 'item' } } },
    ],
    [
      'two success statuses',
      {
        method: 'POST',
        body: { type: 'item_form' },
        responses: { '200': { type: 'item' }, '201': { type: 'item' } },
      },
    ],
    [
      'a create answering 202',
      { method: 'POST', body: { type: 'item_form' }, responses: { '202': { type: 'item' } } },
    ],
    [
      'a delete with a body',
      { method: 'DELETE', path: '/:id', body: { type: 'item_form' }, responses: { '204': { type: 'unit' } } },
    ],
  ])('%s is custom', (_title, operation) => {
    expect(shapeOf(operation)).toBeUndefined();
  });

  it('an operation of a resource without storage is custom', () => {
    const spec = specWith({ method: 'GET', path: '/:id', responses: { '200': { type: 'item' } } });
    const resource = spec.resources?.item;
    if (resource) delete (resource as { storage?: unknown }).storage;
    const [ref] = allOperations(spec);
    expect(ref && standardShape(ref, spec)).toBeUndefined();
  });
});
