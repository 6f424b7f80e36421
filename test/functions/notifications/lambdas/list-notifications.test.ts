import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { makeHandler } from '../../../../functions/notifications/generated/lambdas/list-notifications';
import { listNotificationsOperation } from '../../../../functions/notifications/generated/operations';
import { TABLE_KEY, TYPE_ATTRIBUTE } from '../../../../functions/runtime/conventions';
import { encodeCursor } from '../../../../functions/runtime/repository/cursor';
import { bodyOf, INTERNAL_ERROR_BODY, routeEvent } from '../../support/api-event';
import { apiNotification, ORDER_ID, outage, storedItem, TABLE, testDeps } from '../support';

const ddb = mockClient(DynamoDBDocumentClient);

beforeEach(() => ddb.reset());

function setup() {
  const { deps, calls } = testDeps();
  return { handle: makeHandler(deps), calls };
}

const list = (query: Record<string, string> | string) => routeEvent(listNotificationsOperation, { query });

const IDS = [
  'ntf-01KCAAAAAAAAAAAAAAAAAAAAAA',
  'ntf-01KBAAAAAAAAAAAAAAAAAAAAAA',
  'ntf-01KAAAAAAAAAAAAAAAAAAAAAAA',
];
const items = IDS.map((id, index) => storedItem({ id, order_version: 3 - index }));
const INDEX = 'ix_notification__order_id';

describe('notifications (reference service): GET /notifications?order_id=, the standard list by the order_id index through the generated listNotifications Lambda', () => {
  it('answers the first page newest first with the next page in x-next-cursor', async () => {
    ddb.on(QueryCommand).resolves({ Items: items });
    const result = await setup().handle(list({ order_id: ORDER_ID, limit: '2' }));
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual([
      apiNotification({ id: IDS[0], order_version: 3 }),
      apiNotification({ id: IDS[1], order_version: 2 }),
    ]);
    expect(result.headers['x-next-cursor']).toBe(
      encodeCursor({ [TABLE_KEY]: IDS[1] ?? '', [INDEX]: ORDER_ID, id: IDS[1] ?? '' }),
    );
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      TableName: TABLE,
      IndexName: INDEX,
      ExpressionAttributeValues: { ':k': ORDER_ID },
      ScanIndexForward: false,
      Limit: 3,
    });
  });

  it('answers the last page without x-next-cursor', async () => {
    ddb.on(QueryCommand).resolves({ Items: items });
    const result = await setup().handle(list({ order_id: ORDER_ID }));
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toHaveLength(3);
    expect(result.headers).not.toHaveProperty('x-next-cursor');
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, { Limit: 26 });
  });

  it('continues from the cursor', async () => {
    ddb.on(QueryCommand).resolves({ Items: [items[2]!] });
    const key = { [TABLE_KEY]: IDS[1] ?? '', [INDEX]: ORDER_ID, id: IDS[1] ?? '' };
    const result = await setup().handle(list({ order_id: ORDER_ID, limit: '2', cursor: encodeCursor(key) }));
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual([apiNotification({ id: IDS[2], order_version: 1 })]);
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, { ExclusiveStartKey: key });
  });

  it('answers an empty array for an order without notifications', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    const result = await setup().handle(list({ order_id: 'ord-none' }));
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual([]);
  });

  it.each([
    ['empty', ''],
    ['longer than a key can be', `ord-${'x'.repeat(3000)}`],
  ])('answers an empty array without querying for an order id that is %s', async (_, orderId) => {
    const result = await setup().handle(list({ order_id: orderId }));
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual([]);
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('answers 422 for an order id with a lone surrogate (a hand-built event), reading nothing', async () => {
    const event = routeEvent(listNotificationsOperation);
    event.queryStringParameters = { order_id: 'ord-\udc00' };
    const result = await setup().handle(event);
    expect(result.statusCode).toBe(422);
    expect(bodyOf(result)).toEqual({
      code: 'validation_failed',
      messages: ['query.order_id: must be valid Unicode text'],
    });
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('answers 422 naming query.order_id when it is missing', async () => {
    const result = await setup().handle(list({}));
    expect(result.statusCode).toBe(422);
    expect(bodyOf(result)).toEqual({ code: 'validation_failed', messages: ['query.order_id: is required'] });
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('answers 422 naming every invalid parameter', async () => {
    const result = await setup().handle(list('order_id=a&order_id=b&limit=1000'));
    expect(result.statusCode).toBe(422);
    const { messages } = bodyOf(result) as { messages: string[] };
    expect(messages).toHaveLength(2);
    expect(messages).toEqual(
      expect.arrayContaining([expect.stringMatching(/^query\.order_id: /), 'query.limit: must be <= 100']),
    );
  });

  it.each([
    ['garbage', '%%%'],
    [
      'from another order',
      encodeCursor({ [TABLE_KEY]: IDS[1] ?? '', [INDEX]: 'ord-other', id: IDS[1] ?? '' }),
    ],
    [
      'from the list of all items',
      encodeCursor({ [TABLE_KEY]: IDS[1] ?? '', [TYPE_ATTRIBUTE]: 'notification', id: IDS[1] ?? '' }),
    ],
  ])('answers 422 for a cursor that is %s, without querying', async (_, cursor) => {
    const result = await setup().handle(list({ order_id: ORDER_ID, cursor }));
    expect(result.statusCode).toBe(422);
    expect(bodyOf(result)).toEqual({
      code: 'validation_failed',
      messages: ['query.cursor: is not a valid cursor'],
    });
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('answers 422 for a cursor with an order id that cannot be queried', async () => {
    const result = await setup().handle(list({ order_id: '', cursor: 'abc' }));
    expect(result.statusCode).toBe(422);
  });

  it('answers 500 with the fixed body when DynamoDB fails', async () => {
    ddb.on(QueryCommand).rejects(outage());
    const { handle, calls } = setup();
    const result = await handle(list({ order_id: ORDER_ID }));
    expect(result.statusCode).toBe(500);
    expect(bodyOf(result)).toEqual(INTERNAL_ERROR_BODY);
    expect(calls.map((call) => call.level)).toEqual(['error']);
  });
});
