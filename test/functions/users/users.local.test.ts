/**
 * The users service (a reference service), its generated Lambdas end to end against DynamoDB Local (one JVM for this file), on a table created
 * from the spec's table layout, driven through API Gateway events as the deployed Lambdas get them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { testClock } from '../../../functions/runtime/clock';
import { GUARD_TYPE, guardKey, TABLE_KEY, TYPE_ATTRIBUTE } from '../../../functions/runtime/conventions';
import type { HttpLambdaHandler } from '../../../functions/runtime/http';
import { createDocumentClient } from '../../../functions/runtime/service-environment';
import { makeHandler as makeCreateUser } from '../../../functions/users/generated/lambdas/create-user';
import { makeHandler as makeDeleteUser } from '../../../functions/users/generated/lambdas/delete-user';
import { makeHandler as makeGetUser } from '../../../functions/users/generated/lambdas/get-user';
import { makeHandler as makeListUsers } from '../../../functions/users/generated/lambdas/list-users';
import { makeHandler as makeReplaceUser } from '../../../functions/users/generated/lambdas/replace-user';
import {
  createUserOperation,
  deleteUserOperation,
  getUserOperation,
  listUsersOperation,
  replaceUserOperation,
} from '../../../functions/users/generated/operations';
import { createUsersDeps } from '../../../functions/users/generated/service';
import { specSchema } from '../../../lib/contract/schema';
import { tableLayout } from '../../../lib/contract/table-layout';
import {
  createServiceTable,
  type DynamoDbLocal,
  localDynamoDbClient,
  startDynamoDbLocal,
} from '../../support/dynamodb-local';
import { bodyOf, recordingLogger, routeEvent } from '../support/api-event';

const TABLE = 'users';
const spec = specSchema.parse(
  JSON.parse(readFileSync(join(__dirname, '../../../api-specs/users.json'), 'utf8')),
);

let local: DynamoDbLocal;
let raw: DynamoDBClient;
let doc: DynamoDBDocumentClient;
let api: {
  get: HttpLambdaHandler;
  list: HttpLambdaHandler;
  create: HttpLambdaHandler;
  replace: HttpLambdaHandler;
  delete: HttpLambdaHandler;
};
const clock = testClock('2026-03-01T09:00:00.000Z');

beforeAll(async () => {
  local = await startDynamoDbLocal();
  raw = localDynamoDbClient(local);
  doc = createDocumentClient(raw);
  await createServiceTable(raw, TABLE, tableLayout(spec));
  const deps = createUsersDeps({ client: doc, tableName: TABLE, clock, logger: recordingLogger().logger });
  api = {
    get: makeGetUser(deps),
    list: makeListUsers(deps),
    create: makeCreateUser(deps),
    replace: makeReplaceUser(deps),
    delete: makeDeleteUser(deps),
  };
}, 120_000);

afterAll(async () => {
  doc?.destroy();
  await local?.stop();
});

interface ApiUser {
  id: string;
  email?: string;
  name: { first?: string; last?: string };
  status: string;
  version: number;
  created_at: string;
  updated_at: string;
}

async function create(body: unknown) {
  clock.advance(1_000);
  const result = await api.create(routeEvent(createUserOperation, { body }));
  return { result, user: bodyOf(result) as ApiUser };
}

const get = (id: string) => api.get(routeEvent(getUserOperation, { path: { id } }));
const list = (query: Record<string, string> = {}) => api.list(routeEvent(listUsersOperation, { query }));
function replace(id: string, body: unknown) {
  clock.advance(1_000);
  return api.replace(routeEvent(replaceUserOperation, { path: { id }, body }));
}
const remove = (id: string) => api.delete(routeEvent(deleteUserOperation, { path: { id } }));

async function guards(): Promise<Record<string, unknown>> {
  const { Items = [] } = await doc.send(
    new ScanCommand({
      TableName: TABLE,
      FilterExpression: '#t = :g',
      ExpressionAttributeNames: { '#t': TYPE_ATTRIBUTE },
      ExpressionAttributeValues: { ':g': GUARD_TYPE },
      ConsistentRead: true,
    }),
  );
  return Object.fromEntries(Items.map((item) => [String(item[TABLE_KEY]), item.owner]));
}

describe('users (reference service) over DynamoDB Local, through its generated Lambdas', () => {
  it('create → get → list (paged) → replace (same, changed) → delete → 404', async () => {
    const ada = await create({ email: 'ada@example.com', name: { first: 'Ada', last: 'Lovelace' } });
    const grace = await create({ email: 'grace@example.com', name: { first: 'Grace' }, status: 'pending' });
    const alan = await create({ name: { first: 'Alan' } });
    for (const { result } of [ada, grace, alan]) expect(result.statusCode).toBe(201);
    expect(ada.user).toEqual({
      id: expect.stringMatching(/^usr-/),
      email: 'ada@example.com',
      name: { first: 'Ada', last: 'Lovelace' },
      status: 'active',
      version: 1,
      created_at: '2026-03-01T09:00:01.000Z',
      updated_at: '2026-03-01T09:00:01.000Z',
    });

    // get
    const got = await get(ada.user.id);
    expect(got.statusCode).toBe(200);
    expect(bodyOf(got)).toEqual(ada.user);

    // list, newest first, two pages
    const first = await list({ limit: '2' });
    expect(first.statusCode).toBe(200);
    expect(bodyOf(first)).toEqual([alan.user, grace.user]);
    const cursor = first.headers['x-next-cursor'];
    expect(cursor).toEqual(expect.any(String));
    const second = await list({ limit: '2', cursor: cursor ?? '' });
    expect(second.statusCode).toBe(200);
    expect(bodyOf(second)).toEqual([ada.user]);
    expect(second.headers).not.toHaveProperty('x-next-cursor');
    // exactly a page's worth: no cursor, no empty page after it
    const all = await list({ limit: '3' });
    expect(bodyOf(all)).toEqual([alan.user, grace.user, ada.user]);
    expect(all.headers).not.toHaveProperty('x-next-cursor');

    // by email
    expect(bodyOf(await list({ email: 'grace@example.com' }))).toEqual([grace.user]);
    expect(bodyOf(await list({ email: 'nobody@example.com' }))).toEqual([]);

    // replace with identical content: nothing written, the stored user returned
    const same = await replace(ada.user.id, {
      email: 'ada@example.com',
      name: { last: 'Lovelace', first: 'Ada' },
      status: 'active',
    });
    expect(same.statusCode).toBe(200);
    expect(bodyOf(same)).toEqual(ada.user);

    // replace with a change
    const changed = await replace(ada.user.id, {
      email: 'ada@example.com',
      name: { first: 'Augusta Ada', last: 'King' },
      status: 'inactive',
    });
    expect(changed.statusCode).toBe(200);
    const adaV2 = bodyOf(changed) as ApiUser;
    expect(adaV2).toEqual({
      ...ada.user,
      name: { first: 'Augusta Ada', last: 'King' },
      status: 'inactive',
      version: 2,
      updated_at: clock.now().toISOString(),
    });
    expect(bodyOf(await get(ada.user.id))).toEqual(adaV2);

    // delete, then it is gone everywhere
    const deleted = await remove(ada.user.id);
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBeUndefined();
    expect((await get(ada.user.id)).statusCode).toBe(404);
    expect((await remove(ada.user.id)).statusCode).toBe(404);
    expect((await replace(ada.user.id, { name: {} })).statusCode).toBe(404);
    expect(bodyOf(await list({ email: 'ada@example.com' }))).toEqual([]);
    expect(bodyOf(await list())).toEqual([alan.user, grace.user]);
  });

  it('keeps emails unique: 409 on create and replace, the email free again once released', async () => {
    const owner = await create({ email: 'taken@example.com', name: { first: 'Owner' } });
    expect(owner.result.statusCode).toBe(201);

    const clash = await create({ email: 'taken@example.com', name: { first: 'Copycat' } });
    expect(clash.result.statusCode).toBe(409);
    expect(bodyOf(clash.result)).toEqual({ code: 'conflict', messages: ['email: is already taken'] });

    const other = await create({ email: 'other@example.com', name: { first: 'Other' } });
    const moved = await replace(other.user.id, { email: 'taken@example.com', name: { first: 'Other' } });
    expect(moved.statusCode).toBe(409);
    expect(bodyOf(moved)).toEqual({ code: 'conflict', messages: ['email: is already taken'] });
    // the failed replace changed nothing
    expect(bodyOf(await get(other.user.id))).toEqual(other.user);

    // the owner changes address: the old one is free, the new one guarded
    const renamed = await replace(owner.user.id, { email: 'new@example.com', name: { first: 'Owner' } });
    expect(renamed.statusCode).toBe(200);
    const guarded = await guards();
    expect(guarded).toMatchObject({
      [guardKey('ix_user__email', 'new@example.com')]: owner.user.id,
      [guardKey('ix_user__email', 'other@example.com')]: other.user.id,
    });
    expect(guarded).not.toHaveProperty([guardKey('ix_user__email', 'taken@example.com')]);
    const taker = await create({ email: 'taken@example.com', name: { first: 'Taker' } });
    expect(taker.result.statusCode).toBe(201);
    expect(bodyOf(await list({ email: 'taken@example.com' }))).toEqual([taker.user]);

    // deleting a user frees its email too
    expect((await remove(taker.user.id)).statusCode).toBe(204);
    expect(await guards()).not.toHaveProperty([guardKey('ix_user__email', 'taken@example.com')]);
  });

  it('keeps emails unique whatever their letter case, stores them as given, and finds them in any case', async () => {
    const d = await create({ email: 'D@Example.com', name: { first: 'D' } });
    expect(d.result.statusCode).toBe(201);
    expect(d.user.email).toBe('D@Example.com');

    for (const email of ['d@example.com', 'D@EXAMPLE.COM', 'd@Example.Com']) {
      const clash = await create({ email, name: { first: 'Copycat' } });
      expect(clash.result.statusCode).toBe(409);
      expect(bodyOf(clash.result)).toEqual({ code: 'conflict', messages: ['email: is already taken'] });
    }
    const other = await create({ email: 'e@example.com', name: { first: 'E' } });
    expect((await replace(other.user.id, { email: 'd@EXAMPLE.com', name: { first: 'E' } })).statusCode).toBe(
      409,
    );

    // GET /users?email= finds the user in any case, and only that user
    for (const email of ['D@EXAMPLE.COM', 'd@example.com', 'D@Example.com']) {
      expect(bodyOf(await list({ email }))).toEqual([d.user]);
    }
    // the guard and the index hold the folded value; the user, the value as given
    expect(await guards()).toMatchObject({ [guardKey('ix_user__email', 'd@example.com')]: d.user.id });
    const { Items = [] } = await doc.send(
      new ScanCommand({
        TableName: TABLE,
        FilterExpression: `${TABLE_KEY} = :id`,
        ExpressionAttributeValues: { ':id': d.user.id },
        ConsistentRead: true,
      }),
    );
    expect(Items[0]).toMatchObject({ email: 'D@Example.com', ix_user__email: 'd@example.com' });

    // the owner may change only the case of its own address; then the other cases stay taken
    const recased = await replace(d.user.id, { email: 'd@example.com', name: { first: 'D' } });
    expect(recased.statusCode).toBe(200);
    expect(bodyOf(recased)).toMatchObject({ email: 'd@example.com', version: 2 });
    expect((await create({ email: 'D@Example.com', name: { first: 'Copycat' } })).result.statusCode).toBe(
      409,
    );

    // deleting frees the address in every case
    expect((await remove(d.user.id)).statusCode).toBe(204);
    const again = await create({ email: 'D@EXAMPLE.COM', name: { first: 'Again' } });
    expect(again.result.statusCode).toBe(201);
  });

  it('answers 422 for a cursor that is not from this listing', async () => {
    const result = await list({ cursor: 'eyJwayI6Im5vcGUifQ' });
    expect(result.statusCode).toBe(422);
    expect(bodyOf(result)).toEqual({
      code: 'validation_failed',
      messages: ['query.cursor: is not a valid cursor'],
    });
  });
});
