import { at, expectRule, type RuleCase } from '../helpers';

const RULE = 'standard-responses';

describe(RULE, () => {
  it.each<RuleCase>([
    { given: 'the base spec', mutate: () => {}, want: [] },
    {
      given: 'more responses than the standard ones',
      mutate: (s) => {
        s.resources.book.operations[2].responses['409'] = { type: 'generic_error' };
        s.resources.book.operations[1].responses['422'] = { type: 'generic_error' };
      },
      want: [],
    },
    {
      given: 'a PATCH with the responses of a PUT',
      mutate: (s) => {
        s.resources.book.operations.push({ ...s.resources.book.operations[3], method: 'PATCH' });
      },
      want: [],
    },
    {
      given: 'a GET by id without 404',
      mutate: (s) => {
        delete s.resources.book.operations[0].responses['404'];
      },
      want: [
        [
          at('operations.GET /books/:id.responses.404'),
          'GET /books/:id has no 404 response (a GET by id declares 200, 404)',
        ],
      ],
    },
    {
      given: 'a list GET without 200',
      mutate: (s) => {
        s.resources.book.operations[1].responses = { '206': { type: '[book]' } };
      },
      want: [[at('operations.GET /books.responses.200'), 'has no 200 response (a list GET declares 200)']],
    },
    {
      given: 'a POST without 201 and 422: each missing status once',
      mutate: (s) => {
        s.resources.book.operations[2].responses = { '200': { type: 'book' } };
      },
      want: [
        [at('operations.POST /books.responses.201'), 'has no 201 response'],
        [at('operations.POST /books.responses.422'), 'has no 422 response'],
      ],
    },
    {
      given: 'a PUT without 409',
      mutate: (s) => {
        delete s.resources.book.operations[3].responses['409'];
      },
      want: [[at('operations.PUT /books/:id.responses.409'), 'a PUT declares 200, 404, 409, 422']],
    },
    {
      given: 'a PATCH with only 200',
      mutate: (s) => {
        s.resources.book.operations.push({
          method: 'PATCH',
          path: '/:id',
          description: 'Changes part of a book.',
          body: { type: 'book_form' },
          responses: { '200': { type: 'book' } },
        });
      },
      want: [
        [at('operations.PATCH /books/:id.responses.404'), 'no 404'],
        [at('operations.PATCH /books/:id.responses.409'), 'no 409'],
        [at('operations.PATCH /books/:id.responses.422'), 'no 422'],
      ],
    },
    {
      given: 'a DELETE without 204',
      mutate: (s) => {
        s.resources.book.operations[4].responses = { '200': { type: 'book' }, '404': { type: 'unit' } };
      },
      want: [[at('operations.DELETE /books/:id.responses.204'), 'a DELETE declares 204, 404']],
    },
  ])('$given', (c) => expectRule(RULE, c));
});
