import { reservedFieldReason } from '../../../lib/contract/validate/rules/reserved-field-names';
import { expectOnly, type Fires, type Passes, type SpecObject, validateChanged } from './helpers';

/** Adds a field to the model of resource `user` (stored: it has storage). */
const field =
  (name: string, type = 'string') =>
  (s: SpecObject) => {
    s.models.user.fields.push({ name, type, required: false });
  };

describe('reserved-field-name', () => {
  const fires: Fires[] = [
    [
      'pk, the partition key',
      field('pk'),
      {
        rule: 'reserved-field-name',
        path: '$.models.user.fields[4].name',
        message: 'field "pk" of model "user" is named like the table\'s partition key',
      },
    ],
    [
      'expires_at, the TTL attribute',
      field('expires_at', 'integer'),
      {
        rule: 'reserved-field-name',
        path: '$.models.user.fields[4].name',
        message: "the table's time-to-live attribute",
      },
    ],
    [
      'an index key attribute',
      field('ix_user__email'),
      {
        rule: 'reserved-field-name',
        path: '$.models.user.fields[4].name',
        message: 'the prefix of the storage indexes',
      },
    ],
  ];
  it.each(fires)('fires on %s', (_title, given, want) => expectOnly(validateChanged(given), want));

  const passes: Passes[] = [
    ['a field that only contains a reserved word', field('pk_hint')],
    ['a date-time expires_at (text: TTL ignores it)', field('expires_at', 'date-time-iso8601')],
    [
      'a numeric expires_at on a model that is not stored',
      (s) => s.models.user_form.fields.push({ name: 'expires_at', type: 'integer', required: false }),
    ],
    [
      'a numeric expires_at on a resource without storage',
      (s) => {
        field('expires_at', 'integer')(s);
        delete s.resources.user.storage;
      },
    ],
  ];
  it.each(passes)('passes %s', (_title, given) =>
    expect(validateChanged(given).filter((d) => d.rule === 'reserved-field-name')).toEqual([]),
  );

  it.each([
    ['pk', 'string', true],
    ['_type', 'string', true],
    ['_list', 'string', true],
    ['_trace', 'string', true],
    ['expires_at', 'integer', true],
    ['expires_at', 'long', true],
    ['expires_at', 'double', true],
    ['expires_at', 'json', true],
    ['expires_at', 'date-time-iso8601', false],
    ['expires_at', 'string', false],
    ['ix_anything', 'string', true],
    ['id', 'string', false],
    ['version', 'integer', false],
    ['owner', 'string', false],
    ['expires', 'integer', false],
  ])('%s of type %s reserved: %s', (name, type, reserved) => {
    expect(reservedFieldReason(name, type) !== undefined).toBe(reserved);
  });
});
