/**
 * orders (a reference service): PUT /orders/:id, the written implementation (handlers/replace-order.ts)
 * through the generated replaceOrder Lambda, against a mocked document client and the real users
 * client on a fake network.
 */
import { ConditionalCheckFailedException, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { makeHandler } from '../../../../functions/orders/generated/lambdas/replace-order';
import { replaceOrderOperation } from '../../../../functions/orders/generated/operations';
import { TABLE_KEY } from '../../../../functions/runtime/conventions';
import { bodyOf, INTERNAL_ERROR_BODY, routeEvent } from '../../support/api-event';
import {
  fakeUsersApi,
  handlerDeps,
  NOW,
  ORDER_ID,
  OTHER_USER_ID,
  orderContent,
  orderForm,
  storedOrder,
  TABLE,
  USER_ID,
  userBody,
} from '../support/fixtures';

const ddb = mockClient(DynamoDBDocumentClient);

beforeEach(() => {
  ddb.reset();
  ddb.on(GetCommand).resolves({ Item: storedOrder() });
  ddb.on(PutCommand).resolves({});
});

function setup(users = fakeUsersApi()) {
  const { deps, log } = handlerDeps(users);
  return { handler: makeHandler(deps), users, log };
}

const put = (body: unknown, id = ORDER_ID, headers?: Record<string, string>) =>
  routeEvent(replaceOrderOperation, { path: { id }, body, ...(headers === undefined ? {} : { headers }) });

const CONFIRMED = orderForm({
  status: 'confirmed',
  line_items: [{ sku: 'SKU-3', quantity: 3, unit_price: '0.10' }],
  total: '0.3',
});

describe('orders (reference service): replaceOrder, written, through its generated Lambda', () => {
  it('200 for an order of a user who became inactive: existing orders can still change (e.g. be cancelled)', async () => {
    const users = fakeUsersApi();
    users.answer(() => ({ status: 200, body: { ...userBody(USER_ID), status: 'inactive' } }));
    const { handler } = setup(users);
    const result = await handler(put(orderForm({ status: 'cancelled' })));
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toMatchObject({ status: 'cancelled', version: 4 });
  });

  it('200 with the new content at version + 1, written conditionally on the version read', async () => {
    const { handler, users } = setup();
    const result = await handler(put(CONFIRMED));
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual({
      id: ORDER_ID,
      ...CONFIRMED,
      version: 4,
      created_at: '2026-02-01T00:00:00.000Z',
      updated_at: NOW,
    });
    expect(users.requests).toEqual([`https://users.example.com/users/${USER_ID}`]);
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      TableName: TABLE,
      ConditionExpression: '#version = :version',
      ExpressionAttributeValues: { ':version': 3 },
      Item: expect.objectContaining({ [TABLE_KEY]: ORDER_ID, status: 'confirmed', total: '0.3', version: 4 }),
    });
  });

  it('an identical body writes nothing and keeps the version (the user is still checked)', async () => {
    const { handler, users } = setup();
    const result = await handler(put(orderForm()));
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toMatchObject({
      ...orderContent(),
      version: 3,
      updated_at: '2026-02-02T00:00:00.000Z',
    });
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
    expect(users.requests).toHaveLength(1);
  });

  it('a form without status keeps the stored one: a cancelled order is not revived', async () => {
    ddb.on(GetCommand).resolves({ Item: storedOrder({ status: 'cancelled' }) });
    const { handler } = setup();
    const result = await handler(put(orderForm({ line_items: CONFIRMED.line_items, total: '0.30' })));
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toMatchObject({ status: 'cancelled', total: '0.30', version: 4 });
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ status: 'cancelled', version: 4 }),
    });
  });

  it('moves the order to another existing user (its index value follows)', async () => {
    const { handler, users } = setup();
    const result = await handler(put(orderForm({ user_id: OTHER_USER_ID })));
    expect(result.statusCode).toBe(200);
    expect(users.requests).toEqual([`https://users.example.com/users/${OTHER_USER_ID}`]);
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ user_id: OTHER_USER_ID, ix_order__user_id: OTHER_USER_ID }),
    });
  });

  it('404 when there is no such order, before any rule is checked', async () => {
    ddb.on(GetCommand).resolves({});
    const { handler, users } = setup(fakeUsersApi([]));
    const result = await handler(put(orderForm({ total: '1' })));
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toEqual({ code: 'not_found', messages: ['order not found'] });
    expect(users.requests).toEqual([]);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('404 when the order was deleted between the read and the write', async () => {
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'gone', $metadata: {} }));
    const { handler } = setup();
    expect((await handler(put(CONFIRMED))).statusCode).toBe(404);
  });

  it('409 when another writer changed the order (the conditional put failed)', async () => {
    ddb.on(PutCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'changed',
        $metadata: {},
        Item: { version: { N: '4' } },
      }),
    );
    const { handler } = setup();
    const result = await handler(put(CONFIRMED));
    expect(result.statusCode).toBe(409);
    expect(bodyOf(result)).toEqual({
      code: 'conflict',
      messages: ['the order was changed concurrently; read it again and retry'],
    });
  });

  it('409 when the order changed while the rules were checked (the version read first is stale)', async () => {
    ddb
      .on(GetCommand)
      .resolvesOnce({ Item: storedOrder({}, 3) })
      .resolves({ Item: storedOrder({ status: 'cancelled' }, 4) });
    const { handler } = setup();
    const result = await handler(put(CONFIRMED));
    expect(result.statusCode).toBe(409);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('409 when concurrent transactions keep colliding with the write (retried first)', async () => {
    ddb.on(PutCommand).rejects(new TransactionConflictException({ message: 'busy', $metadata: {} }));
    const { handler } = setup();
    const result = await handler(put(CONFIRMED));
    expect(result.statusCode).toBe(409);
    expect(ddb).toHaveReceivedCommandTimes(PutCommand, 4);
  });

  it('400 on malformed JSON and 415 on another media type', async () => {
    const { handler } = setup();
    const malformed = await handler(put('{', ORDER_ID, { 'content-type': 'application/json' }));
    expect(malformed.statusCode).toBe(400);
    expect(bodyOf(malformed)).toMatchObject({ code: 'malformed_json' });
    const text = await handler(put(JSON.stringify(CONFIRMED), ORDER_ID, { 'content-type': 'text/csv' }));
    expect(text.statusCode).toBe(415);
    expect(ddb).not.toHaveReceivedCommand(GetCommand);
  });

  it('422 naming the invalid fields', async () => {
    const { handler } = setup();
    const result = await handler(put({ ...CONFIRMED, status: 'lost', line_items: 'many' }));
    expect(result.statusCode).toBe(422);
    const { messages } = bodyOf(result) as { messages: string[] };
    expect(messages).toEqual([
      'body.status: must be one of "pending", "confirmed", "shipped", "delivered", "cancelled"',
      'body.line_items: expected array, received string',
    ]);
    expect(result.body).not.toContain('lost');
  });

  it('422 when the user does not exist (checked on every replace)', async () => {
    const { handler } = setup(fakeUsersApi([]));
    const result = await handler(put(orderForm()));
    expect(result.statusCode).toBe(422);
    expect(bodyOf(result)).toEqual({ code: 'validation_failed', messages: ['body.user_id: no such user'] });
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('422 when the total is not the sum', async () => {
    const { handler } = setup();
    const result = await handler(put({ ...CONFIRMED, total: '0.31' }));
    expect(result.statusCode).toBe(422);
    expect(bodyOf(result)).toEqual({
      code: 'validation_failed',
      messages: ['body.total: must equal the sum of the line items (0.30)'],
    });
  });

  it('422 from the spec for a total with more digits than its scale, before anyone is asked', async () => {
    const { handler, users } = setup();
    const result = await handler(put({ ...CONFIRMED, total: '0.30000000000000004' }));
    expect(result.statusCode).toBe(422);
    expect(bodyOf(result)).toEqual({
      code: 'validation_failed',
      messages: ['body.total: must have at most 3 digits after the point'],
    });
    expect(result.body).not.toContain('0.3000');
    expect(users.requests).toEqual([]);
    expect(ddb).not.toHaveReceivedCommand(GetCommand);
  });

  it('500 with the fixed body when the users API is down', async () => {
    const users = fakeUsersApi();
    users.answer({ status: 502 });
    const { handler } = setup(users);
    const result = await handler(put(CONFIRMED));
    expect(result.statusCode).toBe(500);
    expect(bodyOf(result)).toEqual(INTERNAL_ERROR_BODY);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('500 with the fixed body when DynamoDB fails', async () => {
    ddb.on(PutCommand).rejects(new Error('InternalServerError'));
    const { handler, log } = setup();
    const result = await handler(put(CONFIRMED));
    expect(result.statusCode).toBe(500);
    expect(bodyOf(result)).toEqual(INTERNAL_ERROR_BODY);
    expect(result.body).not.toContain('SKU-3');
    expect(log.calls.map((call) => call.level)).toEqual(['error']);
  });
});
