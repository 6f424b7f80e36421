/**
 * The list shard of an id (conventions/table-layout.ts `listShard`) and the list cursor
 * (list-cursor.ts): deterministic and even shards, and cursors refused unless they are this
 * resource's under this shard count.
 */
import { testClock } from '../../../../functions/runtime/clock';
import {
  assertListShards,
  DEFAULT_LIST_SHARDS,
  listPartition,
  listShard,
  MAX_LIST_SHARDS,
} from '../../../../functions/runtime/conventions';
import { newId } from '../../../../functions/runtime/ids';
import { encodeCursor } from '../../../../functions/runtime/repository/cursor';
import { InvalidCursorError } from '../../../../functions/runtime/repository/errors';
import { decodeListCursor, encodeListCursor } from '../../../../functions/runtime/repository/list-cursor';

describe('listShard', () => {
  it('is FNV-1a of the id mod the shard count: pinned values, the same on every call', () => {
    // FNV-1a 32 of "" is the offset basis 0x811c9dc5 = 2166136261; of "a" 0xe40c292c = 3826002220.
    expect(listShard('', 8)).toBe(2166136261 % 8);
    expect(listShard('a', 8)).toBe(3826002220 % 8);
    expect(listShard('a', 7)).toBe(3826002220 % 7);
    expect(listShard('usr-01JD3QZ8V5K2W7G9X4M6N8P0RT', 8)).toBe(
      listShard('usr-01JD3QZ8V5K2W7G9X4M6N8P0RT', 8),
    );
  });

  it('hashes UTF-8 bytes, so text beyond ASCII is one shard too', () => {
    expect(listShard('é', 32)).toBe(listShard('\u00e9', 32));
    expect(listShard('é', 32)).toBeGreaterThanOrEqual(0);
  });

  it('spreads 16,000 minted ids over 8 shards within 10% of an even share', () => {
    const clock = testClock('2026-01-01T00:00:00.000Z');
    const counts = new Array<number>(8).fill(0);
    for (let i = 0; i < 16_000; i++) {
      if (i % 50 === 0) clock.advance(1);
      const shard = listShard(newId('usr', clock), 8);
      counts[shard] = (counts[shard] ?? 0) + 1;
    }
    // An even share is 2,000 (sd about 42): 10% is almost 5 sd.
    for (const count of counts) expect(Math.abs(count - 2_000)).toBeLessThan(200);
  });

  it.each([0, -1, 1.5, MAX_LIST_SHARDS + 1, Number.NaN])('refuses %p shards', (shards) => {
    expect(() => listShard('usr-1', shards)).toThrow(RangeError);
    expect(() => assertListShards(shards)).toThrow(`from 1 to ${MAX_LIST_SHARDS}`);
  });

  it('names the partition <resource>#<shard>; one shard is shard 0', () => {
    expect(listPartition('order', 3)).toBe('order#3');
    expect(listShard('usr-anything', 1)).toBe(0);
    expect(DEFAULT_LIST_SHARDS).toBeLessThanOrEqual(MAX_LIST_SHARDS);
  });
});

describe('list cursor', () => {
  const expected = { resource: 'user', shards: 8, idPrefix: 'usr' };
  const good = encodeListCursor({ resource: 'user', shards: 8, after: 'usr-01JD3QZ8V5K2W7G9X4M6N8P0RT' });

  it('round-trips the position, as opaque base64url', () => {
    expect(good).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeListCursor(good, expected)).toBe('usr-01JD3QZ8V5K2W7G9X4M6N8P0RT');
  });

  const refused: Array<[string, string]> = [
    [
      'another shard count (the layout changed)',
      encodeListCursor({ resource: 'user', shards: 4, after: 'usr-1' }),
    ],
    ['another resource', encodeListCursor({ resource: 'team', shards: 8, after: 'usr-1' })],
    ['an id of another resource', encodeListCursor({ resource: 'user', shards: 8, after: 'tea-1' })],
    ['an attribute more', encodeCursor({ list: 'user', shards: '8', after: 'usr-1', pk: 'usr-1' })],
    ['an attribute less', encodeCursor({ list: 'user', shards: '8' })],
    ['the pre-shard cursor shape', encodeCursor({ pk: 'usr-1', _type: 'user', id: 'usr-1' })],
    [
      'a number where text belongs',
      Buffer.from('{"list":"user","shards":8,"after":"usr-1"}').toString('base64url'),
    ],
    ['a character changed', `${good.slice(0, 5)}${good[5] === 'A' ? 'B' : 'A'}${good.slice(6)}`],
    ['padding added', `${good}=`],
    ['not JSON', Buffer.from('list=user').toString('base64url')],
    ['an empty string', ''],
  ];
  it.each(refused)('refuses %s with a 422', (_why, cursor) => {
    const attempt = () => decodeListCursor(cursor, expected);
    expect(attempt).toThrow(InvalidCursorError);
    try {
      attempt();
    } catch (error) {
      expect((error as InvalidCursorError).statusCode).toBe(422);
    }
  });
});
