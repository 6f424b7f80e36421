import { decodeUtf8, firstInvalidUtf8Byte, textEncodingProblem } from '../../lib/contract/text-encoding';

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('firstInvalidUtf8Byte', () => {
  it.each([
    ['ASCII', bytes('{"a": 1}'), undefined],
    ['2-, 3- and 4-byte characters', bytes('é€😀'), undefined],
    ['a lone continuation byte', bytes('ab', [0x80]), 2],
    ['a lead byte without its continuation', bytes('ab', [0xc3, 0x28]), 2],
    ['a sequence cut at the end', bytes('ab', [0xe2, 0x82]), 2],
    ['an overlong form', bytes('a', [0xc0, 0xaf]), 1],
    ['an overlong 3-byte form', bytes('a', [0xe0, 0x80, 0xaf]), 1],
    ['a UTF-16 surrogate', bytes('a', [0xed, 0xa0, 0x80]), 1],
    ['a code point above U+10FFFF', bytes('a', [0xf4, 0x90, 0x80, 0x80]), 1],
    ['a byte never used in UTF-8', bytes('é', [0xff]), 2],
  ])('%s', (_name, input, want) => {
    expect(firstInvalidUtf8Byte(input)).toBe(want);
  });
});

describe('decodeUtf8', () => {
  it('decodes valid UTF-8', () => {
    expect(decodeUtf8(bytes('{"name": "café"}'))).toEqual({ text: '{"name": "café"}' });
  });

  it('locates an invalid byte by line and by column in characters, after multi-byte ones', () => {
    const result = decodeUtf8(bytes('{\n  "a": "é€', [0xff], '"\n}'));
    expect(result).toEqual({
      problem: expect.objectContaining({
        line: 2,
        column: 11,
        reason: 'not valid UTF-8 at byte offset 15 (0xff begins no UTF-8 character)',
      }),
    });
  });

  it.each([
    ['UTF-16LE', [0xff, 0xfe]],
    ['UTF-16BE', [0xfe, 0xff]],
  ])('names a %s file by its byte order mark', (_name, bom) => {
    const result = decodeUtf8(bytes(bom, '{'));
    expect(result).toEqual({
      problem: expect.objectContaining({ line: 1, column: 1, reason: expect.stringContaining('UTF-16') }),
    });
  });
});

describe('textEncodingProblem', () => {
  const at = (offset: number) => ({ line: 1, column: offset + 1 });

  it('reports a byte order mark and a NUL character, and nothing in plain text', () => {
    expect(textEncodingProblem('\ufeff{}', at)).toMatchObject({
      line: 1,
      column: 1,
      reason: /byte order mark/,
    });
    expect(textEncodingProblem('{"a":\0}', at)).toMatchObject({ line: 1, column: 6, reason: /NUL/ });
    expect(textEncodingProblem('{"a": "\ufeff"}', at)).toBeUndefined();
  });
});
