/**
 * The table layout's values, pinned here once: every other test and all code take them from the
 * conventions module, so a change shows up here (and in the stacks' snapshot) and nowhere else.
 */
import {
  DEDUPE_KEY_PREFIX,
  DEDUPE_TYPE,
  DEFAULT_LIST_SHARDS,
  dedupeKey,
  GUARD_KEY_PREFIX,
  GUARD_TYPE,
  guardKey,
  IDEMPOTENCY_KEY_PREFIX,
  INDEX_NAME_PREFIX,
  idempotencyKeyPrefix,
  indexName,
  joinIndexParts,
  LIST_INDEX,
  LIST_PARTITION_ATTRIBUTE,
  MAX_LIST_SHARDS,
  OWNER_ATTRIBUTE,
  PARTITION_WRITE_UNITS_PER_SECOND,
  TABLE_KEY,
  TTL_ATTRIBUTE,
  TYPE_ATTRIBUTE,
} from '../../../../functions/runtime/conventions';

describe('the table layout', () => {
  it('names the key, the type, the list index, the TTL and the guard owner attributes', () => {
    expect([TABLE_KEY, TYPE_ATTRIBUTE, TTL_ATTRIBUTE, OWNER_ATTRIBUTE]).toEqual([
      'pk',
      '_type',
      'expires_at',
      'owner',
    ]);
    expect(LIST_INDEX).toEqual({ name: 'by_type_shard', partitionKey: '_list', sortKey: 'id' });
    expect(LIST_PARTITION_ATTRIBUTE).toBe('_list');
    expect([DEFAULT_LIST_SHARDS, MAX_LIST_SHARDS, PARTITION_WRITE_UNITS_PER_SECOND]).toEqual([8, 32, 1_000]);
    expect([GUARD_TYPE, DEDUPE_TYPE]).toEqual(['_guard', '_dedupe']);
  });

  it('keys guard, dedupe and idempotency records under prefixes no resource id has', () => {
    expect(guardKey('ix_user__email', 'ada@example.com')).toBe('_unique#ix_user__email#ada@example.com');
    expect(dedupeKey('users-user', 'ev-1')).toBe('_dedupe#users-user#ev-1');
    expect(idempotencyKeyPrefix('users', 'createUser')).toBe('idempotency#users.createUser');
    for (const prefix of [GUARD_KEY_PREFIX, DEDUPE_KEY_PREFIX, IDEMPOTENCY_KEY_PREFIX]) {
      // Ids are `<lowercase prefix>-<ULID>` (ids.ts): none contains `#`.
      expect(prefix.endsWith('#')).toBe(true);
    }
    expect(guardKey('ix_user__email', 'x').startsWith(GUARD_KEY_PREFIX)).toBe(true);
    expect(dedupeKey('s', 'e').startsWith(DEDUPE_KEY_PREFIX)).toBe(true);
    expect(idempotencyKeyPrefix('s', 'o').startsWith(IDEMPOTENCY_KEY_PREFIX)).toBe(true);
  });

  it('names an index after its resource and fields', () => {
    expect(indexName('user', ['email'])).toBe('ix_user__email');
    expect(indexName('line_item', ['order_id', 'sku'])).toBe('ix_line_item__order_id__sku');
    expect(indexName('user', ['email']).startsWith(INDEX_NAME_PREFIX)).toBe(true);
  });

  it('keeps a one-field index value as it is, and escapes and joins several by #', () => {
    expect(joinIndexParts(['a#b\\c'])).toBe('a#b\\c');
    expect(joinIndexParts(['a', 'b'])).toBe('a#b');
    expect(joinIndexParts(['a#b', 'c'])).toBe('a\\#b#c');
    expect(joinIndexParts(['a', 'b#c'])).toBe('a#b\\#c');
    expect(joinIndexParts(['a\\', '#c'])).toBe('a\\\\#\\#c');
    // Different combinations never share a value (nor a guard item).
    expect(joinIndexParts(['a#b', 'c'])).not.toBe(joinIndexParts(['a', 'b#c']));
    expect(joinIndexParts(['a\\', 'b'])).not.toBe(joinIndexParts(['a', '\\b']));
  });

  it('has no value for an empty index value, which DynamoDB refuses as a key', () => {
    expect(joinIndexParts([''])).toBeUndefined();
    expect(joinIndexParts([])).toBeUndefined();
    expect(joinIndexParts(['', ''])).toBe('#');
  });
});
