/**
 * The standard operations over a real repository on DynamoDB Local: what a generated service runs
 * for get, list (with filters on indexes), create, replace and delete when nobody wrote them.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { testClock } from '../../../functions/runtime/clock';
import { HttpError } from '../../../functions/runtime/errors';
import type { ResourceRepository } from '../../../functions/runtime/repository';
import {
  createItem,
  deleteItem,
  getItem,
  listItems,
  replaceItem,
} from '../../../functions/runtime/standard-operations';
import {
  createServiceTable,
  type DynamoDbLocal,
  localDynamoDbClient,
  startDynamoDbLocal,
} from '../../support/dynamodb-local';
import {
  USER_INDEXES,
  USERS_LAYOUT,
  type User,
  type UserForm,
  userForm,
  userRepository,
} from '../../support/repository-fixture';

let local: DynamoDbLocal;
let doc: DynamoDBDocumentClient;
let tables = 0;

beforeAll(async () => {
  local = await startDynamoDbLocal();
  doc = DynamoDBDocumentClient.from(localDynamoDbClient(local), {
    marshallOptions: { removeUndefinedValues: true },
  });
}, 120_000);

afterAll(async () => {
  doc?.destroy();
  await local?.stop();
});

async function fresh(): Promise<ResourceRepository<User, UserForm>> {
  const tableName = `standard-${++tables}`;
  await createServiceTable(localDynamoDbClient(local), tableName, USERS_LAYOUT);
  return userRepository(doc, tableName, testClock('2026-01-01T00:00:00.000Z'));
}

async function refused(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('expected an HttpError');
}

const TEAM_INDEXES = USER_INDEXES;

describe('getItem', () => {
  it('answers 200 with the item, 404 naming the resource when there is none', async () => {
    const repo = await fresh();
    const ada = await repo.create(userForm({ email: 'ada@example.com' }));
    await expect(getItem(repo, 'user', ada.id)).resolves.toEqual({ status: 200, body: ada });
    const missing = await refused(getItem(repo, 'user', 'usr-01KAAAAAAAAAAAAAAAAAAAAAAA'));
    expect(missing.toBody()).toEqual({ code: 'not_found', messages: ['user not found'] });
  });

  it.each([
    ['empty', ''],
    ['longer than a key', 'x'.repeat(3000)],
    ['another resource', 'ord-01KAAAAAAAAAAAAAAAAAAAAAAA'],
  ])('an id that is %s is a 404, not a 500', async (_title, id) => {
    const repo = await fresh();
    expect((await refused(getItem(repo, 'user', id))).statusCode).toBe(404);
  });
});

describe('listItems', () => {
  it('lists newest first, a page at a time, the next cursor in x-next-cursor', async () => {
    const repo = await fresh();
    const created = [];
    for (let i = 0; i < 3; i++) created.push(await repo.create(userForm({ email: `u${i}@example.com` })));
    const first = await listItems(repo, { limit: 2 }, TEAM_INDEXES);
    expect(first.body.map((u) => u.id)).toEqual([created[2]?.id, created[1]?.id]);
    const cursor = first.headers['x-next-cursor'];
    expect(cursor).toEqual(expect.any(String));
    const second = await listItems(repo, { limit: 2, cursor }, TEAM_INDEXES);
    expect(second.body.map((u) => u.id)).toEqual([created[0]?.id]);
    expect(second.headers).toEqual({});
  });

  it('uses the unique index for its one field: one item or none, and no cursor belongs to it', async () => {
    const repo = await fresh();
    const ada = await repo.create(userForm({ email: 'ada@example.com' }));
    await repo.create(userForm({ email: 'grace@example.com' }));
    expect((await listItems(repo, { email: 'ada@example.com', limit: 25 }, TEAM_INDEXES)).body).toEqual([
      ada,
    ]);
    expect((await listItems(repo, { email: 'nobody@example.com' }, TEAM_INDEXES)).body).toEqual([]);
    expect((await listItems(repo, { email: '' }, TEAM_INDEXES)).body).toEqual([]);
    // A value no key can hold finds nothing rather than failing.
    expect((await listItems(repo, { email: 'x'.repeat(3000) }, TEAM_INDEXES)).body).toEqual([]);
    const error = await refused(listItems(repo, { email: 'ada@example.com', cursor: 'abc' }, TEAM_INDEXES));
    expect(error.statusCode).toBe(422);
  });

  it('uses the index whose fields are exactly the filters given', async () => {
    const repo = await fresh();
    const a = await repo.create(userForm({ team: 'core', status: 'active' }));
    const b = await repo.create(userForm({ team: 'core', status: 'inactive' }));
    await repo.create(userForm({ team: 'web', status: 'active' }));
    expect((await listItems(repo, { team: 'core' }, TEAM_INDEXES)).body.map((u) => u.id)).toEqual([
      b.id,
      a.id,
    ]);
    expect(
      (await listItems(repo, { team: 'core', status: 'active', email: undefined }, TEAM_INDEXES)).body.map(
        (u) => u.id,
      ),
    ).toEqual([a.id]);
    expect((await listItems(repo, { team: 'x'.repeat(3000) }, TEAM_INDEXES)).body).toEqual([]);
  });

  it('refuses a combination of filters no index has, naming those that are', async () => {
    const repo = await fresh();
    const error = await refused(listItems(repo, { status: 'active' }, TEAM_INDEXES));
    expect(error.statusCode).toBe(422);
    expect(error.messages).toEqual([
      'query: filter by exactly one of these combinations: email; team; team + status',
    ]);
  });
});

describe('createItem, replaceItem, deleteItem', () => {
  it('creates with the status asked for and a location; a unique clash is 409', async () => {
    const repo = await fresh();
    const created = await createItem(repo, userForm({ email: 'ada@example.com' }), '/users', 201);
    expect(created).toMatchObject({ status: 201, body: { email: 'ada@example.com', version: 1 } });
    expect(created.headers.location).toBe(`/users/${created.body.id}`);
    const clash = await refused(createItem(repo, userForm({ email: 'ada@example.com' }), '/users', 201));
    expect(clash.statusCode).toBe(409);
  });

  it('replaces (404 when there is none) and deletes (404 when there is none)', async () => {
    const repo = await fresh();
    const ada = await repo.create(userForm({ email: 'ada@example.com' }));
    const replaced = await replaceItem(repo, ada.id, userForm({ email: 'ada@example.org' }));
    expect(replaced).toMatchObject({ status: 200, body: { email: 'ada@example.org', version: 2 } });
    expect((await refused(replaceItem(repo, 'usr-01KAAAAAAAAAAAAAAAAAAAAAAA', userForm()))).statusCode).toBe(
      404,
    );
    await expect(deleteItem(repo, 'user', ada.id)).resolves.toMatchObject({ id: ada.id });
    const gone = await refused(deleteItem(repo, 'user', ada.id));
    expect(gone.toBody()).toEqual({ code: 'not_found', messages: ['user not found'] });
  });
});
