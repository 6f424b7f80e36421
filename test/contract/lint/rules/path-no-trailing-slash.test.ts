import { at, expectRule, type RuleCase } from '../helpers';

const RULE = 'path-no-trailing-slash';

describe(RULE, () => {
  it.each<RuleCase>([
    { given: 'the base spec', mutate: () => {}, want: [] },
    {
      given: 'an explicit empty operation path',
      mutate: (s) => {
        s.resources.book.operations[1].path = '';
      },
      want: [],
    },
    {
      given: 'a resource path ending in a slash',
      mutate: (s) => {
        s.resources.book.path = '/books/';
        for (const operation of s.resources.book.operations) delete operation.path;
        s.resources.book.operations = s.resources.book.operations.slice(1, 3);
      },
      want: [[at('resources.book'), 'the path of resource "book" ends in a slash: "/books/"']],
    },
    {
      given: 'an operation path ending in a slash',
      mutate: (s) => {
        s.resources.book.operations[0].path = '/:id/';
      },
      want: [[at('operations.GET /books/:id/'), 'the path of GET /books/:id/ ends in a slash']],
    },
    {
      given: 'an operation path that is only a slash',
      mutate: (s) => {
        s.resources.book.operations[1].path = '/';
      },
      want: [[at('operations.GET /books/'), 'ends in a slash: "/"']],
    },
  ])('$given', (c) => expectRule(RULE, c));
});
