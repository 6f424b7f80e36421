import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { guardKey, TABLE_KEY } from '../../../../functions/runtime/conventions';
import { makeHandler } from '../../../../functions/users/generated/lambdas/delete-user';
import { deleteUserOperation } from '../../../../functions/users/generated/operations';
import { bodyOf, INTERNAL_ERROR_BODY, routeEvent } from '../../support/api-event';
import { cancelled, conditionFailed, EMAIL, ID, outage, storedItem, TABLE, testDeps } from '../support';

const ddb = mockClient(DynamoDBDocumentClient);

beforeEach(() => ddb.reset());

function setup() {
  const { deps, calls } = testDeps();
  return { handle: makeHandler(deps), calls };
}

const del = (id = ID) => routeEvent(deleteUserOperation, { path: { id } });

describe('users (reference service): DELETE /users/:id, the standard delete through the generated deleteUser Lambda', () => {
  it('answers 204 without a body, deleting the user and its email guard in one transaction', async () => {
    ddb.on(GetCommand).resolves({ Item: storedItem() });
    ddb.on(TransactWriteCommand).resolves({});
    const result = await setup().handle(del());
    expect(result.statusCode).toBe(204);
    expect(result.body).toBeUndefined();
    expect(result.headers).not.toHaveProperty('content-type');
    expect(ddb).toHaveReceivedCommandWith(TransactWriteCommand, {
      TransactItems: [
        {
          Delete: expect.objectContaining({
            TableName: TABLE,
            Key: { [TABLE_KEY]: ID },
            ConditionExpression: '#version = :version',
            ExpressionAttributeValues: { ':version': 3 },
          }),
        },
        { Delete: expect.objectContaining({ Key: { [TABLE_KEY]: guardKey('ix_user__email', EMAIL) } }) },
      ],
    });
  });

  it('deletes a user without an email with a single conditional delete', async () => {
    ddb.on(GetCommand).resolves({ Item: storedItem({ email: undefined, ix_user__email: undefined }) });
    ddb.on(DeleteCommand).resolves({});
    const result = await setup().handle(del());
    expect(result.statusCode).toBe(204);
    expect(ddb).toHaveReceivedCommandWith(DeleteCommand, { Key: { [TABLE_KEY]: ID } });
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('answers 404 when there is no such user', async () => {
    ddb.on(GetCommand).resolves({});
    const result = await setup().handle(del());
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toEqual({ code: 'not_found', messages: ['user not found'] });
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  // The standard delete reads the key whatever its form (the old written deleteUser checked the id
  // first): a path id that is no user id finds nothing, and nothing is written.
  it('answers 404 for a path id that is no user id, writing nothing', async () => {
    ddb.on(GetCommand).resolves({});
    const result = await setup().handle(del('usr-'));
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toEqual({ code: 'not_found', messages: ['user not found'] });
    expect(ddb).toHaveReceivedCommandWith(GetCommand, { Key: { [TABLE_KEY]: 'usr-' } });
    expect(ddb).not.toHaveReceivedCommand(DeleteCommand);
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('answers 404 without reading for a path id longer than a key can be', async () => {
    const result = await setup().handle(del(`usr-${'A'.repeat(3000)}`));
    expect(result.statusCode).toBe(404);
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('answers 404 when someone else deleted the user between the read and the write', async () => {
    ddb.on(GetCommand).resolves({ Item: storedItem() });
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));
    const result = await setup().handle(del());
    expect(result.statusCode).toBe(404);
  });

  it('answers 409 when the user changed between the read and the write', async () => {
    ddb.on(GetCommand).resolves({ Item: storedItem() });
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed+Item', 'None'));
    const result = await setup().handle(del());
    expect(result.statusCode).toBe(409);
    expect(bodyOf(result)).toEqual({
      code: 'conflict',
      messages: ['the user was changed concurrently; read it again and retry'],
    });
  });

  it('answers 409 on a single conditional delete that lost to a change', async () => {
    ddb.on(GetCommand).resolves({ Item: storedItem({ email: undefined, ix_user__email: undefined }) });
    ddb.on(DeleteCommand).rejects(conditionFailed({ version: 4 }));
    const result = await setup().handle(del());
    expect(result.statusCode).toBe(409);
  });

  it('answers 500 with the fixed body when DynamoDB fails', async () => {
    ddb.on(GetCommand).rejects(outage());
    const { handle, calls } = setup();
    const result = await handle(del());
    expect(result.statusCode).toBe(500);
    expect(result.body).toBe(JSON.stringify(INTERNAL_ERROR_BODY));
    expect(calls.map((call) => call.level)).toEqual(['error']);
  });
});
