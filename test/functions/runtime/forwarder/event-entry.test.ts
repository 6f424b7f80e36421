/**
 * The one EventBridge entry builder (functions/runtime/forwarder/event-entry.ts), and the proof
 * that the forwarder and republish both use it: for the same item they put the same entry, but for
 * the event id.
 */
import { TestClock } from '../../../../functions/runtime/clock';
import { DETAIL_KEYS } from '../../../../functions/runtime/conventions';
import { entrySize } from '../../../../functions/runtime/forwarder/entry-size';
import {
  eventEntry,
  keptTrace,
  type ResourceEvent,
} from '../../../../functions/runtime/forwarder/event-entry';
import { mapRecord } from '../../../../functions/runtime/forwarder/map-record';
import { republishEvent } from '../../../../lib/ops/republish';
import { AT_SECONDS, CONFIG, insert, remove, userItem } from './fixtures';

const AT = new Date(AT_SECONDS * 1000);

const EVENT: ResourceEvent = {
  eventBusName: 'tributary-bus',
  service: 'users',
  resource: 'user',
  action: 'deleted',
  id: 'usr-1',
  eventId: 'ev-1',
  version: 3,
  at: AT,
};

describe('eventEntry', () => {
  it('puts source, detail type, the detail in its key order and the time of the change', () => {
    const { detail, entry, size } = eventEntry(EVENT);
    expect(detail).toEqual({
      id: 'usr-1',
      event_id: 'ev-1',
      version: 3,
      occurred_at: '2026-05-01T12:00:00.000Z',
    });
    expect(entry).toEqual({
      EventBusName: 'tributary-bus',
      Source: 'tributary.users',
      DetailType: 'user.deleted',
      Detail: JSON.stringify(detail),
      Time: AT,
    });
    expect(Object.keys(JSON.parse(entry.Detail ?? '{}'))).toEqual([...DETAIL_KEYS]);
    expect(size).toBe(entrySize(entry));
  });

  it('counts a long id in the size, in UTF-8 bytes', () => {
    const short = eventEntry(EVENT).size;
    expect(eventEntry({ ...EVENT, id: '€'.repeat(100) }).size - short).toBe(300 - 'usr-1'.length);
  });
});

describe('the forwarder and republish', () => {
  it('put the same entry for the same item, but for the event id', () => {
    const clock = new TestClock('2026-06-01T00:00:00.000Z');
    const forwarded = mapRecord(insert(1, userItem('usr-1', 3), { eventID: 'ev-1' }), 0, CONFIG, clock);
    const republished = republishEvent(
      { service: 'users', resources: ['user'], tableName: 'users-table', eventBusName: 'tributary-bus' },
      'user',
      { id: 'usr-1', version: 3, createdAt: undefined },
      0,
      'republish-1',
      AT,
    );
    if (forwarded.kind !== 'event') throw new Error(`not an event: ${forwarded.kind}`);
    const withoutEventId = (detail: string | undefined) => ({ ...JSON.parse(detail ?? '{}'), event_id: '-' });
    expect({ ...republished.entry, Detail: withoutEventId(republished.entry.Detail) }).toEqual({
      ...forwarded.entry,
      Detail: withoutEventId(forwarded.entry.Detail),
    });
    expect([forwarded.detail.event_id, republished.detail.event_id]).toEqual(['ev-1', 'republish-1']);
    expect(republished.size).toBe(entrySize(republished.entry));
  });

  it('the forwarder puts a deleted event for a REMOVE, from the old image', () => {
    const clock = new TestClock('2026-06-01T00:00:00.000Z');
    const mapped = mapRecord(remove(2, userItem('usr-1', 3), { eventID: 'ev-1' }), 0, CONFIG, clock);
    if (mapped.kind !== 'event') throw new Error(`not an event: ${mapped.kind}`);
    expect(mapped.entry).toEqual(eventEntry(EVENT).entry);
  });
});

describe('eventEntry: the trace', () => {
  it("sets TraceHeader from the write's trace, and leaves it out without one; the size does not count it", () => {
    const base = {
      eventBusName: 'tributary-dev',
      service: 'users',
      resource: 'user',
      action: 'upserted' as const,
      id: 'usr-1',
      eventId: 'ev-1',
      version: 1,
      at: new Date('2026-05-01T12:00:00.000Z'),
    };
    const traced = eventEntry({
      ...base,
      trace: { traceId: '1-5759e988-bd862e3fe1be46a994272793', sampled: true },
    });
    expect(traced.entry.TraceHeader).toBe('Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1');
    const untraced = eventEntry(base);
    expect(untraced.entry).not.toHaveProperty('TraceHeader');
    expect(traced.size).toBe(untraced.size);
  });
});

describe('keptTrace: the trace a stored item kept of its write', () => {
  const header = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';

  it('reads `_trace` strictly: a valid X-Ray header, else none', () => {
    expect(keptTrace({ id: 'usr-1', _trace: header })).toEqual({
      traceId: '1-5759e988-bd862e3fe1be46a994272793',
      parentId: '53995c3f42cd8ad8',
      sampled: true,
    });
    expect(keptTrace({ id: 'usr-1' })).toBeUndefined();
    expect(keptTrace({ id: 'usr-1', _trace: 'Root=<x>' })).toBeUndefined();
    expect(keptTrace({ id: 'usr-1', _trace: 42 })).toBeUndefined();
  });

  it('gives the forwarder and republish the same TraceHeader for the same item', () => {
    const forwarded = mapRecord(
      insert(1, userItem('usr-1', 4, 'h4', { _trace: header })),
      0,
      CONFIG,
      new TestClock('2026-06-01T00:00:00.000Z'),
    );
    if (forwarded.kind !== 'event') throw new Error(`not an event: ${forwarded.kind}`);
    const republished = republishEvent(
      { service: 'users', resources: ['user'], tableName: 't', eventBusName: CONFIG.eventBusName },
      'user',
      { id: 'usr-1', version: 4, createdAt: undefined, trace: keptTrace({ _trace: header }) },
      0,
      'republish-1',
      AT,
    );
    expect(forwarded.entry.TraceHeader).toBe(header);
    expect(republished.entry.TraceHeader).toBe(header);
  });
});
