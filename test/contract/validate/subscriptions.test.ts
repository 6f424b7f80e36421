import { baseSpec, expectOnly, type SpecObject, subscriberSpec, validateAll } from './helpers';

/** Validates the base `users` spec with the subscriber `audits` spec after changing either. */
function validatePair(change: (users: SpecObject, audits: SpecObject) => void) {
  const users = baseSpec();
  const audits = subscriberSpec();
  change(users, audits);
  return validateAll([users, audits]);
}

describe('service-name-unique', () => {
  it('fires on two specs of the same service', () => {
    const diagnostics = validateAll([baseSpec(), { file: 'other/users.json', spec: baseSpec() }]);
    expectOnly(diagnostics, {
      rule: 'service-name-unique',
      path: '$.name',
      message: 'service "users" is also described by api-specs/users.json',
    });
    expect(diagnostics[0]?.file).toBe('other/users.json');
  });

  it('does not fire on distinct services', () => {
    expectOnly(validateAll([baseSpec(), subscriberSpec()]));
  });
});

describe('subscription-target', () => {
  const fires: Array<
    [title: string, change: (users: SpecObject, audits: SpecObject) => void, path: string, message: string]
  > = [
    [
      'an unknown service',
      (_users, audits) => {
        audits.subscriptions[0].service = 'user';
      },
      '$.subscriptions[0].service',
      'subscription to unknown service "user"',
    ],
    [
      'an unknown resource',
      (_users, audits) => {
        audits.subscriptions[0].resource = 'users';
      },
      '$.subscriptions[0].resource',
      'service "users" has no resource "users"',
    ],
    [
      'an event the resource does not publish',
      (users, audits) => {
        users.resources.user.events = ['deleted'];
        audits.subscriptions[0].events = ['deleted', 'upserted'];
      },
      '$.subscriptions[0].events[1]',
      'resource "user" of service "users" does not publish "upserted" (it publishes: deleted)',
    ],
    [
      'a resource that publishes nothing',
      (users) => {
        delete users.resources.user.storage;
        delete users.resources.user.events;
      },
      '$.subscriptions[0].events[0]',
      'does not publish "deleted" (it publishes no events)',
    ],
  ];
  it.each(fires)('fires on %s', (_title, change, path, message) => {
    const diagnostics = validatePair(change);
    expectOnly(diagnostics, { rule: 'subscription-target', path, message });
    expect(diagnostics[0]?.file).toBe('api-specs/audits.json');
  });

  it.each([
    ['service', (audits: SpecObject) => (audits.subscriptions[0].service = 'user'), 'Did you mean "users"?'],
    ['resource', (audits: SpecObject) => (audits.subscriptions[0].resource = 'usr'), 'Did you mean "user"?'],
  ])('suggests the nearest %s', (_what, change, hint) => {
    const [diagnostic] = validatePair((_users, audits) => {
      change(audits);
    });
    expect(diagnostic?.hint).toBe(hint);
  });

  it('does not fire on a subscription to the default events of a stored resource', () => {
    expectOnly(
      validatePair((users, audits) => {
        delete users.resources.user.events;
        audits.subscriptions[0].events = ['upserted', 'deleted'];
      }),
    );
  });

  it('does not fire on a subscription to the service itself', () => {
    const users = baseSpec();
    users.subscriptions = [{ service: 'users', resource: 'user', events: ['upserted'] }];
    expectOnly(validateAll([users]));
  });
});

describe('subscription-unique', () => {
  it('fires on two subscriptions to the same resource', () => {
    expectOnly(
      validatePair((_users, audits) => {
        audits.subscriptions.push({ service: 'users', resource: 'user', events: ['upserted'] });
      }),
      {
        rule: 'subscription-unique',
        path: '$.subscriptions[1]',
        message: 'subscription to "user" of service "users" is given twice (first at subscriptions[0])',
      },
    );
  });

  it('fires on an event listed twice', () => {
    expectOnly(
      validatePair((_users, audits) => {
        audits.subscriptions[0].events = ['deleted', 'deleted'];
      }),
      {
        rule: 'subscription-unique',
        path: '$.subscriptions[0].events[1]',
        message: 'event "deleted" is listed twice',
      },
    );
  });

  it('does not fire on subscriptions to two resources', () => {
    expectOnly(
      validatePair((_users, audits) => {
        audits.subscriptions.push({ service: 'audits', resource: 'audit', events: ['deleted'] });
      }),
    );
  });
});
