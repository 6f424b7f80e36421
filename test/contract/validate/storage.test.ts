import { expectOnly, type Fires, type Passes, validateChanged } from './helpers';

const index = (s: any, n = 0) => s.resources.user.storage.indexes[n];

describe('storage-index', () => {
  const fires: Fires[] = [
    [
      'an unknown field',
      (s) => {
        index(s).fields = ['emial'];
      },
      {
        rule: 'storage-index',
        path: '$.resources.user.storage.indexes[0].fields[0]',
        message: 'index 0 of resource "user" names "emial", which is not a field of model "user"',
      },
    ],
    [
      'a list field',
      (s) => {
        index(s).fields = ['email', 'tags'];
      },
      {
        rule: 'storage-index',
        path: '$.resources.user.storage.indexes[0].fields[1]',
        message:
          'names field "tags" of type "[string]" (a list); an index field must be a primitive (not object, json or unit) or an enum',
      },
    ],
    [
      'an object field',
      (s) => {
        s.models.user.fields.push({ name: 'meta', type: 'object' });
        index(s).fields = ['meta'];
      },
      {
        rule: 'storage-index',
        path: '$.resources.user.storage.indexes[0].fields[0]',
        message: 'of type "object"',
      },
    ],
    [
      'a model field',
      (s) => {
        s.models.user.fields.push({ name: 'form', type: 'user_form' });
        s.resources.user.storage.indexes.push({ fields: ['form'] });
      },
      {
        rule: 'storage-index',
        path: '$.resources.user.storage.indexes[1].fields[0]',
        message: '"user_form" (a model)',
      },
    ],
    [
      'a field named twice in one index',
      (s) => {
        index(s).fields = ['email', 'email'];
      },
      {
        rule: 'storage-index',
        path: '$.resources.user.storage.indexes[0].fields[1]',
        message: 'index 0 of resource "user" names field "email" twice',
      },
    ],
    [
      'two identical indexes',
      (s) => {
        s.resources.user.storage.indexes.push({ fields: ['email'], unique: false });
      },
      {
        rule: 'storage-index',
        path: '$.resources.user.storage.indexes[1]',
        message: 'index 1 of resource "user" on ["email"] is the same as index 0',
      },
    ],
  ];
  it.each(fires)('fires on %s', (_title, given, want) => expectOnly(validateChanged(given), want));

  const passes: Passes[] = [
    [
      'a compound index of a string and an enum',
      (s) => {
        s.resources.user.storage.indexes.push({ fields: ['status', 'email'] });
      },
    ],
    [
      'the same fields in another order',
      (s) => {
        s.resources.user.storage.indexes.push(
          { fields: ['status', 'email'] },
          { fields: ['email', 'status'] },
        );
      },
    ],
    [
      'storage without indexes',
      (s) => {
        s.resources.user.storage = {};
      },
    ],
  ];
  it.each(passes)('does not fire on %s', (_title, given) => expectOnly(validateChanged(given)));
});

describe('resource-events', () => {
  const fires: Fires[] = [
    [
      'events without storage',
      (s) => {
        delete s.resources.user.storage;
      },
      {
        rule: 'resource-events',
        path: '$.resources.user.events',
        message: 'resource "user" lists events but has no storage; only a stored resource publishes events',
      },
    ],
    [
      'an event listed twice',
      (s) => {
        s.resources.user.events = ['deleted', 'upserted', 'deleted'];
      },
      {
        rule: 'resource-events',
        path: '$.resources.user.events[2]',
        message: 'event "deleted" is listed twice on resource "user"',
      },
    ],
  ];
  it.each(fires)('fires on %s', (_title, given, want) => expectOnly(validateChanged(given), want));

  const passes: Passes[] = [
    [
      'a stored resource that publishes nothing',
      (s) => {
        s.resources.user.events = [];
      },
    ],
    [
      'a stored resource with the default events',
      (s) => {
        delete s.resources.user.events;
      },
    ],
    [
      'a resource neither stored nor publishing',
      (s) => {
        delete s.resources.user.storage;
        delete s.resources.user.events;
      },
    ],
  ];
  it.each(passes)('does not fire on %s', (_title, given) => expectOnly(validateChanged(given)));
});
