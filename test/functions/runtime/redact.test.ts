import fc from 'fast-check';
import { CIRCULAR, REDACTED, redact } from '../../../functions/runtime/redact';

const personal = new Set(['email', 'name', 'phone']);

describe('redact', () => {
  it.each<[string, unknown, unknown]>([
    ['a top-level field', { email: 'a@b.c', status: 'active' }, { email: REDACTED, status: 'active' }],
    [
      'a whole object under a personal field',
      { name: { first: 'Ada' }, id: 'usr-1' },
      { name: REDACTED, id: 'usr-1' },
    ],
    [
      'a nested field',
      { user: { profile: { phone: '555' }, id: 1 } },
      { user: { profile: { phone: REDACTED }, id: 1 } },
    ],
    [
      'fields in arrays',
      [{ email: 'a' }, { email: 'b', ok: true }],
      [{ email: REDACTED }, { email: REDACTED, ok: true }],
    ],
    ['arrays in arrays', { users: [[{ email: 'a' }]] }, { users: [[{ email: REDACTED }]] }],
    [
      'falsy personal values',
      { email: '', phone: 0, name: null },
      { email: REDACTED, phone: REDACTED, name: REDACTED },
    ],
    ['an undefined personal value', { email: undefined }, { email: REDACTED }],
    [
      'nothing personal',
      { id: 'usr-1', tags: ['a', 1, null, true] },
      { id: 'usr-1', tags: ['a', 1, null, true] },
    ],
    ['a primitive', 'ada@example.com', 'ada@example.com'],
    ['null', null, null],
    ['a field named like a personal field only in its value', { kind: 'email' }, { kind: 'email' }],
    ['a case-different field (exact match only)', { Email: 'a' }, { Email: 'a' }],
    [
      'a class instance, as a plain object',
      new (class {
        email = 'a';
        id = 1;
      })(),
      { email: REDACTED, id: 1 },
    ],
    [
      'a toJSON result',
      { user: { toJSON: () => ({ email: 'a', id: 2 }) } },
      { user: { email: REDACTED, id: 2 } },
    ],
    ['a Map, as JSON sees it', new Map([['email', 'a']]), {}],
  ])('redacts %s', (_label, given, want) => {
    expect(redact(given, personal)).toEqual(want);
  });

  it('keeps a Date as it is', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    expect(redact({ at }, personal)).toEqual({ at });
  });

  it('does not mutate the input', () => {
    const given = { email: 'a', list: [{ phone: '1' }], nested: { name: { first: 'Ada' } } };
    const before = structuredClone(given);
    const got = redact(given, personal) as typeof given;
    expect(given).toEqual(before);
    expect(got).not.toBe(given);
    expect(got.list).not.toBe(given.list);
  });

  it('is safe on cycles', () => {
    const user: Record<string, unknown> = { id: 'usr-1', email: 'a' };
    user.self = user;
    user.friends = [user];
    expect(redact(user, personal)).toEqual({
      id: 'usr-1',
      email: REDACTED,
      self: CIRCULAR,
      friends: [CIRCULAR],
    });
  });

  it('copies a shared (non-circular) object once and redacts it everywhere', () => {
    const shared = { email: 'a' };
    const got = redact({ a: shared, b: [shared] }, personal) as { a: unknown; b: unknown[] };
    expect(got).toEqual({ a: { email: REDACTED }, b: [{ email: REDACTED }] });
    expect(got.b[0]).toBe(got.a);
  });

  describe('errors', () => {
    class LookupError extends Error {
      override name = 'LookupError';
      constructor(
        readonly email: string,
        readonly details: unknown,
        options?: ErrorOptions,
      ) {
        super('lookup failed', options);
      }
    }

    it('stays an Error with its name, message and stack, fields redacted', () => {
      const error = new LookupError('a@b.c', { phone: '555', reason: 'gone' });
      const got = redact(error, personal) as LookupError;
      expect(got).toBeInstanceOf(LookupError);
      expect(got).not.toBe(error);
      expect(got.name).toBe('LookupError');
      expect(got.message).toBe('lookup failed');
      expect(got.stack).toBe(error.stack);
      expect(got.email).toBe(REDACTED);
      expect(got.details).toEqual({ phone: REDACTED, reason: 'gone' });
      expect(error.email).toBe('a@b.c');
      expect(Object.keys(got)).toEqual(Object.keys(error));
    });

    it('keeps the name even when "name" is a personal field', () => {
      const got = redact(new LookupError('x', null), personal) as Error;
      expect(got.name).toBe('LookupError');
      expect(redact(new TypeError('t'), personal)).toHaveProperty('name', 'TypeError');
    });

    it('redacts the cause', () => {
      const error = new Error('outer', { cause: { email: 'a', id: 1 } });
      const got = redact(error, personal) as Error;
      expect(got.cause).toEqual({ email: REDACTED, id: 1 });
      expect(Object.keys(got)).not.toContain('cause');
    });

    it('redacts an error nested in an object', () => {
      const got = redact({ error: new LookupError('a', null) }, personal) as { error: LookupError };
      expect(got.error).toBeInstanceOf(Error);
      expect(got.error.email).toBe(REDACTED);
    });
  });

  const SECRET = 'SECRET';
  const key = fc.constantFrom('email', 'name', 'phone', 'id', 'status', 'items', 'data');
  /** JSON-like values in which secrets sit only under personal keys. */
  const { tree } = fc.letrec<{ tree: unknown; safe: unknown; object: unknown }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small' },
      tie('safe'),
      tie('object'),
      fc.array(tie('tree'), { maxLength: 4 }),
    ),
    safe: fc.oneof(
      fc.string().map((text) => text.replaceAll(SECRET, '')),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
    ),
    object: fc
      .array(fc.tuple(key, tie('tree'), fc.string()), { maxLength: 6 })
      .map((entries) =>
        Object.fromEntries(
          entries.map(([name, value, text]) => [
            name,
            personal.has(name) ? { deep: `${SECRET}${text}`, value } : value,
          ]),
        ),
      ),
  }));

  it('never leaks a value under a personal field (property)', () => {
    fc.assert(
      fc.property(tree, (value) => {
        expect(JSON.stringify(redact(value, personal)) ?? '').not.toContain(SECRET);
      }),
    );
  });

  it('changes nothing when no field is personal (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(redact(value, new Set())).toEqual(value);
      }),
    );
  });

  it('never mutates its input (property)', () => {
    fc.assert(
      fc.property(tree, (value) => {
        const before = structuredClone(value);
        redact(value, personal);
        expect(value).toEqual(before);
      }),
    );
  });
});
