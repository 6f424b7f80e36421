import { expectOnly, type Fires, type Passes, subscriberSpec, validateChanged } from './helpers';

const field = (s: any) => s.models.user.fields;
const ops = (s: any) => s.resources.user.operations;
const FOREIGN = 'types of another service cannot be used; services share identifiers, never models';

describe('type-syntax', () => {
  const fires: Fires[] = [
    [
      'an unclosed list',
      (s) => {
        field(s)[3].type = '[string';
      },
      {
        rule: 'type-syntax',
        path: '$.models.user.fields[3].type',
        message: 'opens a list with "[" but does not close it',
      },
    ],
    [
      'an empty map',
      (s) => {
        ops(s)[2].body.type = 'map[]';
      },
      {
        rule: 'type-syntax',
        path: '$.resources.user.operations[2].body.type',
        message: 'a map type needs a value type',
      },
    ],
    [
      'a space in a name',
      (s) => {
        ops(s)[1].parameters[0].type = 'user status';
      },
      {
        rule: 'type-syntax',
        path: '$.resources.user.operations[1].parameters[0].type',
        message: 'malformed type of query parameter "email" of GET /users',
      },
    ],
  ];
  it.each(fires)('fires on %s', (_title, given, want) => expectOnly(validateChanged(given), want));
});

describe('unknown-type', () => {
  const fires: Fires[] = [
    [
      'a misspelt primitive in a field',
      (s) => {
        field(s)[1].type = 'strng';
      },
      {
        rule: 'unknown-type',
        path: '$.models.user.fields[1].type',
        message: 'unknown type "strng" in field "email" of model "user"',
      },
    ],
    [
      'an unknown name inside a list',
      (s) => {
        field(s)[3].type = '[tag]';
      },
      { rule: 'unknown-type', path: '$.models.user.fields[3].type', message: 'unknown type "tag"' },
    ],
    [
      'an unknown name inside a map in a body',
      (s) => {
        ops(s)[2].body.type = 'map[user_fom]';
      },
      {
        rule: 'unknown-type',
        path: '$.resources.user.operations[2].body.type',
        message: 'unknown type "user_fom" in body of POST /users',
      },
    ],
    [
      'an unknown response type',
      (s) => {
        ops(s)[2].responses['422'].type = 'generic_eror';
      },
      {
        rule: 'unknown-type',
        path: '$.resources.user.operations[2].responses["422"].type',
        message: 'unknown type "generic_eror" in response 422 of POST /users',
      },
    ],
    [
      'a name of an Object.prototype property',
      (s) => {
        field(s)[3].type = 'constructor';
      },
      { rule: 'unknown-type', path: '$.models.user.fields[3].type', message: 'unknown type "constructor"' },
    ],
    [
      'a dotted name of another service',
      (s) => {
        field(s)[3].type = '[orders.order]';
      },
      {
        rule: 'unknown-type',
        path: '$.models.user.fields[3].type',
        message: `type "orders.order" names a type of service "orders" in field "tags" of model "user": ${FOREIGN}`,
      },
    ],
    [
      'a name qualified with its own service',
      (s) => {
        field(s)[3].type = '[users.user_status]';
      },
      {
        rule: 'unknown-type',
        path: '$.models.user.fields[3].type',
        message:
          'unknown type "users.user_status" in field "tags" of model "user": types of this spec are named without the service',
      },
    ],
  ];
  it.each(fires)('fires on %s', (_title, given, want) => expectOnly(validateChanged(given), want));

  it.each([
    ['a model of another spec', 'audit', 'type "audit" is defined by service "audits", not by "users"'],
    ['the name of another service', 'audits', 'type "audits" is the name of service "audits"'],
  ])('names the other service for %s', (_title, type, message) => {
    const diagnostics = validateChanged(
      (s) => {
        field(s)[3].type = type;
      },
      [subscriberSpec()],
    );
    expectOnly(diagnostics, {
      rule: 'unknown-type',
      path: '$.models.user.fields[3].type',
      message: `${message} in field "tags" of model "user": ${FOREIGN}`,
    });
  });

  it('suggests the nearest known name', () => {
    const [diagnostic] = validateChanged((s) => {
      field(s)[2].type = 'user_stats';
    });
    expect(diagnostic?.hint).toBe('Did you mean "user_status"?');
  });

  const passes: Passes[] = [
    [
      'primitives, lists and maps of known types',
      (s) => {
        field(s)[3].type = 'map[[user_status]]';
        field(s).push(
          { name: 'at', type: 'date-time-iso8601' },
          { name: 'extra', type: 'json', required: false },
        );
      },
    ],
    [
      'a dotted-looking primitive name',
      (s) => {
        field(s)[3].type = 'date-iso8601';
      },
    ],
  ];
  it.each(passes)('does not fire on %s', (_title, given) => expectOnly(validateChanged(given)));
});

describe('type-placement', () => {
  const fires: Fires[] = [
    [
      'unit as a field type',
      (s) => {
        field(s)[3].type = 'unit';
      },
      {
        rule: 'type-placement',
        path: '$.models.user.fields[3].type',
        message: '"unit" in field "tags" of model "user"',
      },
    ],
    [
      'unit in a list response',
      (s) => {
        ops(s)[3].responses['410'] = { type: '[unit]' };
      },
      {
        rule: 'type-placement',
        path: '$.resources.user.operations[3].responses["410"].type',
        message: 'only allowed as a whole response type',
      },
    ],
    [
      'unit as a parameter type',
      (s) => {
        ops(s)[1].parameters[0].type = 'unit';
      },
      {
        rule: 'type-placement',
        path: '$.resources.user.operations[1].parameters[0].type',
        message: '"unit" in query parameter "email"',
      },
    ],
    [
      'generic_error as a body',
      (s) => {
        ops(s)[2].body.type = 'generic_error';
      },
      {
        rule: 'type-placement',
        path: '$.resources.user.operations[2].body.type',
        message: '"generic_error" in body of POST /users',
      },
    ],
    [
      'generic_error in a field map',
      (s) => {
        field(s)[3].type = 'map[generic_error]';
      },
      {
        rule: 'type-placement',
        path: '$.models.user.fields[3].type',
        message: 'generic_error is only allowed as a whole response type',
      },
    ],
    [
      'generic_error in a list response',
      (s) => {
        ops(s)[2].responses['422'].type = '[generic_error]';
      },
      {
        rule: 'type-placement',
        path: '$.resources.user.operations[2].responses["422"].type',
        message: '"generic_error" in response 422',
      },
    ],
  ];
  it.each(fires)('fires on %s', (_title, given, want) => expectOnly(validateChanged(given), want));

  const passes: Passes[] = [
    [
      'unit and generic_error as whole response types',
      (s) => {
        ops(s)[0].responses['409'] = { type: 'generic_error' };
        ops(s)[0].responses['410'] = { type: 'unit' };
      },
    ],
  ];
  it.each(passes)('does not fire on %s', (_title, given) => expectOnly(validateChanged(given)));
});
