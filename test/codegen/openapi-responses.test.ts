/**
 * responses (lib/codegen/openapi/responses.ts, answers.ts, components/responses.ts): given an
 * operation, want every response it may give: the declared ones, and the runtime's and API
 * Gateway's own answers as `$ref`s to component responses.
 */

import { DEFAULT_MAX_BODY_BYTES } from '../../functions/runtime/http/handler';
import {
  answerComponentName,
  byteSize,
  componentResponse,
  referencedResponses,
  responseComponents,
  responsesObject,
  STANDARD_ANSWERS,
  standardAnswers,
  UNMATCHED_ROUTE_RESPONSES,
} from '../../lib/codegen/openapi';
import type { Operation } from '../../lib/contract/schema';
import {
  contextOf,
  firstOperation,
  specOf,
  STANDARD_THING_OPERATIONS as standard,
  versionedContextOf,
} from './openapi-helpers';

const generic = { 'application/json': { schema: { $ref: '#/components/schemas/generic_error' } } };
const either = {
  'application/json': {
    schema: {
      oneOf: [{ $ref: '#/components/schemas/generic_error' }, { $ref: '#/components/schemas/gateway_error' }],
    },
  },
};
const thing = { 'application/json': { schema: { $ref: '#/components/schemas/thing' } } };
const ref = (name: string) => ({ $ref: `#/components/responses/${name}` });
/** What API Gateway may answer any operation, whatever it is. */
const gateway = {
  '413': ref('gateway_payload_too_large'),
  '429': ref('too_many_requests'),
  '500': ref('internal_error'),
  '503': ref('service_unavailable'),
};
const withBody = {
  '400': ref('malformed_json'),
  '413': ref('payload_too_large'),
  '415': ref('unsupported_media_type'),
  '422': ref('validation_failed'),
};
const description = (name: string) => String(componentResponse(name).description);
/** What the standard answer of a status and source means (its sentence in answers.ts). */
const meaning = (status: string, source: 'runtime' | 'gateway') =>
  STANDARD_ANSWERS.find((answer) => answer.status === status && answer.source === source)?.description;

describe('the responses of an operation', () => {
  it.each<[string, Operation, Record<string, unknown>]>([
    [
      'a typed 200 and a unit 404 (a generic_error) on an IAM route with a path parameter',
      { method: 'GET', path: '/:id', responses: { '200': { type: 'thing' }, '404': { type: 'unit' } } },
      {
        ...gateway,
        '200': { description: 'OK', content: thing },
        '403': ref('forbidden'),
        '404': { description: 'Not Found', content: generic },
        '422': ref('validation_failed'),
      },
    ],
    [
      'a public list without parameters: no 403, no 422; the next-page cursor header',
      { method: 'GET', auth: 'none', responses: { '200': { type: '[thing]' } } },
      {
        ...gateway,
        '200': {
          description: 'OK',
          headers: {
            'x-next-cursor': {
              description:
                'The cursor of the next page: pass it back as the `cursor` query parameter. Absent on the last page.',
              schema: { type: 'string' },
            },
          },
          content: {
            'application/json': { schema: { type: 'array', items: thing['application/json'].schema } },
          },
        },
      },
    ],
    [
      'a list with a parameter: 422',
      {
        method: 'GET',
        parameters: [{ name: 'limit', type: 'integer', default: 25 }],
        responses: { '200': { type: '[thing]' } },
      },
      {
        ...gateway,
        '200': {
          description: 'OK',
          headers: { 'x-next-cursor': expect.objectContaining({ schema: { type: 'string' } }) },
          content: {
            'application/json': { schema: { type: 'array', items: thing['application/json'].schema } },
          },
        },
        '403': ref('forbidden'),
        '422': ref('validation_failed'),
      },
    ],
    [
      'a body: 400, 413 (both bodies), 415 and 422; declared ones kept, a declared 422 merged; a create: its declared 409 also says the Idempotency-Key is in use',
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
        ...gateway,
        ...withBody,
        '201': { description: 'The new thing.', content: thing },
        '403': ref('forbidden'),
        '409': {
          description:
            'Taken. The service: a request with the same Idempotency-Key is still in progress (code conflict); retry it later.',
          content: generic,
        },
        '422': { description: description('validation_failed'), content: generic },
      },
    ],
    [
      "a declared 400: the spec's description first, then what the runtime means by it; its body the runtime one",
      {
        method: 'PUT',
        path: '/:id',
        auth: 'none',
        body: { type: 'thing' },
        responses: { '200': { type: 'thing' }, '400': { type: 'generic_error', description: 'Mine.' } },
      },
      {
        ...gateway,
        ...withBody,
        '200': { description: 'OK', content: thing },
        '400': {
          description: 'Mine. The service: the body is not valid JSON (code malformed_json).',
          content: generic,
        },
      },
    ],
    [
      'a declared unit 500 is one response with both bodies; a unit 202 has no content',
      {
        method: 'DELETE',
        path: '/:id',
        auth: 'none',
        responses: { '202': { type: 'unit' }, '500': { type: 'unit' } },
      },
      {
        ...gateway,
        '202': { description: 'Accepted' },
        '422': ref('validation_failed'),
        '500': { description: description('internal_error'), content: either },
      },
    ],
    [
      "a declared 403 on an IAM route: the spec's description, the service's body or API Gateway's",
      {
        method: 'DELETE',
        path: '/:id',
        responses: { '204': { type: 'unit' }, '403': { type: 'generic_error', description: 'Not yours.' } },
      },
      {
        ...gateway,
        '204': { description: 'No Content' },
        '403': { description: `Not yours. ${meaning('403', 'gateway')}`, content: either },
        '422': ref('validation_failed'),
      },
    ],
  ])('%s', (_what, operation, want) => {
    const responses = responsesObject(contextOf(operation));
    expect(responses).toStrictEqual(want);
    const statuses = Object.keys(responses);
    expect(statuses).toEqual([...statuses].sort((a, b) => Number(a) - Number(b)));
  });

  it('documents the location a standard create sends, and no other operation', () => {
    const create: Operation = {
      method: 'POST',
      body: { type: 'thing_form' },
      responses: { '201': { type: 'thing' } },
    };
    const models = {
      thing: {
        fields: [
          { name: 'id', type: 'string' },
          { name: 'title', type: 'string' },
        ],
      },
      thing_form: { fields: [{ name: 'title', type: 'string' }] },
    };
    const stored = specOf({ thing: { path: '/things', storage: {}, operations: [create] } }, { models });
    expect(responsesObject(firstOperation(stored))['201']).toMatchObject({
      headers: { location: { schema: { type: 'string' } } },
    });
    // Without storage it is a custom operation: whatever it sends, the document promises no location.
    const custom = specOf({ thing: { path: '/things', operations: [create] } }, { models });
    expect(responsesObject(firstOperation(custom))['201']).not.toHaveProperty('headers');
  });
});

describe('the responses of conditional and idempotent requests (a stored, versioned thing)', () => {
  const tag = {
    etag: {
      description: expect.stringContaining('its `version` in quotes'),
      required: true,
      schema: { type: 'string', pattern: '^"[1-9][0-9]*"$' },
    },
  };
  const tagged = (status: string) => ({ description: status, headers: tag, content: thing });
  const location = expect.objectContaining({ schema: { type: 'string' } });
  const validated = { '422': ref('validation_failed') };

  it.each<[string, Operation, Record<string, unknown>]>([
    [
      'the standard get: the ETag, a 304 for If-None-Match, its 400',
      standard.get,
      {
        ...gateway,
        ...validated,
        '200': tagged('OK'),
        '304': ref('not_modified'),
        '400': ref('malformed_request'),
        '403': ref('forbidden'),
        '404': { description: 'Not Found', content: generic },
      },
    ],
    [
      'the standard list: no tag (a page is not one resource), no 304, no condition header',
      standard.list,
      {
        ...gateway,
        '200': {
          description: 'OK',
          headers: { 'x-next-cursor': expect.any(Object) },
          content: {
            'application/json': { schema: { type: 'array', items: thing['application/json'].schema } },
          },
        },
        '403': ref('forbidden'),
      },
    ],
    [
      'the standard create: the ETag with the location, the key in use (409); no 412, no If-Match 400',
      standard.create,
      {
        ...gateway,
        ...withBody,
        '201': { description: 'Created', headers: { ...tag, location }, content: thing },
        '403': ref('forbidden'),
        '409': ref('idempotency_key_in_use'),
      },
    ],
    [
      'the standard replace: the ETag, 412, and one 400 for both malformed JSON and If-Match',
      standard.replace,
      {
        ...gateway,
        ...withBody,
        '200': tagged('OK'),
        '400': ref('bad_request'),
        '403': ref('forbidden'),
        '412': ref('precondition_failed'),
      },
    ],
    [
      'the standard delete: 412 and the If-Match 400; a 204 has no tag',
      standard.delete,
      {
        ...gateway,
        ...validated,
        '204': { description: 'No Content' },
        '400': ref('malformed_request'),
        '403': ref('forbidden'),
        '412': ref('precondition_failed'),
      },
    ],
    [
      "a custom PATCH that declares a 412: its description first, then the runtime's",
      {
        method: 'PATCH',
        path: '/:id',
        body: { type: 'thing_form' },
        responses: { '200': { type: 'thing' }, '412': { type: 'generic_error', description: 'Stale.' } },
      },
      {
        ...gateway,
        ...withBody,
        '200': tagged('OK'),
        '400': ref('bad_request'),
        '403': ref('forbidden'),
        '412': { description: `Stale. ${meaning('412', 'runtime')}`, content: generic },
      },
    ],
  ])('%s', (_what, operation, want) => {
    expect(responsesObject(versionedContextOf(operation))).toStrictEqual(want);
  });

  it.each<[string, Operation, Partial<Record<string, unknown>>]>([
    [
      'a custom PUT (another path): it does not read If-Match, so no 412 and only the JSON 400',
      {
        method: 'PUT',
        path: '/:id/title',
        body: { type: 'thing_form' },
        responses: { '200': { type: 'thing' } },
      },
      { '400': ref('malformed_json'), '412': undefined },
    ],
    [
      'a custom DELETE answering 202: no 412, no 400',
      { method: 'DELETE', path: '/:id', responses: { '202': { type: 'unit' } } },
      { '400': undefined, '412': undefined },
    ],
    [
      'a create marked not idempotent: no 409',
      { ...standard.create, idempotent: false },
      { '409': undefined, '422': ref('validation_failed') },
    ],
    [
      'a custom POST marked idempotent: the key in use (409)',
      { method: 'POST', path: '/:id/archive', idempotent: true, responses: { '200': { type: 'thing' } } },
      { '409': ref('idempotency_key_in_use'), '400': undefined },
    ],
    [
      'a GET whose success is a 203: tagged, but no 304 (the adapter answers one only in place of a 200)',
      { method: 'GET', path: '/:id', responses: { '203': { type: 'thing' } } },
      { '203': tagged('Non-Authoritative Information'), '304': undefined, '400': undefined },
    ],
    [
      'a declared 409 whose body is the thing: tagged too (the adapter tags every body with a version)',
      { ...standard.replace, responses: { '200': { type: 'thing' }, '409': { type: 'thing' } } },
      { '409': tagged('Conflict') },
    ],
  ])('%s', (_what, operation, want) => {
    const responses = responsesObject(versionedContextOf(operation));
    for (const [status, response] of Object.entries(want))
      expect([status, responses[status]]).toEqual([status, response]);
  });
});

describe('the standard answers', () => {
  it('says the runtime limit the adapter enforces', () => {
    expect(byteSize(DEFAULT_MAX_BODY_BYTES)).toBe('1 MiB');
    expect(description('payload_too_large')).toContain('over its limit of 1 MiB');
    expect([byteSize(1000), byteSize(2048), byteSize(3 * 1024 * 1024)]).toEqual([
      '1000 bytes',
      '2 KiB',
      '3 MiB',
    ]);
  });

  it.each<[string, Operation, string[]]>([
    [
      'a public GET without parameters',
      { method: 'GET', auth: 'none', responses: {} },
      ['413', '429', '500', '503'],
    ],
    [
      'an IAM POST with a body, on the collection (idempotent): the key in use too',
      { method: 'POST', body: { type: 'thing' }, responses: {} },
      ['400', '403', '409', '413', '415', '422', '429', '500', '503'],
    ],
    [
      'an IAM POST with a body marked not idempotent',
      { method: 'POST', body: { type: 'thing' }, idempotent: false, responses: {} },
      ['400', '403', '413', '415', '422', '429', '500', '503'],
    ],
    [
      'a public PATCH that declares a 412: reads If-Match, so 400 both ways',
      {
        method: 'PATCH',
        path: '/:id',
        auth: 'none',
        body: { type: 'thing' },
        responses: { '412': { type: 'generic_error' } },
      },
      ['400', '412', '413', '415', '422', '429', '500', '503'],
    ],
  ])('%s can answer %j', (_what, operation, want) => {
    const answers = standardAnswers(contextOf(operation));
    expect([...answers.keys()]).toEqual(want);
    // Every combination an operation can meet has a component, with every body of the status.
    for (const [status, of] of answers) {
      const component = componentResponse(answerComponentName(status, of));
      const body = JSON.stringify(component.content);
      for (const answer of of) expect(body).toContain(`#/components/schemas/${answer.schema}`);
      for (const answer of of) expect(String(component.description)).toContain(answer.description);
      expect(String(component.description)).toMatch(/^[A-Z][^.]*\. /);
    }
  });

  it('names API Gateway in every gateway answer, and the service in every runtime one', () => {
    for (const answer of STANDARD_ANSWERS) {
      expect([answer.source, answer.description]).toEqual([
        answer.source,
        expect.stringMatching(answer.source === 'gateway' ? /^API Gateway/ : /^The service/),
      ]);
      // Every answer has a body but the 304, which has none (RFC 9110 §15.4.5).
      const body =
        answer.status === '304' ? undefined : answer.source === 'gateway' ? 'gateway_error' : 'generic_error';
      expect([answer.status, answer.schema]).toEqual([answer.status, body]);
    }
  });

  it('has no component for a combination that cannot happen', () => {
    const gatewayForbidden = STANDARD_ANSWERS.filter((answer) => answer.status === '403');
    expect(() => answerComponentName('404', gatewayForbidden)).toThrow(/no component response for 404/);
    expect(() => componentResponse('nope')).toThrow(/no component response named nope/);
  });
});

describe('component responses', () => {
  it('finds the names a part of the document refers to, and only response ones', () => {
    const part = {
      a: { $ref: '#/components/responses/forbidden' },
      b: [{ deeper: { $ref: '#/components/responses/too_many_requests' } }],
      c: { $ref: '#/components/schemas/thing' },
      d: { $ref: '#/components/responses/forbidden' },
    };
    expect([...referencedResponses(part)].sort()).toEqual(['forbidden', 'too_many_requests']);
  });

  it('writes the named ones sorted, and nothing when none is named', () => {
    const components = responseComponents(['too_many_requests', 'forbidden', 'route_not_found', 'forbidden']);
    expect(Object.keys(components ?? {})).toEqual(['forbidden', 'route_not_found', 'too_many_requests']);
    expect(components?.route_not_found).toBe(UNMATCHED_ROUTE_RESPONSES['404']?.response);
    expect(responseComponents([])).toBeUndefined();
  });

  it('describes a 304 with no content and the ETag it always carries', () => {
    expect(componentResponse('not_modified')).toStrictEqual({
      description: expect.stringMatching(/^Not Modified\. The service: the request's If-None-Match lists/),
      headers: {
        etag: {
          description: 'The entity tag the resource is still at, one the If-None-Match listed.',
          required: true,
          schema: { type: 'string', pattern: '^"[1-9][0-9]*"$' },
        },
      },
    });
  });

  it.each<[string, string[], string]>([
    [
      'malformed_json',
      ['malformed_json'],
      'Bad Request. The service: the body is not valid JSON (code malformed_json).',
    ],
    [
      'malformed_request',
      ['malformed_request'],
      'Bad Request. The service: a condition header it reads (If-Match on a write, If-None-Match on a read) is not * or a list of entity tags (code malformed_request).',
    ],
    [
      'bad_request',
      ['malformed_json', 'malformed_request'],
      'Bad Request. The service: the body is not valid JSON (code malformed_json). The service: a condition header it reads (If-Match on a write, If-None-Match on a read) is not * or a list of entity tags (code malformed_request).',
    ],
  ])(
    'names each combination of the two 400s: %s says only what its operations answer',
    (name, variants, want) => {
      const of = STANDARD_ANSWERS.filter(
        (answer) => answer.status === '400' && variants.includes(answer.variant ?? ''),
      );
      expect(of).toHaveLength(variants.length);
      expect(answerComponentName('400', of)).toBe(name);
      expect(componentResponse(name)).toStrictEqual({ description: want, content: generic });
    },
  );

  it('describes a 405 with the allow header it always carries', () => {
    expect(componentResponse('method_not_allowed')).toMatchObject({
      headers: { allow: { required: true, schema: { type: 'string' } } },
      content: generic,
    });
  });
});
