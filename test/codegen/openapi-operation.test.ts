/**
 * paths and operations (lib/codegen/openapi/paths.ts, operation.ts, request-body.ts): path
 * templates and order, operation ids, summaries and descriptions, tags, security, request bodies.
 */

import {
  defaultDescription,
  openApiPath,
  operationObject,
  requestBodyObject,
  summaryOf,
} from '../../lib/codegen/openapi';
import { allOperations } from '../../lib/contract/model';
import { operationIds } from '../../lib/contract/names';
import type { Operation } from '../../lib/contract/schema';
import { referenceSpecs } from './helpers';
import { contextOf, docOf, firstOperation, specOf, thingSpec } from './openapi-helpers';

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
    const get = doc.paths['/things/{id}'].get;
    expect(get.security).toEqual(want);
    // API Gateway's 403 is an IAM route's only.
    expect(Object.hasOwn(get.responses, '403')).toBe(auth !== 'none');
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

describe('request body', () => {
  it.each<[string, Operation, unknown]>([
    ['none', { method: 'GET', path: '/:id', responses: { '200': { type: 'thing' } } }, undefined],
    [
      'a model, described',
      {
        method: 'POST',
        body: { type: 'thing', description: 'What to create.' },
        responses: { '201': { type: 'thing' } },
      },
      {
        description: 'What to create.',
        required: true,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/thing' } } },
      },
    ],
    [
      'a list, undescribed',
      { method: 'PUT', path: '/:id', body: { type: '[string]' }, responses: { '200': { type: 'thing' } } },
      {
        required: true,
        content: { 'application/json': { schema: { type: 'array', items: { type: 'string' } } } },
      },
    ],
  ])('%s', (_what, operation, want) => {
    expect(requestBodyObject(contextOf(operation).op)).toStrictEqual(want);
  });
});

describe('an operation the spec does not describe', () => {
  const stored = (operations: Operation[]) =>
    specOf(
      { thing: { path: '/things', storage: {}, operations } },
      {
        models: {
          thing: {
            fields: [
              { name: 'id', type: 'string' },
              { name: 'title', type: 'string' },
            ],
          },
          thing_form: { fields: [{ name: 'title', type: 'string' }] },
        },
      },
    );
  it.each<[string, Operation, string]>([
    [
      'a get',
      { method: 'GET', path: '/:id', responses: { '200': { type: 'thing' } } },
      'Returns one thing by its id.',
    ],
    [
      'a list',
      { method: 'GET', responses: { '200': { type: '[thing]' } } },
      "Lists thing items, a page at a time (the next page's cursor is in the x-next-cursor header).",
    ],
    [
      'a create',
      { method: 'POST', body: { type: 'thing_form' }, responses: { '201': { type: 'thing' } } },
      'Creates a thing from the form in the body.',
    ],
    [
      'a replace',
      { method: 'PUT', path: '/:id', body: { type: 'thing_form' }, responses: { '200': { type: 'thing' } } },
      'Replaces the fields of a thing with the form in the body.',
    ],
    [
      'a delete',
      { method: 'DELETE', path: '/:id', responses: { '204': { type: 'unit' } } },
      'Deletes a thing.',
    ],
    [
      'a custom operation',
      { method: 'POST', path: '/:id/archive', responses: { '200': { type: 'thing' } } },
      'The postThingsByIdArchive operation: POST /things/{id}/archive. Its spec does not describe it.',
    ],
  ])('%s gets a description of what it does', (_what, operation, want) => {
    const context = firstOperation(stored([operation]));
    const id = [...operationIds(context.spec).values()][0] ?? '';
    expect(defaultDescription(context, id)).toBe(want);
    expect(operationObject(context, id)).toMatchObject({ description: want, summary: summaryOf(want) });
  });

  it('keeps a description the spec gives', () => {
    const context = firstOperation(
      stored([
        {
          method: 'GET',
          path: '/:id',
          description: 'Mine. Really.',
          responses: { '200': { type: 'thing' } },
        },
      ]),
    );
    expect(operationObject(context, 'getThing')).toMatchObject({
      description: 'Mine. Really.',
      summary: 'Mine',
    });
  });
});
