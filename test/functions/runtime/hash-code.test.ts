import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalJson, NotJsonError } from '../../../functions/runtime/canonical-json';
import { SYSTEM_ATTRIBUTES } from '../../../functions/runtime/conventions';
import { HASH_EXCLUDED_FIELDS, hashCode, hashedContent } from '../../../functions/runtime/hash-code';

const user = {
  id: 'usr-01JD3QZ8V5K2W7G9X4M6N8P0RT',
  email: 'ada@example.com',
  name: { first: 'Ada' },
  status: 'active',
};

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('SYSTEM_ATTRIBUTES', () => {
  it('lists the attributes the repository maintains', () => {
    expect(SYSTEM_ATTRIBUTES).toEqual(['version', 'hash_code', 'created_at', 'updated_at']);
    expect(Object.isFrozen(SYSTEM_ATTRIBUTES)).toBe(true);
    expect([...HASH_EXCLUDED_FIELDS].sort()).toEqual([
      'created_at',
      'hash_code',
      'id',
      'updated_at',
      'version',
    ]);
  });
});

describe('hashCode', () => {
  it('is the hex SHA-256 of the canonical JSON of the content', () => {
    expect(hashCode(user)).toBe(
      sha256('{"email":"ada@example.com","name":{"first":"Ada"},"status":"active"}'),
    );
    expect(hashCode(user)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each<[string, Record<string, unknown>]>([
    ['another id', { ...user, id: 'usr-01JD3QZ8V5K2W7G9X4M6N8P0RS' }],
    ['no id', { email: user.email, name: user.name, status: user.status }],
    ['system attributes', { ...user, version: 7, hash_code: 'abc', created_at: 'x', updated_at: 'y' }],
    [
      'another key order',
      { status: 'active', name: { first: 'Ada' }, email: 'ada@example.com', id: user.id },
    ],
    ['undefined fields', { ...user, nickname: undefined, name: { first: 'Ada', last: undefined } }],
  ])('ignores %s', (_label, item) => {
    expect(hashCode(item)).toBe(hashCode(user));
  });

  it.each<[string, Record<string, unknown>]>([
    ['a changed value', { ...user, status: 'inactive' }],
    ['a changed nested value', { ...user, name: { first: 'Ada', last: 'Lovelace' } }],
    ['an added field', { ...user, nickname: 'ada' }],
    ['a removed field', { id: user.id, name: user.name, status: user.status }],
    ['null instead of absent', { ...user, nickname: null }],
    ['a number instead of a string', { ...user, status: 1 }],
    ['a reordered list', { ...user, tags: ['b', 'a'] }],
  ])('changes with %s', (_label, item) => {
    expect(hashCode(item)).not.toBe(hashCode({ ...user, tags: ['a', 'b'] }));
    expect(hashCode(item)).not.toBe(hashCode(user));
  });

  it('leaves out extra fields only at the top level', () => {
    const withGuard = { ...user, pk: 'USER#1', sk: 'USER#1' };
    expect(hashCode(withGuard, { exclude: ['pk', 'sk'] })).toBe(hashCode(user));
    expect(hashCode(withGuard)).not.toBe(hashCode(user));
    const nested = { ...user, name: { first: 'Ada', pk: 'x' } };
    expect(hashCode(nested, { exclude: ['pk'] })).not.toBe(hashCode(user));
  });

  it('does not mutate the item', () => {
    const item = { ...user, version: 3 };
    const before = structuredClone(item);
    hashCode(item, { exclude: ['status'] });
    expect(item).toEqual(before);
    expect(hashedContent(item)).toEqual({ email: user.email, name: user.name, status: 'active' });
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['an array', [1]],
    ['a string', 'x'],
  ])('rejects %s', (_label, item) => {
    expect(() => hashCode(item as Record<string, unknown>)).toThrow(TypeError);
  });

  it('rejects content that is not JSON data', () => {
    expect(() => hashCode({ ...user, n: Number.NaN })).toThrow(NotJsonError);
  });

  it('does not depend on key order or system attributes (property)', () => {
    const content = fc.dictionary(
      fc.string().filter((key) => !HASH_EXCLUDED_FIELDS.has(key) && key !== '__proto__'),
      fc.jsonValue(),
    );
    const system = fc.record({
      id: fc.string(),
      version: fc.nat(),
      hash_code: fc.string(),
      created_at: fc.string(),
    });
    fc.assert(
      fc.property(content, system, (fields, attributes) => {
        const reversed = Object.fromEntries(Object.entries(fields).reverse());
        expect(hashCode({ ...attributes, ...reversed })).toBe(hashCode(fields));
      }),
    );
  });

  it('changes whenever a content field changes (property)', () => {
    const key = fc.string().filter((name) => !HASH_EXCLUDED_FIELDS.has(name) && name !== '__proto__');
    fc.assert(
      fc.property(fc.dictionary(key, fc.jsonValue()), key, fc.jsonValue(), (fields, name, value) => {
        // Own keys only: `fields.valueOf` is Object.prototype's, not a field.
        const own = Object.hasOwn(fields, name);
        fc.pre(!own || canonicalJson(value) !== canonicalJson(fields[name] ?? null));
        expect(hashCode({ ...fields, [name]: value })).not.toBe(hashCode(fields));
      }),
    );
  });
});
