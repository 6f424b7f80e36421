import { expectOnly, type Fires, type Passes, validateChanged } from './helpers';

describe('resource-model', () => {
  const fires: Fires[] = [
    [
      'a resource named after no model',
      (s) => {
        s.resources.usr = s.resources.user;
        delete s.resources.user;
      },
      { rule: 'resource-model', path: '$.resources.usr', message: 'resource "usr" names no model' },
    ],
    [
      'id that is not the first field',
      (s) => {
        s.models.user.fields.reverse();
      },
      {
        rule: 'resource-model',
        path: '$.models.user.fields[3]',
        message: 'field "id" of model "user" is at fields[3]',
      },
    ],
    [
      'a model without id',
      (s) => {
        s.models.user.fields[0].name = 'key';
      },
      {
        rule: 'resource-model',
        path: '$.models.user.fields[0].name',
        message: 'model "user" of resource "user" has no field "id"',
      },
    ],
    [
      'an id that is not a string',
      (s) => {
        s.models.user.fields[0].type = 'uuid';
      },
      {
        rule: 'resource-model',
        path: '$.models.user.fields[0].type',
        message: 'field "id" of model "user" has type "uuid"',
      },
    ],
    [
      'an optional id',
      (s) => {
        s.models.user.fields[0].required = false;
      },
      {
        rule: 'resource-model',
        path: '$.models.user.fields[0].required',
        message: 'field "id" of model "user" is optional',
      },
    ],
    [
      'a model without fields',
      (s) => {
        s.models.thing = { fields: [] };
        s.resources.thing = { operations: [] };
      },
      {
        rule: 'resource-model',
        path: '$.models.thing.fields',
        message: 'model "thing" of resource "thing" has no fields',
      },
    ],
  ];
  it.each(fires)('fires on %s', (_title, given, want) => expectOnly(validateChanged(given), want));

  it('suggests the nearest model', () => {
    const [diagnostic] = validateChanged((s) => {
      s.resources.usr = s.resources.user;
      delete s.resources.user;
    });
    expect(diagnostic?.hint).toBe('Did you mean "user"?');
  });

  const passes: Passes[] = [
    [
      'an explicitly required id',
      (s) => {
        s.models.user.fields[0].required = true;
      },
    ],
    [
      'a model that is no resource, without id',
      (s) => {
        s.models.user_form.fields.reverse();
      },
    ],
  ];
  it.each(passes)('does not fire on %s', (_title, given) => expectOnly(validateChanged(given)));
});
