import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { GUARD_TYPE, guardKey, TABLE_KEY, TYPE_ATTRIBUTE } from '../../../../functions/runtime/conventions';
import { makeHandler } from '../../../../functions/users/generated/lambdas/replace-user';
import { replaceUserOperation } from '../../../../functions/users/generated/operations';
import { bodyOf, INTERNAL_ERROR_BODY, routeEvent } from '../../support/api-event';
import {
  apiUser,
  CONTENT,
  cancelled,
  conditionFailed,
  EMAIL,
  ID,
  NOW,
  outage,
  storedItem,
  TABLE,
  testDeps,
} from '../support';

const ddb = mockClient(DynamoDBDocumentClient);

beforeEach(() => ddb.reset());

function setup() {
  const { deps, calls } = testDeps();
  return { handle: makeHandler(deps), calls };
}

const put = (body: unknown, id = ID) => routeEvent(replaceUserOperation, { path: { id }, body });
const NEW_EMAIL = 'ada@lovelace.example';

describe('users (reference service): PUT /users/:id, the standard replace through the generated replaceUser Lambda', () => {
  it('answers 200 with the stored user unchanged, writing nothing, when the content is the same', async () => {
    ddb.on(GetCommand).resolves({ Item: storedItem() });
    const result = await setup().handle(put(CONTENT));
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual(apiUser());
    expect(ddb).toHaveReceivedCommandTimes(GetCommand, 1);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('treats a missing status as its default: the same content as a stored active user', async () => {
    ddb.on(GetCommand).resolves({ Item: storedItem() });
    const { status: _status, ...withoutStatus } = CONTENT;
    const result = await setup().handle(put(withoutStatus));
    expect(result.statusCode).toBe(200);
    expect((bodyOf(result) as { version: number }).version).toBe(3);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('answers 200 with version + 1, conditional on the version read, when the name changes', async () => {
    ddb.on(GetCommand).resolves({ Item: storedItem() });
    ddb.on(PutCommand).resolves({});
    const result = await setup().handle(put({ ...CONTENT, name: { first: 'Augusta Ada' } }));
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual(apiUser({ name: { first: 'Augusta Ada' }, version: 4, updated_at: NOW }));
    // The email does not change: no guard to move, so a single conditional put.
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      TableName: TABLE,
      ConditionExpression: '#version = :version',
      ExpressionAttributeValues: { ':version': 3 },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });

  it('moves the email guard in the same transaction when the email changes', async () => {
    ddb.on(GetCommand).resolves({ Item: storedItem() });
    ddb.on(TransactWriteCommand).resolves({});
    const result = await setup().handle(put({ ...CONTENT, email: NEW_EMAIL }));
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toMatchObject({ email: NEW_EMAIL, version: 4 });
    const input = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input;
    expect(input?.TransactItems).toEqual([
      { Put: expect.objectContaining({ Item: expect.objectContaining({ ix_user__email: NEW_EMAIL }) }) },
      {
        Delete: expect.objectContaining({
          Key: { [TABLE_KEY]: guardKey('ix_user__email', EMAIL) },
          ExpressionAttributeValues: { ':owner': ID },
        }),
      },
      {
        Put: expect.objectContaining({
          Item: {
            [TABLE_KEY]: guardKey('ix_user__email', NEW_EMAIL),
            [TYPE_ATTRIBUTE]: GUARD_TYPE,
            owner: ID,
          },
        }),
      },
    ]);
  });

  it('frees the email when the replacement has none', async () => {
    ddb.on(GetCommand).resolves({ Item: storedItem() });
    ddb.on(TransactWriteCommand).resolves({});
    const { email: _email, ...withoutEmail } = CONTENT;
    const result = await setup().handle(put(withoutEmail));
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).not.toHaveProperty('email');
    expect(ddb).toHaveReceivedCommandWith(TransactWriteCommand, {
      TransactItems: [
        { Put: expect.objectContaining({ Item: expect.not.objectContaining({ ix_user__email: EMAIL }) }) },
        { Delete: expect.objectContaining({ Key: { [TABLE_KEY]: guardKey('ix_user__email', EMAIL) } }) },
      ],
    });
  });

  it('answers 404 when there is no such user, writing nothing', async () => {
    ddb.on(GetCommand).resolves({});
    const result = await setup().handle(put(CONTENT));
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toEqual({ code: 'not_found', messages: ['user not found'] });
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  // The standard replace reads the key whatever its form (the old written replaceUser checked the
  // id first): a path id that is no user id finds nothing, and nothing is written.
  it('answers 404 for a path id that is no user id, writing nothing', async () => {
    ddb.on(GetCommand).resolves({});
    const result = await setup().handle(put(CONTENT, 'someone'));
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toEqual({ code: 'not_found', messages: ['user not found'] });
    expect(ddb).toHaveReceivedCommandWith(GetCommand, { Key: { [TABLE_KEY]: 'someone' } });
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('answers 404 without reading for a path id longer than a key can be', async () => {
    const result = await setup().handle(put(CONTENT, `usr-${'A'.repeat(3000)}`));
    expect(result.statusCode).toBe(404);
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('answers 404 when the user is deleted between the read and the write', async () => {
    ddb.on(GetCommand).resolves({ Item: storedItem() });
    ddb.on(PutCommand).rejects(conditionFailed());
    const result = await setup().handle(put({ ...CONTENT, status: 'inactive' }));
    expect(result.statusCode).toBe(404);
  });

  it('answers 409 when another writer changed the user since it was read (single put)', async () => {
    ddb.on(GetCommand).resolves({ Item: storedItem() });
    ddb.on(PutCommand).rejects(conditionFailed({ version: 4 }));
    const result = await setup().handle(put({ ...CONTENT, status: 'inactive' }));
    expect(result.statusCode).toBe(409);
    expect(bodyOf(result)).toEqual({
      code: 'conflict',
      messages: ['the user was changed concurrently; read it again and retry'],
    });
  });

  it('answers 409 when another writer changed the user since it was read (transaction)', async () => {
    ddb.on(GetCommand).resolves({ Item: storedItem() });
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed+Item', 'None', 'None'));
    const result = await setup().handle(put({ ...CONTENT, email: NEW_EMAIL }));
    expect(result.statusCode).toBe(409);
    expect((bodyOf(result) as { code: string }).code).toBe('conflict');
  });

  it('answers 409 when another user has the new email', async () => {
    ddb.on(GetCommand).resolves({ Item: storedItem() });
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed'));
    const result = await setup().handle(put({ ...CONTENT, email: NEW_EMAIL }));
    expect(result.statusCode).toBe(409);
    expect(bodyOf(result)).toEqual({ code: 'conflict', messages: ['email: is already taken'] });
    expect(result.body).not.toContain(NEW_EMAIL);
  });

  it('answers 400 for malformed JSON', async () => {
    const result = await setup().handle(
      routeEvent(replaceUserOperation, {
        path: { id: ID },
        body: '{]',
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(result.statusCode).toBe(400);
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('answers 415 for a body that is not JSON', async () => {
    const result = await setup().handle(
      routeEvent(replaceUserOperation, {
        path: { id: ID },
        body: 'name=Ada',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    expect(result.statusCode).toBe(415);
  });

  it('answers 413 for a body over the limit', async () => {
    const result = await setup().handle(put({ ...CONTENT, padding: 'é'.repeat(600 * 1024) }));
    expect(result.statusCode).toBe(413);
  });

  it('answers 422 naming every invalid field, before reading the user', async () => {
    const result = await setup().handle(put({ email: ['a'], name: { last: 7 }, status: 'ACTIVE' }));
    expect(result.statusCode).toBe(422);
    expect(new Set((bodyOf(result) as { messages: string[] }).messages)).toEqual(
      new Set([
        'body.email: expected string, received array',
        'body.name.last: expected string, received number',
        'body.status: must be one of "pending", "active", "inactive"',
      ]),
    );
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('answers 422 for a missing body', async () => {
    const result = await setup().handle(routeEvent(replaceUserOperation, { path: { id: ID } }));
    expect(result.statusCode).toBe(422);
    expect(bodyOf(result)).toEqual({ code: 'validation_failed', messages: ['body: is required'] });
  });

  it('answers 422 for text that cannot be stored', async () => {
    const result = await setup().handle(
      routeEvent(replaceUserOperation, {
        path: { id: ID },
        body: '{"name":{"last":"\\udfff"}}',
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(result.statusCode).toBe(422);
    expect(bodyOf(result)).toEqual({
      code: 'validation_failed',
      messages: ['body.name.last: must be valid Unicode text'],
    });
  });

  it('answers 500 with the fixed body when DynamoDB fails', async () => {
    ddb.on(GetCommand).resolves({ Item: storedItem() });
    ddb.on(PutCommand).rejects(outage());
    const { handle, calls } = setup();
    const result = await handle(put({ ...CONTENT, status: 'pending' }));
    expect(result.statusCode).toBe(500);
    expect(result.body).toBe(JSON.stringify(INTERNAL_ERROR_BODY));
    expect(calls.map((call) => call.level)).toEqual(['error']);
  });

  it('answers 500 when the email guard belongs to another user (a broken index, not the client)', async () => {
    ddb.on(GetCommand).resolves({ Item: storedItem() });
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed', 'None'));
    const result = await setup().handle(put({ ...CONTENT, email: NEW_EMAIL }));
    expect(result.statusCode).toBe(500);
  });
});
