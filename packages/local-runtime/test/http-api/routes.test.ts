import { RouteTable } from '../../src/http-api';
import { route } from './helpers';

describe('RouteTable', () => {
  const table = new RouteTable([
    route('$default', '$default', 'Default'),
    route('ANY', '/{proxy+}', 'AnyGreedy'),
    route('GET', '/a/{x}', 'GetAX'),
    route('GET', '/a/b', 'GetAB'),
    route('ANY', '/a/b', 'AnyAB'),
    route('GET', '/a/{x}/{rest+}', 'GetAXRest'),
    route('GET', '/', 'Root'),
  ]);
  const pick = (method: string, path: string) => {
    const match = table.match(method, path);
    return match && [match.route.functionId, match.routeKey, match.pathParameters];
  };

  it('prefers literals over variables over greedy variables, then a method over ANY', () => {
    expect(pick('GET', '/a/b')).toEqual(['GetAB', 'GET /a/b', undefined]);
    expect(pick('POST', '/a/b')).toEqual(['AnyAB', 'ANY /a/b', undefined]);
    expect(pick('GET', '/a/c')).toEqual(['GetAX', 'GET /a/{x}', { x: 'c' }]);
    expect(pick('GET', '/a/c/d/e')).toEqual(['GetAXRest', 'GET /a/{x}/{rest+}', { x: 'c', rest: 'd/e' }]);
    expect(pick('POST', '/a/c')).toEqual(['AnyGreedy', 'ANY /{proxy+}', { proxy: 'a/c' }]);
    expect(pick('GET', '/')).toEqual(['Root', 'GET /', undefined]);
  });

  it('falls back to $default', () => {
    expect(pick('POST', '/')).toEqual(['Default', '$default', undefined]);
    expect(new RouteTable([route('GET', '/x', 'X')]).match('GET', '/y')).toBeUndefined();
  });

  it('decodes variables, keeps a malformed escape as it is, and treats __proto__ as data', () => {
    expect(pick('GET', '/a/%E2%9C%93')?.[2]).toEqual({ x: '✓' });
    expect(pick('GET', '/a/%E2%9C')?.[2]).toEqual({ x: '%E2%9C' });
    const proto = new RouteTable([route('GET', '/p/{__proto__}', 'P')]).match('GET', '/p/v');
    expect(Object.getPrototypeOf(proto?.pathParameters)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(proto?.pathParameters, '__proto__')?.value).toBe('v');
  });

  it('refuses a greedy variable before the last segment', () => {
    expect(() => new RouteTable([route('GET', '/{a+}/b', 'X')])).toThrow(/greedy variable must be the last/);
  });
});
