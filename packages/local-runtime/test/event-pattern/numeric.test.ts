import { matchTable } from './helpers';

const num = (...spec: unknown[]) => ({ n: [{ numeric: spec }] });

describe('numeric', () => {
  matchTable([
    { name: '= equal', pattern: num('=', 3.018e2), event: { n: 301.8 }, want: true },
    {
      name: '= written differently',
      pattern: num('=', 301.8),
      event: JSON.parse('{"n": 3.018e2}'),
      want: true,
    },
    { name: '= other', pattern: num('=', 5), event: { n: 5.000001 }, want: false },
    { name: '= string event', pattern: num('=', 5), event: { n: '5' }, want: false },
    { name: '< below', pattern: num('<', 10), event: { n: 9.99 }, want: true },
    { name: '< equal', pattern: num('<', 10), event: { n: 10 }, want: false },
    { name: '< negative', pattern: num('<', 0), event: { n: -1 }, want: true },
    { name: '<= equal', pattern: num('<=', 10), event: { n: 10 }, want: true },
    { name: '<= above', pattern: num('<=', 10), event: { n: 10.000001 }, want: false },
    { name: '> equal', pattern: num('>', 0), event: { n: 0 }, want: false },
    { name: '> above', pattern: num('>', 0), event: { n: 0.000001 }, want: true },
    { name: '>= equal', pattern: num('>=', 0), event: { n: 0 }, want: true },
    { name: '>= below', pattern: num('>=', 0), event: { n: -0.5 }, want: false },
    { name: 'range (] inside', pattern: num('>', 0, '<=', 5), event: { n: 3 }, want: true },
    { name: 'range (] top', pattern: num('>', 0, '<=', 5), event: { n: 5 }, want: true },
    { name: 'range (] bottom', pattern: num('>', 0, '<=', 5), event: { n: 0 }, want: false },
    { name: 'range (] above', pattern: num('>', 0, '<=', 5), event: { n: 5.5 }, want: false },
    { name: 'range [) bottom', pattern: num('>=', 0, '<', 5), event: { n: 0 }, want: true },
    { name: 'range [) top', pattern: num('>=', 0, '<', 5), event: { n: 5 }, want: false },
    { name: 'string event', pattern: num('>', 0), event: { n: '3' }, want: false },
    { name: 'boolean event', pattern: num('>', 0), event: { n: true }, want: false },
    { name: 'null event', pattern: num('>', -1), event: { n: null }, want: false },
    { name: 'missing field', pattern: num('>', 0), event: {}, want: false },
    { name: 'event beyond 5e9 is not compared', pattern: num('>', 0), event: { n: 6e9 }, want: false },
    { name: 'event at 5e9 is compared', pattern: num('>', 0), event: { n: 5e9 }, want: true },
    { name: 'in an event array', pattern: num('>', 10), event: { n: [1, 50] }, want: true },
    { name: 'no element in range', pattern: num('>', 10), event: { n: [1, 5] }, want: false },
    {
      name: 'two ranges (either)',
      pattern: { n: [{ numeric: ['<', 0] }, { numeric: ['>', 100] }] },
      event: { n: 150 },
      want: true,
    },
    {
      name: 'two ranges (neither)',
      pattern: { n: [{ numeric: ['<', 0] }, { numeric: ['>', 100] }] },
      event: { n: 50 },
      want: false,
    },
    {
      name: 'mixed with an exact string',
      pattern: { price: [{ numeric: ['>', 100] }, 'free'] },
      event: { price: 'free' },
      want: true,
    },
    {
      name: 'mixed with anything-but',
      pattern: { price: [{ numeric: ['>', 100] }, { 'anything-but': [0, 1, 2] }] },
      event: { price: 1 },
      want: false,
    },
    { name: 'exact number value, decimal event', pattern: { n: [5] }, event: { n: 5.0 }, want: true },
  ]);
});
