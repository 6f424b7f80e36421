import { formatJsonPath } from '../../lib/contract/diagnostic';
import { MAX_JSON_BYTES, MAX_JSON_VALUES, MAX_NESTING_DEPTH } from '../../lib/contract/json-limits';
import { JsonSyntaxError, parseJsonSource } from '../../lib/contract/source';

/** The JsonSyntaxError parseJsonSource throws for `content`. */
function rejection(content: string | Uint8Array): JsonSyntaxError {
  try {
    parseJsonSource('bad.json', content);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return error;
    throw error;
  }
  throw new Error('expected a JsonSyntaxError');
}

const TEXT = '{\n  "name": "users",\n  "models": {\n    "user": { "fields": [ { "name": "id" } ] }\n  }\n}\n';

describe('parseJsonSource', () => {
  it.each([
    [['name'], { line: 2, column: 11 }],
    [['models', 'user', 'fields', 0, 'name'], { line: 4, column: 37 }],
    [['models', 'user', 'fields', 3], { line: 4, column: 25 }], // missing index: nearest ancestor (the array)
    [[], { line: 1, column: 1 }],
  ] as const)('positions %j at %j', (path, want) => {
    expect(parseJsonSource('users.json', TEXT).positionOf(path)).toEqual(want);
  });

  it('positions a key for unknown-key errors', () => {
    expect(parseJsonSource('users.json', TEXT).keyPositionOf(['models'])).toEqual({ line: 3, column: 3 });
  });

  it.each([
    ['{"a": 1,}', 1, 9, 'a property name in double quotes is expected'],
    ['{"a": 1\n "b": 2}', 2, 2, 'a comma is expected'],
    ['{"a": // no\n 1}', 1, 7, 'comments are not allowed'],
    ['', 1, 1, 'a value is expected'],
    ['{"a": "open', 1, 7, 'the string is not closed'],
  ])('rejects %j at %i:%i', (text, line, column, reason) => {
    try {
      parseJsonSource('bad.json', text);
      throw new Error('expected a JsonSyntaxError');
    } catch (error) {
      expect(error).toBeInstanceOf(JsonSyntaxError);
      expect(error).toMatchObject({ file: 'bad.json', line, column });
      expect((error as JsonSyntaxError).reason).toContain(reason);
    }
  });

  it('finds keys given twice, which JSON.parse would silently merge', () => {
    const source = parseJsonSource('d.json', '{"models": {"a": {}, "a": {}}, "name": "x"}');
    expect(source.duplicateKeys).toEqual([{ path: ['models', 'a'], position: { line: 1, column: 22 } }]);
    expect(parseJsonSource('ok.json', TEXT).duplicateKeys).toEqual([]);
  });
});

describe('parseJsonSource on content that would crash or mislead a reader', () => {
  it('reads bytes as strict UTF-8', () => {
    expect(parseJsonSource('ok.json', Buffer.from('{"name": "café"}')).value).toEqual({ name: 'café' });
    expect(rejection(Buffer.from([0x7b, 0x0a, 0x22, 0xff, 0x22]))).toMatchObject({
      rule: 'json-encoding',
      line: 2,
      column: 2,
      reason: expect.stringContaining('not valid UTF-8 at byte offset 3'),
    });
  });

  it.each([
    ['a UTF-8 byte order mark', Buffer.from('\ufeff{}'), 1, 1, /byte order mark/],
    ['a UTF-16 file', Buffer.from('\ufeff{}', 'utf16le'), 1, 1, /UTF-16/],
    ['a UTF-16 file without a byte order mark', Buffer.from('{}', 'utf16le'), 1, 2, /NUL/],
    ['a NUL in a string', '{\n "a": "x\0"}', 2, 9, /NUL/],
  ])('reports %s as json-encoding at its position', (_name, content, line, column, reason) => {
    expect(rejection(content)).toMatchObject({
      rule: 'json-encoding',
      line,
      column,
      reason: expect.stringMatching(reason),
    });
  });

  it('reports nesting 100,000 deep at the bracket one level too deep, with its JSON path', () => {
    const depth = 100_000;
    const error = rejection(`{\n  "models": ${'['.repeat(depth)}${']'.repeat(depth)}}`);
    expect(error).toMatchObject({ rule: 'json-depth', line: 2, column: 13 + MAX_NESTING_DEPTH - 1 });
    expect(error.path).toEqual(['models', ...Array(MAX_NESTING_DEPTH - 1).fill(0)]);
    expect(error.message).toContain(`nest deeper than ${MAX_NESTING_DEPTH} levels at $.models[0][0]`);
    expect(error.hint).toContain(`at most ${MAX_NESTING_DEPTH} levels`);
  });

  it('reports a syntax error before the deep part first, since it is the first problem', () => {
    expect(rejection(`{"a" 1, "b": ${'['.repeat(100_000)}`)).toMatchObject({
      rule: 'json-syntax',
      column: 6,
    });
  });

  it('reports a document of too many values at the first one over', () => {
    const error = rejection(`{"example": [${'0,'.repeat(MAX_JSON_VALUES)}0]}`);
    expect(error).toMatchObject({ rule: 'json-size', line: 1, path: ['example', MAX_JSON_VALUES - 2] });
  });

  it('refuses a file over the size limit before decoding it', () => {
    const error = rejection(Buffer.alloc(MAX_JSON_BYTES + 1, 0xff));
    expect(error).toMatchObject({
      rule: 'json-size',
      line: 1,
      column: 1,
      reason: expect.stringContaining('MiB'),
    });
  });

  it('reads a several-megabyte shallow document', () => {
    const text = JSON.stringify({ items: Array.from({ length: 150_000 }, (_, i) => ({ id: `item-${i}` })) });
    expect(text.length).toBeGreaterThan(2_000_000);
    const source = parseJsonSource('big.json', text);
    expect(source.positionOf(['items', 149_999, 'id'])).toEqual({
      line: 1,
      column: text.lastIndexOf('"item-') + 1,
    });
  });
});

describe('formatJsonPath', () => {
  it.each([
    [[], '$'],
    [['models', 'user', 'fields', 0, 'type'], '$.models.user.fields[0].type'],
    [['responses', '200'], '$.responses["200"]'],
    [['paths', 'a b'], '$.paths["a b"]'],
  ] as const)('%j -> %s', (path, want) => {
    expect(formatJsonPath(path)).toBe(want);
  });
});
