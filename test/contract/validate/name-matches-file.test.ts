import { baseSpec, expectOnly, validateAll } from './helpers';

describe('name-matches-file', () => {
  it('fires when the name differs from the file name', () => {
    expectOnly(validateAll([{ file: 'api-specs/people.json', spec: baseSpec() }]), {
      rule: 'name-matches-file',
      path: '$.name',
      message: 'service name "users" does not match the file name "people.json"',
    });
  });

  it('does not fire when they match, whatever the folder', () => {
    expectOnly(validateAll([{ file: 'elsewhere/users.json', spec: baseSpec() }]));
  });
});
