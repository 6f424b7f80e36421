import { matchTable } from './helpers';

describe('prefix', () => {
  matchTable([
    {
      name: 'begins with',
      pattern: { region: [{ prefix: 'us-' }] },
      event: { region: 'us-east-1' },
      want: true,
    },
    {
      name: 'does not begin with',
      pattern: { region: [{ prefix: 'us-' }] },
      event: { region: 'eu-west-1' },
      want: false,
    },
    {
      name: 'case matters',
      pattern: { region: [{ prefix: 'us-' }] },
      event: { region: 'US-EAST-1' },
      want: false,
    },
    { name: 'whole value', pattern: { region: [{ prefix: 'us-' }] }, event: { region: 'us-' }, want: true },
    { name: 'number event', pattern: { n: [{ prefix: '12' }] }, event: { n: 123 }, want: false },
    { name: 'null event', pattern: { n: [{ prefix: 'n' }] }, event: { n: null }, want: false },
    { name: 'missing field', pattern: { n: [{ prefix: 'a' }] }, event: {}, want: false },
    { name: 'empty prefix, any string', pattern: { n: [{ prefix: '' }] }, event: { n: 'x' }, want: true },
    { name: 'empty prefix, empty string', pattern: { n: [{ prefix: '' }] }, event: { n: '' }, want: true },
    {
      name: 'in an event array',
      pattern: { r: [{ prefix: 'arn:' }] },
      event: { r: ['x', 'arn:aws'] },
      want: true,
    },
    {
      name: 'ignoring case',
      pattern: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] },
      event: { service: 'eventbridge' },
      want: true,
    },
    {
      name: 'ignoring case, upper-case event',
      pattern: { service: [{ prefix: { 'equals-ignore-case': 'eventb' } }] },
      event: { service: 'EVENTBRIDGE' },
      want: true,
    },
    {
      name: 'ignoring case, other text',
      pattern: { service: [{ prefix: { 'equals-ignore-case': 'eventb' } }] },
      event: { service: 'lambda' },
      want: false,
    },
  ]);
});

describe('suffix', () => {
  matchTable([
    { name: 'ends with', pattern: { f: [{ suffix: '.png' }] }, event: { f: 'a.png' }, want: true },
    { name: 'does not end with', pattern: { f: [{ suffix: '.png' }] }, event: { f: 'a.jpg' }, want: false },
    { name: 'case matters', pattern: { f: [{ suffix: '.png' }] }, event: { f: 'a.PNG' }, want: false },
    { name: 'number event', pattern: { f: [{ suffix: '5' }] }, event: { f: 5 }, want: false },
    {
      name: 'ignoring case',
      pattern: { f: [{ suffix: { 'equals-ignore-case': '.png' } }] },
      event: { f: 'A.PNG' },
      want: true,
    },
    {
      name: 'ignoring case, other text',
      pattern: { f: [{ suffix: { 'equals-ignore-case': '.png' } }] },
      event: { f: 'a.gif' },
      want: false,
    },
    {
      name: 'prefix or suffix',
      pattern: { f: [{ prefix: 'img/' }, { suffix: '.png' }] },
      event: { f: 'doc/a.png' },
      want: true,
    },
  ]);
});
