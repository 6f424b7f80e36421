import { didYouMean, editDistance, nearest } from '../../lib/contract/suggest';
import { formatTypeRef, namedTypesOf, parseTypeRef, TypeRefSyntaxError } from '../../lib/contract/type-ref';

describe('parseTypeRef', () => {
  it.each([
    ['string', { kind: 'primitive', name: 'string' }],
    ['date-time-iso8601', { kind: 'primitive', name: 'date-time-iso8601' }],
    ['user', { kind: 'named', name: 'user' }],
    ['[user]', { kind: 'list', of: { kind: 'named', name: 'user' } }],
    ['map[[integer]]', { kind: 'map', of: { kind: 'list', of: { kind: 'primitive', name: 'integer' } } }],
  ])('parses %s', (text, want) => {
    expect(parseTypeRef(text)).toEqual(want);
    expect(formatTypeRef(parseTypeRef(text))).toBe(text);
  });

  it.each([['[user'], ['[]'], ['map[]'], ['map[x'], [' user'], ['a b'], ['user?']])('rejects %j', (text) => {
    expect(() => parseTypeRef(text)).toThrow(TypeRefSyntaxError);
  });

  it('lists the named types a reference mentions', () => {
    expect(namedTypesOf(parseTypeRef('map[[line_item]]'))).toEqual(['line_item']);
    expect(namedTypesOf(parseTypeRef('[string]'))).toEqual([]);
  });
});

describe('suggestions', () => {
  it.each([
    ['modles', ['models', 'enums', 'name'], 'models'],
    ['tpye', ['type', 'name'], 'type'],
    ['zzzz', ['models', 'enums'], undefined],
  ])('nearest(%s)', (word, candidates, want) => {
    expect(nearest(word, candidates)).toBe(want);
  });

  it('measures edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('phrases a hint only when there is a match', () => {
    expect(didYouMean('strnig', ['string'])).toBe('did you mean "string"?');
    expect(didYouMean('qqqqqq', ['string'])).toBe('');
  });
});
