import { nonInclusiveTerms } from '../../../../lib/contract/lint/rules/inclusive-terminology';
import { at, expectRule, type RuleCase } from '../helpers';

const RULE = 'inclusive-terminology';

describe(RULE, () => {
  it.each<RuleCase>([
    { given: 'the base spec', mutate: () => {}, want: [] },
    {
      given: 'words that merely contain a term',
      mutate: (s) => {
        s.description = 'Owns books; accepts Mastercard, rewards mastery, tracks the dummynet and Manhattan.';
        s.models.book.fields.push({ name: 'masterpiece_count', type: 'integer' });
      },
      want: [],
    },
    {
      given: 'a service description with a whitelist',
      mutate: (s) => {
        s.description = 'Owns the books and a whitelist of readers.';
      },
      want: [['shelf', 'the description of service "shelf" uses "whitelist"']],
    },
    {
      given: 'a field named master_copy',
      mutate: (s) => {
        s.models.book.fields.push({ name: 'master_copy', type: 'boolean' });
      },
      want: [
        [
          at('models.book.fields.master_copy'),
          'the name of field "master_copy" of model "book" uses "master"',
        ],
      ],
    },
    {
      given: 'an enum value blackListed (camel case)',
      mutate: (s) => {
        s.enums.book_state.values.push({ name: 'blackListed' });
      },
      want: [[at('enums.book_state.values.blackListed'), 'uses "black listed"']],
    },
    {
      given: 'an operation path and a description with two terms',
      mutate: (s) => {
        s.resources.book.operations[0].path = '/:id/slaves';
        s.resources.book.operations[0].description = 'Runs a sanity-check on a dummy book.';
      },
      want: [
        [at('operations.GET /books/:id/slaves'), 'the path of GET /books/:id/slaves uses "slaves"'],
        [at('operations.GET /books/:id/slaves'), 'the description of GET /books/:id/slaves uses "dummy"'],
        [
          at('operations.GET /books/:id/slaves'),
          'the description of GET /books/:id/slaves uses "sanity check"',
        ],
      ],
    },
    {
      given: 'a response description with man-hours and a grandfathered model',
      mutate: (s) => {
        s.resources.book.operations[3].responses['409'].description = 'Costs man-hours to resolve.';
        s.models.book_form.description = 'Grandfathered form of a book.';
      },
      want: [
        [at('models.book_form'), 'the description of model "book_form" uses "grandfathered"'],
        [
          at('operations.PUT /books/:id.responses.409'),
          'the description of the 409 response of PUT /books/:id uses "man hours"',
        ],
      ],
    },
  ])('$given', (c) => expectRule(RULE, c));

  it('suggests a replacement', () => {
    expect(nonInclusiveTerms('master/slave replication')).toEqual([
      { term: 'master', instead: expect.stringContaining('primary') },
      { term: 'slave', instead: expect.stringContaining('replica') },
    ]);
    expect(nonInclusiveTerms('a WhiteList')).toEqual([{ term: 'white list', instead: 'allowlist' }]);
  });
});
