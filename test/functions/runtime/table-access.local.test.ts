/**
 * Granted against issued: every repository use, run against DynamoDB Local through a client that
 * records the actions each request needs, issues exactly the actions {@link actionsOfUse} grants for
 * it (no fewer: the grant would be too wide; no more: the Lambda would be denied on AWS). And the
 * guard refuses, before sending, what the grant does not hold.
 */
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { testClock } from '../../../functions/runtime/clock';
import { idempotencyOnTable, idempotentRunner } from '../../../functions/runtime/http/idempotency';
import { ResourceRepository } from '../../../functions/runtime/repository';
import { DynamoDbDedupe } from '../../../functions/runtime/subscriber';
import {
  actionsOfUse,
  actionsOfUses,
  guardTableAccess,
  TABLE_USES,
  TableAccessDeniedError,
  type TableUse,
} from '../../../functions/runtime/table-access';
import { createServiceTable, type DynamoDbLocal, startDynamoDbLocal } from '../../support/dynamodb-local';
import {
  EMAIL_INDEX,
  TEAM_INDEX,
  USER_INDEXES,
  USERS_LAYOUT,
  type User,
  type UserForm,
  userForm,
  userSchema,
} from '../../support/repository-fixture';

let local: DynamoDbLocal;
let tables = 0;

beforeAll(async () => {
  local = await startDynamoDbLocal();
}, 120_000);

afterAll(async () => {
  await local?.stop();
});

/** A fresh table, a repository whose client records (and optionally guards) each request's actions. */
async function setup(uniqueIndexes: boolean, granted?: ReadonlySet<string>) {
  const issued = new Set<string>();
  const raw = new DynamoDBClient(local.clientConfig);
  guardTableAccess(raw, granted, (actions) => {
    for (const action of actions) issued.add(action);
  });
  const doc = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  const tableName = `access-${++tables}`;
  await createServiceTable(new DynamoDBClient(local.clientConfig), tableName, USERS_LAYOUT);
  const repo = new ResourceRepository<User, UserForm>({
    client: doc,
    tableName,
    resource: 'user',
    idPrefix: 'usr',
    indexes: uniqueIndexes ? USER_INDEXES : USER_INDEXES.filter((index) => !index.unique),
    parse: (item) => userSchema.parse(item),
    clock: testClock('2026-01-01T00:00:00.000Z'),
  });
  return { repo, doc, raw, tableName, issued };
}

/** Runs one use on a table holding one user (created before recording starts). */
async function issuedBy(use: TableUse, uniqueIndexes: boolean): Promise<string[]> {
  const { repo, doc, raw: rawClient, tableName, issued } = await setup(uniqueIndexes);
  const seeded = await repo.create(userForm({ email: 'ada@example.com', team: 'core' }));
  issued.clear();
  switch (use) {
    case 'get':
      await repo.get(seeded.id);
      break;
    case 'list':
      await repo.list({ limit: 10 });
      break;
    case 'find':
      if (uniqueIndexes) await repo.findOne(EMAIL_INDEX, { email: 'ada@example.com' });
      await repo.findAll(TEAM_INDEX, { team: 'core' });
      break;
    case 'create':
      await repo.create(userForm({ email: 'grace@example.com' }));
      break;
    case 'replace':
      // The email moves: the old guard is released, the new one claimed.
      await repo.replace(seeded.id, userForm({ email: 'ada.l@example.com', team: 'core' }));
      break;
    case 'delete':
      await repo.delete(seeded.id);
      break;
    case 'idempotency': {
      // A request that fails (deleted), one that succeeds (put, updated), and its retry (read).
      const run = idempotentRunner(
        { store: idempotencyOnTable(rawClient, () => tableName).store },
        'users',
        'createUser',
      );
      await expect(
        run('k-1', { a: 1 }, undefined, async () => {
          throw new Error('fails');
        }),
      ).rejects.toThrow('fails');
      await run('k-2', { a: 1 }, undefined, async () => ({ status: 201, body: { ok: true } }));
      await run('k-2', { a: 1 }, undefined, async () => ({ status: 201, body: { ok: true } }));
      break;
    }
    case 'dedupe': {
      const dedupe = new DynamoDbDedupe({ client: doc, tableName, subscriber: 'users-user' });
      await dedupe.isHandled('ev-1');
      await dedupe.markHandled('ev-1');
      break;
    }
  }
  return [...issued].sort();
}

describe.each([
  ['with a unique index', true],
  ['without unique indexes', false],
])('a table %s', (_title, uniqueIndexes) => {
  it.each(TABLE_USES.map((use) => [use]))('%s issues exactly the actions granted for it', async (use) => {
    expect(await issuedBy(use, uniqueIndexes)).toEqual([...actionsOfUse(use, { uniqueIndexes })].sort());
  });
});

describe('the guard', () => {
  it('refuses an action outside the grant before it is sent, with the error AWS would name', async () => {
    const granted = new Set(actionsOfUses(['get', 'list'], { uniqueIndexes: true }));
    const { repo, raw, tableName } = await setup(true, granted);
    await expect(repo.create(userForm())).rejects.toThrow(TableAccessDeniedError);
    await expect(repo.create(userForm())).rejects.toMatchObject({
      name: 'AccessDeniedException',
      action: 'PutItem',
    });
    // Nothing was written: the request never left.
    const unguarded = new DynamoDBClient(local.clientConfig);
    const scan = await unguarded.send(new ScanCommand({ TableName: tableName }));
    expect(scan.Count).toBe(0);
    expect((await repo.list()).items).toEqual([]);
    raw.destroy();
  });

  it('lets a use through when its actions are granted', async () => {
    const granted = new Set(actionsOfUses(['create', 'get'], { uniqueIndexes: true }));
    const { repo } = await setup(true, granted);
    const created = await repo.create(userForm({ email: 'x@example.com' }));
    await expect(repo.get(created.id)).resolves.toMatchObject({ id: created.id });
    // replace needs DeleteItem for the guard it releases: not granted.
    await expect(repo.replace(created.id, userForm({ email: 'y@example.com' }))).rejects.toMatchObject({
      action: 'DeleteItem',
    });
  });
});
