import { findExceededLimit, MAX_NESTING_DEPTH } from '../../lib/contract/json-limits';

const nested = (depth: number, open = '[', close = ']') => open.repeat(depth) + close.repeat(depth);

describe('findExceededLimit', () => {
  it(`accepts ${MAX_NESTING_DEPTH} levels and reports the bracket that opens one more`, () => {
    expect(findExceededLimit(nested(MAX_NESTING_DEPTH))).toBeUndefined();
    expect(findExceededLimit(nested(MAX_NESTING_DEPTH + 1))).toEqual({
      limit: 'depth',
      offset: MAX_NESTING_DEPTH,
      path: Array(MAX_NESTING_DEPTH).fill(0),
    });
  });

  it('scans 100,000 levels, open or closed, without recursion', () => {
    for (const text of [nested(100_000), '['.repeat(100_000), '{"a":'.repeat(100_000)]) {
      expect(findExceededLimit(text)?.limit).toBe('depth');
    }
  });

  it('names the path with keys (escapes decoded) and array indexes', () => {
    const text = '{"models": {"a\\u0062": {"fields": [1, 2, {"x": "y", "example": [[[[1]]]]}]}}}';
    expect(findExceededLimit(text, { depth: 7, values: 100 })).toEqual({
      limit: 'depth',
      offset: text.indexOf('[[[[') + 2,
      path: ['models', 'ab', 'fields', 2, 'example', 0, 0],
    });
  });

  it('does not count brackets inside strings or comments, as the parser does not', () => {
    expect(findExceededLimit(`["${'['.repeat(100)}", "\\"${'{'.repeat(100)}"]`)).toBeUndefined();
    expect(findExceededLimit(`[/* ${'['.repeat(100)} */ 1]`)).toBeUndefined();
    expect(findExceededLimit(`[// ${'['.repeat(100)}\n1]`)).toBeUndefined();
  });

  it('ends a string at a line break, as the parser does, so brackets after it count', () => {
    expect(findExceededLimit(`"open\n${'['.repeat(100)}`)?.limit).toBe('depth');
    expect(findExceededLimit(`/* " */ ${'['.repeat(100)}`)?.limit).toBe('depth');
  });

  it('lets only a matching bracket close a level: the parser skips the others and recurses on', () => {
    // The parser reads `[[},[},[},...` as ever deeper arrays; a count that `}` lowered would not.
    expect(findExceededLimit(`[[${'},['.repeat(100)}`)?.limit).toBe('depth');
    expect(findExceededLimit(`{"a":${'],{"a":'.repeat(100)}`)?.limit).toBe('depth');
  });

  it('counts values of every kind, not keys, and reports the first one over the limit', () => {
    const limits = { depth: 10, values: 7 };
    expect(findExceededLimit('{"a": 1, "b": [true, null, false], "c": "s"}', limits)).toBeUndefined();
    const text = '{"a": 1, "b": [true, null, false, "s"], "c": 2}';
    expect(findExceededLimit(text, limits)).toEqual({
      limit: 'values',
      offset: text.indexOf('2}'),
      path: ['c'],
    });
  });

  it('reads malformed text without throwing', () => {
    for (const text of ['', '}', ']]]', '{"a" "b": [', '"\\', '/*', '{,,,:', '[1,]']) {
      expect(() => findExceededLimit(text)).not.toThrow();
    }
  });
});
