import { matchTable } from './helpers';

const ab = (value: unknown) => ({ state: [{ 'anything-but': value }] });

describe('anything-but: one value', () => {
  matchTable([
    { name: 'other string', pattern: ab('initializing'), event: { state: 'running' }, want: true },
    { name: 'the string', pattern: ab('initializing'), event: { state: 'initializing' }, want: false },
    {
      name: 'the string in other casing',
      pattern: ab('initializing'),
      event: { state: 'INITIALIZING' },
      want: true,
    },
    { name: 'missing field', pattern: ab('initializing'), event: {}, want: false },
    { name: 'a number is not the string', pattern: ab('5'), event: { state: 5 }, want: true },
    { name: 'null is not the string', pattern: ab('initializing'), event: { state: null }, want: true },
    { name: 'a boolean is not the string', pattern: ab('true'), event: { state: true }, want: true },
    { name: 'empty string excluded', pattern: ab(''), event: { state: '' }, want: false },
    { name: 'empty string excluded, other value', pattern: ab(''), event: { state: 'x' }, want: true },
    { name: 'other number', pattern: ab(123), event: { state: 124 }, want: true },
    { name: 'the number', pattern: ab(123), event: { state: 123 }, want: false },
    {
      name: 'the number written differently',
      pattern: ab(300),
      event: JSON.parse('{"state": 3e2}'),
      want: false,
    },
    { name: 'a string is not the number', pattern: ab(123), event: { state: '123' }, want: true },
    {
      name: 'event array with an allowed element',
      pattern: ab('initializing'),
      event: { state: ['initializing', 'running'] },
      want: true,
    },
    {
      name: 'event array of excluded values',
      pattern: ab('initializing'),
      event: { state: ['initializing'] },
      want: false,
    },
    { name: 'empty event array', pattern: ab('initializing'), event: { state: [] }, want: false },
    { name: 'object (no value)', pattern: ab('initializing'), event: { state: { a: 1 } }, want: false },
  ]);
});

describe('anything-but: lists', () => {
  matchTable([
    {
      name: 'strings, other value',
      pattern: ab(['stopped', 'overloaded']),
      event: { state: 'running' },
      want: true,
    },
    {
      name: 'strings, first value',
      pattern: ab(['stopped', 'overloaded']),
      event: { state: 'stopped' },
      want: false,
    },
    {
      name: 'strings, second value',
      pattern: ab(['stopped', 'overloaded']),
      event: { state: 'overloaded' },
      want: false,
    },
    { name: 'numbers, other value', pattern: ab([100, 200, 300]), event: { state: 301.8 }, want: true },
    { name: 'numbers, listed value', pattern: ab([100, 200, 300]), event: { state: 200 }, want: false },
    { name: 'numbers, a string', pattern: ab([100, 200, 300]), event: { state: '200' }, want: true },
    { name: 'numbers, event array', pattern: ab([100, 500]), event: { state: [100, 50] }, want: true },
    {
      name: 'numbers, event array all listed',
      pattern: ab([100, 500]),
      event: { state: [100, 500] },
      want: false,
    },
  ]);
});

describe('anything-but: prefix and suffix', () => {
  matchTable([
    { name: 'prefix, other start', pattern: ab({ prefix: 'init' }), event: { state: 'running' }, want: true },
    {
      name: 'prefix, that start',
      pattern: ab({ prefix: 'init' }),
      event: { state: 'initializing' },
      want: false,
    },
    {
      name: 'prefix, other casing',
      pattern: ab({ prefix: 'init' }),
      event: { state: 'INITIALIZING' },
      want: true,
    },
    { name: 'prefix, a number', pattern: ab({ prefix: '1' }), event: { state: 123 }, want: true },
    { name: 'prefix, missing field', pattern: ab({ prefix: 'init' }), event: {}, want: false },
    {
      name: 'prefix list, first',
      pattern: ab({ prefix: ['init', 'stop'] }),
      event: { state: 'init-1' },
      want: false,
    },
    {
      name: 'prefix list, second',
      pattern: ab({ prefix: ['init', 'stop'] }),
      event: { state: 'stopped' },
      want: false,
    },
    {
      name: 'prefix list, other',
      pattern: ab({ prefix: ['init', 'stop'] }),
      event: { state: 'running' },
      want: true,
    },
    { name: 'suffix, other end', pattern: ab({ suffix: '.png' }), event: { state: 'a.jpg' }, want: true },
    { name: 'suffix, that end', pattern: ab({ suffix: '.png' }), event: { state: 'a.png' }, want: false },
    {
      name: 'suffix list',
      pattern: ab({ suffix: ['.txt', '.rtf'] }),
      event: { state: 'doc.rtf' },
      want: false,
    },
    {
      name: 'suffix list, other',
      pattern: ab({ suffix: ['.txt', '.rtf'] }),
      event: { state: 'doc.pdf' },
      want: true,
    },
  ]);
});

describe('anything-but: equals-ignore-case and wildcard', () => {
  matchTable([
    {
      name: 'ignore case, any casing excluded',
      pattern: ab({ 'equals-ignore-case': 'initializing' }),
      event: { state: 'INITIALIZING' },
      want: false,
    },
    {
      name: 'ignore case, other value',
      pattern: ab({ 'equals-ignore-case': 'initializing' }),
      event: { state: 'running' },
      want: true,
    },
    {
      name: 'ignore case list',
      pattern: ab({ 'equals-ignore-case': ['initializing', 'stopped'] }),
      event: { state: 'Stopped' },
      want: false,
    },
    {
      name: 'wildcard, matching path excluded',
      pattern: ab({ wildcard: '*/lib/*' }),
      event: { state: '/usr/lib/x' },
      want: false,
    },
    {
      name: 'wildcard, other path',
      pattern: ab({ wildcard: '*/lib/*' }),
      event: { state: '/usr/bin/x' },
      want: true,
    },
    {
      name: 'wildcard list',
      pattern: ab({ wildcard: ['*/lib/*', '*/bin/*'] }),
      event: { state: '/usr/bin/x' },
      want: false,
    },
    { name: 'wildcard, a number', pattern: ab({ wildcard: '*' }), event: { state: 5 }, want: true },
  ]);
});

describe('anything-but with other alternatives', () => {
  matchTable([
    {
      name: 'excluded by anything-but but listed as a value',
      pattern: { state: [{ 'anything-but': 'a' }, 'a'] },
      event: { state: 'a' },
      want: true,
    },
    {
      name: 'anything-but or a prefix',
      pattern: { state: [{ 'anything-but': ['a', 'b'] }, { prefix: 'b' }] },
      event: { state: 'b' },
      want: true,
    },
  ]);
});
