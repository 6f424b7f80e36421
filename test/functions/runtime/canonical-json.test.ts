import fc from 'fast-check';
import { canonicalJson, NotJsonError } from '../../../functions/runtime/canonical-json';

/** Rebuilds a value with its object keys in a shuffled (reversed or rotated) order. */
function reorder(value: unknown, rotate: number): unknown {
  if (Array.isArray(value)) return value.map((item) => reorder(item, rotate));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  const shift = entries.length === 0 ? 0 : rotate % entries.length;
  const rotated = [...entries.slice(shift), ...entries.slice(0, shift)].reverse();
  return Object.fromEntries(rotated.map(([key, item]) => [key, reorder(item, rotate)]));
}

describe('canonicalJson', () => {
  it('matches the RFC 8785 §3.2.2 example', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        '"string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        '"literals": [null, true, false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts keys by UTF-16 code units (RFC 8785 §3.2.3)', () => {
    const input = {
      '€': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      ö: 'Latin Small Letter O With Diaeresis',
    };
    // Compared as text: JavaScript would list the integer-like key "1" first in Object.keys.
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis",' +
        '"€":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it.each([
    ['0', 0],
    ['0', -0],
    ['-1', -1],
    ['1e+21', 1e21],
    ['999999999999999700000', 999999999999999700000],
    ['9007199254740992', 9007199254740992],
    ['5e-324', 5e-324],
    ['1.7976931348623157e+308', 1.7976931348623157e308],
    ['0.000001', 0.000001],
    ['1e-7', 1e-7],
  ])('writes the number %s (RFC 8785 appendix B)', (want, value) => {
    expect(canonicalJson(value)).toBe(want);
  });

  it.each<[string, unknown, string]>([
    [
      'nested objects sorted',
      { b: { d: 1, c: [3, { z: 1, a: 2 }] }, a: null },
      '{"a":null,"b":{"c":[3,{"a":2,"z":1}],"d":1}}',
    ],
    ['undefined properties dropped', { a: 1, b: undefined }, '{"a":1}'],
    ['undefined array elements as null', [1, undefined, 2], '[1,null,2]'],
    ['Dates via toJSON', { at: new Date('2026-11-22T14:00:00Z') }, '{"at":"2026-11-22T14:00:00.000Z"}'],
    ['toJSON results canonicalized', { toJSON: () => ({ b: 1, a: 2 }) }, '{"a":2,"b":1}'],
    ['an empty object', {}, '{}'],
    ['an empty array', [], '[]'],
    ['a top-level string', 'a"b', '"a\\"b"'],
    ['null', null, 'null'],
    ['a valid surrogate pair', { '😀': '😀' }, '{"😀":"😀"}'],
    [
      'a shared (non-circular) reference',
      (() => {
        const s = { x: 1 };
        return { a: s, b: s };
      })(),
      '{"a":{"x":1},"b":{"x":1}}',
    ],
  ])('writes %s', (_label, value, want) => {
    expect(canonicalJson(value)).toBe(want);
  });

  const circular: Record<string, unknown> = { a: 1 };
  circular.self = { back: circular };
  const circularArray: unknown[] = [1];
  circularArray.push(circularArray);

  it.each<[string, unknown, string]>([
    ['top-level undefined', undefined, '$'],
    ['NaN', { a: Number.NaN }, '$.a'],
    ['Infinity', [1, Number.POSITIVE_INFINITY], '$[1]'],
    ['-Infinity', { a: { b: Number.NEGATIVE_INFINITY } }, '$.a.b'],
    ['a function', { f: () => 1 }, '$.f'],
    ['a function in an array', [() => 1], '$[0]'],
    ['a symbol', { s: Symbol('s') }, '$.s'],
    ['a bigint', { n: 1n }, '$.n'],
    ['a lone high surrogate', { s: 'a\ud800b' }, '$.s'],
    ['a lone low surrogate', ['\udc00'], '$[0]'],
    ['a key with a lone surrogate', { 'k\ud800': 1 }, '$["k\\ud800"]'],
    ['a circular object', circular, '$.self.back'],
    ['a circular array', circularArray, '$[1]'],
    ['toJSON returning undefined', { a: { toJSON: () => undefined } }, '$.a'],
  ])('rejects %s', (_label, value, path) => {
    expect(() => canonicalJson(value)).toThrow(NotJsonError);
    try {
      canonicalJson(value);
    } catch (error) {
      expect((error as NotJsonError).path).toBe(path);
    }
  });

  it('parses back to the same value (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('does not depend on key order (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'grapheme' }), fc.nat(), (value, rotate) => {
        expect(canonicalJson(reorder(value, rotate))).toBe(canonicalJson(value));
      }),
    );
  });

  it('is a fixed point: canonicalizing canonical JSON changes nothing (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const once = canonicalJson(value);
        expect(canonicalJson(JSON.parse(once))).toBe(once);
      }),
    );
  });
});
