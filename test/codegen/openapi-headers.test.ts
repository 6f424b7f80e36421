/**
 * response headers (the response-header rules of lib/codegen/openapi/headers.ts): given an
 * operation and a status, want the headers its response documents.
 */
import { etagOf } from '../../functions/runtime/http/conditional';
import { ETAG, RESPONSE_HEADERS, type ResponseHeaderRule, responseHeaders } from '../../lib/codegen/openapi';
import type { Field, Operation } from '../../lib/contract/schema';
import {
  contextOf,
  firstOperation,
  specOf,
  STANDARD_THING_OPERATIONS as standard,
  versionedContextOf,
} from './openapi-helpers';

const stored = (operation: Operation) =>
  firstOperation(
    specOf(
      { thing: { path: '/things', storage: {}, operations: [operation] } },
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
    ),
  );
const list: Operation = { method: 'GET', responses: { '200': { type: '[thing]' } } };
const item: Operation = { method: 'GET', path: '/:id', responses: { '200': { type: 'thing' } } };
const create: Operation = {
  method: 'POST',
  body: { type: 'thing_form' },
  responses: { '201': { type: 'thing' }, '409': { type: 'generic_error' } },
};
const names = (headers: Record<string, unknown> | undefined) => Object.keys(headers ?? {});

describe('the response headers of an unversioned thing (no version field: no entity tag)', () => {
  it.each<[string, ReturnType<typeof stored>, string, string[]]>([
    ['a list page', stored(list), '200', ['x-next-cursor']],
    ['a list that is not stored', contextOf(list), '200', ['x-next-cursor']],
    ["a list's error", stored(list), '422', []],
    ['one item', stored(item), '200', []],
    ['a standard create', stored(create), '201', ['location']],
    ["a standard create's conflict", stored(create), '409', []],
    ['a create that is not stored (custom)', contextOf(create), '201', []],
  ])('%s, %s: %j', (_what, context, status, want) => {
    expect(names(responseHeaders(context, status))).toEqual(want);
  });

  it('writes a header object: description and schema, optional', () => {
    expect(responseHeaders(stored(create), '201')).toStrictEqual({
      location: {
        description: expect.stringContaining('`<collection>/<id>`'),
        schema: { type: 'string' },
      },
    });
    expect(RESPONSE_HEADERS.every((rule) => rule.name === rule.name.toLowerCase())).toBe(true);
  });
});

describe('the entity tag', () => {
  it.each<[string, Operation, string, string[]]>([
    ['the standard get', standard.get, '200', ['etag']],
    ["the standard get's 404 (a unit)", standard.get, '404', []],
    ['a list page (not one resource)', standard.list, '200', ['x-next-cursor']],
    ['the standard create, with its location', standard.create, '201', ['etag', 'location']],
    ['the standard replace', standard.replace, '200', ['etag']],
    ['the standard delete answering 204', standard.delete, '204', []],
    [
      'a delete answering 200 with the deleted thing',
      { method: 'DELETE', path: '/:id', responses: { '200': { type: 'thing' } } },
      '200',
      ['etag'],
    ],
    [
      'a declared 409 whose body is the thing (the adapter tags any status)',
      { ...standard.replace, responses: { '200': { type: 'thing' }, '409': { type: 'thing' } } },
      '409',
      ['etag'],
    ],
    [
      'a custom GET answering another model',
      { method: 'GET', path: '/:id', responses: { '200': { type: 'thing_form' } } },
      '200',
      [],
    ],
  ])('%s, %s: %j', (_what, operation, status, want) => {
    expect(names(responseHeaders(versionedContextOf(operation), status))).toEqual(want);
  });

  // The header is required, so only a version every body has and the adapter tags (a safe integer from 1).
  it.each<[string, Partial<Field>, string[]]>([
    ['a required long from 1 (as every stored resource declares it)', {}, ['etag']],
    ['a required integer from 1', { type: 'integer' }, ['etag']],
    ['a minimum above 1', { minimum: 5 }, ['etag']],
    ['an optional version (a body may have none)', { required: false }, []],
    ['no minimum (a 0 or a negative version has no tag)', { minimum: undefined }, []],
    ['a minimum of 0', { minimum: 0 }, []],
    ['a string version (never tagged)', { type: 'string', minimum: undefined }, []],
    ['a decimal version (never tagged)', { type: 'decimal' }, []],
  ])('a thing whose version is %s', (_what, version, want) => {
    expect(names(responseHeaders(versionedContextOf(standard.get, version), '200'))).toEqual(want);
  });

  it('is what the runtime sends: the version in quotes, required', () => {
    expect(responseHeaders(versionedContextOf(standard.get), '200')).toStrictEqual({
      etag: {
        description: expect.stringContaining('its `version` in quotes (`"3"`)'),
        required: true,
        schema: { type: 'string', pattern: '^"[1-9][0-9]*"$' },
      },
    });
    const pattern = new RegExp(String(ETAG.schema.pattern));
    expect([etagOf(1), etagOf(3), etagOf(1234567)].map((tag) => pattern.test(tag))).toEqual([
      true,
      true,
      true,
    ]);
    expect(['3', 'W/"3"', '"0"', '"03"', '""'].map((tag) => pattern.test(tag))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('a new header is one rule', () => {
  const etag: ResponseHeaderRule = {
    name: 'etag',
    applies: ({ op }, status) => op.operation.method === 'GET' && status === '200',
    description: 'The version of what the body is.',
    required: true,
    schema: { type: 'string', pattern: '^"\\d+"$' },
  };

  it.each<[string, ResponseHeaderRule[], Record<string, unknown> | undefined]>([
    ['no rule: no headers', [], undefined],
    [
      'a rule that applies, with the ones of today',
      [...RESPONSE_HEADERS, etag],
      {
        'x-next-cursor': expect.any(Object),
        etag: {
          description: 'The version of what the body is.',
          required: true,
          schema: { type: 'string', pattern: '^"\\d+"$' },
        },
      },
    ],
  ])('%s', (_what, rules, want) => {
    expect(responseHeaders(stored(list), '200', rules)).toStrictEqual(want);
  });

  it('applies only where its rule says', () => {
    expect(responseHeaders(stored(create), '201', [etag])).toBeUndefined();
    expect(responseHeaders(stored(item), '404', [etag])).toBeUndefined();
  });
});
