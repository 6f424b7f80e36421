/**
 * orders (a reference service): GET /orders, the standard list through the generated listOrders Lambda,
 * against a mocked document client: the queries, the cursor header, the errors.
 */
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { makeHandler } from '../../../../functions/orders/generated/lambdas/list-orders';
import { listOrdersOperation } from '../../../../functions/orders/generated/operations';
import {
  DEFAULT_LIST_SHARDS,
  LIST_INDEX,
  listPartition,
  TABLE_KEY,
} from '../../../../functions/runtime/conventions';
import { encodeCursor } from '../../../../functions/runtime/repository/cursor';
import { byListShard } from '../../../support/list-shards';
import { bodyOf, INTERNAL_ERROR_BODY, routeEvent } from '../../support/api-event';
import { handlerDeps, storedOrder, TABLE, USER_ID } from '../support/fixtures';

const ddb = mockClient(DynamoDBDocumentClient);

beforeEach(() => ddb.reset());

function setup() {
  const { deps, log } = handlerDeps();
  return { handler: makeHandler(deps), log };
}

const list = (query?: Record<string, string>) =>
  routeEvent(listOrdersOperation, query === undefined ? {} : { query });

/** `count` stored orders of USER_ID, newest first (ids descending). */
function items(count: number, from = 900): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, index) => {
    const id = `ord-01KC${String(from - index).padStart(22, '0')}`;
    return { ...storedOrder(), [TABLE_KEY]: id, id };
  });
}

describe('orders (reference service): listOrders, the standard list filtered by the user_id index (generated Lambda)', () => {
  it('lists every order newest first on the list index shards, 25 by default; no cursor on the last page', async () => {
    ddb.on(QueryCommand).callsFake(byListShard(items(2), 'order'));
    const { handler } = setup();
    const result = await handler(list());
    expect(result.statusCode).toBe(200);
    const body = bodyOf(result) as { id: string }[];
    expect(body.map((order) => order.id)).toEqual([items(2)[0]?.id, items(2)[1]?.id]);
    expect(result.headers['x-next-cursor']).toBeUndefined();
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, DEFAULT_LIST_SHARDS);
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      TableName: TABLE,
      IndexName: LIST_INDEX.name,
      ExpressionAttributeValues: { ':k': listPartition('order', 0) },
      ScanIndexForward: false,
      Limit: 26,
    });
  });

  it("lists a user's orders on ix_order__user_id", async () => {
    ddb.on(QueryCommand).resolves({ Items: items(1) });
    const { handler } = setup();
    const result = await handler(list({ user_id: USER_ID, limit: '10' }));
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toHaveLength(1);
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      IndexName: 'ix_order__user_id',
      ExpressionAttributeValues: { ':k': USER_ID },
      Limit: 11,
    });
  });

  it('puts the next page cursor in x-next-cursor, and takes it back as ?cursor=', async () => {
    ddb.on(QueryCommand).resolves({ Items: items(3) });
    const { handler } = setup();
    const first = await handler(list({ user_id: USER_ID, limit: '2' }));
    expect(bodyOf(first)).toHaveLength(2);
    const cursor = first.headers['x-next-cursor'];
    expect(cursor).toEqual(expect.any(String));

    ddb.reset();
    ddb.on(QueryCommand).resolves({ Items: items(1, 898) });
    const second = await handler(list({ user_id: USER_ID, limit: '2', cursor: cursor! }));
    expect(second.statusCode).toBe(200);
    expect(bodyOf(second)).toHaveLength(1);
    expect(second.headers['x-next-cursor']).toBeUndefined();
    const last = items(3)[1];
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      ExclusiveStartKey: { [TABLE_KEY]: last?.id, ix_order__user_id: USER_ID, id: last?.id },
    });
  });

  it('an empty list is a 200 with []', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    const { handler } = setup();
    const result = await handler(list({ user_id: USER_ID }));
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual([]);
  });

  it('422 for a cursor that is not one, or belongs to another listing', async () => {
    const { handler } = setup();
    const foreign = encodeCursor({ [TABLE_KEY]: 'ord-1', ix_order__user_id: 'usr-other', id: 'ord-1' });
    for (const cursor of ['not a cursor', foreign]) {
      const result = await handler(list({ user_id: USER_ID, cursor }));
      expect(result.statusCode).toBe(422);
      expect(bodyOf(result)).toEqual({
        code: 'validation_failed',
        messages: ['query.cursor: is not a valid cursor'],
      });
    }
    expect(ddb).not.toHaveReceivedCommand(QueryCommand);
  });

  it('422 for a limit out of range or not a number', async () => {
    const { handler } = setup();
    for (const limit of ['0', '101', 'ten']) {
      const result = await handler(list({ limit }));
      expect(result.statusCode).toBe(422);
      expect(bodyOf(result)).toMatchObject({ code: 'validation_failed' });
      expect((bodyOf(result) as { messages: string[] }).messages[0]).toMatch(/^query\.limit: /);
    }
  });

  it('500 with the fixed body when DynamoDB fails', async () => {
    ddb.on(QueryCommand).rejects(new Error('boom'));
    const { handler } = setup();
    const result = await handler(list({ user_id: USER_ID }));
    expect(result.statusCode).toBe(500);
    expect(bodyOf(result)).toEqual(INTERNAL_ERROR_BODY);
    expect(result.body).not.toContain(USER_ID);
  });
});
