import { expectOnly, type Fires, type Passes, validateChanged } from './helpers';

const ops = (s: any) => s.resources.user.operations;

describe('body-method', () => {
  const fires: Fires[] = [
    [
      'a body on GET',
      (s) => {
        ops(s)[0].body = { type: 'user_form' };
      },
      {
        rule: 'body-method',
        path: '$.resources.user.operations[0].body',
        message: 'GET /users/:id has a body; GET requests never carry one',
      },
    ],
    [
      'a body on DELETE',
      (s) => {
        ops(s)[3].body = { type: 'user_form' };
      },
      {
        rule: 'body-method',
        path: '$.resources.user.operations[3].body',
        message: 'DELETE /users/:id has a body',
      },
    ],
  ];
  it.each(fires)('fires on %s', (_title, given, want) => expectOnly(validateChanged(given), want));

  const passes: Passes[] = [
    [
      'a body on PUT and PATCH',
      (s) => {
        ops(s).push(
          {
            method: 'PUT',
            path: '/:id',
            body: { type: 'user_form' },
            responses: { '200': { type: 'user' } },
          },
          {
            method: 'PATCH',
            path: '/:id',
            body: { type: 'user_form' },
            responses: { '200': { type: 'user' } },
          },
        );
      },
    ],
    [
      'a POST without a body',
      (s) => {
        delete ops(s)[2].body;
      },
    ],
  ];
  it.each(passes)('does not fire on %s', (_title, given) => expectOnly(validateChanged(given)));
});
