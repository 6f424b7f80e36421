import { expectOnly, type Fires, type Passes, validateChanged } from './helpers';

const ops = (s: any) => s.resources.user.operations;

describe('response-status', () => {
  it.each(['42', '600', '099', '2xx', 'default', '2000'])('fires on status %j', (status) => {
    expectOnly(
      validateChanged((s) => {
        ops(s)[2].responses[status] = { type: 'generic_error' };
      }),
      {
        rule: 'response-status',
        path: `$.resources.user.operations[2].responses${/^[a-z]/.test(status) ? `.${status}` : `["${status}"]`}`,
        message: `response "${status}" of POST /users is not an HTTP status code (three digits from 100 to 599)`,
      },
    );
  });

  it.each(['100', '429', '599'])('does not fire on status %j', (status) => {
    expectOnly(
      validateChanged((s) => {
        ops(s)[2].responses[status] = { type: 'generic_error' };
      }),
    );
  });
});

describe('response-unit', () => {
  const fires: Fires[] = [
    [
      'a 404 with a body',
      (s) => {
        ops(s)[0].responses['404'] = { type: 'generic_error' };
      },
      {
        rule: 'response-unit',
        path: '$.resources.user.operations[0].responses["404"].type',
        message: 'response 404 of GET /users/:id has type "generic_error"; a 404 response has no body',
      },
    ],
    [
      'a 204 with a body',
      (s) => {
        ops(s)[3].responses['204'] = { type: 'user' };
      },
      {
        rule: 'response-unit',
        path: '$.resources.user.operations[3].responses["204"].type',
        message: 'a 204 response has no body',
      },
    ],
  ];
  it.each(fires)('fires on %s', (_title, given, want) => expectOnly(validateChanged(given), want));

  const passes: Passes[] = [
    [
      'unit on other statuses',
      (s) => {
        ops(s)[2].responses['409'] = { type: 'unit' };
      },
    ],
  ];
  it.each(passes)('does not fire on %s', (_title, given) => expectOnly(validateChanged(given)));
});

describe('success-response', () => {
  const fires: Fires[] = [
    [
      'an operation with only errors',
      (s) => {
        ops(s)[3].responses = { '404': { type: 'unit' } };
      },
      {
        rule: 'success-response',
        path: '$.resources.user.operations[3].responses',
        message: 'DELETE /users/:id has no success (2xx) response',
      },
    ],
    [
      'an operation without responses',
      (s) => {
        ops(s)[2].responses = {};
      },
      {
        rule: 'success-response',
        path: '$.resources.user.operations[2].responses',
        message: 'POST /users has no success (2xx) response',
      },
    ],
  ];
  it.each(fires)('fires on %s', (_title, given, want) => expectOnly(validateChanged(given), want));

  const passes: Passes[] = [
    [
      'a 202',
      (s) => {
        ops(s)[2].responses = { '202': { type: 'user' } };
      },
    ],
  ];
  it.each(passes)('does not fire on %s', (_title, given) => expectOnly(validateChanged(given)));
});

describe('resource-response-type', () => {
  const fires: Fires[] = [
    [
      'another model for one item',
      (s) => {
        ops(s)[0].responses['200'].type = 'user_form';
      },
      {
        rule: 'resource-response-type',
        path: '$.resources.user.operations[0].responses["200"].type',
        message:
          'response 200 of GET /users/:id has type "user_form"; a success response of resource "user" returns "user"',
      },
    ],
    [
      'one item from a list operation',
      (s) => {
        ops(s)[1].responses['200'].type = 'user';
      },
      {
        rule: 'resource-response-type',
        path: '$.resources.user.operations[1].responses["200"].type',
        message: 'a list operation of resource "user" returns "[user]"',
      },
    ],
    [
      'a list from an item operation',
      (s) => {
        ops(s)[0].responses['200'].type = '[user]';
      },
      {
        rule: 'resource-response-type',
        path: '$.resources.user.operations[0].responses["200"].type',
        message: 'returns "user"',
      },
    ],
    [
      'a 2xx other than 204 without a body',
      (s) => {
        ops(s)[2].responses['202'] = { type: 'unit' };
      },
      {
        rule: 'resource-response-type',
        path: '$.resources.user.operations[2].responses["202"].type',
        message: 'response 202 of POST /users has type "unit"',
      },
    ],
    [
      'generic_error as a success',
      (s) => {
        ops(s)[2].responses['201'].type = 'generic_error';
      },
      {
        rule: 'resource-response-type',
        path: '$.resources.user.operations[2].responses["201"].type',
        message: 'has type "generic_error"',
      },
    ],
  ];
  it.each(fires)('fires on %s', (_title, given, want) => expectOnly(validateChanged(given), want));

  const passes: Passes[] = [
    [
      'a 204 without a body on an update',
      (s) => {
        ops(s).push({
          method: 'PATCH',
          path: '/:id',
          body: { type: 'user_form' },
          responses: { '204': { type: 'unit' } },
        });
      },
    ],
    [
      'a sub-collection listed as the resource',
      (s) => {
        ops(s).push({ method: 'GET', path: '/:id/friends', responses: { '200': { type: '[user]' } } });
      },
    ],
    [
      'error responses of other types',
      (s) => {
        ops(s)[0].responses['409'] = { type: 'generic_error' };
      },
    ],
  ];
  it.each(passes)('does not fire on %s', (_title, given) => expectOnly(validateChanged(given)));
});
