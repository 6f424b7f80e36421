import { subscriptionCalls } from '../../../lib/contract/model';
import type { Spec } from '../../../lib/contract/schema';
import { baseSpec, expectOnly, type SpecObject, subscriberSpec, validateAll } from './helpers';

/** Validates the base `users` spec with the subscriber `audits` spec after changing either. */
function validatePair(change: (users: SpecObject, audits: SpecObject) => void) {
  const users = baseSpec();
  const audits = subscriberSpec();
  change(users, audits);
  return validateAll([users, audits]);
}

const GET_USER = { service: 'users', method: 'GET', path: '/users/:id' };

describe('call-target', () => {
  it.each<[string, (users: SpecObject, audits: SpecObject) => void, string, string]>([
    [
      'a subscription calling an unknown service',
      (_u, audits) => {
        audits.subscriptions[0].calls = [{ ...GET_USER, service: 'userz' }];
      },
      '$.subscriptions[0].calls[0].service',
      'call to unknown service "userz"',
    ],
    [
      'a subscription calling a route the service does not have',
      (_u, audits) => {
        audits.subscriptions[0].calls = [{ ...GET_USER, method: 'PUT' }];
      },
      '$.subscriptions[0].calls[0].path',
      'service "users" has no operation PUT /users/:id',
    ],
    [
      "an operation calling its own service's API",
      (_u, audits) => {
        audits.resources.audit.operations[0].calls = [
          { service: 'audits', method: 'GET', path: '/audits/:id' },
        ];
      },
      '$.resources.audit.operations[0].calls[0].service',
      'a call to the service\'s own API ("audits")',
    ],
    [
      'an operation calling an unknown route',
      (_u, audits) => {
        audits.resources.audit.operations[0].calls = [{ ...GET_USER, path: '/users/:id/avatar' }];
      },
      '$.resources.audit.operations[0].calls[0].path',
      'service "users" has no operation GET /users/:id/avatar',
    ],
  ])('fires on %s', (_, change, path, message) => {
    expectOnly(validatePair(change), { rule: 'call-target', path, message });
  });

  it.each<[string, (users: SpecObject, audits: SpecObject) => void]>([
    ['no calls at all', () => {}],
    [
      'existing routes, parameter names ignored',
      (_u, audits) => {
        audits.subscriptions[0].calls = [{ ...GET_USER, path: '/users/:user_id' }];
        audits.resources.audit.operations[0].calls = [{ service: 'users', method: 'GET', path: '/users' }];
      },
    ],
    [
      'an explicit empty list',
      (_u, audits) => {
        audits.subscriptions[0].calls = [];
      },
    ],
  ])('does not fire on %s', (_, change) => {
    expectOnly(validatePair(change));
  });
});

describe('subscriptionCalls', () => {
  const users = baseSpec() as Spec;
  it.each([
    [
      'defaults to the publisher GET of one item',
      { service: 'users', resource: 'user', events: ['deleted'] },
      [GET_USER],
    ],
    ['keeps declared calls', { service: 'users', resource: 'user', events: ['deleted'], calls: [] }, []],
  ] as const)('%s', (_, subscription, want) => {
    expect(subscriptionCalls(structuredClone(subscription) as never, users)).toEqual(want);
  });

  it('is empty when the publisher is unknown', () => {
    expect(subscriptionCalls({ service: 'nope', resource: 'x', events: ['deleted'] }, undefined)).toEqual([]);
  });
});
