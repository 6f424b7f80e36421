import { matchTable } from './helpers';

const topLevel = {
  source: ['aws.cloudwatch'],
  $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }],
};

const nested = {
  source: ['aws.cloudwatch'],
  $or: [
    { metricName: ['CPUUtilization'] },
    { metricType: ['MetricType'], namespace: ['AWS/EC2'], $or: [{ metricId: [1234] }, { spaceId: [1000] }] },
    { scope: ['Service'] },
  ],
};

const parallel = {
  $or: [{ a: [1] }, { b: [2] }],
  detail: { $or: [{ c: [3] }, { d: [4] }] },
};

describe('$or', () => {
  matchTable([
    {
      name: 'top level, first',
      pattern: topLevel,
      event: { source: 'aws.cloudwatch', metricName: 'ReadLatency' },
      want: true,
    },
    {
      name: 'top level, second',
      pattern: topLevel,
      event: { source: 'aws.cloudwatch', namespace: 'AWS/ES' },
      want: true,
    },
    {
      name: 'top level, neither',
      pattern: topLevel,
      event: { source: 'aws.cloudwatch', namespace: 'AWS/S3' },
      want: false,
    },
    {
      name: 'top level, AND part fails',
      pattern: topLevel,
      event: { source: 'aws.ec2', metricName: 'ReadLatency' },
      want: false,
    },
    {
      name: 'an AND inside an alternative',
      pattern: nested,
      event: { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2', spaceId: 1000 },
      want: true,
    },
    {
      name: 'an AND inside an alternative, inner $or fails',
      pattern: nested,
      event: { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2', spaceId: 1 },
      want: false,
    },
    {
      name: 'an AND inside an alternative, half of it',
      pattern: nested,
      event: { source: 'aws.cloudwatch', metricType: 'MetricType', metricId: 1234 },
      want: false,
    },
    {
      name: 'last alternative',
      pattern: nested,
      event: { source: 'aws.cloudwatch', scope: 'Service' },
      want: true,
    },
    { name: 'parallel $or, both hold', pattern: parallel, event: { b: 2, detail: { c: 3 } }, want: true },
    { name: 'parallel $or, one holds', pattern: parallel, event: { b: 2, detail: { c: 4 } }, want: false },
    {
      name: 'inside a nested object',
      pattern: {
        detail: {
          $or: [{ 'c-count': [{ numeric: ['>', 0, '<=', 5] }] }, { 'd-count': [{ numeric: ['<', 10] }] }],
        },
      },
      event: { detail: { 'c-count': 99, 'd-count': 3 } },
      want: true,
    },
    {
      name: 'inside a nested object, neither',
      pattern: {
        detail: {
          $or: [{ 'c-count': [{ numeric: ['>', 0, '<=', 5] }] }, { 'd-count': [{ numeric: ['<', 10] }] }],
        },
      },
      event: { detail: { 'c-count': 99, 'd-count': 99 } },
      want: false,
    },
    {
      name: 'an alternative with exists: false',
      pattern: { $or: [{ deleted: [{ exists: false }] }, { deleted: [false] }] },
      event: { other: 1 },
      want: true,
    },
    {
      name: 'an alternative with exists: false, other value',
      pattern: { $or: [{ deleted: [{ exists: false }] }, { deleted: [false] }] },
      event: { deleted: true },
      want: false,
    },
    {
      name: 'alternatives with nested objects',
      pattern: { $or: [{ detail: { a: ['x'] } }, { detail: { b: ['y'] } }] },
      event: { detail: { b: 'y' } },
      want: true,
    },
  ]);
});
