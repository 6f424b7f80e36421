/**
 * The sharded list index against DynamoDB Local: thousands of items spread evenly over the list
 * shards, paging (at several page sizes) returns every item once, newest first, and a cursor made
 * under one shard count is refused (422) under another.
 */
import { type DynamoDBClient, QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { testClock } from '../../../../functions/runtime/clock';
import {
  DEFAULT_LIST_SHARDS,
  LIST_INDEX,
  LIST_PARTITION_ATTRIBUTE,
  listPartition,
  listShard,
} from '../../../../functions/runtime/conventions';
import { InvalidCursorError, type Page, ResourceRepository } from '../../../../functions/runtime/repository';
import {
  createServiceTable,
  type DynamoDbLocal,
  localDynamoDbClient,
  startDynamoDbLocal,
} from '../../../support/dynamodb-local';
import {
  USERS_LAYOUT,
  type User,
  type UserForm,
  userForm,
  userSchema,
} from '../../../support/repository-fixture';

const ITEMS = 2_000;

let local: DynamoDbLocal;
let raw: DynamoDBClient;
let doc: DynamoDBDocumentClient;

function repository(tableName: string, listShards?: number): ResourceRepository<User, UserForm> {
  return new ResourceRepository<User, UserForm>({
    client: doc,
    tableName,
    resource: 'user',
    idPrefix: 'usr',
    indexes: [],
    parse: (item) => userSchema.parse(item),
    clock: testClock('2026-01-01T00:00:00.000Z'),
    ...(listShards === undefined ? {} : { listShards }),
  });
}

async function listAll(repo: ResourceRepository<User, UserForm>, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let page: Page<User> = await repo.list({ limit });
  for (;;) {
    expect(page.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.items.map((user) => user.id));
    if (page.cursor === undefined) return ids;
    expect(page.items).toHaveLength(limit);
    page = await repo.list({ limit, cursor: page.cursor });
  }
}

/** How many items of `user` each list partition holds, read from the index itself. */
async function shardCounts(tableName: string, shards: number): Promise<number[]> {
  const counts: number[] = [];
  for (let shard = 0; shard < shards; shard++) {
    let count = 0;
    let start: Record<string, never> | undefined;
    do {
      const output = await raw.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: LIST_INDEX.name,
          KeyConditionExpression: '#k = :k',
          ExpressionAttributeNames: { '#k': LIST_PARTITION_ATTRIBUTE },
          ExpressionAttributeValues: { ':k': { S: listPartition('user', shard) } },
          Select: 'COUNT',
          ...(start === undefined ? {} : { ExclusiveStartKey: start }),
        }),
      );
      count += output.Count ?? 0;
      start = output.LastEvaluatedKey as Record<string, never> | undefined;
    } while (start !== undefined);
    counts.push(count);
  }
  return counts;
}

let tableName: string;
let created: string[];

beforeAll(async () => {
  local = await startDynamoDbLocal();
  raw = localDynamoDbClient(local);
  doc = DynamoDBDocumentClient.from(raw);
  tableName = 'users-sharded';
  await createServiceTable(raw, tableName, USERS_LAYOUT);
  const repo = repository(tableName);
  // Created through the repository, a few at a time (each a conditional put), ids minted by it.
  created = [];
  for (let i = 0; i < ITEMS; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, ITEMS - i) }, (_, j) => repo.create(userForm({ team: `t${i + j}` }))),
    );
    created.push(...batch.map((user) => user.id));
  }
}, 300_000);

afterAll(async () => {
  doc?.destroy();
  await local?.stop();
});

describe('the sharded list index (DynamoDB Local)', () => {
  it(`spreads ${ITEMS} items over the ${DEFAULT_LIST_SHARDS} default shards within 25% of an even share`, async () => {
    const counts = await shardCounts(tableName, DEFAULT_LIST_SHARDS);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(ITEMS);
    // An even share is 250 (sd about 15): 25% is over 4 sd.
    for (const count of counts) expect(Math.abs(count - ITEMS / DEFAULT_LIST_SHARDS)).toBeLessThan(63);
  });

  it('keeps guard items out of the list index: a unique index writes no list partition', async () => {
    const guarded = new ResourceRepository<User, UserForm>({
      client: doc,
      tableName: 'users-guarded',
      resource: 'user',
      idPrefix: 'usr',
      indexes: [{ name: 'ix_user__email', fields: ['email'], unique: true }],
      parse: (item) => userSchema.parse(item),
      listShards: 2,
    });
    await createServiceTable(raw, 'users-guarded', USERS_LAYOUT);
    await guarded.create(userForm({ email: 'a@example.com' }));
    await guarded.create(userForm({ email: 'b@example.com' }));
    const indexed = await raw.send(
      new ScanCommand({
        TableName: 'users-guarded',
        IndexName: LIST_INDEX.name,
      }),
    );
    expect(indexed.Items?.map((item) => item[LIST_PARTITION_ATTRIBUTE]?.S?.replace(/#\d+$/, ''))).toEqual([
      'user',
      'user',
    ]);
    const table = await raw.send(new ScanCommand({ TableName: 'users-guarded' }));
    expect(table.Items).toHaveLength(4); // two users, two guard items
  });

  it.each([100, 37, 7])(
    'pages through them %i at a time: every item once, newest first',
    async (limit) => {
      const ids = await listAll(repository(tableName), limit);
      expect(ids).toHaveLength(ITEMS);
      expect(new Set(ids).size).toBe(ITEMS);
      expect(ids).toEqual([...created].sort().reverse());
    },
    300_000,
  );

  it('pages one at a time across shards, and the last page carries no cursor', async () => {
    const small = 'users-small';
    await createServiceTable(raw, small, USERS_LAYOUT);
    const repo = repository(small);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await repo.create(userForm())).id);
    expect(await listAll(repo, 1)).toEqual(ids.reverse());
    expect((await repo.list({ limit: 20 })).cursor).toBeUndefined();
    expect((await repo.list({ limit: 19 })).cursor).toBeDefined();
  });

  it('refuses (422) a cursor made under another shard count rather than misreading it', async () => {
    const before = await repository(tableName).list({ limit: 10 });
    expect(before.cursor).toBeDefined();
    const relaid = repository(tableName, 4);
    const attempt = relaid.list({ limit: 10, cursor: before.cursor ?? '' });
    await expect(attempt).rejects.toThrow(InvalidCursorError);
    await expect(attempt).rejects.toMatchObject({ statusCode: 422 });
    // What a changed layout lists: only the items of partitions user#0..3 (why dev diff calls
    // changing list_shards an error): items stored under 8 shards are not re-laid out.
    const misread = await relaid.list({ limit: 100 });
    expect(misread.items.length).toBeGreaterThan(0);
    for (const user of misread.items) expect(listShard(user.id, DEFAULT_LIST_SHARDS)).toBeLessThan(4);
  });
});
