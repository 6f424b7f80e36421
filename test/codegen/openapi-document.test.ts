/**
 * the document (lib/codegen/openapi/document.ts): key order, info, servers, tags, security, the
 * components it writes, and the x-tributary-* extensions.
 */
import {
  infoObject,
  openApiDocument,
  serversObject,
  tagsObject,
  UNMATCHED_ROUTES_EXTENSION,
  unmatchedRoutesObject,
} from '../../lib/codegen/openapi';
import {
  docOf,
  specOf,
  STANDARD_THING_OPERATIONS as standard,
  thingSpec,
  versionedThingSpec,
} from './openapi-helpers';

describe('document', () => {
  const spec = specOf(
    {
      zed: { description: 'Zeds.', storage: {}, operations: [] },
      alpha: { events: ['deleted'], operations: [] },
      beta: { operations: [] },
    },
    { description: 'Owns things.' },
  );

  it('has its parts in a stable order', () => {
    expect(Object.keys(docOf(spec))).toEqual([
      'openapi',
      'info',
      'jsonSchemaDialect',
      'servers',
      'tags',
      'security',
      'paths',
      'components',
      'x-tributary-events',
      'x-tributary-unmatched-routes',
    ]);
  });

  it('has version, dialect, tags and events', () => {
    const doc = docOf(spec);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.jsonSchemaDialect).toBe('https://spec.openapis.org/oas/3.1/dialect/base');
    expect(doc.tags).toStrictEqual([
      { name: 'alpha' },
      { name: 'beta' },
      { name: 'zed', description: 'Zeds.' },
    ]);
    expect(tagsObject(spec)).toStrictEqual(doc.tags);
    expect(doc['x-tributary-events']).toEqual(['alpha.deleted', 'zed.deleted', 'zed.upserted']);
    expect(doc.paths).toEqual({});
    expect(doc.security).toEqual([{ sigv4: [] }]);
  });

  it.each([
    [
      'described',
      'Owns things.',
      {
        title: 'things',
        description: 'Owns things.',
        contact: { name: 'The owners of api-specs/things.json' },
        version: '1.0.0',
      },
    ],
    [
      'undescribed',
      undefined,
      {
        title: 'things',
        description: 'The things service.',
        contact: { name: 'The owners of api-specs/things.json' },
        version: '1.0.0',
      },
    ],
  ])('has info, %s', (_what, description, want) => {
    const { description: _, ...bare } = spec;
    expect(infoObject(description === undefined ? bare : { ...bare, description })).toStrictEqual(want);
  });

  it('names the deployed API and dev up as servers, every variable with a default', () => {
    const servers = serversObject();
    expect(servers.map((server) => server.url)).toEqual([
      'https://{apiId}.execute-api.{region}.amazonaws.com',
      'http://127.0.0.1:{port}',
    ]);
    for (const server of servers) {
      const variables = server.variables as Record<string, { default: string }>;
      const named = [...String(server.url).matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(Object.keys(variables).sort()).toEqual(named.sort());
      for (const variable of Object.values(variables)) expect(variable.default).not.toBe('');
    }
    expect(docOf(spec).servers).toStrictEqual(servers);
  });

  it('says what unmatched routes answer, in an extension referring to component responses', () => {
    const doc = docOf(spec);
    expect(doc[UNMATCHED_ROUTES_EXTENSION]).toStrictEqual(unmatchedRoutesObject());
    expect(doc[UNMATCHED_ROUTES_EXTENSION].responses).toStrictEqual({
      '404': { $ref: '#/components/responses/route_not_found' },
      '405': { $ref: '#/components/responses/method_not_allowed' },
    });
  });

  it('writes the component responses it refers to, and no other', () => {
    // No operation: only the unmatched routes' responses.
    expect(Object.keys(docOf(spec).components.responses)).toEqual(['method_not_allowed', 'route_not_found']);
    const publicGet = docOf(
      thingSpec([{ method: 'GET', path: '/:id', auth: 'none', responses: { '200': { type: 'thing' } } }]),
    );
    expect(Object.keys(publicGet.components.responses)).toEqual([
      'gateway_payload_too_large',
      'internal_error',
      'method_not_allowed',
      'route_not_found',
      'service_unavailable',
      'too_many_requests',
      'validation_failed',
    ]);
    // A POST on the collection is idempotent: the key in use is its 409.
    const signedPost = docOf(
      thingSpec([{ method: 'POST', body: { type: 'thing' }, responses: { '201': { type: 'thing' } } }]),
    );
    expect(Object.keys(signedPost.components.responses)).toEqual([
      'forbidden',
      'idempotency_key_in_use',
      'internal_error',
      'malformed_json',
      'method_not_allowed',
      'payload_too_large',
      'route_not_found',
      'service_unavailable',
      'too_many_requests',
      'unsupported_media_type',
      'validation_failed',
    ]);
    expect(Object.keys(signedPost.components)).toEqual(['schemas', 'responses', 'securitySchemes']);
  });

  it.each<[string, (keyof typeof standard)[], string[]]>([
    ['the standard get only', ['get'], ['malformed_request', 'not_modified']],
    ['the standard create only', ['create'], ['idempotency_key_in_use', 'malformed_json']],
    ['the standard replace only', ['replace'], ['bad_request', 'precondition_failed']],
    [
      'every standard operation',
      ['get', 'list', 'create', 'replace', 'delete'],
      [
        'bad_request',
        'idempotency_key_in_use',
        'malformed_json',
        'malformed_request',
        'not_modified',
        'precondition_failed',
      ],
    ],
  ])(
    'writes the conditional and idempotent answers a stored, versioned thing refers to: %s',
    (_what, kinds, want) => {
      const doc = docOf(versionedThingSpec(kinds.map((kind) => standard[kind])));
      const conditional = new Set([
        'bad_request',
        'idempotency_key_in_use',
        'malformed_json',
        'malformed_request',
        'not_modified',
        'precondition_failed',
      ]);
      expect(Object.keys(doc.components.responses).filter((name) => conditional.has(name))).toEqual(want);
    },
  );

  it('is a pure transform: the same spec, the same document', () => {
    const one = thingSpec([{ method: 'GET', path: '/:id', responses: { '200': { type: 'thing' } } }]);
    expect(JSON.stringify(openApiDocument(one))).toBe(JSON.stringify(openApiDocument(structuredClone(one))));
  });
});
