import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { TABLE_KEY, TYPE_ATTRIBUTE } from '../../../../functions/runtime/conventions';
import { makeHandler } from '../../../../functions/users/generated/lambdas/get-user';
import { getUserOperation } from '../../../../functions/users/generated/operations';
import { bodyOf, INTERNAL_ERROR_BODY, routeEvent } from '../../support/api-event';
import { apiUser, EMAIL, ID, outage, storedItem, TABLE, testDeps } from '../support';

const ddb = mockClient(DynamoDBDocumentClient);

beforeEach(() => ddb.reset());

function setup() {
  const { deps, calls } = testDeps();
  return { handle: makeHandler(deps), calls };
}

describe('users (reference service): GET /users/:id, the standard get through the generated getUser Lambda', () => {
  it('answers 200 with the user, read strongly consistent, without table attributes', async () => {
    ddb.on(GetCommand).resolves({ Item: storedItem() });
    const { handle } = setup();
    const result = await handle(routeEvent(getUserOperation, { path: { id: ID } }));
    expect(result.statusCode).toBe(200);
    expect(result.headers['content-type']).toBe('application/json');
    expect(bodyOf(result)).toEqual(apiUser());
    expect(ddb).toHaveReceivedCommandWith(GetCommand, {
      TableName: TABLE,
      Key: { [TABLE_KEY]: ID },
      ConsistentRead: true,
    });
  });

  it('answers 404 with a generic_error when there is no such user', async () => {
    ddb.on(GetCommand).resolves({});
    const { handle, calls } = setup();
    const result = await handle(routeEvent(getUserOperation, { path: { id: ID } }));
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toEqual({ code: 'not_found', messages: ['user not found'] });
    expect(calls).toEqual([expect.objectContaining({ level: 'debug' })]);
  });

  it('answers 404 for an item of another resource under the id', async () => {
    ddb.on(GetCommand).resolves({ Item: { ...storedItem(), [TYPE_ATTRIBUTE]: 'order' } });
    const result = await setup().handle(routeEvent(getUserOperation, { path: { id: ID } }));
    expect(result.statusCode).toBe(404);
  });

  // The standard get asks the table for any key DynamoDB can hold (the old written getUser checked
  // the id's form first): a string that is not a user id finds no user, so it is a 404 all the same.
  it.each([
    ['not an id', 'nope'],
    ['another prefix', 'ord-01KAAAAAAAAAAAAAAAAAAAAAAA'],
    ['a lower-case ULID', 'usr-01kaaaaaaaaaaaaaaaaaaaaaaa'],
  ])('answers 404 for %s, a string that is not a user id, reading only that key', async (_, id) => {
    ddb.on(GetCommand).resolves({});
    const result = await setup().handle(routeEvent(getUserOperation, { path: { id } }));
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toEqual({ code: 'not_found', messages: ['user not found'] });
    expect(ddb).toHaveReceivedCommandTimes(GetCommand, 1);
    expect(ddb).toHaveReceivedCommandWith(GetCommand, { TableName: TABLE, Key: { [TABLE_KEY]: id } });
    expect(ddb.calls()).toHaveLength(1);
  });

  it('answers 404 without reading the table for a string longer than a key can be', async () => {
    const result = await setup().handle(
      routeEvent(getUserOperation, { path: { id: `usr-${'A'.repeat(5000)}` } }),
    );
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toEqual({ code: 'not_found', messages: ['user not found'] });
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('answers 422 for an id with a lone surrogate, without reading the table', async () => {
    const result = await setup().handle(routeEvent(getUserOperation, { path: { id: 'usr-\ud800' } }));
    expect(result.statusCode).toBe(422);
    expect(bodyOf(result)).toEqual({
      code: 'validation_failed',
      messages: ['path.id: must be valid Unicode text'],
    });
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('answers 500 with the fixed body when DynamoDB fails, and logs the error', async () => {
    ddb.on(GetCommand).rejects(outage());
    const { handle, calls } = setup();
    const result = await handle(routeEvent(getUserOperation, { path: { id: ID }, requestId: 'req-42' }));
    expect(result.statusCode).toBe(500);
    expect(bodyOf(result)).toEqual(INTERNAL_ERROR_BODY);
    expect(result.body).not.toContain(EMAIL);
    expect(result.body).not.toContain('at ');
    expect(calls).toEqual([
      expect.objectContaining({
        level: 'error',
        input: expect.objectContaining({ request_id: 'req-42', operation_id: 'getUser' }),
      }),
    ]);
  });

  it('answers 500 when the stored item breaks the model (a bug, not the client)', async () => {
    ddb.on(GetCommand).resolves({ Item: storedItem({ version: 'three' }) });
    const result = await setup().handle(routeEvent(getUserOperation, { path: { id: ID } }));
    expect(result.statusCode).toBe(500);
    expect(bodyOf(result)).toEqual(INTERNAL_ERROR_BODY);
  });
});
