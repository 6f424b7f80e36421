/** orders (a reference service): GET /orders/:id, the standard get through the generated getOrder Lambda, against a mocked document client. */
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { makeHandler } from '../../../../functions/orders/generated/lambdas/get-order';
import { getOrderOperation } from '../../../../functions/orders/generated/operations';
import { GUARD_TYPE, TABLE_KEY, TYPE_ATTRIBUTE } from '../../../../functions/runtime/conventions';
import { bodyOf, INTERNAL_ERROR_BODY, routeEvent } from '../../support/api-event';
import { handlerDeps, ORDER_ID, orderContent, storedOrder, TABLE } from '../support/fixtures';

const ddb = mockClient(DynamoDBDocumentClient);

beforeEach(() => ddb.reset());

function setup() {
  const { deps, log } = handlerDeps();
  return { handler: makeHandler(deps), log };
}

const get = (id: string) => routeEvent(getOrderOperation, { path: { id } });

describe('orders (reference service): getOrder, the standard get (generated Lambda)', () => {
  it('200 with the order: table attributes stripped, read strongly consistent', async () => {
    ddb.on(GetCommand).resolves({ Item: storedOrder() });
    const { handler } = setup();
    const result = await handler(get(ORDER_ID));
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual({
      id: ORDER_ID,
      ...orderContent(),
      version: 3,
      created_at: '2026-02-01T00:00:00.000Z',
      updated_at: '2026-02-02T00:00:00.000Z',
    });
    expect(ddb).toHaveReceivedCommandWith(GetCommand, {
      TableName: TABLE,
      Key: { [TABLE_KEY]: ORDER_ID },
      ConsistentRead: true,
    });
  });

  it('404 when there is no such order', async () => {
    ddb.on(GetCommand).resolves({});
    const { handler } = setup();
    const result = await handler(get(ORDER_ID));
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toEqual({ code: 'not_found', messages: ['order not found'] });
  });

  it('404 for the id of an item of another type', async () => {
    ddb.on(GetCommand).resolves({ Item: { ...storedOrder(), [TYPE_ATTRIBUTE]: GUARD_TYPE } });
    const { handler } = setup();
    expect((await handler(get(ORDER_ID))).statusCode).toBe(404);
  });

  it('404 without reading for an id DynamoDB could not hold', async () => {
    const { handler } = setup();
    expect((await handler(get(`ord-${'x'.repeat(3000)}`))).statusCode).toBe(404);
    expect(ddb).not.toHaveReceivedCommand(GetCommand);
  });

  it('500 with the fixed body when DynamoDB fails', async () => {
    ddb.on(GetCommand).rejects(new Error(`cannot read ${ORDER_ID}`));
    const { handler, log } = setup();
    const result = await handler(get(ORDER_ID));
    expect(result.statusCode).toBe(500);
    expect(bodyOf(result)).toEqual(INTERNAL_ERROR_BODY);
    expect(result.body).not.toContain(ORDER_ID);
    expect(log.calls.map((call) => call.level)).toEqual(['error']);
  });

  it('500 when the stored item breaks the model (never sent as it is)', async () => {
    ddb.on(GetCommand).resolves({ Item: storedOrder({ total: 'lots' }) });
    const { handler } = setup();
    const result = await handler(get(ORDER_ID));
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('lots');
  });
});
