import type { JsonPath } from '../../diagnostic';
import type { Field } from '../../schema';
import type { LintRule } from '../rule';
import { fieldsOf, parametersOf, toSnakeCase } from '../walk';

export const PERSONAL_DATA = 'personal_data';

/** Who qualifies a `<x>_name` as the name of a person (not `file_name`, `product_name`). */
const PERSON_NAME_QUALIFIERS = [
  'first',
  'last',
  'full',
  'given',
  'family',
  'middle',
  'maiden',
  'nick',
  'user',
  'display',
  'legal',
  'preferred',
  'customer',
  'contact',
  'recipient',
  'sender',
  'holder',
  'cardholder',
  'person',
  'patient',
  'employee',
  'member',
].join('|');

/**
 * What a snake case name looks like when it holds personal data. Each pattern matches the end of
 * the name at a word boundary: `recipient_email` is an email, `email_verified` is not, and
 * `file_name` or `sku` are nothing personal.
 */
const PERSONAL_NAMES: ReadonlyArray<{ readonly kind: string; readonly pattern: RegExp }> = [
  { kind: 'an email address', pattern: /(^|_)(email|e_mail)s?(_address(es)?)?$/ },
  {
    kind: 'a phone number',
    pattern: /(^|_)(phone|telephone|cellphone|cell_phone|mobile|mobile_phone|fax)s?(_?numbers?)?$/,
  },
  {
    kind: "a person's name",
    pattern: new RegExp(`^names?$|(^|_)(${PERSON_NAME_QUALIFIERS})_?names?$|(^|_)(surname|forename)s?$`),
  },
  {
    kind: 'an address',
    pattern:
      /(^|_)(address(es)?|street(s|_address|_name)?|(address|street)_line_?\d*|postcode|post_code|postal_code|zip|zip_?code)$/,
  },
  {
    kind: 'a date of birth',
    pattern: /(^|_)(birthday|birth_?date|date_of_birth|dob|born_on|birth_year|year_of_birth)$/,
  },
  { kind: 'a national identifier', pattern: /(^|_)(ssn|social_security_number|passport(_number)?)$/ },
];

/**
 * What personal data the name suggests, if any. Names are read as snake case (`emailAddress` is
 * `email_address`), since a badly cased name holds the same data. A boolean (`has_email`) holds none.
 */
export function personalDataKind(name: string, type: string): string | undefined {
  if (type === 'boolean') return undefined;
  const snake = toSnakeCase(name);
  return PERSONAL_NAMES.find(({ pattern }) => pattern.test(snake))?.kind;
}

export const personalDataAnnotation: LintRule = {
  id: 'personal-data-annotation',
  description:
    "Fields and parameters whose names look personal (email, phone, a person's name, address, date of birth) carry the personal_data annotation, so they are never logged and never reach events.",
  check(spec, report) {
    const declared = Object.hasOwn(spec.annotations ?? {}, PERSONAL_DATA);
    const hint =
      `Add "annotations": ["${PERSONAL_DATA}"]` +
      (declared ? '' : ` and declare "${PERSONAL_DATA}" in the top-level "annotations"`) +
      '; if it really holds nothing personal, accept it in api-specs/lint.allow.json with the reason.';
    const check = (what: string, field: Field, jsonPath: JsonPath, at: string) => {
      const kind = personalDataKind(field.name, field.type);
      if (!kind || (field.annotations ?? []).includes(PERSONAL_DATA)) return;
      report(
        [...jsonPath, 'name'],
        at,
        `${what} looks like ${kind} but is not annotated ${PERSONAL_DATA}`,
        hint,
      );
    };
    for (const { modelName, field, jsonPath, at } of fieldsOf(spec)) {
      check(`field "${field.name}" of model "${modelName}"`, field, jsonPath, at);
    }
    for (const { operation, parameter, jsonPath, at } of parametersOf(spec)) {
      check(`parameter "${parameter.name}" of ${operation.key}`, parameter, jsonPath, at);
    }
  },
};
