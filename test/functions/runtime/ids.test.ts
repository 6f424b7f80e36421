import fc from 'fast-check';
import { fixedClock, testClock } from '../../../functions/runtime/clock';
import {
  assertIdPrefix,
  findPrefixClashes,
  idPrefixFor,
  idTime,
  isId,
  newId,
} from '../../../functions/runtime/ids';

const ULID_BODY = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

describe('newId', () => {
  it('is the prefix, a dash and a ULID stamped with the clock time', () => {
    const id = newId('usr', fixedClock('2026-11-22T14:00:00.000Z'));
    expect(id).toMatch(/^usr-/);
    expect(id.slice(4)).toMatch(ULID_BODY);
    expect(idTime(id).toISOString()).toBe('2026-11-22T14:00:00.000Z');
  });

  it('uses the system clock by default', () => {
    const before = Date.now();
    const time = idTime(newId('ord')).getTime();
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(Date.now());
  });

  it('is unique and strictly increasing within one millisecond', () => {
    const clock = fixedClock('2026-11-22T14:00:00.000Z');
    const ids = Array.from({ length: 1000 }, () => newId('usr', clock));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('sorts by creation time as a plain string (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 2, maxLength: 50 }),
        (steps) => {
          const clock = testClock('2026-01-01T00:00:00.000Z');
          const times: number[] = [];
          const ids = steps.map((step) => {
            times.push(clock.advance(step).now().getTime());
            return newId('ord', clock);
          });
          ids.forEach((id, i) => {
            expect(idTime(id).getTime()).toBe(times[i]);
            if (i > 0) expect(ids[i - 1]! < id).toBe(true);
          });
        },
      ),
    );
  });

  it('stays increasing when the clock steps back', () => {
    const clock = testClock('2026-01-01T00:00:10.000Z');
    const first = newId('usr', clock);
    const second = newId('usr', clock.advance(-5000));
    expect(second > first).toBe(true);
  });

  it('keeps each clock on its own sequence', () => {
    const early = fixedClock('2020-01-01T00:00:00.000Z');
    newId('usr', fixedClock('2030-01-01T00:00:00.000Z'));
    expect(idTime(newId('usr', early)).toISOString()).toBe('2020-01-01T00:00:00.000Z');
  });

  it.each([[''], ['Usr'], ['1ab'], ['us-r'], ['abcdefghijk'], ['us r']])(
    'rejects the prefix %p',
    (prefix) => {
      expect(() => newId(prefix)).toThrow(TypeError);
      expect(() => assertIdPrefix(prefix)).toThrow(TypeError);
    },
  );

  it.each([
    ['the epoch', '1970-01-01T00:00:00.000Z'],
    ['before the epoch', '1960-01-01T00:00:00.000Z'],
  ])('refuses a clock at %s', (_label, at) => {
    expect(() => newId('usr', fixedClock(at))).toThrow(RangeError);
  });

  it('refuses a clock that reads an invalid date', () => {
    expect(() => newId('usr', { now: () => new Date(Number.NaN) })).toThrow(RangeError);
  });
});

describe('isId', () => {
  const id = newId('usr', fixedClock('2026-11-22T14:00:00.000Z'));

  it('accepts an id with its prefix', () => {
    expect(isId('usr', id)).toBe(true);
  });

  it.each([
    ['another prefix', 'ord', id],
    ['a prefix that is a prefix of it', 'us', id],
    ['no dash', 'usr', id.replace('-', '')],
    ['a lower-case ULID', 'usr', `usr-${id.slice(4).toLowerCase()}`],
    ['a short ULID', 'usr', id.slice(0, -1)],
    ['a long ULID', 'usr', `${id}0`],
    ['a letter outside Crockford base 32', 'usr', `${id.slice(0, -1)}U`],
    ['a time past the ULID maximum', 'usr', `usr-8${id.slice(5)}`],
    ['a bare ULID', 'usr', id.slice(4)],
    ['an empty string', 'usr', ''],
    ['a number', 'usr', 42],
    ['undefined', 'usr', undefined],
    ['an invalid prefix', 'USR', id.replace('usr', 'USR')],
  ])('rejects %s', (_label, prefix, value) => {
    expect(isId(prefix, value)).toBe(false);
  });
});

describe('idTime', () => {
  it.each([['usr'], ['usr-'], ['01JD3QZ8V5K2W7G9X4M6N8P0RT'], ['usr-01jd3qz8v5k2w7g9x4m6n8p0rt']])(
    'rejects %p',
    (value) => {
      expect(() => idTime(value)).toThrow(TypeError);
    },
  );
});

describe('idPrefixFor', () => {
  it.each([
    ['user', 'usr'],
    ['order', 'ord'],
    ['notification', 'ntf'],
    ['payment', 'pym'],
    ['line_item', 'lnt'],
    ['user_session', 'usr'],
    ['invoice', 'inv'],
    ['audio', 'aud'],
    ['area', 'are'],
    ['queue', 'que'],
    ['oauth2_token', 'oth'],
    ['s3_bucket', 's3b'],
    ['io', 'io'],
    ['x', 'x'],
  ])('%s → %s', (name, want) => {
    expect(idPrefixFor(name)).toBe(want);
  });

  it.each([[''], ['User'], ['line-item'], ['_user'], ['user_'], ['line__item'], ['1user'], ['usér']])(
    'rejects the name %p',
    (name) => {
      expect(() => idPrefixFor(name)).toThrow(TypeError);
    },
  );

  it('always gives a valid prefix of at most three characters (property)', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9]{0,8}(?:_[a-z0-9]{1,8}){0,2}$/);
    fc.assert(
      fc.property(name, (resource) => {
        const prefix = idPrefixFor(resource);
        expect(() => assertIdPrefix(prefix)).not.toThrow();
        expect(prefix.length).toBe(Math.min(3, resource.replaceAll('_', '').length));
        expect(prefix[0]).toBe(resource[0]);
        expect(isId(prefix, newId(prefix))).toBe(true);
      }),
    );
  });
});

describe('findPrefixClashes', () => {
  it('finds none when every resource has its own prefix', () => {
    expect(findPrefixClashes(['user', 'order', 'notification'])).toEqual([]);
  });

  it('names every resource of each clashing prefix, in order', () => {
    expect(findPrefixClashes(['user', 'order', 'user_session', 'ordering', 'invoice', 'users'])).toEqual([
      { prefix: 'usr', resources: ['user', 'user_session', 'users'] },
      { prefix: 'ord', resources: ['order', 'ordering'] },
    ]);
  });

  it('does not count a name given twice as a clash', () => {
    expect(findPrefixClashes(['user', 'user'])).toEqual([]);
  });

  it('rejects an invalid resource name', () => {
    expect(() => findPrefixClashes(['user', 'Bad Name'])).toThrow(TypeError);
  });
});
