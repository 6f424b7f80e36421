import { at, expectRule, type RuleCase } from '../helpers';

const RULE = 'auth-none';

describe(RULE, () => {
  it.each<RuleCase>([
    { given: 'the base spec (IAM by default)', mutate: () => {}, want: [] },
    {
      given: 'an explicit iam',
      mutate: (s) => {
        s.resources.book.operations[0].auth = 'iam';
      },
      want: [],
    },
    {
      given: 'a public GET',
      mutate: (s) => {
        s.resources.book.operations[0].auth = 'none';
      },
      want: [
        [
          at('operations.GET /books/:id'),
          'GET /books/:id has auth "none": anyone on the internet can call it',
        ],
      ],
    },
  ])('$given', (c) => expectRule(RULE, c));
});
