import { matchTable } from './helpers';

describe('exact values', () => {
  matchTable([
    { name: 'string equal', pattern: { source: ['aws.ec2'] }, event: { source: 'aws.ec2' }, want: true },
    {
      name: 'string, other casing',
      pattern: { source: ['aws.ec2'] },
      event: { source: 'AWS.EC2' },
      want: false,
    },
    {
      name: 'string, other value',
      pattern: { source: ['aws.ec2'] },
      event: { source: 'aws.s3' },
      want: false,
    },
    {
      name: 'one of several values',
      pattern: { state: ['stopped', 'running'] },
      event: { state: 'running' },
      want: true,
    },
    {
      name: 'none of several values',
      pattern: { state: ['stopped', 'running'] },
      event: { state: 'pending' },
      want: false,
    },
    { name: 'field missing', pattern: { source: ['aws.ec2'] }, event: { other: 'aws.ec2' }, want: false },
    {
      name: 'other event fields are ignored',
      pattern: { a: ['x'] },
      event: { a: 'x', b: 1, c: { d: 2 } },
      want: true,
    },
    { name: 'number equal', pattern: { n: [5] }, event: { n: 5 }, want: true },
    {
      name: 'number written differently',
      pattern: { n: [300] },
      event: JSON.parse('{"n": 3.0e2}'),
      want: true,
    },
    { name: 'decimal number', pattern: { n: [301.8] }, event: { n: 301.8 }, want: true },
    { name: 'number, other value', pattern: { n: [5] }, event: { n: 6 }, want: false },
    { name: 'number pattern, string event', pattern: { n: [5] }, event: { n: '5' }, want: false },
    { name: 'string pattern, number event', pattern: { n: ['5'] }, event: { n: 5 }, want: false },
    {
      name: 'large integer (account id)',
      pattern: { account: [123456789012] },
      event: { account: 123456789012 },
      want: true,
    },
    { name: 'true', pattern: { flag: [true] }, event: { flag: true }, want: true },
    { name: 'false', pattern: { flag: [false] }, event: { flag: false }, want: true },
    { name: 'true against false', pattern: { flag: [true] }, event: { flag: false }, want: false },
    {
      name: 'boolean pattern, string event',
      pattern: { flag: [true] },
      event: { flag: 'true' },
      want: false,
    },
    { name: 'false against missing', pattern: { flag: [false] }, event: {}, want: false },
    { name: 'null', pattern: { x: [null] }, event: { x: null }, want: true },
    { name: 'null against missing', pattern: { x: [null] }, event: {}, want: false },
    { name: 'null against empty string', pattern: { x: [null] }, event: { x: '' }, want: false },
    { name: 'null against "null"', pattern: { x: [null] }, event: { x: 'null' }, want: false },
    { name: 'mixed kinds of values', pattern: { x: ['a', 1, true, null] }, event: { x: null }, want: true },
    {
      name: 'value against an object',
      pattern: { detail: ['x'] },
      event: { detail: { a: 'x' } },
      want: false,
    },
    {
      name: 'IP literal written differently',
      pattern: { ip: ['2001:db8::1'] },
      event: { ip: '2001:DB8:0:0:0:0:0:1' },
      want: true,
    },
    {
      name: 'IP literal, other address',
      pattern: { ip: ['10.0.0.1'] },
      event: { ip: '10.0.0.2' },
      want: false,
    },
  ]);
});

describe('empty strings', () => {
  matchTable([
    { name: '"" against ""', pattern: { name: [''] }, event: { name: '' }, want: true },
    { name: '"" against null', pattern: { name: [''] }, event: { name: null }, want: false },
    { name: '"" against missing', pattern: { name: [''] }, event: {}, want: false },
    { name: '"" against a space', pattern: { name: [''] }, event: { name: ' ' }, want: false },
    { name: '"" or a value', pattern: { name: ['', 'x'] }, event: { name: 'x' }, want: true },
    { name: '"" in an event array', pattern: { tags: [''] }, event: { tags: ['a', ''] }, want: true },
  ]);
});
