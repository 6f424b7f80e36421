/**
 * ResourceRepository against a mocked document client: the commands it sends, and how it reads
 * DynamoDB's failures. The behaviour against a real table is in resource-repository.local.test.ts.
 */
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { testClock } from '../../../../functions/runtime/clock';
import {
  DEFAULT_LIST_SHARDS,
  GUARD_TYPE,
  guardKey,
  LIST_INDEX,
  LIST_PARTITION_ATTRIBUTE,
  listPartition,
  listShard,
  TABLE_KEY,
  TYPE_ATTRIBUTE,
} from '../../../../functions/runtime/conventions';
import { HttpError, toErrorResponse } from '../../../../functions/runtime/errors';
import { hashCode } from '../../../../functions/runtime/hash-code';
import { isId } from '../../../../functions/runtime/ids';
import {
  InvalidCursorError,
  InvalidLimitError,
  ItemNotFoundError,
  ResourceRepository,
  UniqueConstraintError,
  VersionConflictError,
} from '../../../../functions/runtime/repository';
import { encodeCursor } from '../../../../functions/runtime/repository/cursor';
import { encodeListCursor } from '../../../../functions/runtime/repository/list-cursor';
import {
  EMAIL_INDEX,
  TEAM_INDEX,
  TEAM_STATUS_INDEX,
  type User,
  type UserForm,
  userForm,
  userRepository,
  userSchema,
} from '../../../support/repository-fixture';

const TABLE = 'users-table';
const ddb = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'local' }));

const ID = 'usr-01KAAAAAAAAAAAAAAAAAAAAAAA';
const OTHER_ID = 'usr-01KBBBBBBBBBBBBBBBBBBBBBBB';

function stored(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const content = {
    name: { first: 'Ada', last: 'Lovelace' },
    status: 'active',
    email: 'ada@example.com',
    team: 'core',
  };
  return {
    [TABLE_KEY]: ID,
    [TYPE_ATTRIBUTE]: 'user',
    id: ID,
    ...content,
    version: 3,
    hash_code: hashCode(content),
    created_at: '2025-12-01T00:00:00.000Z',
    updated_at: '2025-12-02T00:00:00.000Z',
    [EMAIL_INDEX]: 'ada@example.com',
    [TEAM_INDEX]: 'core',
    [TEAM_STATUS_INDEX]: 'core#active',
    ...overrides,
  };
}

const storedForm: UserForm = {
  name: { first: 'Ada', last: 'Lovelace' },
  status: 'active',
  email: 'ada@example.com',
  team: 'core',
};

function conditionFailed(item?: Record<string, unknown>) {
  return new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
    ...(item === undefined ? {} : { Item: { version: { N: String(item.version) } } }),
  });
}

type Reason =
  | 'None'
  | 'ConditionalCheckFailed'
  | 'ConditionalCheckFailed+Item'
  | 'TransactionConflict'
  | 'ThrottlingError';

function cancelled(...codes: Reason[]) {
  return new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: {},
    CancellationReasons: codes.map((code) =>
      code === 'ConditionalCheckFailed+Item'
        ? { Code: 'ConditionalCheckFailed', Item: { version: { N: '4' } } }
        : { Code: code },
    ),
  });
}

let clock: ReturnType<typeof testClock>;
let repo: ResourceRepository<User, UserForm>;

beforeEach(() => {
  ddb.reset();
  clock = testClock('2026-01-01T10:00:00.000Z');
  repo = userRepository(client, TABLE, clock);
});

describe('configuration', () => {
  const base = {
    client,
    tableName: TABLE,
    resource: 'user',
    idPrefix: 'usr',
    parse: (item: unknown) => userSchema.parse(item),
  };

  it('rejects an index not named as table-layout.ts names it', () => {
    expect(
      () =>
        new ResourceRepository<User, UserForm>({
          ...base,
          indexes: [{ name: 'by_email', fields: ['email'], unique: true }],
        }),
    ).toThrow('index on email must be named ix_user__email, got by_email');
  });

  it('rejects a bad id prefix, an index without fields, a duplicate index', () => {
    expect(() => new ResourceRepository({ ...base, idPrefix: 'User', indexes: [] })).toThrow(TypeError);
    expect(
      () => new ResourceRepository({ ...base, indexes: [{ name: 'ix_user__', fields: [], unique: false }] }),
    ).toThrow('has no fields');
    const index = { name: EMAIL_INDEX, fields: ['email'], unique: true };
    expect(() => new ResourceRepository({ ...base, indexes: [index, index] })).toThrow('configured twice');
  });
});

describe('get', () => {
  it('reads strongly consistently and strips the table attributes before parse', async () => {
    ddb.on(GetCommand).resolves({ Item: stored() });
    const user = await repo.get(ID);
    expect(ddb).toHaveReceivedCommandTimes(GetCommand, 1);
    expect(ddb).toHaveReceivedCommandWith(GetCommand, {
      TableName: TABLE,
      Key: { [TABLE_KEY]: ID },
      ConsistentRead: true,
    });
    expect(user).toEqual({
      id: ID,
      version: 3,
      email: 'ada@example.com',
      name: { first: 'Ada', last: 'Lovelace' },
      team: 'core',
      status: 'active',
      created_at: '2025-12-01T00:00:00.000Z',
      updated_at: '2025-12-02T00:00:00.000Z',
    });
  });

  it('strips the attributes of indexes that no longer exist', async () => {
    ddb.on(GetCommand).resolves({ Item: stored({ ix_user__nickname: 'ada' }) });
    await expect(repo.get(ID)).resolves.toMatchObject({ id: ID });
  });

  it('returns undefined for a missing item, an item of another resource, and a guard item', async () => {
    ddb
      .on(GetCommand)
      .resolvesOnce({})
      .resolvesOnce({ Item: stored({ [TYPE_ATTRIBUTE]: 'order' }) });
    await expect(repo.get(ID)).resolves.toBeUndefined();
    await expect(repo.get(ID)).resolves.toBeUndefined();
    ddb.on(GetCommand).resolves({
      Item: { [TABLE_KEY]: guardKey('ix_user__email', 'a'), [TYPE_ATTRIBUTE]: GUARD_TYPE, owner: ID },
    });
    await expect(repo.get(guardKey('ix_user__email', 'a'))).resolves.toBeUndefined();
  });

  it('does not ask DynamoDB about ids it could not store ("", over 2 KB)', async () => {
    await expect(repo.get('')).resolves.toBeUndefined();
    await expect(repo.get('x'.repeat(2049))).resolves.toBeUndefined();
    expect(ddb).toHaveReceivedCommandTimes(GetCommand, 0);
  });

  it('lets a failed AWS call propagate as it came', async () => {
    const error = new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} });
    ddb.on(GetCommand).rejects(error);
    await expect(repo.get(ID)).rejects.toBe(error);
  });
});

describe('create', () => {
  it('puts the item with system and index attributes, conditional on a free id (no unique value: no transaction)', async () => {
    ddb.on(PutCommand).resolves({});
    const user = await repo.create(userForm({ team: 'core' }));

    expect(isId('usr', user.id)).toBe(true);
    expect(user).toEqual({
      id: user.id,
      version: 1,
      name: { first: 'Ada', last: 'Lovelace' },
      team: 'core',
      status: 'active',
      created_at: '2026-01-01T10:00:00.000Z',
      updated_at: '2026-01-01T10:00:00.000Z',
    });
    expect(ddb).toHaveReceivedCommandTimes(PutCommand, 1);
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 0);
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      TableName: TABLE,
      Item: {
        [TABLE_KEY]: user.id,
        [TYPE_ATTRIBUTE]: 'user',
        [LIST_PARTITION_ATTRIBUTE]: listPartition('user', listShard(user.id, DEFAULT_LIST_SHARDS)),
        id: user.id,
        name: { first: 'Ada', last: 'Lovelace' },
        team: 'core',
        status: 'active',
        version: 1,
        hash_code: hashCode({ name: { first: 'Ada', last: 'Lovelace' }, team: 'core', status: 'active' }),
        created_at: '2026-01-01T10:00:00.000Z',
        updated_at: '2026-01-01T10:00:00.000Z',
        [TEAM_INDEX]: 'core',
        [TEAM_STATUS_INDEX]: 'core#active',
      },
      ConditionExpression: 'attribute_not_exists(#pk)',
      ExpressionAttributeNames: { '#pk': TABLE_KEY },
    });
  });

  it('ignores id and system attributes in the fields, drops undefined members, stores JSON data', async () => {
    ddb.on(PutCommand).resolves({});
    const form = {
      ...userForm({ email: undefined }),
      id: 'usr-forged',
      version: 99,
      hash_code: 'x',
      created_at: 'then',
      updated_at: 'now',
    } as UserForm;
    const user = await repo.create(form);
    expect(user.id).not.toBe('usr-forged');
    expect(user.version).toBe(1);
    const item = ddb.commandCalls(PutCommand)[0]?.args[0].input.Item;
    expect(item).not.toHaveProperty('email');
    expect(item?.hash_code).toBe(hashCode(userForm()));
  });

  it('rejects fields named like table attributes', async () => {
    await expect(repo.create({ ...userForm(), [TABLE_KEY]: 'x' } as UserForm)).rejects.toThrow(
      `field ${TABLE_KEY} clashes`,
    );
    await expect(repo.create({ ...userForm(), ix_user__email: 'x' } as UserForm)).rejects.toThrow(TypeError);
    expect(ddb).toHaveReceivedCommandTimes(PutCommand, 0);
  });

  it('writes the guard of a unique value in the same transaction', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const user = await repo.create(userForm({ email: 'ada@example.com' }));
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    const input = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input;
    expect(input?.ClientRequestToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(input?.TransactItems).toEqual([
      {
        Put: {
          TableName: TABLE,
          Item: expect.objectContaining({
            [TABLE_KEY]: user.id,
            email: 'ada@example.com',
            [EMAIL_INDEX]: 'ada@example.com',
          }),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': TABLE_KEY },
        },
      },
      {
        Put: {
          TableName: TABLE,
          Item: {
            [TABLE_KEY]: guardKey('ix_user__email', 'ada@example.com'),
            [TYPE_ATTRIBUTE]: GUARD_TYPE,
            owner: user.id,
          },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': TABLE_KEY },
        },
      },
    ]);
  });

  it('reports a taken unique value as UniqueConstraintError → 409 naming the field', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed'));
    const error = await repo.create(userForm({ email: 'ada@example.com' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UniqueConstraintError);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ statusCode: 409, code: 'conflict', index: EMAIL_INDEX, fields: ['email'] });
    expect(toErrorResponse(error)).toMatchObject({
      statusCode: 409,
      body: JSON.stringify({ code: 'conflict', messages: ['email: is already taken'] }),
    });
    expect(JSON.stringify(toErrorResponse(error))).not.toContain('ada@example.com');
  });

  it('retries a transaction that lost to a concurrent one, with a new token', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'TransactionConflict'))
      .rejectsOnce(cancelled('TransactionConflict', 'None'))
      .resolves({});
    await expect(repo.create(userForm({ email: 'ada@example.com' }))).resolves.toMatchObject({ version: 1 });
    const tokens = ddb
      .commandCalls(TransactWriteCommand)
      .map((call) => call.args[0].input.ClientRequestToken);
    expect(tokens).toHaveLength(3);
    expect(new Set(tokens).size).toBe(3);
  });

  it('gives up after 4 conflicting attempts with a 409', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'TransactionConflict'));
    await expect(repo.create(userForm({ email: 'ada@example.com' }))).rejects.toBeInstanceOf(
      VersionConflictError,
    );
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 4);
  });

  it('rethrows cancellations that are not about conditions (throttling) and errors without reasons', async () => {
    const throttled = cancelled('None', 'ThrottlingError');
    ddb.on(TransactWriteCommand).rejects(throttled);
    await expect(repo.create(userForm({ email: 'a@example.com' }))).rejects.toBe(throttled);
    const bare = new TransactionCanceledException({ message: 'cancelled', $metadata: {} });
    ddb.on(TransactWriteCommand).rejects(bare);
    await expect(repo.create(userForm({ email: 'a@example.com' }))).rejects.toBe(bare);
  });

  it('treats a taken id as a bug (500), not a client error', async () => {
    ddb.on(PutCommand).rejects(conditionFailed({ version: 1 }));
    const error = await repo.create(userForm()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(HttpError);
    expect(toErrorResponse(error).statusCode).toBe(500);
  });
});

describe('replace', () => {
  it('throws ItemNotFoundError (404) for a missing item', async () => {
    ddb.on(GetCommand).resolves({});
    const error = await repo.replace(ID, storedForm).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ItemNotFoundError);
    expect(toErrorResponse(error)).toMatchObject({
      statusCode: 404,
      body: JSON.stringify({ code: 'not_found', messages: ['user not found'] }),
    });
  });

  it('throws VersionConflictError (409) without writing when expectedVersion is not the stored one', async () => {
    ddb.on(GetCommand).resolves({ Item: stored() });
    const error = await repo.replace(ID, { ...storedForm, team: 'x' }, 2).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VersionConflictError);
    expect(error).toMatchObject({ statusCode: 409, expectedVersion: 2, actualVersion: 3 });
    expect(ddb).toHaveReceivedCommandTimes(PutCommand, 0);
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 0);
  });

  it('writes nothing and returns the stored item when the content is unchanged (key order, undefined)', async () => {
    ddb.on(GetCommand).resolves({ Item: stored() });
    const reordered = {
      team: 'core',
      email: 'ada@example.com',
      status: 'active',
      name: { last: 'Lovelace', first: 'Ada' },
    };
    const user = await repo.replace(ID, { ...reordered, nickname: undefined } as UserForm, 3);
    expect(user).toMatchObject({ id: ID, version: 3, updated_at: '2025-12-02T00:00:00.000Z' });
    expect(ddb.calls()).toHaveLength(1); // the read only
  });

  it('puts the new content conditional on the version read: version + 1, created_at kept', async () => {
    ddb.on(GetCommand).resolves({ Item: stored() });
    ddb.on(PutCommand).resolves({});
    const user = await repo.replace(ID, { ...storedForm, team: 'platform' });
    expect(user).toMatchObject({
      id: ID,
      version: 4,
      team: 'platform',
      created_at: '2025-12-01T00:00:00.000Z',
      updated_at: '2026-01-01T10:00:00.000Z',
    });
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      TableName: TABLE,
      Item: expect.objectContaining({
        [TABLE_KEY]: ID,
        version: 4,
        team: 'platform',
        [TEAM_INDEX]: 'platform',
        [TEAM_STATUS_INDEX]: 'platform#active',
        [EMAIL_INDEX]: 'ada@example.com',
      }),
      ConditionExpression: '#version = :version',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':version': 3 },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 0);
  });

  it('drops index attributes of fields that are gone (sparse)', async () => {
    ddb.on(GetCommand).resolves({ Item: stored() });
    ddb.on(PutCommand).resolves({});
    await repo.replace(ID, { ...storedForm, team: undefined });
    const item = ddb.commandCalls(PutCommand)[0]?.args[0].input.Item;
    expect(item).not.toHaveProperty(TEAM_INDEX);
    expect(item).not.toHaveProperty(TEAM_STATUS_INDEX);
    expect(item).not.toHaveProperty('team');
  });

  it('maps a failed version condition to VersionConflictError, or ItemNotFoundError when the item is gone', async () => {
    ddb.on(GetCommand).resolves({ Item: stored() });
    ddb
      .on(PutCommand)
      .rejectsOnce(conditionFailed({ version: 4 }))
      .rejectsOnce(conditionFailed());
    await expect(repo.replace(ID, { ...storedForm, team: 'x' })).rejects.toMatchObject({
      constructor: VersionConflictError,
      expectedVersion: 3,
    });
    await expect(repo.replace(ID, { ...storedForm, team: 'x' })).rejects.toBeInstanceOf(ItemNotFoundError);
  });

  it('swaps the guards in one transaction when the unique value changes', async () => {
    ddb.on(GetCommand).resolves({ Item: stored() });
    ddb.on(TransactWriteCommand).resolves({});
    await repo.replace(ID, { ...storedForm, email: 'countess@example.com' });
    expect(ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems).toEqual([
      {
        Put: expect.objectContaining({
          Item: expect.objectContaining({ version: 4, [EMAIL_INDEX]: 'countess@example.com' }),
          ConditionExpression: '#version = :version',
          ExpressionAttributeValues: { ':version': 3 },
        }),
      },
      {
        Delete: {
          TableName: TABLE,
          Key: { [TABLE_KEY]: guardKey('ix_user__email', 'ada@example.com') },
          ConditionExpression: 'attribute_not_exists(#pk) OR #owner = :owner',
          ExpressionAttributeNames: { '#pk': TABLE_KEY, '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': ID },
        },
      },
      {
        Put: {
          TableName: TABLE,
          Item: {
            [TABLE_KEY]: guardKey('ix_user__email', 'countess@example.com'),
            [TYPE_ATTRIBUTE]: GUARD_TYPE,
            owner: ID,
          },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': TABLE_KEY },
        },
      },
    ]);
  });

  it('only releases the guard when the unique value is removed, only claims when it is added', async () => {
    ddb.on(GetCommand).resolves({ Item: stored() });
    ddb.on(TransactWriteCommand).resolves({});
    await repo.replace(ID, { ...storedForm, email: undefined });
    const removed = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems;
    expect(removed?.map((action) => Object.keys(action)[0])).toEqual(['Put', 'Delete']);

    ddb.reset();
    const { email: _email, ...withoutEmail } = storedForm;
    ddb.on(GetCommand).resolves({
      Item: stored({ email: undefined, [EMAIL_INDEX]: undefined, hash_code: hashCode(withoutEmail) }),
    });
    ddb.on(TransactWriteCommand).resolves({});
    await repo.replace(ID, storedForm);
    const added = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems;
    expect(added?.map((action) => Object.keys(action)[0])).toEqual(['Put', 'Put']);
  });

  it.each<[string, Reason[], unknown]>([
    ['item condition failed', ['ConditionalCheckFailed+Item', 'None', 'None'], VersionConflictError],
    ['item gone', ['ConditionalCheckFailed', 'ConditionalCheckFailed', 'None'], ItemNotFoundError],
    ['new value taken', ['None', 'None', 'ConditionalCheckFailed'], UniqueConstraintError],
    [
      'stale read and value taken: the version wins',
      ['ConditionalCheckFailed+Item', 'None', 'ConditionalCheckFailed'],
      VersionConflictError,
    ],
  ])('reads the cancellation reasons: %s', async (_label, reasons, expected) => {
    ddb.on(GetCommand).resolves({ Item: stored() });
    ddb.on(TransactWriteCommand).rejects(cancelled(...reasons));
    await expect(repo.replace(ID, { ...storedForm, email: 'countess@example.com' })).rejects.toBeInstanceOf(
      expected as typeof Error,
    );
  });

  it('reports a guard owned by another item as a 500 (a broken index), not a client error', async () => {
    ddb.on(GetCommand).resolves({ Item: stored() });
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed', 'None'));
    const error = await repo
      .replace(ID, { ...storedForm, email: 'countess@example.com' })
      .catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(HttpError);
    expect(String(error)).toContain('needs repair');
  });

  it('retries a plain put that conflicted with a transaction', async () => {
    ddb.on(GetCommand).resolves({ Item: stored() });
    ddb
      .on(PutCommand)
      .rejectsOnce(new TransactionConflictException({ message: 'conflict', $metadata: {} }))
      .resolves({});
    await expect(repo.replace(ID, { ...storedForm, team: 'x' })).resolves.toMatchObject({ version: 4 });
    expect(ddb).toHaveReceivedCommandTimes(PutCommand, 2);
  });
});

describe('delete', () => {
  it('returns undefined and writes nothing for a missing item', async () => {
    ddb.on(GetCommand).resolves({});
    await expect(repo.delete(ID)).resolves.toBeUndefined();
    expect(ddb.calls()).toHaveLength(1);
  });

  it('deletes conditional on the version read and returns what was deleted', async () => {
    ddb.on(GetCommand).resolves({ Item: stored({ email: undefined, [EMAIL_INDEX]: undefined }) });
    ddb.on(DeleteCommand).resolves({});
    await expect(repo.delete(ID, 3)).resolves.toMatchObject({ id: ID, version: 3 });
    expect(ddb).toHaveReceivedCommandWith(DeleteCommand, {
      TableName: TABLE,
      Key: { [TABLE_KEY]: ID },
      ConditionExpression: '#version = :version',
      ExpressionAttributeValues: { ':version': 3 },
    });
  });

  it('removes the guards in the same transaction', async () => {
    ddb.on(GetCommand).resolves({ Item: stored() });
    ddb.on(TransactWriteCommand).resolves({});
    await repo.delete(ID);
    const actions = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems;
    expect(actions).toEqual([
      {
        Delete: expect.objectContaining({
          Key: { [TABLE_KEY]: ID },
          ExpressionAttributeValues: { ':version': 3 },
        }),
      },
      {
        Delete: expect.objectContaining({
          Key: { [TABLE_KEY]: guardKey('ix_user__email', 'ada@example.com') },
          ExpressionAttributeValues: { ':owner': ID },
        }),
      },
    ]);
  });

  it('conflicts on a wrong expectedVersion or a concurrent change; a concurrent delete is just gone', async () => {
    ddb.on(GetCommand).resolves({ Item: stored() });
    await expect(repo.delete(ID, 1)).rejects.toBeInstanceOf(VersionConflictError);
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('ConditionalCheckFailed+Item', 'None'))
      .rejectsOnce(cancelled('ConditionalCheckFailed', 'None'));
    await expect(repo.delete(ID)).rejects.toBeInstanceOf(VersionConflictError);
    await expect(repo.delete(ID)).resolves.toBeUndefined();
  });
});

describe('list', () => {
  function items(count: number, from = 100): Record<string, unknown>[] {
    return Array.from({ length: count }, (_, i) => {
      const id = `usr-01KAAAAAAAAAAAAAAAAAAAA${String(from - i).padStart(3, '0')}`;
      return stored({ [TABLE_KEY]: id, id });
    });
  }

  /** Answers each list-shard query with the items of its partition (shard of the id among `shards`), newest first. */
  function shardedAnswers(found: readonly Record<string, unknown>[], shards: number) {
    ddb.on(QueryCommand).callsFake((input: QueryCommandInput) => ({
      Items: found.filter(
        (item) =>
          input.ExpressionAttributeValues?.[':k'] ===
            listPartition('user', listShard(String(item.id), shards)) &&
          (input.ExpressionAttributeValues?.[':after'] === undefined ||
            String(item.id) < String(input.ExpressionAttributeValues[':after'])),
      ),
    }));
  }

  it('queries every list shard newest first, one more than the page, merges by id, and builds the cursor from the last item', async () => {
    const found = items(26);
    shardedAnswers(found, DEFAULT_LIST_SHARDS);
    const page = await repo.list();
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, DEFAULT_LIST_SHARDS);
    for (let shard = 0; shard < DEFAULT_LIST_SHARDS; shard++) {
      expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
        TableName: TABLE,
        IndexName: LIST_INDEX.name,
        KeyConditionExpression: '#k = :k',
        ExpressionAttributeNames: { '#k': LIST_PARTITION_ATTRIBUTE },
        ExpressionAttributeValues: { ':k': listPartition('user', shard) },
        ScanIndexForward: false,
        Limit: 26,
      });
    }
    expect(page.items.map((user) => user.id)).toEqual(found.slice(0, 25).map((item) => item.id));
    const last = found[24] as { id: string };
    expect(page.cursor).toBe(
      encodeListCursor({ resource: 'user', shards: DEFAULT_LIST_SHARDS, after: last.id }),
    );

    ddb.resetHistory();
    const rest = await repo.list({ cursor: page.cursor, limit: 10 });
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      KeyConditionExpression: '#k = :k AND #id < :after',
      ExpressionAttributeNames: { '#k': LIST_PARTITION_ATTRIBUTE, '#id': 'id' },
      ExpressionAttributeValues: { ':after': last.id },
      Limit: 11,
    });
    expect(rest.items.map((user) => user.id)).toEqual([found[25]?.id]);
    expect(rest).not.toHaveProperty('cursor');
  });

  it('gives no cursor on the last page, and ends a page where a shard that stopped early may hold more', async () => {
    const two = userRepository(client, TABLE, undefined, 2);
    const found = items(5);
    const nth = (i: number): Record<string, unknown> => found[i] ?? {};
    const [a, b, c, d, e] = [nth(0), nth(1), nth(2), nth(3), nth(4)];
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [a, c] })
      .resolvesOnce({ Items: [b] })
      // Shard 0 stopped at 1 MB after d; shard 1 has e: e may not come before what shard 0 still holds.
      .resolvesOnce({ Items: [a, d], LastEvaluatedKey: { [TABLE_KEY]: String(d.id) } })
      .resolvesOnce({ Items: [b, e] });
    const last = await two.list({ limit: 3 });
    expect(last.items.map((user) => user.id)).toEqual([a.id, b.id, c.id]);
    expect(last).not.toHaveProperty('cursor');
    const stopped = await two.list({ limit: 5 });
    expect(stopped.items.map((user) => user.id)).toEqual([a.id, b.id, d.id]);
    expect(stopped.cursor).toBe(encodeListCursor({ resource: 'user', shards: 2, after: String(d.id) }));
  });

  it.each([
    ['not base64url', '!!!'],
    ['padded', `${encodeCursor({ [TABLE_KEY]: ID, [TYPE_ATTRIBUTE]: 'user', id: ID })}=`],
    ['not JSON', Buffer.from('{pk:').toString('base64url')],
    ['not an object', encodeCursor(['a'] as never)],
    ['missing attribute', encodeCursor({ [TABLE_KEY]: ID, [TYPE_ATTRIBUTE]: 'user' })],
    ['extra attribute', encodeCursor({ [TABLE_KEY]: ID, [TYPE_ATTRIBUTE]: 'user', id: ID, x: 'y' })],
    ['another resource', encodeCursor({ [TABLE_KEY]: 'ord-1', [TYPE_ATTRIBUTE]: 'order', id: 'ord-1' })],
    ['pk is not the id', encodeCursor({ [TABLE_KEY]: OTHER_ID, [TYPE_ATTRIBUTE]: 'user', id: ID })],
    [
      'a number',
      Buffer.from(JSON.stringify({ [TABLE_KEY]: 1, [TYPE_ATTRIBUTE]: 'user', id: 1 })).toString('base64url'),
    ],
    ['from a finder', encodeCursor({ [TABLE_KEY]: ID, [TEAM_INDEX]: 'core', id: ID })],
    ['too long', 'A'.repeat(9000)],
  ])('rejects a cursor that is %s with a 422 naming cursor, before querying', async (_label, cursor) => {
    const error = await repo.list({ cursor }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidCursorError);
    expect(toErrorResponse(error)).toMatchObject({
      statusCode: 422,
      body: JSON.stringify({ code: 'validation_failed', messages: ['query.cursor: is not a valid cursor'] }),
    });
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 0);
  });

  it.each([0, 101, 2.5, Number.NaN])('rejects limit %p with a 422', async (limit) => {
    await expect(repo.list({ limit })).rejects.toBeInstanceOf(InvalidLimitError);
  });
});

describe('findOne', () => {
  it('reads the guard item and then its owner, both strongly consistent', async () => {
    ddb
      .on(GetCommand, { Key: { [TABLE_KEY]: guardKey('ix_user__email', 'ada@example.com') } })
      .resolves({
        Item: {
          [TABLE_KEY]: guardKey('ix_user__email', 'ada@example.com'),
          [TYPE_ATTRIBUTE]: GUARD_TYPE,
          owner: ID,
        },
      })
      .on(GetCommand, { Key: { [TABLE_KEY]: ID } })
      .resolves({ Item: stored() });
    await expect(repo.findOne(EMAIL_INDEX, ['ada@example.com'])).resolves.toMatchObject({ id: ID });
    await expect(repo.findOne(EMAIL_INDEX, { email: 'ada@example.com' })).resolves.toMatchObject({ id: ID });
    expect(ddb).toHaveReceivedCommandTimes(GetCommand, 4);
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 0);
    for (const call of ddb.commandCalls(GetCommand)) expect(call.args[0].input.ConsistentRead).toBe(true);
  });

  it('returns undefined without a guard, and for a missing value (sparse) without asking', async () => {
    ddb.on(GetCommand).resolves({});
    await expect(repo.findOne(EMAIL_INDEX, ['nobody@example.com'])).resolves.toBeUndefined();
    expect(ddb).toHaveReceivedCommandTimes(GetCommand, 1);
    await expect(repo.findOne(EMAIL_INDEX, [undefined])).resolves.toBeUndefined();
    await expect(repo.findOne(EMAIL_INDEX, { email: null })).resolves.toBeUndefined();
    await expect(repo.findOne(EMAIL_INDEX, [''])).resolves.toBeUndefined();
    expect(ddb).toHaveReceivedCommandTimes(GetCommand, 1);
  });

  it('reads the guard again when the owner moved to another value between the reads', async () => {
    const guard = {
      [TABLE_KEY]: guardKey('ix_user__email', 'ada@example.com'),
      [TYPE_ATTRIBUTE]: GUARD_TYPE,
    };
    ddb
      .on(GetCommand, { Key: { [TABLE_KEY]: guard[TABLE_KEY] } })
      .resolvesOnce({ Item: { ...guard, owner: ID } })
      .resolvesOnce({ Item: { ...guard, owner: OTHER_ID } })
      .on(GetCommand, { Key: { [TABLE_KEY]: ID } })
      .resolves({ Item: stored({ email: 'countess@example.com' }) })
      .on(GetCommand, { Key: { [TABLE_KEY]: OTHER_ID } })
      .resolves({ Item: stored({ [TABLE_KEY]: OTHER_ID, id: OTHER_ID }) });
    await expect(repo.findOne(EMAIL_INDEX, ['ada@example.com'])).resolves.toMatchObject({ id: OTHER_ID });
  });

  it('queries the GSI for the newest match on a non-unique index', async () => {
    ddb.on(QueryCommand).resolves({ Items: [stored()] });
    await expect(repo.findOne(TEAM_INDEX, ['core'])).resolves.toMatchObject({ id: ID });
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      IndexName: TEAM_INDEX,
      Limit: 2,
      ScanIndexForward: false,
    });
  });

  it('rejects an unknown index or the wrong number of values (a programming error)', async () => {
    await expect(repo.findOne('ix_user__name', ['x'])).rejects.toThrow(
      `user has no index ix_user__name; its indexes: ${EMAIL_INDEX}, ${TEAM_INDEX}, ${TEAM_STATUS_INDEX}`,
    );
    await expect(repo.findOne(EMAIL_INDEX, ['a', 'b'])).rejects.toThrow('takes 1 value(s), got 2');
  });
});

describe('findAll', () => {
  it('queries the index attribute with the joined values, newest first', async () => {
    ddb.on(QueryCommand).resolves({ Items: [stored()] });
    const page = await repo.findAll(TEAM_STATUS_INDEX, { team: 'core', status: 'active' }, { limit: 5 });
    expect(page).toEqual({ items: [expect.objectContaining({ id: ID })] });
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      TableName: TABLE,
      IndexName: TEAM_STATUS_INDEX,
      KeyConditionExpression: '#k = :k',
      ExpressionAttributeNames: { '#k': TEAM_STATUS_INDEX },
      ExpressionAttributeValues: { ':k': 'core#active' },
      ScanIndexForward: false,
      Limit: 6,
    });
  });

  it('escapes # and \\ in the values of a multi-field index, so different combinations never meet', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    await repo.findAll(TEAM_STATUS_INDEX, ['a#b', 'c']);
    await repo.findAll(TEAM_STATUS_INDEX, ['a', 'b#c']);
    await repo.findAll(TEAM_STATUS_INDEX, ['a\\', 'c']);
    const values = ddb
      .commandCalls(QueryCommand)
      .map((call) => call.args[0].input.ExpressionAttributeValues?.[':k']);
    expect(values).toEqual(['a\\#b#c', 'a#b\\#c', 'a\\\\#c']);
  });

  it('accepts only cursors of the same query', async () => {
    const key = { [TABLE_KEY]: ID, [TEAM_INDEX]: 'core', id: ID };
    ddb.on(QueryCommand).resolves({ Items: [] });
    await repo.findAll(TEAM_INDEX, ['core'], { cursor: encodeCursor(key) });
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input.ExclusiveStartKey).toEqual(key);
    await expect(repo.findAll(TEAM_INDEX, ['other'], { cursor: encodeCursor(key) })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
    await expect(
      repo.findAll(TEAM_INDEX, ['core'], {
        cursor: encodeCursor({ [TABLE_KEY]: ID, [TYPE_ATTRIBUTE]: 'user', id: ID }),
      }),
    ).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('returns an empty page for a missing value without querying', async () => {
    await expect(repo.findAll(TEAM_INDEX, [undefined])).resolves.toEqual({ items: [] });
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 0);
  });
});
