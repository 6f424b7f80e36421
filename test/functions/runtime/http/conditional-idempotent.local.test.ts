/**
 * Conditional and idempotent writes over HTTP, on DynamoDB Local through a service's generated
 * Lambdas (users, the reference service whose operations are all standard):
 * - two clients that read the same version cannot lose each other's update (If-Match → 412);
 * - a GET with the current tag in If-None-Match is a 304;
 * - a retried create with the same Idempotency-Key makes one item and one stream record.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { testClock } from '../../../../functions/runtime/clock';
import { httpHandler } from '../../../../functions/runtime/http';
import { idempotencyOnTable } from '../../../../functions/runtime/http/idempotency';
import type { OperationDescriptor } from '../../../../functions/runtime/operation';
import { makeHandler as createHandler } from '../../../../functions/users/generated/lambdas/create-user';
import { makeHandler as deleteHandler } from '../../../../functions/users/generated/lambdas/delete-user';
import { makeHandler as getHandler } from '../../../../functions/users/generated/lambdas/get-user';
import { makeHandler as replaceHandler } from '../../../../functions/users/generated/lambdas/replace-user';
import {
  createUserOperation,
  deleteUserOperation,
  getUserOperation,
  replaceUserOperation,
} from '../../../../functions/users/generated/operations';
import { createUsersDeps } from '../../../../functions/users/generated/service';
import { type Spec, specSchema } from '../../../../lib/contract/schema';
import { tableLayout } from '../../../../lib/contract/table-layout';
import { createServiceTable, type DynamoDbLocal, startDynamoDbLocal } from '../../../support/dynamodb-local';
import { StreamReader } from '../../../support/dynamodb-stream';
import { bodyOf, recordingLogger, routeEvent } from '../../support/api-event';

/** The users service's spec, as the table layout is made from it. */
function specOf(service: string): Spec {
  return specSchema.parse(
    JSON.parse(readFileSync(join(__dirname, '../../../../api-specs', `${service}.json`), 'utf8')),
  );
}

let local: DynamoDbLocal;
let raw: DynamoDBClient;
let doc: DynamoDBDocumentClient;
let tables = 0;

beforeAll(async () => {
  local = await startDynamoDbLocal();
  raw = new DynamoDBClient(local.clientConfig);
  doc = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
}, 120_000);
afterAll(async () => {
  doc?.destroy();
  await local?.stop();
});

async function usersService(options: { expiresAfterSeconds?: number } = {}) {
  const tableName = `users-${++tables}`;
  await createServiceTable(raw, tableName, tableLayout(specOf('users')));
  const idempotency = idempotencyOnTable(raw, () => tableName);
  const deps = createUsersDeps({
    client: doc,
    tableName,
    clock: testClock('2026-01-01T00:00:00.000Z'),
    logger: recordingLogger().logger,
    idempotency: { ...idempotency, ...options },
  });
  return {
    tableName,
    deps,
    create: createHandler(deps),
    get: getHandler(deps),
    replace: replaceHandler(deps),
    remove: deleteHandler(deps),
  };
}

const ada = { email: 'ada@example.com', name: { first: 'Ada' } };
const headers = (values: Record<string, string>) => ({ headers: { ...values } });

async function users(tableName: string): Promise<Record<string, unknown>[]> {
  const { Items } = await doc.send(new ScanCommand({ TableName: tableName }));
  return (Items ?? []).filter((item) => item._type === 'user');
}

describe('conditional writes (users, standard replace and delete)', () => {
  it('gives every resource an ETag from its version', async () => {
    const service = await usersService();
    const created = await service.create(routeEvent(createUserOperation, { body: ada }));
    expect(created.headers.etag).toBe('"1"');
    const id = (bodyOf(created) as { id: string }).id;
    const read = await service.get(routeEvent(getUserOperation, { path: { id } }));
    expect(read.headers.etag).toBe('"1"');
  });

  it('two clients that read version 1: the first PUT wins, the second gets 412 and changes nothing', async () => {
    const service = await usersService();
    const id = (
      bodyOf(await service.create(routeEvent(createUserOperation, { body: ada }))) as { id: string }
    ).id;
    const first = await service.replace(
      routeEvent(replaceUserOperation, {
        path: { id },
        body: { ...ada, name: { first: 'A' } },
        ...headers({ 'if-match': '"1"' }),
      }),
    );
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe('"2"');
    const second = await service.replace(
      routeEvent(replaceUserOperation, {
        path: { id },
        body: { ...ada, name: { first: 'B' } },
        ...headers({ 'if-match': '"1"' }),
      }),
    );
    expect(second.statusCode).toBe(412);
    expect(bodyOf(second)).toEqual({
      code: 'precondition_failed',
      messages: ['if-match: the resource changed since you read it; read it again and retry'],
    });
    const stored = bodyOf(await service.get(routeEvent(getUserOperation, { path: { id } })));
    expect(stored).toMatchObject({ name: { first: 'A' }, version: 2 });
  });

  it.each([
    ['a list holding the current tag', '"7", "2"', 200],
    ['*, the item exists', '*', 200],
    ['a weak tag (never for a write)', 'W/"2"', 412],
    ['another version', '"3"', 412],
  ])('If-Match: %s (%s) → %s', async (_title, ifMatch, status) => {
    const service = await usersService();
    const id = (
      bodyOf(await service.create(routeEvent(createUserOperation, { body: ada }))) as { id: string }
    ).id;
    await service.replace(
      routeEvent(replaceUserOperation, { path: { id }, body: { ...ada, name: { first: 'A' } } }),
    );
    const result = await service.replace(
      routeEvent(replaceUserOperation, {
        path: { id },
        body: { ...ada, name: { first: 'C' } },
        ...headers({ 'if-match': ifMatch }),
      }),
    );
    expect(result.statusCode).toBe(status);
  });

  it('a DELETE with a stale If-Match is 412 and deletes nothing; with the current one it deletes', async () => {
    const service = await usersService();
    const id = (
      bodyOf(await service.create(routeEvent(createUserOperation, { body: ada }))) as { id: string }
    ).id;
    const stale = await service.remove(
      routeEvent(deleteUserOperation, { path: { id }, ...headers({ 'if-match': '"9"' }) }),
    );
    expect(stale.statusCode).toBe(412);
    expect(await users(service.tableName)).toHaveLength(1);
    const current = await service.remove(
      routeEvent(deleteUserOperation, { path: { id }, ...headers({ 'if-match': '"1"' }) }),
    );
    expect(current.statusCode).toBe(204);
    expect(await users(service.tableName)).toHaveLength(0);
    const gone = await service.remove(
      routeEvent(deleteUserOperation, { path: { id }, ...headers({ 'if-match': '*' }) }),
    );
    expect(gone.statusCode).toBe(412);
  });

  it('a malformed If-Match is a 400, not a guess', async () => {
    const service = await usersService();
    const id = (
      bodyOf(await service.create(routeEvent(createUserOperation, { body: ada }))) as { id: string }
    ).id;
    const result = await service.replace(
      routeEvent(replaceUserOperation, { path: { id }, body: ada, ...headers({ 'if-match': 'version 1' }) }),
    );
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toMatchObject({ code: 'malformed_request' });
  });

  it('a GET whose If-None-Match holds the current tag is a 304 with no body', async () => {
    const service = await usersService();
    const id = (
      bodyOf(await service.create(routeEvent(createUserOperation, { body: ada }))) as { id: string }
    ).id;
    const fresh = await service.get(
      routeEvent(getUserOperation, { path: { id }, ...headers({ 'if-none-match': '"1"' }) }),
    );
    expect(fresh).toEqual({ statusCode: 304, headers: { etag: '"1"' } });
    const stale = await service.get(
      routeEvent(getUserOperation, { path: { id }, ...headers({ 'if-none-match': 'W/"0"' }) }),
    );
    expect(stale.statusCode).toBe(200);
  });
});

describe('idempotent creates (users, standard create)', () => {
  it('a retry with the same key and body answers the first result: one item, one stream record', async () => {
    const service = await usersService();
    const key = { 'idempotency-key': 'k-1' };
    const first = await service.create(routeEvent(createUserOperation, { body: ada, ...headers(key) }));
    const again = await service.create(routeEvent(createUserOperation, { body: ada, ...headers(key) }));
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(bodyOf(again)).toEqual(bodyOf(first));
    expect(await users(service.tableName)).toHaveLength(1);
    const { Table } = await raw.send(new DescribeTableCommand({ TableName: service.tableName }));
    const reader = new StreamReader(local.clientConfig, Table?.LatestStreamArn ?? '');
    const records = await reader.drain();
    reader.destroy();
    const userRecords = records.filter((record) => record.dynamodb?.NewImage?._type?.S === 'user');
    expect(userRecords).toHaveLength(1);
  });

  it('the same key with another body is a 422, and nothing is written', async () => {
    const service = await usersService();
    const key = { 'idempotency-key': 'k-2' };
    await service.create(routeEvent(createUserOperation, { body: ada, ...headers(key) }));
    const other = await service.create(
      routeEvent(createUserOperation, { body: { ...ada, email: 'grace@example.com' }, ...headers(key) }),
    );
    expect(other.statusCode).toBe(422);
    expect(bodyOf(other)).toEqual({
      code: 'validation_failed',
      messages: [
        'headers.idempotency-key: was already used with another request body; send a new key for a new request',
      ],
    });
    expect(await users(service.tableName)).toHaveLength(1);
  });

  it('without a key every request runs; different keys are different requests', async () => {
    const service = await usersService();
    await service.create(routeEvent(createUserOperation, { body: { name: {} } }));
    await service.create(routeEvent(createUserOperation, { body: { name: {} } }));
    await service.create(
      routeEvent(createUserOperation, { body: { name: {} }, ...headers({ 'idempotency-key': 'a' }) }),
    );
    await service.create(
      routeEvent(createUserOperation, { body: { name: {} }, ...headers({ 'idempotency-key': 'b' }) }),
    );
    expect(await users(service.tableName)).toHaveLength(4);
  });

  it('a failure is not remembered: the retry with the same key runs again', async () => {
    const service = await usersService();
    await service.create(routeEvent(createUserOperation, { body: ada }));
    const key = { 'idempotency-key': 'k-3' };
    // The email is taken: 409, not remembered.
    const clash = await service.create(routeEvent(createUserOperation, { body: ada, ...headers(key) }));
    expect(clash.statusCode).toBe(409);
    await service.remove(
      routeEvent(deleteUserOperation, { path: { id: (await users(service.tableName))[0]?.id as string } }),
    );
    const retried = await service.create(routeEvent(createUserOperation, { body: ada, ...headers(key) }));
    expect(retried.statusCode).toBe(201);
  });

  it('a key expires: after it, the same key is a new request', async () => {
    const service = await usersService({ expiresAfterSeconds: 1 });
    const key = { 'idempotency-key': 'k-4' };
    const first = bodyOf(
      await service.create(routeEvent(createUserOperation, { body: { name: {} }, ...headers(key) })),
    );
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const later = bodyOf(
      await service.create(routeEvent(createUserOperation, { body: { name: {} }, ...headers(key) })),
    );
    expect((later as { id: string }).id).not.toBe((first as { id: string }).id);
  });

  it('a key still in progress is a 409; the first request then completes', async () => {
    const tableName = `slow-${++tables}`;
    await createServiceTable(raw, tableName, tableLayout(specOf('users')));
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const operation: OperationDescriptor = { ...createUserOperation, id: 'slowCreate' };
    const handler = httpHandler(
      operation,
      async () => {
        await gate;
        return {
          status: 201,
          body: {
            id: 'usr-01KAAAAAAAAAAAAAAAAAAAAAAA',
            ...ada,
            status: 'active',
            version: 1,
            created_at: '2026-01-01T00:00:00.000Z',
            updated_at: '2026-01-01T00:00:00.000Z',
          },
        };
      },
      { logger: recordingLogger().logger, idempotency: idempotencyOnTable(raw, () => tableName) },
    );
    const key = { 'idempotency-key': 'k-5' };
    const first = handler(routeEvent(operation, { body: ada, ...headers(key) }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = await handler(routeEvent(operation, { body: ada, ...headers(key) }));
    expect(second.statusCode).toBe(409);
    expect(bodyOf(second)).toEqual({
      code: 'conflict',
      messages: ['a request with this Idempotency-Key is still in progress; retry it later'],
    });
    release();
    expect((await first).statusCode).toBe(201);
  });

  it('a key longer than 255 characters is a 422', async () => {
    const service = await usersService();
    const result = await service.create(
      routeEvent(createUserOperation, { body: ada, ...headers({ 'idempotency-key': 'k'.repeat(256) }) }),
    );
    expect(result.statusCode).toBe(422);
  });
});
