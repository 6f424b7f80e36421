/**
 * orders (a reference service): POST /orders, the written implementation (handlers/create-order.ts)
 * through the generated createOrder Lambda, against a mocked document client and the real users
 * client on a fake network.
 */
import {
  ConditionalCheckFailedException,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { DependencyError } from '../../../../functions/orders/domain/users';
import { makeHandler } from '../../../../functions/orders/generated/lambdas/create-order';
import { createOrderOperation } from '../../../../functions/orders/generated/operations';
import { TABLE_KEY, TYPE_ATTRIBUTE } from '../../../../functions/runtime/conventions';
import { bodyOf, INTERNAL_ERROR_BODY, routeEvent } from '../../support/api-event';
import { fakeUsersApi, handlerDeps, NOW, orderForm, TABLE, USER_ID, userBody } from '../support/fixtures';

const ddb = mockClient(DynamoDBDocumentClient);

beforeEach(() => {
  ddb.reset();
  ddb.on(PutCommand).resolves({});
});

function setup(users = fakeUsersApi()) {
  const { deps, log } = handlerDeps(users);
  return { handler: makeHandler(deps), users, log };
}

const post = (body: unknown, headers?: Record<string, string>) =>
  routeEvent(createOrderOperation, { body, ...(headers === undefined ? {} : { headers }) });

describe('orders (reference service): createOrder, written, through its generated Lambda', () => {
  it('places the order: 201, version 1, status pending, one conditional put', async () => {
    const { handler, users } = setup();
    const result = await handler(post(orderForm()));
    expect(result.statusCode).toBe(201);
    const order = bodyOf(result) as Record<string, unknown>;
    expect(order).toEqual({
      id: expect.stringMatching(/^ord-[0-9A-Z]{26}$/),
      ...orderForm(),
      status: 'pending',
      version: 1,
      created_at: NOW,
      updated_at: NOW,
    });
    expect(users.requests).toEqual([`https://users.example.com/users/${USER_ID}`]);
    expect(ddb).toHaveReceivedCommandTimes(PutCommand, 1);
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      TableName: TABLE,
      ConditionExpression: 'attribute_not_exists(#pk)',
      Item: expect.objectContaining({
        [TABLE_KEY]: order.id,
        [TYPE_ATTRIBUTE]: 'order',
        user_id: USER_ID,
        status: 'pending',
        total: '25.00',
        version: 1,
        ix_order__user_id: USER_ID,
      }),
    });
  });

  it('accepts pending given explicitly and a total written with other decimals ("25" for 25.00)', async () => {
    const { handler } = setup();
    const result = await handler(post(orderForm({ status: 'pending', total: '25' })));
    expect(result.statusCode).toBe(201);
    expect(bodyOf(result)).toMatchObject({ status: 'pending', total: '25' });
  });

  it('422 for a new order in another status: orders are created pending; nothing stored', async () => {
    const { handler } = setup();
    const result = await handler(post(orderForm({ status: 'shipped' })));
    expect(result.statusCode).toBe(422);
    expect(bodyOf(result)).toEqual({
      code: 'validation_failed',
      messages: ['body.status: a new order must be pending'],
    });
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('400 on malformed JSON, without asking anyone', async () => {
    const { handler, users } = setup();
    const result = await handler(post('{"user_id": ', { 'content-type': 'application/json' }));
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({ code: 'malformed_json', messages: ['body: is not valid JSON'] });
    expect(users.requests).toEqual([]);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('415 on a body that is not JSON', async () => {
    const { handler } = setup();
    const result = await handler(post(JSON.stringify(orderForm()), { 'content-type': 'text/plain' }));
    expect(result.statusCode).toBe(415);
    expect(bodyOf(result)).toMatchObject({ code: 'unsupported_media_type' });
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('422 naming every invalid field, without echoing values', async () => {
    const { handler, users } = setup();
    const result = await handler(
      post({
        user_id: USER_ID,
        line_items: [{ sku: '', quantity: 0, unit_price: 'cheap' }],
        currency: 'EURO',
      }),
    );
    expect(result.statusCode).toBe(422);
    const body = bodyOf(result) as { code: string; messages: string[] };
    expect(body.code).toBe('validation_failed');
    expect(body.messages).toEqual(
      expect.arrayContaining([
        'body.line_items[0].sku: must have at least 1 character',
        'body.line_items[0].quantity: must be >= 1',
        expect.stringMatching(/^body\.line_items\[0\]\.unit_price: /),
        'body.currency: must have exactly 3 characters',
        'body.total: is required',
      ]),
    );
    expect(result.body).not.toContain('cheap');
    expect(result.body).not.toContain('EURO');
    expect(users.requests).toEqual([]);
  });

  it('422 when the body is missing or has no line items', async () => {
    const { handler } = setup();
    const missing = await handler(routeEvent(createOrderOperation));
    expect(missing.statusCode).toBe(422);
    expect(bodyOf(missing)).toEqual({ code: 'validation_failed', messages: ['body: is required'] });
    const empty = await handler(post(orderForm({ line_items: [], total: '0' })));
    expect(empty.statusCode).toBe(422);
    expect(bodyOf(empty)).toEqual({
      code: 'validation_failed',
      messages: ['body.line_items: must have at least 1 item'],
    });
  });

  it('422 no such user when the users API answers 404; nothing is stored', async () => {
    const { handler, users } = setup(fakeUsersApi([]));
    const result = await handler(post(orderForm()));
    expect(result.statusCode).toBe(422);
    expect(bodyOf(result)).toEqual({ code: 'validation_failed', messages: ['body.user_id: no such user'] });
    expect(users.requests).toHaveLength(1);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it.each([
    ['inactive', 422],
    ['pending', 201],
    ['active', 201],
  ] as const)('a %s user: %i (inactive users are no longer allowed to order)', async (status, want) => {
    ddb.on(PutCommand).resolves({});
    const users = fakeUsersApi();
    users.answer(() => ({ status: 200, body: { ...userBody(USER_ID), status } }));
    const { handler } = setup(users);
    const result = await handler(post(orderForm()));
    expect(result.statusCode).toBe(want);
    if (want === 422) {
      expect(bodyOf(result)).toEqual({
        code: 'validation_failed',
        messages: ['body.user_id: the user is inactive and may not place orders'],
      });
      expect(ddb).not.toHaveReceivedCommand(PutCommand);
    }
  });

  it('422 no such user, without a request, for a value that is not a user id', async () => {
    for (const userId of [
      '',
      '..',
      'ord-01KCCCCCCCCCCCCCCCCCCCCCCC',
      'usr-nope',
      `usr-${'A'.repeat(2000)}`,
    ]) {
      const { handler, users } = setup();
      const result = await handler(post(orderForm({ user_id: userId })));
      expect(result.statusCode).toBe(422);
      expect(bodyOf(result)).toEqual({ code: 'validation_failed', messages: ['body.user_id: no such user'] });
      expect(users.requests).toEqual([]);
    }
  });

  it('422 when the total is not the sum, stating the sum but not the total sent', async () => {
    const { handler } = setup();
    const result = await handler(post(orderForm({ total: '24.99' })));
    expect(result.statusCode).toBe(422);
    expect(bodyOf(result)).toEqual({
      code: 'validation_failed',
      messages: ['body.total: must equal the sum of the line items (25.00)'],
    });
    expect(result.body).not.toContain('24.99');
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('422 lists both broken rules at once', async () => {
    const { handler } = setup(fakeUsersApi([]));
    const result = await handler(post(orderForm({ total: '1' })));
    expect(result.statusCode).toBe(422);
    expect(bodyOf(result)).toEqual({
      code: 'validation_failed',
      messages: ['body.user_id: no such user', 'body.total: must equal the sum of the line items (25.00)'],
    });
  });

  it.each([
    ['a 503', { status: 503, body: { code: 'internal_error', messages: ['internal error'] } }],
    ['a 500 without a body', { status: 500 }],
    ['a 403 (a wrong IAM grant)', { status: 403, body: { message: 'Forbidden' } }],
    ['a 200 that breaks the contract', { status: 200, body: { id: USER_ID } }],
    ['a network failure', new TypeError('fetch failed')],
  ])(
    '500 with the fixed body when the users API fails with %s; logged, nothing stored',
    async (_, answer) => {
      const users = fakeUsersApi();
      users.answer(answer);
      const { handler, log } = setup(users);
      const result = await handler(post(orderForm()));
      expect(result.statusCode).toBe(500);
      expect(bodyOf(result)).toEqual(INTERNAL_ERROR_BODY);
      expect(ddb).not.toHaveReceivedCommand(PutCommand);
      const errors = log.calls.filter((call) => call.level === 'error');
      expect(errors).toHaveLength(1);
      expect((errors[0]!.input as { error: unknown }).error).toBeInstanceOf(DependencyError);
    },
  );

  it('422 for a wrong total even while the users API is down (the client must fix it anyway)', async () => {
    const users = fakeUsersApi();
    users.answer({ status: 503 });
    const { handler } = setup(users);
    const result = await handler(post(orderForm({ total: '1' })));
    expect(result.statusCode).toBe(422);
    expect(bodyOf(result)).toEqual({
      code: 'validation_failed',
      messages: ['body.total: must equal the sum of the line items (25.00)'],
    });
  });

  it('500 with the fixed body when DynamoDB fails: no stack, no input values', async () => {
    ddb
      .on(PutCommand)
      .rejects(new ProvisionedThroughputExceededException({ message: 'slow down SKU-1', $metadata: {} }));
    const { handler, log } = setup();
    const result = await handler(post(orderForm()));
    expect(result.statusCode).toBe(500);
    expect(bodyOf(result)).toEqual(INTERNAL_ERROR_BODY);
    for (const leak of ['SKU-1', USER_ID, '10.25', 'at ', 'ProvisionedThroughput']) {
      expect(result.body).not.toContain(leak);
    }
    expect(log.calls.map((call) => call.level)).toEqual(['error']);
  });

  it('500 when the id is somehow taken (the create condition fails): a bug, not a conflict', async () => {
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'taken', $metadata: {} }));
    const { handler } = setup();
    const result = await handler(post(orderForm()));
    expect(result.statusCode).toBe(500);
    expect(bodyOf(result)).toEqual(INTERNAL_ERROR_BODY);
  });
});
