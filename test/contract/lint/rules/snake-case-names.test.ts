import { at, expectRule, type RuleCase } from '../helpers';

const RULE = 'snake-case-names';

describe(RULE, () => {
  it.each<RuleCase>([
    { given: 'the base spec', mutate: () => {}, want: [] },
    {
      given: 'names with digits',
      mutate: (s) => {
        s.models.book.fields.push({ name: 'isbn_13', type: 'string' });
        s.enums.book_state.values.push({ name: 'lent_2x' });
      },
      want: [],
    },
    {
      given: 'a camelCase field',
      mutate: (s) => {
        s.models.book.fields[1].name = 'bookTitle';
      },
      want: [[at('models.book.fields.bookTitle'), 'field name "bookTitle" is not lower snake case']],
    },
    {
      // The repository keeps a write's trace in `_trace` (functions/runtime/repository/stored-item.ts):
      // a field of that name would clash with it, and names starting with `_` are the table's.
      given: 'a field named like the trace attribute the repository keeps, `_trace`',
      mutate: (s) => {
        s.models.book.fields.push({ name: '_trace', type: 'string' });
      },
      want: [[at('models.book.fields._trace'), 'field name "_trace" is not lower snake case']],
    },
    {
      given: 'a PascalCase model',
      mutate: (s) => {
        s.models.BookForm = s.models.book_form;
        delete s.models.book_form;
      },
      want: [[at('models.BookForm'), 'model name "BookForm"']],
    },
    {
      given: 'a kebab-case enum',
      mutate: (s) => {
        s.enums['book-state'] = s.enums.book_state;
        delete s.enums.book_state;
      },
      want: [[at('enums.book-state'), 'enum name "book-state"']],
    },
    {
      given: 'an upper case enum value',
      mutate: (s) => {
        s.enums.book_state.values[1].name = 'LENT';
      },
      want: [[at('enums.book_state.values.LENT'), 'enum value name "LENT"']],
    },
    {
      given: 'a camelCase parameter',
      mutate: (s) => {
        s.resources.book.operations[1].parameters[0].name = 'bookState';
      },
      want: [[at('operations.GET /books.parameters.bookState'), 'parameter name "bookState"']],
    },
    {
      given: 'an annotation with a double underscore',
      mutate: (s) => {
        s.annotations.internal__only = { description: 'Never shown to clients.' };
      },
      want: [[at('annotations.internal__only'), 'annotation name "internal__only"']],
    },
    {
      given: 'a service name with a trailing underscore',
      mutate: (s) => {
        s.name = 'shelf_';
      },
      want: [['shelf_', 'service name "shelf_"']],
    },
  ])('$given', (c) => expectRule(RULE, c));
});
