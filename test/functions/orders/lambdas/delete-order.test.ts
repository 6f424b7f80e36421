/** orders (a reference service): DELETE /orders/:id, the standard delete through the generated deleteOrder Lambda, against a mocked document client. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { makeHandler } from '../../../../functions/orders/generated/lambdas/delete-order';
import { deleteOrderOperation } from '../../../../functions/orders/generated/operations';
import { TABLE_KEY } from '../../../../functions/runtime/conventions';
import { bodyOf, INTERNAL_ERROR_BODY, routeEvent } from '../../support/api-event';
import { handlerDeps, ORDER_ID, storedOrder, TABLE } from '../support/fixtures';

const ddb = mockClient(DynamoDBDocumentClient);

beforeEach(() => ddb.reset());

function setup() {
  const { deps } = handlerDeps();
  return makeHandler(deps);
}

const del = (id = ORDER_ID) => routeEvent(deleteOrderOperation, { path: { id } });

describe('orders (reference service): deleteOrder, the standard delete (generated Lambda)', () => {
  it('204 without a body; the delete is conditional on the version read', async () => {
    ddb.on(GetCommand).resolves({ Item: storedOrder({}, 7) });
    ddb.on(DeleteCommand).resolves({});
    const result = await setup()(del());
    expect(result).toEqual({ statusCode: 204, headers: {} });
    expect(ddb).toHaveReceivedCommandWith(DeleteCommand, {
      TableName: TABLE,
      Key: { [TABLE_KEY]: ORDER_ID },
      ConditionExpression: '#version = :version',
      ExpressionAttributeValues: { ':version': 7 },
    });
  });

  it('404 when there is no such order', async () => {
    ddb.on(GetCommand).resolves({});
    const result = await setup()(del());
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toEqual({ code: 'not_found', messages: ['order not found'] });
    expect(ddb).not.toHaveReceivedCommand(DeleteCommand);
  });

  it('404 when it was deleted concurrently (the condition failed on a missing item)', async () => {
    ddb.on(GetCommand).resolves({ Item: storedOrder() });
    ddb.on(DeleteCommand).rejects(new ConditionalCheckFailedException({ message: 'gone', $metadata: {} }));
    expect((await setup()(del())).statusCode).toBe(404);
  });

  it('409 when it changed between the read and the delete', async () => {
    ddb.on(GetCommand).resolves({ Item: storedOrder() });
    ddb.on(DeleteCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'changed',
        $metadata: {},
        Item: { version: { N: '4' } },
      }),
    );
    const result = await setup()(del());
    expect(result.statusCode).toBe(409);
    expect(bodyOf(result)).toEqual({
      code: 'conflict',
      messages: ['the order was changed concurrently; read it again and retry'],
    });
  });

  it('500 with the fixed body when DynamoDB fails', async () => {
    ddb.on(GetCommand).resolves({ Item: storedOrder() });
    ddb.on(DeleteCommand).rejects(new Error(`delete ${ORDER_ID} failed`));
    const result = await setup()(del());
    expect(result.statusCode).toBe(500);
    expect(bodyOf(result)).toEqual(INTERNAL_ERROR_BODY);
  });
});
