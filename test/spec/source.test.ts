import { formatJsonPath } from '../../lib/spec/diagnostic';
import { JsonSyntaxError, parseJsonSource } from '../../lib/spec/source';

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
