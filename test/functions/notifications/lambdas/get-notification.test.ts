import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { makeHandler } from '../../../../functions/notifications/generated/lambdas/get-notification';
import { getNotificationOperation } from '../../../../functions/notifications/generated/operations';
import { TABLE_KEY } from '../../../../functions/runtime/conventions';
import { bodyOf, INTERNAL_ERROR_BODY, routeEvent } from '../../support/api-event';
import { apiNotification, EMAIL, ID, outage, storedItem, TABLE, testDeps } from '../support';

const ddb = mockClient(DynamoDBDocumentClient);

beforeEach(() => ddb.reset());

function setup() {
  const { deps, calls } = testDeps();
  return { handle: makeHandler(deps), calls };
}

const getEvent = (id: string) => routeEvent(getNotificationOperation, { path: { id } });

describe('notifications (reference service): GET /notifications/:id, the standard get through the generated getNotification Lambda', () => {
  it('answers 200 with the notification, read strongly consistent', async () => {
    ddb.on(GetCommand).resolves({ Item: storedItem() });
    const result = await setup().handle(getEvent(ID));
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual(apiNotification());
    expect(ddb).toHaveReceivedCommandWith(GetCommand, {
      TableName: TABLE,
      Key: { [TABLE_KEY]: ID },
      ConsistentRead: true,
    });
  });

  it('answers 200 for a notification without a recipient address', async () => {
    ddb.on(GetCommand).resolves({ Item: storedItem({ recipient_email: undefined }) });
    const result = await setup().handle(getEvent(ID));
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).not.toHaveProperty('recipient_email');
  });

  it('answers 404 with a generic_error when there is no such notification', async () => {
    ddb.on(GetCommand).resolves({});
    const result = await setup().handle(getEvent(ID));
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toEqual({ code: 'not_found', messages: ['notification not found'] });
  });

  // The standard get asks the table for any key DynamoDB can hold (the old written getNotification
  // checked the id's form first): a string that is no notification id finds none, a 404 all the same.
  it.each([['ntf-1'], ['usr-01KAAAAAAAAAAAAAAAAAAAAAAA']])(
    'answers 404 for %j, which is no notification id, reading only that key',
    async (id) => {
      ddb.on(GetCommand).resolves({});
      const result = await setup().handle(getEvent(id));
      expect(result.statusCode).toBe(404);
      expect(bodyOf(result)).toEqual({ code: 'not_found', messages: ['notification not found'] });
      expect(ddb.calls()).toHaveLength(1);
      expect(ddb).toHaveReceivedCommandWith(GetCommand, { TableName: TABLE, Key: { [TABLE_KEY]: id } });
    },
  );

  it.each([[''], [`ntf-${'A'.repeat(3000)}`]])(
    'answers 404 without reading for %j, which no key can be',
    async (id) => {
      const result = await setup().handle(getEvent(id));
      expect(result.statusCode).toBe(404);
      expect(ddb).not.toHaveReceivedAnyCommand();
    },
  );

  it('answers 500 with the fixed body when DynamoDB fails', async () => {
    ddb.on(GetCommand).rejects(outage());
    const { handle, calls } = setup();
    const result = await handle(getEvent(ID));
    expect(result.statusCode).toBe(500);
    expect(bodyOf(result)).toEqual(INTERNAL_ERROR_BODY);
    expect(result.body).not.toContain(EMAIL);
    expect(calls.map((call) => call.level)).toEqual(['error']);
  });
});
