import { at, expectRule, type RuleCase } from '../helpers';

const RULE = 'error-response-body';

describe(RULE, () => {
  it.each<RuleCase>([
    { given: 'the base spec (404 unit, 409 and 422 generic_error)', mutate: () => {}, want: [] },
    {
      given: 'a 5xx with a model body (not a 4xx)',
      mutate: (s) => {
        s.resources.book.operations[0].responses['503'] = { type: 'book' };
      },
      want: [],
    },
    {
      given: 'a 409 whose body is the resource model',
      mutate: (s) => {
        s.resources.book.operations[3].responses['409'] = { type: 'book' };
      },
      want: [[at('operations.PUT /books/:id.responses.409'), 'the 409 response of PUT /books/:id is "book"']],
    },
    {
      given: 'a 400 whose body is a list of strings',
      mutate: (s) => {
        s.resources.book.operations[2].responses['400'] = { type: '[string]' };
      },
      want: [[at('operations.POST /books.responses.400'), 'is "[string]", not generic_error or unit']],
    },
  ])('$given', (c) => expectRule(RULE, c));
});
