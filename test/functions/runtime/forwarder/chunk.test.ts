import fc from 'fast-check';
import { fixedClock } from '../../../../functions/runtime/clock';
import { MAX_PARTITION_KEY_BYTES, TYPE_ATTRIBUTE } from '../../../../functions/runtime/conventions';
import { chunkBySize, PUT_EVENTS_LIMITS } from '../../../../functions/runtime/forwarder/chunk';
import { forwarderConfig } from '../../../../functions/runtime/forwarder/config';
import {
  entrySize,
  MAX_CALL_BYTES,
  MAX_ENTRIES_PER_CALL,
} from '../../../../functions/runtime/forwarder/entry-size';
import { mapRecord } from '../../../../functions/runtime/forwarder/map-record';
import { insert, remove, userItem } from './fixtures';

const sized = (...sizes: number[]) => sizes.map((size, i) => ({ i, size }));
const shape = (chunks: Array<Array<{ i: number }>>) => chunks.map((chunk) => chunk.map((item) => item.i));

describe('entrySize (EventBridge formula)', () => {
  it.each([
    {
      name: 'source + detail type + detail',
      entry: { Source: 'ab', DetailType: 'cde', Detail: '{}' },
      want: 7,
    },
    {
      name: 'Time adds 14 bytes',
      entry: { Source: 'a', DetailType: 'b', Detail: 'c', Time: new Date() },
      want: 17,
    },
    { name: 'UTF-8 bytes, not characters', entry: { Source: 'é', DetailType: '€', Detail: '😀' }, want: 9 },
    {
      name: 'resources count',
      entry: { Source: 'a', DetailType: 'b', Resources: ['arn:1', 'arn:22'] },
      want: 13,
    },
    {
      name: 'bus name does not count',
      entry: { Source: 'a', DetailType: 'b', EventBusName: 'long-bus' },
      want: 2,
    },
  ])('$name', ({ entry, want }) => {
    expect(entrySize(entry)).toBe(want);
  });
});

describe('chunkBySize', () => {
  it.each([
    { name: 'nothing', given: sized(), want: [] },
    { name: 'up to 10 per call', given: sized(...Array(10).fill(1)), want: [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]] },
    {
      name: '11 entries → 10 + 1',
      given: sized(...Array(11).fill(1)),
      want: [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [10]],
    },
    {
      name: 'byte limit closes a call before 10 entries',
      given: sized(100_000, 100_000, 62_144, 1),
      want: [[0, 1, 2], [3]],
    },
    { name: 'exactly 256 KB fits', given: sized(MAX_CALL_BYTES - 1, 1), want: [[0, 1]] },
    { name: 'one byte over moves on', given: sized(MAX_CALL_BYTES - 1, 2), want: [[0], [1]] },
    {
      name: 'a single entry of 256 KB goes alone',
      given: sized(5, MAX_CALL_BYTES, 5),
      want: [[0], [1], [2]],
    },
  ])('$name', ({ given, want }) => {
    expect(shape(chunkBySize(given))).toEqual(want);
  });

  it('an entry over 256 KB cannot be sent: it is a bug, asserted', () => {
    expect(() => chunkBySize(sized(1, MAX_CALL_BYTES + 1))).toThrow(RangeError);
  });

  it('keeps order, never exceeds either limit, and never splits a call that could take more', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 120_000 }), { maxLength: 60 }), (sizes) => {
        const chunks = chunkBySize(sized(...sizes));
        expect(chunks.flat().map((item) => item.i)).toEqual(sizes.map((_, i) => i));
        chunks.forEach((chunk, c) => {
          const bytes = chunk.reduce((sum, item) => sum + item.size, 0);
          expect(chunk.length).toBeGreaterThan(0);
          expect(chunk.length).toBeLessThanOrEqual(PUT_EVENTS_LIMITS.maxEntries);
          expect(bytes).toBeLessThanOrEqual(PUT_EVENTS_LIMITS.maxBytes);
          const next = chunks[c + 1]?.[0];
          if (next !== undefined && chunk.length < PUT_EVENTS_LIMITS.maxEntries) {
            expect(bytes + next.size).toBeGreaterThan(PUT_EVENTS_LIMITS.maxBytes);
          }
        });
      }),
    );
  });
});

it('a real entry is tiny: even the worst case (2,048-byte id, 128-character names) is ~2.5 KB, so 10 fit', () => {
  const config = forwarderConfig({
    service: 's'.repeat(128),
    eventBusName: 'bus',
    resourceTypes: ['r'.repeat(128)],
  });
  const item = {
    ...userItem('€'.repeat(MAX_PARTITION_KEY_BYTES / 3), 2 ** 53 - 1),
    [TYPE_ATTRIBUTE]: { S: 'r'.repeat(128) },
  };
  const sizes = [insert(1, item), remove(2, item)].map((record) => {
    const mapped = mapRecord(record, 0, config, fixedClock('2026-01-01T00:00:00Z'));
    if (mapped.kind !== 'event') throw new Error(`expected an event, got ${mapped.kind}`);
    return mapped.size;
  });
  const worst = Math.max(...sizes);
  expect(worst).toBeLessThan(2_600);
  expect(worst * MAX_ENTRIES_PER_CALL).toBeLessThan(MAX_CALL_BYTES);
});
