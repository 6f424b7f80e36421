import { matchTable } from './helpers';

const ec2 = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};

describe('nested objects', () => {
  matchTable([
    {
      name: 'the documentation example',
      pattern: {
        source: ['aws.ec2'],
        'detail-type': ['EC2 Instance State-change Notification'],
        detail: { state: ['terminated'] },
      },
      event: ec2,
      want: true,
    },
    {
      name: 'the documentation example, other state',
      pattern: { source: ['aws.ec2'], detail: { state: ['running'] } },
      event: ec2,
      want: false,
    },
    { name: 'parent missing', pattern: { detail: { state: ['x'] } }, event: { source: 'x' }, want: false },
    { name: 'parent is a value', pattern: { detail: { state: ['x'] } }, event: { detail: 'x' }, want: false },
    {
      name: 'three levels',
      pattern: { a: { b: { c: [1] } } },
      event: { a: { b: { c: 1, d: 2 } } },
      want: true,
    },
    {
      name: 'three levels, other value',
      pattern: { a: { b: { c: [1] } } },
      event: { a: { b: { c: 2 } } },
      want: false,
    },
    {
      name: 'every nested field must match',
      pattern: { detail: { a: ['x'], b: ['y'] } },
      event: { detail: { a: 'x', b: 'z' } },
      want: false,
    },
    {
      name: 'a dotted name is a name, not a path',
      pattern: { detail: { 'a.b': [1] } },
      event: { detail: { a: { b: 1 } } },
      want: false,
    },
    {
      name: 'a dotted name in the event',
      pattern: { detail: { 'a.b': [1] } },
      event: { detail: { 'a.b': 1 } },
      want: true,
    },
    {
      name: 'the complex documentation example',
      pattern: {
        time: [{ prefix: '2017-10-02' }],
        detail: {
          state: [{ 'anything-but': 'initializing' }],
          'c-count': [{ numeric: ['>', 0, '<=', 5] }],
          'd-count': [{ numeric: ['<', 10] }],
          'x-limit': [{ 'anything-but': [100, 200, 300] }],
        },
      },
      event: {
        time: '2017-10-02T16:24:49Z',
        detail: { 'c-count': 5, 'd-count': 3, 'x-limit': 301.8, 'source-ip': '10.0.0.33', state: 'running' },
      },
      want: true,
    },
  ]);
});

describe('cidr', () => {
  matchTable([
    {
      name: 'IPv4 inside',
      pattern: { ip: [{ cidr: '10.0.0.0/24' }] },
      event: { ip: '10.0.0.33' },
      want: true,
    },
    {
      name: 'IPv4 last address',
      pattern: { ip: [{ cidr: '10.0.0.0/24' }] },
      event: { ip: '10.0.0.255' },
      want: true,
    },
    {
      name: 'IPv4 outside',
      pattern: { ip: [{ cidr: '10.0.0.0/24' }] },
      event: { ip: '10.0.1.0' },
      want: false,
    },
    {
      name: 'host bits in the range are ignored',
      pattern: { ip: [{ cidr: '10.0.0.77/24' }] },
      event: { ip: '10.0.0.1' },
      want: true,
    },
    {
      name: 'IPv6 inside',
      pattern: { ip: [{ cidr: '2001:db8::/32' }] },
      event: { ip: '2001:db8:ffff::1' },
      want: true,
    },
    {
      name: 'IPv6 outside',
      pattern: { ip: [{ cidr: '2001:db8::/32' }] },
      event: { ip: '2001:db9::1' },
      want: false,
    },
    {
      name: 'IPv4 event, IPv6 range',
      pattern: { ip: [{ cidr: '::/0' }] },
      event: { ip: '10.0.0.1' },
      want: false,
    },
    {
      name: 'not an address',
      pattern: { ip: [{ cidr: '10.0.0.0/8' }] },
      event: { ip: 'localhost' },
      want: false,
    },
    { name: 'a number', pattern: { ip: [{ cidr: '10.0.0.0/8' }] }, event: { ip: 10 }, want: false },
  ]);
});
