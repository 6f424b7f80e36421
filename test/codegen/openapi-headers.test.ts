/**
 * response headers (the response-header rules of lib/codegen/openapi/headers.ts): given an
 * operation and a status, want the headers its response documents.
 */
import { RESPONSE_HEADERS, type ResponseHeaderRule, responseHeaders } from '../../lib/codegen/openapi';
import type { Operation } from '../../lib/spec/schema';
import { contextOf, firstOperation, specOf } from './openapi-helpers';

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

describe('the response headers of today', () => {
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
