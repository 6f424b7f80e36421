import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  DEFAULT_LIST_SHARDS,
  GUARD_TYPE,
  guardKey,
  LIST_INDEX,
  listPartition,
  listShard,
  TABLE_KEY,
  TYPE_ATTRIBUTE,
} from '../../../../functions/runtime/conventions';
import { encodeCursor } from '../../../../functions/runtime/repository/cursor';
import { encodeListCursor } from '../../../../functions/runtime/repository/list-cursor';
import { makeHandler } from '../../../../functions/users/generated/lambdas/list-users';
import { listUsersOperation } from '../../../../functions/users/generated/operations';
import { byListShard } from '../../../support/list-shards';
import { bodyOf, INTERNAL_ERROR_BODY, routeEvent } from '../../support/api-event';
import { apiUser, EMAIL, ID, OTHER_ID, outage, storedItem, TABLE, testDeps } from '../support';

const ddb = mockClient(DynamoDBDocumentClient);

beforeEach(() => ddb.reset());

function setup() {
  const { deps, calls } = testDeps();
  return { handle: makeHandler(deps), calls };
}

const THIRD_ID = 'usr-01K9AAAAAAAAAAAAAAAAAAAAAA';
const items = [
  storedItem({ id: OTHER_ID, [TABLE_KEY]: OTHER_ID, email: 'b@example.com' }),
  storedItem(),
  storedItem({ id: THIRD_ID, [TABLE_KEY]: THIRD_ID, email: 'c@example.com' }),
];

describe('users (reference service): GET /users, the standard list through the generated listUsers Lambda', () => {
  it('answers the first page newest first, with the next page in x-next-cursor', async () => {
    ddb.on(QueryCommand).callsFake(byListShard(items, 'user'));
    const result = await setup().handle(routeEvent(listUsersOperation, { query: 'limit=2' }));
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual([
      apiUser({ id: OTHER_ID, [TABLE_KEY]: OTHER_ID, email: 'b@example.com' }),
      apiUser(),
    ]);
    expect(result.headers['x-next-cursor']).toBe(
      encodeListCursor({ resource: 'user', shards: DEFAULT_LIST_SHARDS, after: ID }),
    );
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, DEFAULT_LIST_SHARDS);
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      TableName: TABLE,
      IndexName: LIST_INDEX.name,
      ScanIndexForward: false,
      Limit: 3,
      ExpressionAttributeValues: { ':k': listPartition('user', listShard(OTHER_ID, DEFAULT_LIST_SHARDS)) },
    });
  });

  it('uses the default page size of 25 and sends no cursor header on the last page', async () => {
    ddb.on(QueryCommand).callsFake(byListShard(items, 'user'));
    const result = await setup().handle(routeEvent(listUsersOperation));
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toHaveLength(3);
    expect(result.headers).not.toHaveProperty('x-next-cursor');
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, { Limit: 26 });
  });

  it('answers an empty array when there are no users', async () => {
    ddb.on(QueryCommand).resolves({});
    const result = await setup().handle(routeEvent(listUsersOperation));
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual([]);
  });

  it('continues from the cursor', async () => {
    ddb.on(QueryCommand).callsFake(byListShard(items, 'user'));
    const cursor = encodeListCursor({ resource: 'user', shards: DEFAULT_LIST_SHARDS, after: ID });
    const result = await setup().handle(routeEvent(listUsersOperation, { query: { limit: '2', cursor } }));
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual([
      apiUser({ id: THIRD_ID, [TABLE_KEY]: THIRD_ID, email: 'c@example.com' }),
    ]);
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      KeyConditionExpression: '#k = :k AND #id < :after',
      ExpressionAttributeValues: {
        ':k': listPartition('user', listShard(THIRD_ID, DEFAULT_LIST_SHARDS)),
        ':after': ID,
      },
    });
  });

  it.each([
    ['garbage', 'not a cursor!'],
    ['another resource', encodeCursor({ [TABLE_KEY]: 'ord-1', [TYPE_ATTRIBUTE]: 'order', id: 'ord-1' })],
    ['another index', encodeCursor({ [TABLE_KEY]: ID, ix_user__email: EMAIL, id: ID })],
    ['a tampered key', encodeCursor({ [TABLE_KEY]: ID, [TYPE_ATTRIBUTE]: 'user', id: OTHER_ID })],
    ['of another shard count', encodeListCursor({ resource: 'user', shards: 4, after: ID })],
  ])('answers 422 for a cursor that is %s, without querying', async (_, cursor) => {
    const result = await setup().handle(routeEvent(listUsersOperation, { query: { cursor } }));
    expect(result.statusCode).toBe(422);
    expect(bodyOf(result)).toEqual({
      code: 'validation_failed',
      messages: ['query.cursor: is not a valid cursor'],
    });
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it.each([
    ['0', 'query.limit: must be >= 1'],
    ['101', 'query.limit: must be <= 100'],
    ['2.5', 'query.limit: expected integer'],
    ['ten', 'query.limit: expected number'],
  ])('answers 422 naming query.limit for limit=%s', async (limit, message) => {
    const result = await setup().handle(routeEvent(listUsersOperation, { query: { limit } }));
    expect(result.statusCode).toBe(422);
    const body = bodyOf(result) as { code: string; messages: string[] };
    expect(body.code).toBe('validation_failed');
    expect(body.messages).toEqual([expect.stringContaining(message)]);
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('answers 422 for a limit given twice', async () => {
    const result = await setup().handle(routeEvent(listUsersOperation, { query: 'limit=1&limit=2' }));
    expect(result.statusCode).toBe(422);
    expect((bodyOf(result) as { messages: string[] }).messages).toEqual([
      expect.stringMatching(/^query\.limit: /),
    ]);
  });

  describe('?email=', () => {
    it('answers the one user with the email, through the guard item (strongly consistent)', async () => {
      ddb.on(GetCommand, { Key: { [TABLE_KEY]: guardKey('ix_user__email', EMAIL) } }).resolves({
        Item: { [TABLE_KEY]: guardKey('ix_user__email', EMAIL), [TYPE_ATTRIBUTE]: GUARD_TYPE, owner: ID },
      });
      ddb.on(GetCommand, { Key: { [TABLE_KEY]: ID } }).resolves({ Item: storedItem() });
      const result = await setup().handle(routeEvent(listUsersOperation, { query: { email: EMAIL } }));
      expect(result.statusCode).toBe(200);
      expect(bodyOf(result)).toEqual([apiUser()]);
      expect(result.headers).not.toHaveProperty('x-next-cursor');
      expect(ddb).not.toHaveReceivedCommand(QueryCommand);
      expect(ddb).toHaveReceivedCommandWith(GetCommand, { TableName: TABLE, ConsistentRead: true });
    });

    it('answers an empty array when no user has the email', async () => {
      ddb.on(GetCommand).resolves({});
      const result = await setup().handle(
        routeEvent(listUsersOperation, { query: { email: 'nobody@example.com' } }),
      );
      expect(result.statusCode).toBe(200);
      expect(bodyOf(result)).toEqual([]);
    });

    it.each([
      ['empty', ''],
      ['longer than a key can be', `${'a'.repeat(2100)}@example.com`],
    ])('answers an empty array without reading for an email that is %s', async (_, email) => {
      const result = await setup().handle(routeEvent(listUsersOperation, { query: { email } }));
      expect(result.statusCode).toBe(200);
      expect(bodyOf(result)).toEqual([]);
      expect(ddb).not.toHaveReceivedAnyCommand();
    });

    // The standard list looks up any value a key can hold (the old written listUsers also skipped
    // values longer than the spec's maximum): no stored email is that long, so the guard is absent.
    it('answers an empty array for an email longer than any stored email, reading its guard only', async () => {
      ddb.on(GetCommand).resolves({});
      const email = `${'a'.repeat(250)}@example.com`;
      const result = await setup().handle(routeEvent(listUsersOperation, { query: { email } }));
      expect(result.statusCode).toBe(200);
      expect(bodyOf(result)).toEqual([]);
      expect(ddb.calls()).toHaveLength(1);
      expect(ddb).toHaveReceivedCommandWith(GetCommand, {
        Key: { [TABLE_KEY]: guardKey('ix_user__email', email) },
        ConsistentRead: true,
      });
    });

    it('answers 422 for an email with a lone surrogate (a hand-built event), reading nothing', async () => {
      const event = routeEvent(listUsersOperation);
      event.queryStringParameters = { email: 'a\ud800@example.com' };
      const result = await setup().handle(event);
      expect(result.statusCode).toBe(422);
      expect(bodyOf(result)).toEqual({
        code: 'validation_failed',
        messages: ['query.email: must be valid Unicode text'],
      });
      expect(ddb).not.toHaveReceivedAnyCommand();
    });

    it('answers 422 for a cursor: a listing by email has one page only', async () => {
      const cursor = encodeCursor({ [TABLE_KEY]: ID, [TYPE_ATTRIBUTE]: 'user', id: ID });
      const result = await setup().handle(
        routeEvent(listUsersOperation, { query: { email: EMAIL, cursor } }),
      );
      expect(result.statusCode).toBe(422);
      expect(bodyOf(result)).toEqual({
        code: 'validation_failed',
        messages: ['query.cursor: is not a valid cursor'],
      });
    });
  });

  it('answers 500 with the fixed body when DynamoDB fails', async () => {
    ddb.on(QueryCommand).rejects(outage());
    const { handle, calls } = setup();
    const result = await handle(routeEvent(listUsersOperation));
    expect(result.statusCode).toBe(500);
    expect(bodyOf(result)).toEqual(INTERNAL_ERROR_BODY);
    expect(calls.map((call) => call.level)).toEqual(['error']);
  });

  it('answers 500 when the email lookup fails, without echoing the email', async () => {
    ddb.on(GetCommand).rejects(outage());
    const result = await setup().handle(routeEvent(listUsersOperation, { query: { email: EMAIL } }));
    expect(result.statusCode).toBe(500);
    expect(result.body).toBe(JSON.stringify(INTERNAL_ERROR_BODY));
  });
});
