import { expectOnly, type Fires, type Passes, type SpecObject, validateChanged } from './helpers';

/** Sets the indexes of resource `user` (whose model has id, email, status: user_status, tags: [string]). */
const indexes =
  (...list: unknown[]) =>
  (s: SpecObject) => {
    s.resources.user.storage.indexes = list;
  };

describe('index-ignore-case', () => {
  const fires: Fires[] = [
    [
      'ignore_case on an enum field',
      indexes({ fields: ['status'], ignore_case: true }),
      {
        rule: 'index-ignore-case',
        path: '$.resources.user.storage.indexes[0].fields[0]',
        message:
          'index 0 of resource "user" ignores case, but its field "status" is of type "user_status" (an enum): ignore_case applies only to strings',
      },
    ],
    [
      'ignore_case on a two-field index with one non-string field',
      (s) => {
        s.models.user.fields.push({ name: 'age', type: 'integer', required: false });
        indexes({ fields: ['email', 'age'], unique: true, ignore_case: true })(s);
      },
      {
        rule: 'index-ignore-case',
        path: '$.resources.user.storage.indexes[0].fields[1]',
        message: 'its field "age" is of type "integer"',
      },
    ],
    [
      'ignore_case on a uuid field',
      (s) => {
        s.models.user.fields.push({ name: 'ref', type: 'uuid', required: false });
        indexes({ fields: ['ref'], ignore_case: true })(s);
      },
      {
        rule: 'index-ignore-case',
        path: '$.resources.user.storage.indexes[0].fields[0]',
        message: 'of type "uuid"',
      },
    ],
    [
      'ignore_case written as a string (a structure error)',
      indexes({ fields: ['email'], ignore_case: 'yes' }),
      {
        rule: 'structure',
        path: '$.resources.user.storage.indexes[0].ignore_case',
        message: 'expected a boolean (true or false)',
      },
    ],
  ];
  it.each(fires)('fires on %s', (_title, given, want) => expectOnly(validateChanged(given), want));

  const passes: Passes[] = [
    [
      'a unique string index that ignores case',
      indexes({ fields: ['email'], unique: true, ignore_case: true }),
    ],
    ['a plain string index that ignores case', indexes({ fields: ['email'], ignore_case: true })],
    ['ignore_case false on an enum field', indexes({ fields: ['status'], ignore_case: false })],
    [
      'two string fields',
      (s) => {
        s.models.user.fields.push({ name: 'team', type: 'string', required: false });
        indexes({ fields: ['team', 'email'], unique: true, ignore_case: true })(s);
      },
    ],
  ];
  it.each(passes)('does not fire on %s', (_title, given) => {
    expect(validateChanged(given)).toEqual([]);
  });

  it('leaves a field the model does not have to storage-index', () => {
    const diagnostics = validateChanged(indexes({ fields: ['emial'], ignore_case: true }));
    expect(diagnostics.map((d) => d.rule)).toEqual(['storage-index']);
  });
});
