import { at, expectRule, type RuleCase } from '../helpers';

const RULE = 'list-pagination';
const LIST = 'operations.GET /books.parameters';

describe(RULE, () => {
  it.each<RuleCase>([
    { given: 'the base spec', mutate: () => {}, want: [] },
    {
      given: 'a GET by id without paging parameters',
      mutate: (s) => {
        expect(s.resources.book.operations[0].parameters).toBeUndefined();
      },
      want: [],
    },
    {
      given: 'paging parameters in another order, with descriptions changed',
      mutate: (s) => {
        const [state, limit, cursor] = s.resources.book.operations[1].parameters;
        s.resources.book.operations[1].parameters = [cursor, { ...limit, description: 'How many.' }, state];
      },
      want: [],
    },
    {
      given: 'a list without parameters',
      mutate: (s) => {
        delete s.resources.book.operations[1].parameters;
      },
      want: [
        [at(`${LIST}.cursor`), 'list operation GET /books has no cursor parameter'],
        [at(`${LIST}.limit`), 'list operation GET /books has no limit parameter'],
      ],
    },
    {
      given: 'a limit with maximum 50',
      mutate: (s) => {
        s.resources.book.operations[1].parameters[1].maximum = 50;
      },
      want: [[at(`${LIST}.limit`), 'the limit parameter of GET /books has maximum 50, not 100']],
    },
    {
      given: 'a long limit without minimum or default: each deviation once',
      mutate: (s) => {
        const limit = s.resources.book.operations[1].parameters[1];
        limit.type = 'long';
        delete limit.minimum;
        delete limit.default;
      },
      want: [
        [at(`${LIST}.limit`), 'has no default (want 25)'],
        [at(`${LIST}.limit`), 'has no minimum (want 1)'],
        [at(`${LIST}.limit`), 'has type "long", not "integer"'],
      ],
    },
    {
      given: 'a required cursor',
      mutate: (s) => {
        delete s.resources.book.operations[1].parameters[2].required;
      },
      want: [[at(`${LIST}.cursor`), 'the cursor parameter of GET /books is required']],
    },
    {
      given: 'an integer cursor',
      mutate: (s) => {
        s.resources.book.operations[1].parameters[2].type = 'integer';
      },
      want: [[at(`${LIST}.cursor`), 'is "integer", not string']],
    },
  ])('$given', (c) => expectRule(RULE, c));
});
