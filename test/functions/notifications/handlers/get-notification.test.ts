import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { getNotificationOperation } from '../../../../functions/notifications/generated/operations';
import { makeGetNotificationHandler } from '../../../../functions/notifications/handlers/get-notification';
import { bodyOf, INTERNAL_ERROR_BODY, routeEvent } from '../../support/api-event';
import { apiNotification, EMAIL, ID, outage, storedItem, TABLE, testDeps } from '../support';

const ddb = mockClient(DynamoDBDocumentClient);

beforeEach(() => ddb.reset());

function setup() {
  const { deps, calls } = testDeps();
  return { handle: makeGetNotificationHandler(deps), calls };
}

const getEvent = (id: string) => routeEvent(getNotificationOperation, { path: { id } });

describe('GET /notifications/:id', () => {
  it('answers 200 with the notification, read strongly consistent', async () => {
    ddb.on(GetCommand).resolves({ Item: storedItem() });
    const result = await setup().handle(getEvent(ID));
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual(apiNotification());
    expect(ddb).toHaveReceivedCommandWith(GetCommand, {
      TableName: TABLE,
      Key: { pk: ID },
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

  it.each([['ntf-1'], ['usr-01KAAAAAAAAAAAAAAAAAAAAAAA'], ['']])(
    'answers 404 without reading for %j, which is no notification id',
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
