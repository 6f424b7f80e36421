/**
 * The response validator of the e2e tests (openapi-response.ts), on documents the generator writes
 * and on small hand-written ones: what it accepts, and every bad response it must refuse, naming
 * the operation.
 */
import { openApiDocument } from '../../lib/codegen/openapi';
import type { Spec } from '../../lib/contract/schema';
import {
  type ObservedResponse,
  type OpenApiDocumentJson,
  OpenApiResponseValidator,
} from './openapi-response';

const spec: Spec = {
  name: 'things',
  models: {
    thing: {
      fields: [
        { name: 'id', type: 'string' },
        { name: 'size', type: 'integer', minimum: 1 },
        { name: 'email', type: 'string', format: 'email', required: false },
        { name: 'at', type: 'date-time-iso8601', required: false },
      ],
    },
    thing_form: { fields: [{ name: 'size', type: 'integer', minimum: 1 }] },
  },
  resources: {
    thing: {
      path: '/things',
      storage: {},
      operations: [
        { method: 'GET', path: '/:id', responses: { '200': { type: 'thing' }, '404': { type: 'unit' } } },
        { method: 'GET', path: '/search', auth: 'none', responses: { '200': { type: '[thing]' } } },
        { method: 'GET', responses: { '200': { type: '[thing]' } } },
        { method: 'POST', body: { type: 'thing_form' }, responses: { '201': { type: 'thing' } } },
        { method: 'DELETE', path: '/:id', responses: { '204': { type: 'unit' } } },
      ],
    },
  },
};
const validator = new OpenApiResponseValidator(openApiDocument(spec) as unknown as OpenApiDocumentJson);

const JSON_TYPE = { 'content-type': 'application/json' };
const thing = { id: 'thg-1', size: 2, email: 'a@example.com', at: '2026-01-01T00:00:00.000Z' };
const json = (status: number, body: unknown, headers: Record<string, string> = {}): ObservedResponse => ({
  status,
  headers: { ...JSON_TYPE, ...headers },
  body: JSON.stringify(body),
});
const generic = (code: string) => ({ code, messages: [`${code} happened`] });

describe('what it accepts', () => {
  it.each<[string, string, string, ObservedResponse]>([
    ['a resource', 'GET', '/things/thg-1', json(200, thing)],
    ['a minimal resource', 'GET', '/things/thg-1', json(200, { id: 'x', size: 1 })],
    ['a declared unit 404 as a generic_error', 'GET', '/things/x', json(404, generic('not_found'))],
    ['a list page with its cursor', 'GET', '/things?limit=1', json(200, [thing], { 'x-next-cursor': 'c1' })],
    ['a literal path before a variable one', 'GET', '/things/search', json(200, [])],
    ['a create with its location', 'POST', '/things', json(201, thing, { location: '/things/thg-1' })],
    ['a 204 without body or content-type', 'DELETE', '/things/x', { status: 204, headers: {}, body: '' }],
    ['API Gateway refusing a signature', 'GET', '/things/x', json(403, { message: 'Forbidden' })],
    ['the runtime 413', 'POST', '/things', json(413, generic('payload_too_large'))],
    ['the gateway 413', 'POST', '/things', json(413, { message: 'Request Entity Too Large' })],
    ['the gateway 413 on a GET', 'GET', '/things', json(413, { message: 'Request Entity Too Large' })],
    [
      'the runtime 500',
      'GET',
      '/things/x',
      json(500, { code: 'internal_error', messages: ['internal error'] }),
    ],
    ['the gateway 500', 'GET', '/things/x', json(500, { message: 'Internal Server Error' })],
    ['a 429', 'GET', '/things', json(429, { message: 'Too Many Requests' })],
    ['a 503', 'GET', '/things', json(503, { message: 'Service Unavailable' })],
    [
      'JSON with a charset',
      'GET',
      '/things/x',
      { ...json(200, thing), headers: { 'Content-Type': 'application/json; charset=utf-8' } },
    ],
    ['an unknown path, as the catch-all route answers it', 'GET', '/nope', json(404, generic('not_found'))],
    [
      'a known path with another method',
      'PATCH',
      '/things/x',
      json(405, generic('method_not_allowed'), { allow: 'DELETE, GET' }),
    ],
    [
      'Headers, not a record',
      'POST',
      '/things',
      {
        status: 201,
        headers: new Headers({ ...JSON_TYPE, location: '/things/x' }),
        body: JSON.stringify(thing),
      },
    ],
  ])('%s', (_what, method, path, response) => {
    expect(validator.problems(method, path, response)).toEqual([]);
    expect(() => validator.assertValid(method, path, response)).not.toThrow();
  });
});

describe('what it refuses, naming the operation', () => {
  it.each<[string, string, string, ObservedResponse, string]>([
    [
      'an undeclared status',
      'GET',
      '/things/x',
      json(418, {}),
      'things getThing (GET /things/{id}) answered 418: status 418 is not declared (declared: 200, 403, 404, 413, 422, 429, 500, 503)',
    ],
    [
      'a 403 on a public route',
      'GET',
      '/things/search',
      json(403, { message: 'Forbidden' }),
      'status 403 is not declared',
    ],
    [
      'a 400 on an operation without body',
      'GET',
      '/things/x',
      json(400, generic('malformed_json')),
      'status 400 is not declared',
    ],
    [
      'a missing required field',
      'GET',
      '/things/x',
      json(200, { size: 1 }),
      "body must have required property 'id'",
    ],
    [
      'a field of the wrong type',
      'GET',
      '/things/x',
      json(200, { ...thing, size: 'big' }),
      'body.size must be integer',
    ],
    [
      'a field under its minimum',
      'GET',
      '/things/x',
      json(200, { ...thing, size: 0 }),
      'body.size must be >= 1',
    ],
    [
      'an integer past int32',
      'GET',
      '/things/x',
      json(200, { ...thing, size: 2 ** 31 }),
      'body.size must match format "int32"',
    ],
    [
      'a bad email',
      'GET',
      '/things/x',
      json(200, { ...thing, email: 'nope' }),
      'body.email must match format "email"',
    ],
    [
      'a bad date-time',
      'GET',
      '/things/x',
      json(200, { ...thing, at: 'yesterday' }),
      'body.at must match format "date-time"',
    ],
    [
      'a list item that breaks the schema',
      'GET',
      '/things',
      json(200, [thing, { id: 1 }]),
      'body.1.id must be string',
    ],
    [
      'a gateway body for a generic_error',
      'GET',
      '/things/x',
      json(404, { message: 'Not Found' }),
      "body must have required property 'code'",
    ],
    [
      'a body matching neither of two',
      'GET',
      '/things/x',
      json(500, { error: 'x' }),
      'body must match exactly one schema in oneOf',
    ],
    [
      'a body where none is declared',
      'DELETE',
      '/things/x',
      json(204, {}),
      'has a body, but the response declares no content',
    ],
    [
      'no body where one is declared',
      'GET',
      '/things/x',
      { status: 200, headers: JSON_TYPE, body: '' },
      'has no body',
    ],
    [
      'another content-type',
      'GET',
      '/things/x',
      { status: 200, headers: { 'content-type': 'text/plain' }, body: 'x' },
      'content-type text/plain is not declared',
    ],
    [
      'no content-type',
      'GET',
      '/things/x',
      { status: 200, headers: {}, body: JSON.stringify(thing) },
      'content-type (none) is not declared',
    ],
    [
      'a body that is not JSON',
      'GET',
      '/things/x',
      { status: 200, headers: JSON_TYPE, body: '{"id":' },
      'the body is not JSON',
    ],
    [
      'a 405 without its allow header',
      'PATCH',
      '/things/x',
      json(405, generic('method_not_allowed')),
      'header allow is required but absent',
    ],
    [
      'a 404 for a known path with another method',
      'PATCH',
      '/things/x',
      json(404, generic('not_found')),
      'status 404 is not declared (declared: 405)',
    ],
    [
      'a 405 for an unknown path',
      'GET',
      '/nope',
      json(405, generic('method_not_allowed'), { allow: 'GET' }),
      'status 405 is not declared (declared: 404)',
    ],
  ])('%s', (_what, method, path, response, want) => {
    const problems = validator.problems(method, path, response);
    expect(problems.join('\n')).toContain(want);
    expect(problems.every((problem) => problem.startsWith('things '))).toBe(true);
    expect(() => validator.assertValid(method, path, response)).toThrow(want);
  });

  it('names the operation in every problem of a response, all of them listed', () => {
    const problems = validator.problems('GET', '/things/x', json(200, { size: 'big' }));
    expect(problems).toEqual([
      expect.stringMatching(
        /^things getThing \(GET \/things\/\{id\}\) answered 200: body must have required property 'id'/,
      ),
      expect.stringMatching(
        /^things getThing \(GET \/things\/\{id\}\) answered 200: body\.size must be integer/,
      ),
    ]);
  });
});

describe('a hand-written document', () => {
  const document: OpenApiDocumentJson = {
    info: { title: 'hand' },
    paths: {
      '/a': {
        get: {
          operationId: 'getA',
          responses: {
            '200': { $ref: '#/components/responses/ok' },
            '4XX': {
              description: 'Any client error.',
              content: {
                'application/problem+json': {
                  schema: { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] },
                },
              },
            },
            default: { description: 'Anything else.' },
          },
        },
      },
    },
    components: {
      responses: {
        ok: {
          description: 'OK',
          headers: { etag: { $ref: '#/components/headers/etag' } },
          content: { 'application/json': { schema: { type: 'string' } } },
        },
      },
      headers: { etag: { required: true, schema: { type: 'string', pattern: '^"\\d+"$' } } },
    },
  };
  const hand = new OpenApiResponseValidator(document);

  it.each<[string, ObservedResponse, string[]]>([
    ['a response and a header through $refs', json(200, 'x', { etag: '"3"' }), []],
    [
      'a header its schema refuses',
      json(200, 'x', { etag: 'W/"3"' }),
      ['hand getA (GET /a) answered 200: header etag must match pattern "^"\\d+"$"'],
    ],
    [
      'a required header absent',
      json(200, 'x'),
      ['hand getA (GET /a) answered 200: header etag is required but absent'],
    ],
    [
      'a 4XX range, +json',
      { status: 409, headers: { 'content-type': 'application/problem+json' }, body: '{"title":"t"}' },
      [],
    ],
    [
      'a 4XX range breaking its schema',
      { status: 409, headers: { 'content-type': 'application/problem+json' }, body: '{}' },
      ["hand getA (GET /a) answered 409: body must have required property 'title' (schema #/required)"],
    ],
    ['default, with no content', { status: 302, headers: {}, body: '' }, []],
  ])('%s', (_what, response, want) => {
    expect(hand.problems('GET', '/a', response)).toEqual(want);
  });

  it('refuses a request no operation matches when the document says nothing of unmatched routes', () => {
    expect(hand.problems('GET', '/b', json(404, {}))).toEqual([
      'hand: no operation matches GET /b, and the document says nothing of unmatched routes',
    ]);
    expect(hand.hasPath('/a')).toBe(true);
    expect(hand.hasPath('/a/b')).toBe(false);
  });
});
