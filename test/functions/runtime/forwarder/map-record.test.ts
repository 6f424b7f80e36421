import type { DynamoDBRecord } from 'aws-lambda';
import { fixedClock } from '../../../../functions/runtime/clock';
import {
  DEDUPE_TYPE,
  DETAIL_KEYS,
  GUARD_TYPE,
  MAX_PARTITION_KEY_BYTES,
  TABLE_KEY,
  TRACE_ATTRIBUTE,
  TYPE_ATTRIBUTE,
} from '../../../../functions/runtime/conventions';
import { type MappedRecord, mapRecord, mapRecords } from '../../../../functions/runtime/forwarder/map-record';
import {
  CONFIG,
  dedupeItem,
  guardItem,
  image,
  insert,
  modify,
  PERSONAL,
  remove,
  streamRecord,
  userItem,
} from './fixtures';

const clock = fixedClock('2030-01-01T00:00:00.000Z');
const AT = '2026-05-01T12:00:00.000Z';

function map(record: DynamoDBRecord): MappedRecord {
  return mapRecord(record, 0, CONFIG, clock);
}

describe('mapRecord: records of resource items become one entry each', () => {
  const cases: Array<{
    name: string;
    given: DynamoDBRecord;
    want: { detailType: string; detail: object; ttlDelete?: boolean };
  }> = [
    {
      name: 'INSERT → upserted, from the new image',
      given: insert(1, userItem('usr-1', 1)),
      want: {
        detailType: 'user.upserted',
        detail: { id: 'usr-1', event_id: 'ev-000000000000000000001', version: 1, occurred_at: AT },
      },
    },
    {
      name: 'MODIFY → upserted with the new version',
      given: modify(2, userItem('usr-1', 1), userItem('usr-1', 2)),
      want: {
        detailType: 'user.upserted',
        detail: { id: 'usr-1', event_id: 'ev-000000000000000000002', version: 2, occurred_at: AT },
      },
    },
    {
      name: 'REMOVE → deleted with the last version stored',
      given: remove(3, userItem('usr-1', 7)),
      want: {
        detailType: 'user.deleted',
        detail: { id: 'usr-1', event_id: 'ev-000000000000000000003', version: 7, occurred_at: AT },
        ttlDelete: false,
      },
    },
    {
      name: 'TTL REMOVE (userIdentity dynamodb.amazonaws.com) → deleted like any REMOVE',
      given: remove(4, userItem('usr-1', 3), { ttl: true }),
      want: {
        detailType: 'user.deleted',
        detail: { id: 'usr-1', event_id: 'ev-000000000000000000004', version: 3, occurred_at: AT },
        ttlDelete: true,
      },
    },
    {
      name: 'another resource of the service',
      given: insert(
        5,
        image({ [TABLE_KEY]: 'adr-9', [TYPE_ATTRIBUTE]: 'address', id: 'adr-9', street: 'x', version: 4 }),
      ),
      want: {
        detailType: 'address.upserted',
        detail: { id: 'adr-9', event_id: 'ev-000000000000000000005', version: 4, occurred_at: AT },
      },
    },
    {
      name: 'MODIFY with a new hash_code but the same version (a write bypassing the repository) is published',
      given: modify(6, userItem('usr-1', 2, 'old'), userItem('usr-1', 2, 'new')),
      want: {
        detailType: 'user.upserted',
        detail: { id: 'usr-1', event_id: 'ev-000000000000000000006', version: 2, occurred_at: AT },
      },
    },
    {
      name: 'no ApproximateCreationDateTime → occurred_at from the clock',
      given: streamRecord('INSERT', { seq: 7, newImage: userItem('usr-1', 1), at: Number.NaN }),
      want: {
        detailType: 'user.upserted',
        detail: {
          id: 'usr-1',
          event_id: 'ev-000000000000000000007',
          version: 1,
          occurred_at: '2030-01-01T00:00:00.000Z',
        },
      },
    },
    {
      name: 'fractional seconds are kept to the millisecond',
      given: streamRecord('INSERT', { seq: 8, newImage: userItem('usr-1', 1), at: 1_777_636_800.25 }),
      want: {
        detailType: 'user.upserted',
        detail: {
          id: 'usr-1',
          event_id: 'ev-000000000000000000008',
          version: 1,
          occurred_at: '2026-05-01T12:00:00.250Z',
        },
      },
    },
    {
      name: 'an attribute the SDK cannot convert (a number beyond 2^53) does not matter: it is never read',
      given: insert(9, { ...userItem('usr-1', 1), balance: { N: '123456789012345678901234567890' } }),
      want: {
        detailType: 'user.upserted',
        detail: { id: 'usr-1', event_id: 'ev-000000000000000000009', version: 1, occurred_at: AT },
      },
    },
  ];

  it.each(cases)('$name', ({ given, want }) => {
    const got = map(given);
    expect(got).toMatchObject({
      kind: 'event',
      detail: want.detail,
      ...(want.ttlDelete === undefined ? {} : { ttlDelete: want.ttlDelete }),
      entry: {
        EventBusName: 'tributary-bus',
        Source: 'tributary.users',
        DetailType: want.detailType,
        Time: new Date((want.detail as { occurred_at: string }).occurred_at),
      },
    });
    if (got.kind !== 'event') throw new Error('unreachable');
    // The detail is exactly the four keys, in order, and nothing of the item besides.
    expect(Object.keys(JSON.parse(got.entry.Detail ?? '{}'))).toEqual([...DETAIL_KEYS]);
    expect(JSON.parse(got.entry.Detail ?? '{}')).toEqual(want.detail);
    const sent = JSON.stringify(got.entry);
    for (const secret of Object.values(PERSONAL)) expect(sent).not.toContain(secret);
    expect(sent).not.toContain('hash_code');
  });
});

describe('mapRecord: records that produce no event', () => {
  const cases: Array<{ name: string; given: DynamoDBRecord; want: Partial<MappedRecord> }> = [
    {
      name: 'guard item INSERT',
      given: insert(1, guardItem('a@b.c', 'usr-1')),
      want: { kind: 'skipped', reason: 'not_a_resource', type: GUARD_TYPE },
    },
    {
      name: 'guard item REMOVE',
      given: remove(2, guardItem('a@b.c', 'usr-1')),
      want: { kind: 'skipped', reason: 'not_a_resource', type: GUARD_TYPE },
    },
    {
      name: 'dedupe record TTL REMOVE',
      given: remove(3, dedupeItem('ev-1'), { ttl: true }),
      want: { kind: 'skipped', reason: 'not_a_resource', type: DEDUPE_TYPE },
    },
    {
      name: 'an item of a type the service does not own',
      given: insert(4, image({ [TABLE_KEY]: 'x', [TYPE_ATTRIBUTE]: 'order', id: 'ord-1', version: 1 })),
      want: { kind: 'skipped', reason: 'not_a_resource', type: 'order' },
    },
    {
      name: 'an item without _type',
      given: insert(5, image({ [TABLE_KEY]: 'x', id: 'x', version: 1 })),
      want: { kind: 'skipped', reason: 'not_a_resource', type: undefined },
    },
    {
      name: 'MODIFY with the same version and hash_code (attribute-only change, e.g. TTL or index backfill)',
      given: modify(6, userItem('usr-1', 3, 'h'), userItem('usr-1', 3, 'h', { ix_user__email: 'a' })),
      want: { kind: 'skipped', reason: 'unchanged', type: 'user' },
    },
    {
      name: 'KEYS_ONLY INSERT (no new image)',
      given: streamRecord('INSERT', { seq: 7 }),
      want: { kind: 'unusable', reason: 'no_image' },
    },
    {
      name: 'REMOVE without old image',
      given: streamRecord('REMOVE', { seq: 8, newImage: userItem('usr-1', 1) }),
      want: { kind: 'unusable', reason: 'no_image' },
    },
    {
      name: 'unknown eventName',
      given: { ...insert(9, userItem('usr-1', 1)), eventName: 'TRUNCATE' as 'INSERT' },
      want: { kind: 'unusable', reason: 'unknown_event_name' },
    },
    {
      name: 'resource item without version',
      given: insert(10, image({ [TABLE_KEY]: 'usr-1', [TYPE_ATTRIBUTE]: 'user', id: 'usr-1' })),
      want: { kind: 'unusable', reason: 'invalid_version', type: 'user' },
    },
    {
      name: 'resource item with version 0',
      given: insert(11, userItem('usr-1', 0)),
      want: { kind: 'unusable', reason: 'invalid_version', type: 'user' },
    },
    {
      name: 'resource item without id',
      given: insert(12, image({ [TABLE_KEY]: 'usr-1', [TYPE_ATTRIBUTE]: 'user', version: 1 })),
      want: { kind: 'unusable', reason: 'invalid_id', type: 'user' },
    },
    {
      name: 'resource item with an id longer than a partition key can be',
      given: insert(13, userItem('u'.repeat(MAX_PARTITION_KEY_BYTES + 1), 1)),
      want: { kind: 'unusable', reason: 'invalid_id', type: 'user' },
    },
    {
      name: 'record without eventID',
      given: streamRecord('INSERT', { seq: 14, eventID: undefined, newImage: userItem('usr-1', 1) }),
      want: { kind: 'unusable', reason: 'no_event_id', type: 'user' },
    },
    {
      name: 'a version that is not a number',
      given: insert(15, { ...userItem('usr-1', 1), version: { N: 'not a number' } }),
      want: { kind: 'unusable', reason: 'invalid_version', type: 'user' },
    },
    {
      name: 'a malformed attribute value',
      given: insert(16, { ...userItem('usr-1', 1), [TYPE_ATTRIBUTE]: {} as { S: string } }),
      want: { kind: 'unusable', reason: 'unreadable_image' },
    },
  ];

  it.each(cases)('$name', ({ given, want }) => {
    expect(map(given)).toMatchObject({ ...want, sequenceNumber: given.dynamodb?.SequenceNumber });
  });

  it('never throws, whatever the record', () => {
    const broken = [{}, { eventName: 'REMOVE' }, { eventName: 'REMOVE', dynamodb: { OldImage: null } }];
    for (const record of broken) {
      expect(() => map(record as unknown as DynamoDBRecord)).not.toThrow();
      expect(map(record as unknown as DynamoDBRecord).kind).toBe('unusable');
    }
  });
});

it('mapRecords keeps the stream order in `index`', () => {
  const mapped = mapRecords(
    [insert(1, userItem('usr-1', 1)), insert(2, guardItem('x', 'usr-1')), remove(3, userItem('usr-1', 1))],
    CONFIG,
    clock,
  );
  expect(mapped.map((m) => [m.index, m.kind, m.sequenceNumber])).toEqual([
    [0, 'event', '000000000000000000001'],
    [1, 'skipped', '000000000000000000002'],
    [2, 'event', '000000000000000000003'],
  ]);
});

describe("mapRecord: the write's trace becomes the event's TraceHeader", () => {
  const trace = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
  const traceHeaderOf = (record: DynamoDBRecord) => {
    const mapped = map(record);
    if (mapped.kind !== 'event') throw new Error(`not an event: ${mapped.kind}`);
    return mapped.entry.TraceHeader;
  };

  it('an INSERT or MODIFY carries the trace its write kept', () => {
    expect(traceHeaderOf(insert(1, userItem('usr-1', 1, 'h1', { [TRACE_ATTRIBUTE]: trace })))).toBe(trace);
    expect(
      traceHeaderOf(
        modify(2, userItem('usr-1', 1), userItem('usr-1', 2, 'h2', { [TRACE_ATTRIBUTE]: trace })),
      ),
    ).toBe(trace);
  });

  it('a write without a trace, or with a malformed one, puts no TraceHeader (never echoed)', () => {
    expect(traceHeaderOf(insert(1, userItem('usr-1', 1)))).toBeUndefined();
    expect(
      traceHeaderOf(insert(1, userItem('usr-1', 1, 'h1', { [TRACE_ATTRIBUTE]: 'Root=<x>' }))),
    ).toBeUndefined();
    expect(traceHeaderOf(insert(1, userItem('usr-1', 1, 'h1', { [TRACE_ATTRIBUTE]: 42 })))).toBeUndefined();
  });

  it("a REMOVE carries none: the old image's trace is the last write's, not the deletion's", () => {
    expect(
      traceHeaderOf(remove(3, userItem('usr-1', 7, 'h7', { [TRACE_ATTRIBUTE]: trace }))),
    ).toBeUndefined();
  });

  it('a MODIFY of the trace alone is no change: no event', () => {
    const mapped = map(
      modify(4, userItem('usr-1', 2), userItem('usr-1', 2, 'h2', { [TRACE_ATTRIBUTE]: trace })),
    );
    expect(mapped.kind).toBe('skipped');
  });
});
