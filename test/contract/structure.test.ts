import { parseJsonSource } from '../../lib/contract/source';
import { checkStructure } from '../../lib/contract/structure';

function check(value: unknown) {
  return checkStructure(parseJsonSource('api-specs/x.json', JSON.stringify(value, null, 2))).diagnostics;
}

describe('checkStructure', () => {
  it('accepts a minimal spec', () => {
    expect(check({ name: 'x' })).toEqual([]);
  });

  it.each([
    [
      'an unknown key, suggesting the nearest',
      { name: 'x', modles: {} },
      '$.modles',
      'unknown key "modles"',
      'did you mean "models"?',
    ],
    [
      'an unknown key with no near match, listing the allowed ones',
      { name: 'x', zzzzzzzz: 1 },
      '$.zzzzzzzz',
      'unknown key',
      'the keys allowed here are: $schema, name',
    ],
    [
      'a nested unknown key',
      { name: 'x', models: { m: { fields: [{ name: 'a', tpye: 'string' }] } } },
      '$.models.m.fields[0].tpye',
      'unknown key "tpye"',
      'did you mean "type"?',
    ],
    ['a missing required key', { description: 'd' }, '$.name', 'missing required key "name"', 'Add "name"'],
    [
      'a wrong type',
      { name: 'x', models: { m: { fields: {} } } },
      '$.models.m.fields',
      'expected an array, found an object',
      'Make this an array',
    ],
    [
      'a value outside an enum',
      { name: 'x', resources: { r: { operations: [{ method: 'GTE', responses: {} }] } } },
      '$.resources.r.operations[0].method',
      'the string "GTE" is not allowed',
      'did you mean "GET"?',
    ],
    [
      'an empty list where one item is needed',
      { name: 'x', subscriptions: [{ service: 's', resource: 'r', events: [] }] },
      '$.subscriptions[0].events',
      'at least 1 item',
      'Give at least 1 item',
    ],
    ['an empty name', { name: '' }, '$.name', 'non-empty string', 'Give a non-empty string'],
  ])('reports %s', (_, value, path, message, hint) => {
    const diagnostics = check(value);
    expect(diagnostics).toEqual([
      expect.objectContaining({ rule: 'structure', severity: 'error', file: 'api-specs/x.json', path }),
    ]);
    expect(diagnostics[0]?.message).toContain(message);
    expect(diagnostics[0]?.hint).toContain(hint);
  });

  it('reports duplicate keys even when the shape is fine', () => {
    const source = parseJsonSource('api-specs/x.json', '{"name": "x", "name": "x"}');
    expect(checkStructure(source).diagnostics).toEqual([
      expect.objectContaining({ rule: 'duplicate-key', path: '$.name', line: 1, column: 15 }),
    ]);
    expect(checkStructure(source).spec).toBeUndefined();
  });

  it('points an unknown key at the key itself', () => {
    const source = parseJsonSource('api-specs/x.json', '{\n  "name": "x",\n  "modles": {}\n}');
    expect(checkStructure(source).diagnostics[0]).toMatchObject({ line: 3, column: 3 });
  });
});
