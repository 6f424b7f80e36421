import { expectOnly, type Fires, type Passes, validateChanged } from './helpers';

describe('annotation-declared', () => {
  const fires: Fires[] = [
    [
      'an undeclared annotation on a field',
      (s) => {
        s.models.user.fields[1].annotations = ['personal_dta'];
      },
      {
        rule: 'annotation-declared',
        path: '$.models.user.fields[1].annotations[0]',
        message: 'annotation "personal_dta" on field "email" of model "user" is not declared',
      },
    ],
    [
      'an undeclared annotation on a parameter',
      (s) => {
        s.resources.user.operations[1].parameters[0].annotations = ['personal_data', 'secret'];
      },
      {
        rule: 'annotation-declared',
        path: '$.resources.user.operations[1].parameters[0].annotations[1]',
        message: 'annotation "secret" on query parameter "email" of GET /users is not declared',
      },
    ],
    [
      'annotations when none are declared',
      (s) => {
        delete s.annotations;
        delete s.models.user_form.fields[0].annotations;
      },
      {
        rule: 'annotation-declared',
        path: '$.models.user.fields[1].annotations[0]',
        message: 'annotation "personal_data"',
      },
    ],
    [
      'an annotation given twice',
      (s) => {
        s.models.user.fields[1].annotations = ['personal_data', 'personal_data'];
      },
      {
        rule: 'annotation-declared',
        path: '$.models.user.fields[1].annotations[1]',
        message: 'annotation "personal_data" is given twice on field "email"',
      },
    ],
  ];
  it.each(fires)('fires on %s', (_title, given, want) => expectOnly(validateChanged(given), want));

  it('suggests the declared name', () => {
    const [diagnostic] = validateChanged((s) => {
      s.models.user.fields[1].annotations = ['personal_dta'];
    });
    expect(diagnostic?.hint).toBe('Did you mean "personal_data"?');
  });

  const passes: Passes[] = [
    [
      'a declared annotation on a parameter',
      (s) => {
        s.resources.user.operations[1].parameters[0].annotations = ['personal_data'];
      },
    ],
    [
      'a declared annotation nothing uses',
      (s) => {
        s.annotations.internal = { description: 'Not for clients.' };
      },
    ],
  ];
  it.each(passes)('does not fire on %s', (_title, given) => expectOnly(validateChanged(given)));
});
