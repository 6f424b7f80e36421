import { personalDataKind } from '../../../../lib/contract/lint/rules/personal-data-annotation';
import { at, expectRule, type RuleCase } from '../helpers';

const RULE = 'personal-data-annotation';

const field = (name: string, type = 'string') => ({ name, type, required: false });

describe(RULE, () => {
  it.each<RuleCase>([
    { given: 'the base spec (borrower_email is annotated)', mutate: () => {}, want: [] },
    {
      given: 'names that only look personal',
      mutate: (s) => {
        s.models.book.fields.push(
          field('file_name'),
          field('product_name'),
          field('sku'),
          field('user_id'),
          field('email_verified', 'boolean'),
          field('has_phone', 'boolean'),
          field('addressee_count', 'integer'),
          field('zipped'),
          field('nameplate'),
        );
      },
      want: [],
    },
    {
      given: 'an annotated personal parameter',
      mutate: (s) => {
        s.resources.book.operations[1].parameters.push({
          ...field('borrower_email'),
          annotations: ['personal_data'],
        });
      },
      want: [],
    },
    {
      given: 'an email field without the annotation',
      mutate: (s) => {
        delete s.models.book.fields[3].annotations;
      },
      want: [
        [
          at('models.book.fields.borrower_email'),
          'field "borrower_email" of model "book" looks like an email address but is not annotated personal_data',
        ],
      ],
    },
    {
      given: 'a field called name',
      mutate: (s) => {
        s.models.book_form.fields.push(field('name'));
      },
      want: [[at('models.book_form.fields.name'), "looks like a person's name"]],
    },
    {
      given: 'a query parameter with a phone number',
      mutate: (s) => {
        s.resources.book.operations[1].parameters.push(field('borrower_phone'));
      },
      want: [[at('operations.GET /books.parameters.borrower_phone'), 'looks like a phone number']],
    },
    {
      given: 'a date of birth and a postcode',
      mutate: (s) => {
        s.models.book.fields.push(field('author_date_of_birth', 'date-iso8601'), field('postcode'));
      },
      want: [
        [at('models.book.fields.author_date_of_birth'), 'looks like a date of birth'],
        [at('models.book.fields.postcode'), 'looks like an address'],
      ],
    },
  ])('$given', (c) => expectRule(RULE, c));

  it.each([
    ['email', 'an email address'],
    ['contact_emails', 'an email address'],
    ['email_address', 'an email address'],
    ['phone', 'a phone number'],
    ['phone_number', 'a phone number'],
    ['mobile', 'a phone number'],
    ['home_telephone', 'a phone number'],
    ['name', "a person's name"],
    ['first_name', "a person's name"],
    ['last_name', "a person's name"],
    ['full_name', "a person's name"],
    ['given_name', "a person's name"],
    ['family_name', "a person's name"],
    ['middle_name', "a person's name"],
    ['user_name', "a person's name"],
    ['username', "a person's name"],
    ['firstname', "a person's name"],
    ['surname', "a person's name"],
    ['address', 'an address'],
    ['billing_address', 'an address'],
    ['address_line_1', 'an address'],
    ['street', 'an address'],
    ['zip', 'an address'],
    ['zip_code', 'an address'],
    ['postal_code', 'an address'],
    ['birthday', 'a date of birth'],
    ['birth_date', 'a date of birth'],
    ['date_of_birth', 'a date of birth'],
    ['dob', 'a date of birth'],
    ['ssn', 'a national identifier'],
    ['emailAddress', 'an email address'],
    ['FirstName', "a person's name"],
  ])('%s looks personal (%s)', (name, kind) => {
    expect(personalDataKind(name, 'string')).toBe(kind);
  });

  it.each([
    'file_name',
    'filename',
    'product_name',
    'company_name',
    'domain_name',
    'sku',
    'user_id',
    'email_verified',
    'email_count',
    'mobile_platform',
    'zipped',
    'street_count',
    'nameplate',
    'rename',
    'subject',
  ])('%s does not look personal', (name) => {
    expect(personalDataKind(name, 'string')).toBeUndefined();
  });

  it('a boolean never holds personal data', () => {
    expect(personalDataKind('has_email', 'boolean')).toBeUndefined();
    expect(personalDataKind('has_email', 'string')).toBe('an email address');
  });
});
