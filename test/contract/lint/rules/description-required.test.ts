import { at, expectRule, type RuleCase } from '../helpers';

const RULE = 'description-required';

describe(RULE, () => {
  it.each<RuleCase>([
    { given: 'the base spec', mutate: () => {}, want: [] },
    {
      given: 'an enum and a field without descriptions (not required)',
      mutate: (s) => {
        delete s.enums.book_state.description;
        delete s.models.book.fields[0].description;
      },
      want: [],
    },
    {
      given: 'a service without a description',
      mutate: (s) => {
        delete s.description;
      },
      want: [['shelf', 'service "shelf" has no description']],
    },
    {
      given: 'a model without a description',
      mutate: (s) => {
        delete s.models.book_form.description;
      },
      want: [[at('models.book_form'), 'model "book_form" has no description']],
    },
    {
      given: 'a resource without a description',
      mutate: (s) => {
        delete s.resources.book.description;
      },
      want: [[at('resources.book'), 'resource "book" has no description']],
    },
    {
      given: 'an operation without a description',
      mutate: (s) => {
        delete s.resources.book.operations[0].description;
      },
      want: [[at('operations.GET /books/:id'), 'operation GET /books/:id has no description']],
    },
    {
      given: 'an operation whose description is blank',
      mutate: (s) => {
        s.resources.book.operations[4].description = '   ';
      },
      want: [[at('operations.DELETE /books/:id'), 'has no description']],
    },
  ])('$given', (c) => expectRule(RULE, c));
});
