import { matchTable } from './helpers';

const w = (wildcard: string) => ({ f: [{ wildcard }] });

describe('wildcard', () => {
  matchTable([
    { name: 'leading star', pattern: w('*.png'), event: { f: 'a.png' }, want: true },
    { name: 'leading star, other end', pattern: w('*.png'), event: { f: 'a.jpg' }, want: false },
    { name: 'star in the middle', pattern: w('dir/*.png'), event: { f: 'dir/x.png' }, want: true },
    { name: 'star crosses slashes', pattern: w('dir/*.png'), event: { f: 'dir/sub/x.png' }, want: true },
    {
      name: 'star in the middle, other start',
      pattern: w('dir/*.png'),
      event: { f: 'other/x.png' },
      want: false,
    },
    { name: 'star matches nothing', pattern: w('a*b'), event: { f: 'ab' }, want: true },
    { name: 'several stars', pattern: w('*/lib/*'), event: { f: '/usr/lib/x' }, want: true },
    { name: 'several stars, no match', pattern: w('*/lib/*'), event: { f: '/usr/bin/x' }, want: false },
    { name: 'stars in order', pattern: w('a*b*c'), event: { f: 'aXbYc' }, want: true },
    { name: 'stars, pieces out of order', pattern: w('a*b*c'), event: { f: 'acb' }, want: false },
    { name: 'pieces must not overlap', pattern: w('ab*ba'), event: { f: 'aba' }, want: false },
    { name: 'star both ends', pattern: w('*a*'), event: { f: 'bab' }, want: true },
    { name: 'only a star, empty string', pattern: w('*'), event: { f: '' }, want: true },
    { name: 'no star is an exact match', pattern: w('abc'), event: { f: 'abc' }, want: true },
    { name: 'no star, other text', pattern: w('abc'), event: { f: 'abcd' }, want: false },
    { name: 'case matters', pattern: w('*.png'), event: { f: 'a.PNG' }, want: false },
    { name: 'escaped star is literal', pattern: w('a\\*b'), event: { f: 'a*b' }, want: true },
    { name: 'escaped star is not a wildcard', pattern: w('a\\*b'), event: { f: 'axb' }, want: false },
    { name: 'escaped and real stars', pattern: w('\\**'), event: { f: '*rest' }, want: true },
    { name: 'escaped backslash', pattern: w('a\\\\b'), event: { f: 'a\\b' }, want: true },
    { name: 'escaped backslash then star', pattern: w('a\\\\*'), event: { f: 'a\\anything' }, want: true },
    { name: 'number event', pattern: w('*'), event: { f: 5 }, want: false },
    { name: 'null event', pattern: w('*'), event: { f: null }, want: false },
    { name: 'in an event array', pattern: w('*.png'), event: { f: ['a.gif', 'b.png'] }, want: true },
  ]);
});
