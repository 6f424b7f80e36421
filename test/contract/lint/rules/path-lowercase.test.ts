import { at, expectRule, type RuleCase } from '../helpers';

const RULE = 'path-lowercase';

describe(RULE, () => {
  it.each<RuleCase>([
    { given: 'the base spec', mutate: () => {}, want: [] },
    {
      given: 'digits, hyphens and snake case parameters',
      mutate: (s) => {
        s.resources.book.path = '/v2/shelf-books';
        s.resources.book.operations[0].path = '/:book_id';
      },
      want: [],
    },
    {
      given: 'the default resource path (no "path")',
      mutate: (s) => {
        delete s.resources.book.path;
      },
      want: [],
    },
    {
      given: 'an upper case resource path',
      mutate: (s) => {
        s.resources.book.path = '/Books';
      },
      want: [[at('resources.book'), 'the path "/Books" of resource "book" is not lower case: "Books"']],
    },
    {
      given: 'a camelCase path parameter',
      mutate: (s) => {
        s.resources.book.operations[0].path = '/:bookId';
      },
      want: [
        [
          at('operations.GET /books/:bookId'),
          'the path "/:bookId" of GET /books/:bookId is not lower case: ":bookId"',
        ],
      ],
    },
    {
      given: 'a mixed case operation path',
      mutate: (s) => {
        s.resources.book.operations[4].path = '/:id/Cover';
      },
      want: [[at('operations.DELETE /books/:id/Cover'), '"Cover"']],
    },
  ])('$given', (c) => expectRule(RULE, c));
});
