import { HttpError } from '../../../../functions/runtime/errors';
import {
  isJsonContentType,
  MAX_BODY_DEPTH,
  nestingDepthExceeds,
  parseQuery,
  type RawQuery,
} from '../../../../functions/runtime/http';
import { readJsonBody } from '../../../../functions/runtime/http/request';

describe('isJsonContentType', () => {
  it.each<[string | undefined, boolean]>([
    ['application/json', true],
    ['Application/JSON', true],
    ['application/json; charset=utf-8', true],
    ['application/json;charset=UTF-8', true],
    ['application/json; charset="utf-8"', true],
    ['application/json; charset=utf8', true],
    ['application/json; foo=bar', true],
    ['application/json;', true],
    [' application/json ', true],
    ['application/merge-patch+json', true],
    ['application/vnd.api+json; charset=utf-8', true],
    ['application/problem+JSON', true],
    [undefined, false],
    ['', false],
    ['json', false],
    ['application/', false],
    ['application/+json', false],
    ['application/jsonx', false],
    ['application/json-seq', false],
    ['application/x-www-form-urlencoded', false],
    ['text/json', false],
    ['text/plain', false],
    ['multipart/form-data; boundary=x', false],
    ['application/json; charset=latin1', false],
    ['application/json; charset=utf-16', false],
    ['application/json; charset=', false],
    ['application /json', false],
    ['application/json\u0000', false],
    ['*/*', false],
  ])('%j → %s', (contentType, want) => {
    expect(isJsonContentType(contentType)).toBe(want);
  });
});

describe('parseQuery', () => {
  it.each<[string, { rawQueryString: string; queryStringParameters?: Record<string, string> }, RawQuery]>([
    ['no query', { rawQueryString: '' }, {}],
    ['one key', { rawQueryString: 'limit=10' }, { limit: '10' }],
    ['several keys', { rawQueryString: 'limit=10&q=ada' }, { limit: '10', q: 'ada' }],
    [
      'a repeated key, as an array in order',
      { rawQueryString: 'tag=b&tag=a&tag=b' },
      { tag: ['b', 'a', 'b'] },
    ],
    ['an empty value', { rawQueryString: 'q=' }, { q: '' }],
    ['a key without =', { rawQueryString: 'q' }, { q: '' }],
    ['percent-decoding', { rawQueryString: 'q=a%20b%26c%3D' }, { q: 'a b&c=' }],
    ['+ as a space', { rawQueryString: 'q=a+b' }, { q: 'a b' }],
    ['a decoded key', { rawQueryString: 'x%5B0%5D=1' }, { 'x[0]': '1' }],
    ['a malformed %-sequence, kept', { rawQueryString: 'q=%zz%' }, { q: '%zz%' }],
    ['invalid UTF-8, replaced', { rawQueryString: 'q=%FF' }, { q: '\uFFFD' }],
    ['unicode', { rawQueryString: 'q=%E2%9C%93' }, { q: '✓' }],
    ['empty pairs', { rawQueryString: '&&q=1&' }, { q: '1' }],
    [
      'queryStringParameters without rawQueryString',
      { rawQueryString: '', queryStringParameters: { limit: '5', tag: 'a,b' } },
      { limit: '5', tag: 'a,b' },
    ],
    [
      'rawQueryString over queryStringParameters',
      { rawQueryString: 'tag=a&tag=b', queryStringParameters: { tag: 'a,b' } },
      { tag: ['a', 'b'] },
    ],
  ])('%s', (_label, event, want) => {
    expect(parseQuery(event)).toEqual(want);
  });

  it('keeps __proto__ and constructor as plain data', () => {
    const query = parseQuery({ rawQueryString: '__proto__=x&constructor=y' });
    expect(Object.getPrototypeOf(query)).toBe(Object.prototype);
    expect(Object.hasOwn(query, '__proto__')).toBe(true);
    expect(query.constructor).toBe('y');
  });
});

describe('nestingDepthExceeds', () => {
  const deep = (depth: number, open = '[', close = ']') => `${open.repeat(depth)}${close.repeat(depth)}`;
  it.each<[string, string, number, boolean]>([
    ['a scalar', '1', 0, false],
    ['an empty object at the limit', '{}', 1, false],
    ['one level over the limit', '[[]]', 1, true],
    ['64 arrays at a limit of 64', deep(64), 64, false],
    ['65 arrays at a limit of 64', deep(65), 64, true],
    ['objects count like arrays', '{"a":{"b":{"c":{}}}}', 3, true],
    ['brackets inside strings do not count', '["[[[[", "{{{{\\"[[[["]', 1, false],
    ['an escaped quote does not end the string', '["\\"[[[["]', 1, false],
    ['siblings do not add up', '[[],[],[],[]]', 2, false],
    ['a 100,000-deep document', deep(100_000), MAX_BODY_DEPTH, true],
    ['unbalanced closes only lower the depth', ']]]][[', 2, false],
  ])('%s', (_title, text, max, want) => {
    expect(nestingDepthExceeds(text, max)).toBe(want);
  });
});

describe('readJsonBody and nesting', () => {
  it(`refuses a body nested deeper than ${MAX_BODY_DEPTH} levels with a 422 naming the limit`, () => {
    const body = `{"name":{"first":"a"},"extra":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    let thrown: unknown;
    try {
      readJsonBody(body, false, 'application/json', 1024 * 1024);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(HttpError);
    expect((thrown as HttpError).statusCode).toBe(422);
    expect((thrown as HttpError).messages).toEqual([
      `body: must not nest arrays and objects more than ${MAX_BODY_DEPTH} levels deep`,
    ]);
  });

  it('accepts a body exactly at the limit', () => {
    const body = `${'['.repeat(MAX_BODY_DEPTH)}${']'.repeat(MAX_BODY_DEPTH)}`;
    expect(() => readJsonBody(body, false, 'application/json', 1024 * 1024)).not.toThrow();
  });

  it('checks a base64 body after decoding', () => {
    const body = Buffer.from('['.repeat(MAX_BODY_DEPTH + 1) + ']'.repeat(MAX_BODY_DEPTH + 1)).toString(
      'base64',
    );
    expect(() => readJsonBody(body, true, 'application/json', 1024 * 1024)).toThrow(HttpError);
  });
});
