/**
 * parameters (lib/codegen/openapi/parameters.ts and the request-header rules of headers.ts): given
 * an operation, want its parameter objects: path, then query, then header.
 */
import { DEFAULT_IDEMPOTENCY_SECONDS } from '../../functions/runtime/http/idempotency';
import { MAX_IDEMPOTENCY_KEY_LENGTH } from '../../functions/runtime/http/idempotency-key';
import {
  parameterObjects,
  REQUEST_HEADERS,
  type RequestHeaderRule,
  requestHeaderParameters,
} from '../../lib/codegen/openapi';
import type { Operation } from '../../lib/contract/schema';
import {
  contextOf,
  docOf,
  firstOperation,
  STANDARD_THING_OPERATIONS as standard,
  thingSpec,
  versionedContextOf,
} from './openapi-helpers';

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

  it('has none on a custom PUT: it does not read If-Match, and the SigV4 Authorization header is the security scheme', () => {
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

describe('the conditional and idempotent request headers', () => {
  const headerNames = (operation: Operation) =>
    requestHeaderParameters(versionedContextOf(operation)).map((parameter) => parameter.name);

  it.each<[string, Operation, string[]]>([
    ['the standard get', standard.get, ['if-none-match']],
    ['the standard list (not one resource)', standard.list, []],
    ['the standard create', standard.create, ['idempotency-key']],
    ['a create marked not idempotent', { ...standard.create, idempotent: false }, []],
    ['the standard replace', standard.replace, ['if-match']],
    ['the standard delete', standard.delete, ['if-match']],
    [
      'a custom PUT (another path): its implementation is not known to read If-Match',
      {
        method: 'PUT',
        path: '/:id/title',
        body: { type: 'thing_form' },
        responses: { '200': { type: 'thing' } },
      },
      [],
    ],
    [
      'a custom PATCH that declares a 412: it says it reads If-Match',
      {
        method: 'PATCH',
        path: '/:id',
        body: { type: 'thing_form' },
        responses: { '200': { type: 'thing' }, '412': { type: 'generic_error' } },
      },
      ['if-match'],
    ],
    [
      'a custom DELETE without a 412',
      { method: 'DELETE', path: '/:id', responses: { '202': { type: 'unit' } } },
      [],
    ],
    [
      'a GET that declares a 412 (If-Match is for writes)',
      {
        method: 'GET',
        path: '/:id/x',
        responses: { '200': { type: 'thing_form' }, '412': { type: 'generic_error' } },
      },
      [],
    ],
    [
      'a GET of another model: no tag, so no 304',
      { method: 'GET', path: '/:id', responses: { '200': { type: 'thing_form' } } },
      [],
    ],
    [
      'a custom POST marked idempotent',
      { method: 'POST', path: '/:id/archive', idempotent: true, responses: { '200': { type: 'thing' } } },
      ['idempotency-key'],
    ],
    [
      'a custom POST on an item (not idempotent by default)',
      { method: 'POST', path: '/:id/archive', responses: { '200': { type: 'thing' } } },
      [],
    ],
  ])('%s: %j', (_what, operation, want) => {
    expect(headerNames(operation)).toEqual(want);
  });

  it('is optional, and says what the runtime does with it', () => {
    const byName = new Map(
      [standard.get, standard.create, standard.replace].flatMap((operation) =>
        requestHeaderParameters(versionedContextOf(operation)).map((parameter) => [
          parameter.name,
          parameter,
        ]),
      ),
    );
    expect([...byName.keys()].sort()).toEqual(['idempotency-key', 'if-match', 'if-none-match']);
    for (const parameter of byName.values())
      expect(parameter).toMatchObject({ in: 'header', required: false });
    expect(byName.get('idempotency-key')).toStrictEqual({
      name: 'idempotency-key',
      in: 'header',
      description: expect.stringContaining(`for ${DEFAULT_IDEMPOTENCY_SECONDS / 3600} hours`),
      required: false,
      schema: { type: 'string', minLength: 1, maxLength: MAX_IDEMPOTENCY_KEY_LENGTH },
    });
    expect(byName.get('idempotency-key')?.description).toContain(
      `over ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`,
    );
    expect(byName.get('if-match')?.description).toMatch(/412.*400/s);
    expect(byName.get('if-none-match')?.description).toMatch(/304.*400/s);
    expect(REQUEST_HEADERS.every((rule) => rule.name === rule.name.toLowerCase())).toBe(true);
  });
});
