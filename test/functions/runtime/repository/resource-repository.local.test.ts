/**
 * ResourceRepository against DynamoDB Local (one JVM for this file): round trips, concurrency, the
 * unique guard, the finders and list pagination on a table created from the table layout.
 */
import { type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { ScanCommand as DocScanCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { testClock } from '../../../../functions/runtime/clock';
import {
  DEFAULT_LIST_SHARDS,
  GUARD_TYPE,
  guardKey,
  LIST_PARTITION_ATTRIBUTE,
  listPartition,
  listShard,
  TABLE_KEY,
  TYPE_ATTRIBUTE,
} from '../../../../functions/runtime/conventions';
import { hashCode } from '../../../../functions/runtime/hash-code';
import {
  InvalidCursorError,
  ItemNotFoundError,
  type Page,
  type ResourceRepository,
  UniqueConstraintError,
  VersionConflictError,
} from '../../../../functions/runtime/repository';
import {
  createServiceTable,
  type DynamoDbLocal,
  localDynamoDbClient,
  startDynamoDbLocal,
} from '../../../support/dynamodb-local';
import {
  EMAIL_INDEX,
  TEAM_INDEX,
  TEAM_STATUS_INDEX,
  USERS_LAYOUT,
  type User,
  type UserForm,
  userForm,
  userRepository,
} from '../../../support/repository-fixture';

let local: DynamoDbLocal;
let raw: DynamoDBClient;
let doc: DynamoDBDocumentClient;
let tables = 0;

beforeAll(async () => {
  local = await startDynamoDbLocal();
  raw = localDynamoDbClient(local);
  doc = DynamoDBDocumentClient.from(raw);
  // Shows in the test output: how long the JVM took to answer.
  console.info(`DynamoDB Local answered after ${local.startupMillis} ms`);
}, 120_000);

afterAll(async () => {
  doc?.destroy();
  await local?.stop();
});

/** A fresh table (from the layout) and a repository on it. */
async function freshRepository(clock = testClock('2026-01-01T00:00:00.000Z')) {
  const tableName = `users-${++tables}`;
  await createServiceTable(raw, tableName, USERS_LAYOUT);
  return { tableName, clock, repo: userRepository(doc, tableName, clock) };
}

async function rawItem(tableName: string, key: string) {
  return (
    await doc.send(new GetCommand({ TableName: tableName, Key: { [TABLE_KEY]: key }, ConsistentRead: true }))
  ).Item;
}

/** Every guard item of the table as `value → owner`. */
async function guards(tableName: string): Promise<Record<string, unknown>> {
  const { Items = [] } = await doc.send(
    new DocScanCommand({
      TableName: tableName,
      FilterExpression: '#t = :g',
      ExpressionAttributeNames: { '#t': TYPE_ATTRIBUTE },
      ExpressionAttributeValues: { ':g': GUARD_TYPE },
      ConsistentRead: true,
    }),
  );
  return Object.fromEntries(Items.map((item) => [String(item[TABLE_KEY]), item.owner]));
}

async function itemCount(tableName: string): Promise<number> {
  return (
    (await raw.send(new ScanCommand({ TableName: tableName, Select: 'COUNT', ConsistentRead: true })))
      .Count ?? 0
  );
}

async function walk(
  read: (cursor?: string) => Promise<Page<User>>,
): Promise<{ pages: number[]; ids: string[] }> {
  const pages: number[] = [];
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    pages.push(page.items.length);
    ids.push(...page.items.map((user) => user.id));
    cursor = page.cursor;
  } while (cursor !== undefined && pages.length < 100);
  return { pages, ids };
}

describe('round trip', () => {
  it('creates, gets, replaces, deletes', async () => {
    const { tableName, clock, repo } = await freshRepository();
    const created = await repo.create(userForm({ email: 'ada@example.com', team: 'core' }));
    expect(created).toEqual({
      id: created.id,
      version: 1,
      email: 'ada@example.com',
      name: { first: 'Ada', last: 'Lovelace' },
      team: 'core',
      status: 'active',
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:00:00.000Z',
    });
    await expect(repo.get(created.id)).resolves.toEqual(created);
    expect(await rawItem(tableName, created.id)).toEqual({
      ...created,
      [TABLE_KEY]: created.id,
      [TYPE_ATTRIBUTE]: 'user',
      [LIST_PARTITION_ATTRIBUTE]: listPartition('user', listShard(created.id, DEFAULT_LIST_SHARDS)),
      hash_code: hashCode(userForm({ email: 'ada@example.com', team: 'core' })),
      [EMAIL_INDEX]: 'ada@example.com',
      [TEAM_INDEX]: 'core',
      [TEAM_STATUS_INDEX]: 'core#active',
    });
    expect(await guards(tableName)).toEqual({ [guardKey('ix_user__email', 'ada@example.com')]: created.id });

    clock.advance(60_000);
    const replaced = await repo.replace(
      created.id,
      userForm({ email: 'ada@example.com', status: 'inactive' }),
      1,
    );
    expect(replaced).toEqual({
      ...created,
      version: 2,
      status: 'inactive',
      team: undefined,
      updated_at: '2026-01-01T00:01:00.000Z',
    });
    await expect(repo.get(created.id)).resolves.toEqual(replaced);
    const stored = await rawItem(tableName, created.id);
    expect(stored).not.toHaveProperty(TEAM_INDEX);
    expect(stored).not.toHaveProperty(TEAM_STATUS_INDEX);

    await expect(repo.delete(created.id, 2)).resolves.toEqual(replaced);
    await expect(repo.get(created.id)).resolves.toBeUndefined();
    await expect(repo.delete(created.id)).resolves.toBeUndefined();
    await expect(repo.replace(created.id, userForm())).rejects.toBeInstanceOf(ItemNotFoundError);
    expect(await itemCount(tableName)).toBe(0); // the guard went with the item
  });

  it('a replace with the same content writes nothing: same version, same updated_at', async () => {
    const { tableName, clock, repo } = await freshRepository();
    const created = await repo.create(userForm({ email: 'ada@example.com' }));
    clock.advance(1_000);
    const same = await repo.replace(created.id, {
      status: 'active',
      email: 'ada@example.com',
      name: { last: 'Lovelace', first: 'Ada' },
    });
    expect(same).toEqual(created);
    expect(await rawItem(tableName, created.id)).toMatchObject({
      version: 1,
      updated_at: created.updated_at,
    });
  });

  it('get ignores the items of other resources and guard items', async () => {
    const { repo } = await freshRepository();
    const created = await repo.create(userForm({ email: 'ada@example.com' }));
    await expect(repo.get(guardKey('ix_user__email', 'ada@example.com'))).resolves.toBeUndefined();
    await expect(repo.get(created.id.replace('usr', 'ord'))).resolves.toBeUndefined();
  });
});

describe('concurrent writes', () => {
  const N = 12;

  it('from the same read version (expectedVersion): exactly one wins, the others conflict', async () => {
    const { repo } = await freshRepository();
    const { id } = await repo.create(userForm({ team: 'start' }));
    const results = await Promise.allSettled(
      Array.from({ length: N }, (_, i) => repo.replace(id, userForm({ team: `team-${i}` }), 1)),
    );
    const won = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const lost = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(N - 1);
    for (const error of lost) expect(error).toBeInstanceOf(VersionConflictError);
    const final = await repo.get(id);
    expect(final?.version).toBe(2);
    expect(final).toEqual(won[0]);
  });

  it('each replace on the version it read: every success a distinct version, none lost', async () => {
    const { repo } = await freshRepository();
    const { id } = await repo.create(userForm({ team: 'start' }));
    for (let round = 0; round < 3; round++) {
      const before = (await repo.get(id))?.version ?? 0;
      const results = await Promise.allSettled(
        Array.from({ length: N }, (_, i) => repo.replace(id, userForm({ team: `round-${round}-${i}` }))),
      );
      const won = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      for (const result of results) {
        if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(VersionConflictError);
      }
      expect(won.length).toBeGreaterThanOrEqual(1);
      const versions = won.map((user) => user.version).sort((a, b) => a - b);
      expect(versions).toEqual(Array.from({ length: won.length }, (_, i) => before + 1 + i));
      const final = await repo.get(id);
      expect(final?.version).toBe(before + won.length);
      expect(final).toEqual(won.find((user) => user.version === final?.version));
    }
  });

  it('concurrent unique-value changes leave exactly the final value guarded', async () => {
    const { tableName, repo } = await freshRepository();
    const { id } = await repo.create(userForm({ email: 'start@example.com' }));
    const results = await Promise.allSettled(
      Array.from({ length: N }, (_, i) => repo.replace(id, userForm({ email: `u${i}@example.com` }))),
    );
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(VersionConflictError);
    }
    const won = results.filter((result) => result.status === 'fulfilled').length;
    const final = await repo.get(id);
    expect(final?.version).toBe(1 + won);
    expect(await guards(tableName)).toEqual({ [guardKey('ix_user__email', String(final?.email))]: id });
  });
});

describe('unique index', () => {
  it('lets exactly one of concurrent creates take a value', async () => {
    const { tableName, repo } = await freshRepository();
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        repo.create(userForm({ email: 'same@example.com', team: `t${i}` })),
      ),
    );
    const won = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    expect(won).toHaveLength(1);
    for (const result of results) {
      if (result.status === 'rejected') {
        expect(result.reason).toBeInstanceOf(UniqueConstraintError);
        expect(result.reason).toMatchObject({ statusCode: 409, messages: ['email: is already taken'] });
      }
    }
    expect(await itemCount(tableName)).toBe(2); // the winner and its guard; nothing of the losers
    await expect(repo.findOne(EMAIL_INDEX, ['same@example.com'])).resolves.toEqual(won[0]);
  });

  it('refuses a replace to a taken value, frees a value that is changed or deleted', async () => {
    const { tableName, repo } = await freshRepository();
    const ada = await repo.create(userForm({ email: 'ada@example.com' }));
    const bob = await repo.create(userForm({ email: 'bob@example.com', name: { first: 'Bob' } }));

    await expect(repo.replace(bob.id, userForm({ email: 'ada@example.com' }))).rejects.toBeInstanceOf(
      UniqueConstraintError,
    );
    await expect(repo.get(bob.id)).resolves.toEqual(bob);
    await expect(repo.create(userForm({ email: 'bob@example.com' }))).rejects.toBeInstanceOf(
      UniqueConstraintError,
    );

    // Changing ada's email frees the old one...
    await repo.replace(ada.id, userForm({ email: 'countess@example.com' }));
    const bob2 = await repo.replace(bob.id, userForm({ email: 'ada@example.com', name: { first: 'Bob' } }));
    expect(bob2.version).toBe(2);
    // ... and so does removing it, and deleting the item.
    await repo.replace(ada.id, userForm());
    const carl = await repo.create(userForm({ email: 'countess@example.com' }));
    await repo.delete(carl.id);
    const dora = await repo.create(userForm({ email: 'countess@example.com' }));

    expect(await guards(tableName)).toEqual({
      [guardKey('ix_user__email', 'ada@example.com')]: bob.id,
      [guardKey('ix_user__email', 'countess@example.com')]: dora.id,
    });
  });

  it('a user keeps its own value through other changes', async () => {
    const { repo } = await freshRepository();
    const ada = await repo.create(userForm({ email: 'ada@example.com' }));
    await expect(
      repo.replace(ada.id, userForm({ email: 'ada@example.com', team: 'x' })),
    ).resolves.toMatchObject({
      version: 2,
    });
  });
});

describe('finders', () => {
  let repo: ResourceRepository<User, UserForm>;
  let tableName: string;
  const core: string[] = [];
  const coreActive: string[] = [];
  let noTeam: User;

  beforeAll(async () => {
    ({ repo, tableName } = await freshRepository());
    for (let i = 0; i < 7; i++) {
      const status = i % 3 === 0 ? 'inactive' : 'active';
      const user = await repo.create(userForm({ team: 'core', status, email: `core${i}@example.com` }));
      core.push(user.id);
      if (status === 'active') coreActive.push(user.id);
      await repo.create(userForm({ team: 'edge' }));
    }
    noTeam = await repo.create(userForm({ email: 'loner@example.com' }));
  });

  it('findOne on the unique index sees a value right after it is written', async () => {
    await expect(repo.findOne(EMAIL_INDEX, ['loner@example.com'])).resolves.toEqual(noTeam);
    await expect(repo.findOne(EMAIL_INDEX, { email: 'core3@example.com' })).resolves.toMatchObject({
      id: core[3],
    });
    await expect(repo.findOne(EMAIL_INDEX, ['nobody@example.com'])).resolves.toBeUndefined();
    const moved = await repo.replace(noTeam.id, userForm({ email: 'moved@example.com' }));
    await expect(repo.findOne(EMAIL_INDEX, ['loner@example.com'])).resolves.toBeUndefined();
    await expect(repo.findOne(EMAIL_INDEX, ['moved@example.com'])).resolves.toEqual(moved);
    await repo.replace(noTeam.id, userForm({ email: 'loner@example.com' }));
  });

  it('findAll pages through an index newest first, each item once, no empty last page', async () => {
    const { pages, ids } = await walk((cursor) => repo.findAll(TEAM_INDEX, ['core'], { limit: 3, cursor }));
    expect(pages).toEqual([3, 3, 1]);
    expect(ids).toEqual([...core].reverse());
    const exact = await walk((cursor) => repo.findAll(TEAM_INDEX, { team: 'edge' }, { limit: 7, cursor }));
    expect(exact.pages).toEqual([7]);
  });

  it('findAll on a two-field index', async () => {
    const { ids } = await walk((cursor) =>
      repo.findAll(TEAM_STATUS_INDEX, ['core', 'active'], { limit: 2, cursor }),
    );
    expect(ids).toEqual([...coreActive].reverse());
    await expect(repo.findOne(TEAM_STATUS_INDEX, ['core', 'active'])).resolves.toMatchObject({
      id: coreActive.at(-1),
    });
  });

  it('an item without the field is in no index (sparse)', async () => {
    const stored = await rawItem(tableName, noTeam.id);
    expect(stored).not.toHaveProperty(TEAM_INDEX);
    expect(stored).not.toHaveProperty(TEAM_STATUS_INDEX);
    await expect(repo.findAll(TEAM_INDEX, [undefined])).resolves.toEqual({ items: [] });
    const everyTeam = [
      ...(await walk((cursor) => repo.findAll(TEAM_INDEX, ['core'], { limit: 100, cursor }))).ids,
      ...(await walk((cursor) => repo.findAll(TEAM_INDEX, ['edge'], { limit: 100, cursor }))).ids,
    ];
    expect(everyTeam).toHaveLength(14);
    expect(everyTeam).not.toContain(noTeam.id);
  });

  it('rejects a cursor of another query', async () => {
    const page = await repo.findAll(TEAM_INDEX, ['core'], { limit: 2 });
    await expect(repo.findAll(TEAM_INDEX, ['edge'], { cursor: page.cursor })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
    await expect(repo.list({ cursor: page.cursor })).rejects.toBeInstanceOf(InvalidCursorError);
  });
});

describe('list', () => {
  it('walks every item exactly once, newest first; guards are not listed', async () => {
    const clock = testClock('2026-03-01T00:00:00.000Z');
    const { repo } = await freshRepository(clock);
    const created: string[] = [];
    for (let i = 0; i < 23; i++) {
      if (i % 4 === 0) clock.advance(1); // some in the same millisecond: ids stay ordered
      created.push((await repo.create(userForm({ email: `u${i}@example.com` }))).id);
    }
    const newestFirst = [...created].reverse();

    const walked = await walk((cursor) => repo.list({ limit: 5, cursor }));
    expect(walked.pages).toEqual([5, 5, 5, 5, 3]);
    expect(walked.ids).toEqual(newestFirst);

    const exact = await walk((cursor) => repo.list({ limit: 23, cursor }));
    expect(exact.pages).toEqual([23]);
    const byDefault = await repo.list();
    expect(byDefault.items).toHaveLength(23);
    expect(byDefault.cursor).toBeUndefined();
  });

  it('an empty table lists nothing', async () => {
    const { repo } = await freshRepository();
    await expect(repo.list()).resolves.toEqual({ items: [] });
  });

  it('rejects a bad cursor with InvalidCursorError', async () => {
    const { repo } = await freshRepository();
    await expect(repo.list({ cursor: 'bm9wZQ' })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(repo.list({ cursor: 'not a cursor' })).rejects.toMatchObject({
      statusCode: 422,
      messages: ['query.cursor: is not a valid cursor'],
    });
  });
});
