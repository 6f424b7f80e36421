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
import type { Operation } from '../../lib/spec/schema';
import { contextOf, firstOperation, specOf } from './openapi-helpers';

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
      'a body: 400, 413 (both bodies), 415 and 422; declared ones kept, a declared 422 merged',
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
        '409': { description: 'Taken.', content: generic },
        '422': { description: description('validation_failed'), content: generic },
      },
    ],
    [
      'a declared 400 keeps its description, its body the runtime one',
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
        '400': { description: 'Mine.', content: generic },
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
        '403': { description: 'Not yours.', content: either },
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
      'an IAM POST with a body',
      { method: 'POST', body: { type: 'thing' }, responses: {} },
      ['400', '403', '413', '415', '422', '429', '500', '503'],
    ],
  ])('%s can answer %j', (_what, operation, want) => {
    const answers = standardAnswers(contextOf(operation).op);
    expect([...answers.keys()]).toEqual(want);
    // Every combination an operation can meet has a component, with every body of the status.
    for (const [status, of] of answers) {
      const component = componentResponse(answerComponentName(status, of));
      const body = JSON.stringify(component.content);
      for (const answer of of) expect(body).toContain(`#/components/schemas/${answer.schema}`);
      expect(String(component.description)).toMatch(/^[A-Z][^.]*\. /);
    }
  });

  it('names API Gateway in every gateway answer, and the service in every runtime one', () => {
    for (const answer of STANDARD_ANSWERS) {
      expect([answer.source, answer.description]).toEqual([
        answer.source,
        expect.stringMatching(answer.source === 'gateway' ? /^API Gateway/ : /^The service/),
      ]);
      expect(answer.schema).toBe(answer.source === 'gateway' ? 'gateway_error' : 'generic_error');
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

  it('describes a 405 with the allow header it always carries', () => {
    expect(componentResponse('method_not_allowed')).toMatchObject({
      headers: { allow: { required: true, schema: { type: 'string' } } },
      content: generic,
    });
  });
});
