/**
 * The OpenAPI document against the runtime, for conditional and idempotent requests: every answer
 * the new rules document (the ETag, 304, the malformed condition header's 400, 412, the key in
 * use's 409, the key's 422), given by users' generated Lambdas on DynamoDB Local (idempotency
 * records in its table, as deployed), is checked against functions/users/generated/openapi.json
 * with test/support/openapi-response.ts: status declared, headers present and valid (a required
 * ETag), body valid, and no body where the document declares no content. The transforms' own
 * given/want tables are in openapi-*.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { testClock } from '../../functions/runtime/clock';
import { type HttpLambdaHandler, type HttpResult, httpHandler } from '../../functions/runtime/http';
import { idempotencyOnTable } from '../../functions/runtime/http/idempotency';
import type { OperationDescriptor } from '../../functions/runtime/operation';
import { makeHandler as createHandler } from '../../functions/users/generated/lambdas/create-user';
import { makeHandler as deleteHandler } from '../../functions/users/generated/lambdas/delete-user';
import { makeHandler as getHandler } from '../../functions/users/generated/lambdas/get-user';
import { makeHandler as replaceHandler } from '../../functions/users/generated/lambdas/replace-user';
import {
  createUserOperation,
  deleteUserOperation,
  getUserOperation,
  replaceUserOperation,
} from '../../functions/users/generated/operations';
import { createUsersDeps } from '../../functions/users/generated/service';
import { specSchema } from '../../lib/contract/schema';
import { tableLayout } from '../../lib/contract/table-layout';
import { bodyOf, recordingLogger, routeEvent } from '../functions/support/api-event';
import { createServiceTable, type DynamoDbLocal, startDynamoDbLocal } from '../support/dynamodb-local';
import { type OpenApiDocumentJson, OpenApiResponseValidator } from '../support/openapi-response';

const ROOT = join(__dirname, '..', '..');
const document = JSON.parse(
  readFileSync(join(ROOT, 'functions', 'users', 'generated', 'openapi.json'), 'utf8'),
) as OpenApiDocumentJson;
const validator = new OpenApiResponseValidator(document, 'users');
const layout = tableLayout(
  specSchema.parse(JSON.parse(readFileSync(join(ROOT, 'api-specs', 'users.json'), 'utf8'))),
);

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

async function newTable(): Promise<string> {
  const tableName = `openapi-users-${++tables}`;
  await createServiceTable(raw, tableName, layout);
  return tableName;
}

/** What Lambda passes: the time left bounds how long an idempotency record stays in progress. */
const CONTEXT = { awsRequestId: 'req-1', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;
const invoked = (handler: HttpLambdaHandler) => (event: APIGatewayProxyEventV2) => handler(event, CONTEXT);

async function usersLambdas() {
  const tableName = await newTable();
  const deps = createUsersDeps({
    client: doc,
    tableName,
    clock: testClock('2026-01-01T00:00:00.000Z'),
    logger: recordingLogger().logger,
    idempotency: idempotencyOnTable(raw, () => tableName),
  });
  return {
    create: invoked(createHandler(deps)),
    get: invoked(getHandler(deps)),
    replace: invoked(replaceHandler(deps)),
    remove: invoked(deleteHandler(deps)),
  };
}

/** Checks the answer against the document and returns its status (and etag) for the test to assert. */
function documented(operation: OperationDescriptor, path: string, result: HttpResult) {
  validator.assertValid(operation.method, path, {
    status: result.statusCode,
    headers: result.headers,
    body: result.body ?? '',
  });
  return { status: result.statusCode, etag: result.headers.etag };
}

const ada = { email: 'ada@example.com', name: { first: 'Ada' } };

describe('the users document holds what the runtime answers', () => {
  it('ETag, 304, 400 malformed_request and 412 on the standard get, replace and delete', async () => {
    const users = await usersLambdas();
    const created = await users.create(routeEvent(createUserOperation, { body: ada }));
    expect(documented(createUserOperation, '/users', created)).toEqual({ status: 201, etag: '"1"' });
    const id = (bodyOf(created) as { id: string }).id;
    const path = `/users/${id}`;
    const get = (headers: Record<string, string> = {}) =>
      users.get(routeEvent(getUserOperation, { path: { id }, headers }));
    const replace = (headers: Record<string, string>) =>
      users.replace(routeEvent(replaceUserOperation, { path: { id }, body: ada, headers }));
    const remove = (headers: Record<string, string>) =>
      users.remove(routeEvent(deleteUserOperation, { path: { id }, headers }));

    expect(documented(getUserOperation, path, await get())).toEqual({ status: 200, etag: '"1"' });
    expect(documented(getUserOperation, path, await get({ 'if-none-match': '"1"' }))).toEqual({
      status: 304,
      etag: '"1"',
    });
    expect(documented(getUserOperation, path, await get({ 'if-none-match': 'version 1' })).status).toBe(400);

    const renamed = await users.replace(
      routeEvent(replaceUserOperation, {
        path: { id },
        body: { ...ada, name: { first: 'A' } },
        headers: { 'if-match': '"1"' },
      }),
    );
    expect(documented(replaceUserOperation, path, renamed)).toEqual({ status: 200, etag: '"2"' });
    expect(documented(replaceUserOperation, path, await replace({ 'if-match': '"1"' })).status).toBe(412);
    expect(documented(replaceUserOperation, path, await replace({ 'if-match': '2' })).status).toBe(400);

    expect(documented(deleteUserOperation, path, await remove({ 'if-match': '"1"' })).status).toBe(412);
    expect(documented(deleteUserOperation, path, await remove({ 'if-match': 'two' })).status).toBe(400);
    expect(documented(deleteUserOperation, path, await remove({ 'if-match': '"2"' })).status).toBe(204);
    expect(documented(deleteUserOperation, path, await remove({ 'if-match': '*' })).status).toBe(412);
  });

  it("the Idempotency-Key's replay, 422s on the standard create", async () => {
    const users = await usersLambdas();
    const create = (body: unknown, key: string) =>
      users.create(routeEvent(createUserOperation, { body, headers: { 'idempotency-key': key } }));
    const first = documented(createUserOperation, '/users', await create(ada, 'k-1'));
    expect(first).toEqual({ status: 201, etag: '"1"' });
    expect(documented(createUserOperation, '/users', await create(ada, 'k-1'))).toEqual(first);
    const other = { ...ada, email: 'grace@example.com' };
    expect(documented(createUserOperation, '/users', await create(other, 'k-1')).status).toBe(422);
    expect(documented(createUserOperation, '/users', await create(other, 'k'.repeat(256))).status).toBe(422);
  });

  it('the key in use (409) while the first request runs', async () => {
    const tableName = await newTable();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // createUser's descriptor (its route, its responses) with an implementation that waits.
    const handler = invoked(
      httpHandler(
        createUserOperation,
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
      ),
    );
    const event = () => routeEvent(createUserOperation, { body: ada, headers: { 'idempotency-key': 'k-2' } });
    const first = handler(event());
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(documented(createUserOperation, '/users', await handler(event())).status).toBe(409);
    release();
    expect(documented(createUserOperation, '/users', await first)).toEqual({ status: 201, etag: '"1"' });
  });

  it('can fail: an answer the document does not hold is named', () => {
    // A 304 without its required ETag, and a 412 where the document has none (the list).
    expect(validator.problems('GET', '/users/usr-1', { status: 304, headers: {}, body: '' })).toEqual([
      expect.stringMatching(/etag/i),
    ]);
    expect(
      validator.problems('GET', '/users', {
        status: 412,
        headers: { 'content-type': 'application/json' },
        body: '{"code":"precondition_failed","messages":["x"]}',
      }),
    ).toEqual([expect.stringMatching(/412/)]);
  });
});
