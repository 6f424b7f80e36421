/**
 * The in-memory table store under MemoryRepository: DynamoDB's semantics for what the repository
 * asks of a table (conditional writes all or nothing, one reason per write; GSI pages newest first
 * with DynamoDB's LastEvaluatedKey; copies in and out; what DynamoDB refuses). The repository over
 * it is tested against DynamoDB Local side by side in repository-contract.local.test.ts.
 */
import { LIST_INDEX, TABLE_KEY, TYPE_ATTRIBUTE } from '../../../../functions/runtime/conventions';
import type { TableWrite } from '../../../../functions/runtime/repository/table-store';
import {
  DynamoDbValidationError,
  MemoryTableStore,
} from '../../../../functions/runtime/testing/memory-table-store';

function item(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { [TABLE_KEY]: id, [TYPE_ATTRIBUTE]: 'user', id, version: 1, _list: 'user#0', ...extra };
}

const put = (stored: Record<string, unknown>, condition: TableWrite['condition']): TableWrite => ({
  kind: 'put',
  item: stored,
  condition,
});

describe('MemoryTableStore', () => {
  it('writes all or nothing, answering one reason per write when a condition fails', async () => {
    const store = new MemoryTableStore();
    await expect(store.write([put(item('usr-a'), { kind: 'absent' })])).resolves.toBeUndefined();
    const reasons = await store.write([
      put(item('usr-b'), { kind: 'absent' }),
      put(item('usr-a', { version: 2 }), { kind: 'absent' }),
    ]);
    expect(reasons).toEqual([{ code: 'None' }, { code: 'ConditionalCheckFailed', itemExisted: false }]);
    await expect(store.getItem('usr-b')).resolves.toBeUndefined();
  });

  it('tells a changed item from a gone one on a version condition only', async () => {
    const store = new MemoryTableStore();
    store.writeNow([put(item('usr-a', { version: 3 }), { kind: 'absent' })]);
    expect(store.writeNow([put(item('usr-a', { version: 3 }), { kind: 'version', version: 2 })])).toEqual([
      { code: 'ConditionalCheckFailed', itemExisted: true },
    ]);
    expect(
      store.writeNow([{ kind: 'delete', key: 'usr-x', condition: { kind: 'version', version: 1 } }]),
    ).toEqual([{ code: 'ConditionalCheckFailed', itemExisted: false }]);
    expect(
      store.writeNow([{ kind: 'delete', key: 'usr-a', condition: { kind: 'version', version: 3 } }]),
    ).toBeUndefined();
    await expect(store.getItem('usr-a')).resolves.toBeUndefined();
  });

  it('releases a guard that is missing or owned by the id, never one owned by another', () => {
    const store = new MemoryTableStore();
    const guard = { [TABLE_KEY]: '_unique#ix_user__email#a', [TYPE_ATTRIBUTE]: '_guard', owner: 'usr-a' };
    store.writeNow([put(guard, { kind: 'absent' })]);
    const release = (owner: string): TableWrite => ({
      kind: 'delete',
      key: String(guard[TABLE_KEY]),
      condition: { kind: 'absent-or-owned-by', owner },
    });
    expect(store.writeNow([release('usr-b')])).toEqual([
      { code: 'ConditionalCheckFailed', itemExisted: false },
    ]);
    expect(store.writeNow([release('usr-a')])).toBeUndefined();
    expect(store.writeNow([release('usr-a')])).toBeUndefined();
  });

  it('pages a GSI partition newest first, with a last key when it stopped at the limit', async () => {
    const store = new MemoryTableStore();
    for (const id of ['usr-1', 'usr-3', 'usr-2', 'usr-4'])
      store.writeNow([put(item(id), { kind: 'absent' })]);
    store.writeNow([put(item('usr-5', { _list: 'user#1' }), { kind: 'absent' })]);
    const first = await store.queryNewestFirst({ index: LIST_INDEX, partition: 'user#0', limit: 2 });
    expect(first.items.map((stored) => stored.id)).toEqual(['usr-4', 'usr-3']);
    expect(first.lastKey).toEqual({ [TABLE_KEY]: 'usr-3', _list: 'user#0', id: 'usr-3' });
    const rest = await store.queryNewestFirst({
      index: LIST_INDEX,
      partition: 'user#0',
      limit: 2,
      startKey: { [TABLE_KEY]: 'usr-3', _list: 'user#0', id: 'usr-3' },
    });
    // Full at the limit: a last key even though nothing follows, as DynamoDB answers.
    expect(rest.items.map((stored) => stored.id)).toEqual(['usr-2', 'usr-1']);
    expect(rest.lastKey).toBeDefined();
    const below = await store.queryNewestFirst({
      index: LIST_INDEX,
      partition: 'user#0',
      sortKeyBelow: 'usr-3',
      limit: 5,
    });
    expect(below).toEqual({ items: [item('usr-2'), item('usr-1')] });
  });

  it('stores and returns copies', async () => {
    const store = new MemoryTableStore();
    const written = item('usr-a', { name: { first: 'Ada' } });
    store.writeNow([put(written, { kind: 'absent' })]);
    (written.name as { first: string }).first = 'Eve';
    const read = await store.getItem('usr-a');
    expect(read).toMatchObject({ name: { first: 'Ada' } });
    (read?.name as { first: string }).first = 'Mallory';
    expect(store.items()).toEqual([item('usr-a', { name: { first: 'Ada' } })]);
  });

  it('refuses what DynamoDB and the document client refuse, writing nothing', () => {
    const store = new MemoryTableStore();
    const refused: Array<[Record<string, unknown>, unknown]> = [
      [item('usr-a', { n: 1e-131 }), DynamoDbValidationError],
      [item('usr-a', { m: { '': 1 } }), DynamoDbValidationError],
      [item('usr-a', { ix_user__team: 'x'.repeat(2049) }), DynamoDbValidationError],
      [item('x'.repeat(2049)), DynamoDbValidationError],
      [item(''), DynamoDbValidationError],
      [item('usr-a', { n: 2 ** 53 }), Error],
    ];
    for (const [stored, error] of refused) {
      expect(() =>
        store.writeNow([put(item('usr-ok'), { kind: 'absent' }), put(stored, { kind: 'absent' })]),
      ).toThrow(error as typeof Error);
    }
    expect(store.items()).toEqual([]);
  });
});
