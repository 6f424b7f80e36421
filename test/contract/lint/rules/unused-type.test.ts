import { at, expectRule, type RuleCase } from '../helpers';

const RULE = 'unused-type';

describe(RULE, () => {
  it.each<RuleCase>([
    { given: 'the base spec', mutate: () => {}, want: [] },
    {
      given: 'a model used only through a map field of a used model, and its enum',
      mutate: (s) => {
        s.enums.cover_kind = { values: [{ name: 'hard' }, { name: 'soft' }] };
        s.models.cover = { description: 'A cover.', fields: [{ name: 'kind', type: 'cover_kind' }] };
        s.models.book.fields.push({ name: 'covers', type: 'map[[cover]]' });
      },
      want: [],
    },
    {
      given: 'an enum used only by a parameter and a model used only by a response',
      mutate: (s) => {
        s.enums.sort_order = { values: [{ name: 'newest' }, { name: 'oldest' }] };
        s.resources.book.operations[1].parameters.push({
          name: 'order',
          type: 'sort_order',
          required: false,
        });
        s.models.book_page = { description: 'A page of books.', fields: [{ name: 'items', type: '[book]' }] };
        s.resources.book.operations[1].responses['200'] = { type: 'book_page' };
      },
      want: [],
    },
    {
      given: 'a model nothing refers to',
      mutate: (s) => {
        s.models.orphan = { description: 'Left over.', fields: [{ name: 'id', type: 'string' }] };
      },
      want: [[at('models.orphan'), 'model "orphan" is not used by any resource or operation']],
    },
    {
      given: 'an enum and a model that refer only to each other, transitively unused',
      mutate: (s) => {
        s.enums.orphan_kind = { values: [{ name: 'lost' }] };
        s.models.orphan = {
          description: 'Left over.',
          fields: [
            { name: 'kind', type: 'orphan_kind' },
            { name: 'parent', type: 'orphan', required: false },
          ],
        };
      },
      want: [
        [at('enums.orphan_kind'), 'enum "orphan_kind" is not used'],
        [at('models.orphan'), 'model "orphan" is not used'],
      ],
    },
  ])('$given', (c) => expectRule(RULE, c));
});
