import { illFormedTextMessages } from '../../../functions/runtime/unicode-text';

/** `depth` arrays inside one another around `leaf`, built without recursion. */
function nestedArrays(depth: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

describe('illFormedTextMessages', () => {
  it.each([
    ['a well-formed tree', { a: ['x', { b: 'y' }], c: 1 }, []],
    [
      'a lone surrogate in a nested field',
      { name: { first: 'a\ud800' } },
      ['body.name.first: must be valid Unicode text'],
    ],
    [
      'a lone surrogate in an array',
      { items: ['ok', '\udc00'] },
      ['body.items[1]: must be valid Unicode text'],
    ],
    ['a non-identifier key', { 'first name': '\ud800' }, ['body["first name"]: must be valid Unicode text']],
    ['the root itself', '\ud800', ['body: must be valid Unicode text']],
  ])('%s', (_title, value, want) => {
    expect(illFormedTextMessages(value, 'body')).toEqual(want);
  });

  it('reports every ill-formed string in document order', () => {
    expect(illFormedTextMessages({ a: '\ud800', b: ['\udc00', { c: '\ud800' }], d: 'ok' }, 'body')).toEqual([
      'body.a: must be valid Unicode text',
      'body.b[0]: must be valid Unicode text',
      'body.b[1].c: must be valid Unicode text',
    ]);
  });

  it('walks a 100,000-deep value without exhausting the stack, and names the deep string', () => {
    const messages = illFormedTextMessages(nestedArrays(100_000, '\ud800'), 'body');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^body(\[0\]){100000}: must be valid Unicode text$/);
    expect(illFormedTextMessages(nestedArrays(100_000, 'fine'), 'body')).toEqual([]);
  });
});
