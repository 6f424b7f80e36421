/**
 * parameters (lib/codegen/openapi/parameters.ts and the request-header rules of headers.ts): given
 * an operation, want its parameter objects: path, then query, then header.
 */
import { parameterObjects, type RequestHeaderRule, requestHeaderParameters } from '../../lib/codegen/openapi';
import { contextOf, docOf, firstOperation, thingSpec } from './openapi-helpers';

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
    expect(parameterObjects(firstOperation(spec))).toStrictEqual([
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

describe('header parameters', () => {
  const ifMatch: RequestHeaderRule = {
    name: 'if-match',
    applies: ({ op }) => op.operation.method === 'PUT',
    description: 'The version the client read.',
    schema: { type: 'string' },
  };
  const key: RequestHeaderRule = {
    name: 'idempotency-key',
    applies: ({ op }) => op.operation.method !== 'GET',
    description: 'Retries with the same key happen once.',
    required: true,
    schema: { type: 'string', maxLength: 64 },
  };
  const put = contextOf({
    method: 'PUT',
    path: '/:id',
    parameters: [{ name: 'dry_run', type: 'boolean', required: false }],
    body: { type: 'thing' },
    responses: { '200': { type: 'thing' } },
  });

  it('has none today: the SigV4 Authorization header is the security scheme', () => {
    expect(parameterObjects(put).filter((parameter) => parameter.in === 'header')).toEqual([]);
  });

  it.each<[string, RequestHeaderRule[], unknown[]]>([
    ['no rule', [], []],
    [
      'the rules that apply, in rule order, optional unless required',
      [key, ifMatch],
      [
        {
          name: 'idempotency-key',
          in: 'header',
          description: 'Retries with the same key happen once.',
          required: true,
          schema: { type: 'string', maxLength: 64 },
        },
        {
          name: 'if-match',
          in: 'header',
          description: 'The version the client read.',
          required: false,
          schema: { type: 'string' },
        },
      ],
    ],
  ])('%s', (_what, rules, want) => {
    expect(requestHeaderParameters(put, rules)).toStrictEqual(want);
  });

  it('skips a rule that does not apply', () => {
    const get = contextOf({ method: 'GET', path: '/:id', responses: { '200': { type: 'thing' } } });
    expect(requestHeaderParameters(get, [ifMatch, key])).toEqual([]);
  });

  it('puts header parameters after path and query parameters', () => {
    expect(parameterObjects(put, [ifMatch]).map((p) => `${p.in} ${p.name}`)).toEqual([
      'path id',
      'query dry_run',
      'header if-match',
    ]);
  });
});
