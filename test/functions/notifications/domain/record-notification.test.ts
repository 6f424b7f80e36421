import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  notificationSubject,
  recordNotification,
} from '../../../../functions/notifications/domain/record-notification';
import { NOTIFICATION_SUBJECT_MAX_LENGTH } from '../../../../functions/notifications/generated/models';
import { GUARD_TYPE, guardKey, TABLE_KEY, TYPE_ATTRIBUTE } from '../../../../functions/runtime/conventions';
import { isId } from '../../../../functions/runtime/ids';
import { UniqueConstraintError } from '../../../../functions/runtime/repository';
import { isWellFormed } from '../../../../functions/runtime/unicode-text';
import {
  apiNotification,
  cancelled,
  EMAIL,
  guardItem,
  ID,
  NOW,
  ORDER_ID,
  ORDER_INDEX,
  storedItem,
  TABLE,
  testDeps,
  UNIQUE_INDEX,
  USER_ID,
} from '../support';

const ddb = mockClient(DynamoDBDocumentClient);

beforeEach(() => {
  ddb.reset();
  // Nothing stored unless a case says otherwise.
  ddb.on(GetCommand).resolves({});
});

const order = {
  id: ORDER_ID,
  version: 2,
  user_id: USER_ID,
  status: 'confirmed',
  total: '25.50',
  currency: 'EUR',
} as const;
const user = { id: USER_ID, email: EMAIL };
/** The guard item of (ORDER_ID, 2) in the unique index: what the lookup reads and the create claims. */
const GUARD = guardKey('ix_notification__order_id__order_version', `${ORDER_ID}#2`);
const CONDITION = {
  ConditionExpression: 'attribute_not_exists(#pk)',
  ExpressionAttributeNames: { '#pk': TABLE_KEY },
};

/** The inputs of the GetItems sent, in order. */
const gets = () => ddb.commandCalls(GetCommand).map((call) => call.args[0].input);
/** The actions of the one TransactWriteItems sent. */
function transactItems() {
  expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  return ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
}

describe('notifications (reference service): recordNotification', () => {
  it('creates the notification about the order version, with its guard, when there is none', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const { repository, clock } = testDeps();
    const recorded = await recordNotification({ repository, clock }, { order, user });
    expect(recorded.created).toBe(true);
    expect(recorded.notification).toEqual({
      id: expect.any(String),
      order_id: ORDER_ID,
      order_version: 2,
      user_id: USER_ID,
      channel: 'email',
      recipient_email: EMAIL,
      subject: `Your order ${ORDER_ID} is confirmed (total 25.50 EUR)`,
      sent_at: NOW,
      version: 1,
      created_at: NOW,
      updated_at: NOW,
    });
    const { id } = recorded.notification;
    expect(isId('ntf', id)).toBe(true);
    // The lookup found no guard, so no owner was read.
    expect(gets()).toEqual([{ TableName: TABLE, Key: { [TABLE_KEY]: GUARD }, ConsistentRead: true }]);
    // One transaction: the notification and the guard of its (order_id, order_version), both only if new.
    expect(transactItems()).toEqual([
      {
        Put: {
          TableName: TABLE,
          Item: expect.objectContaining({
            [TABLE_KEY]: id,
            [TYPE_ATTRIBUTE]: 'notification',
            id,
            order_id: ORDER_ID,
            order_version: 2,
            [ORDER_INDEX]: ORDER_ID,
            [UNIQUE_INDEX]: `${ORDER_ID}#2`,
          }),
          ...CONDITION,
        },
      },
      {
        Put: {
          TableName: TABLE,
          Item: { [TABLE_KEY]: GUARD, [TYPE_ATTRIBUTE]: GUARD_TYPE, owner: id },
          ...CONDITION,
        },
      },
    ]);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('writes nothing and returns the stored notification when that version has one', async () => {
    ddb.on(GetCommand, { Key: { [TABLE_KEY]: GUARD } }).resolves({ Item: guardItem(GUARD, ID) });
    ddb.on(GetCommand, { Key: { [TABLE_KEY]: ID } }).resolves({ Item: storedItem({ order_version: 2 }) });
    const { repository } = testDeps();
    const recorded = await recordNotification({ repository }, { order, user });
    expect(recorded).toEqual({ notification: apiNotification({ order_version: 2 }), created: false });
    // The guard, then its owner, both strongly consistent.
    expect(gets()).toEqual([
      { TableName: TABLE, Key: { [TABLE_KEY]: GUARD }, ConsistentRead: true },
      { TableName: TABLE, Key: { [TABLE_KEY]: ID }, ConsistentRead: true },
    ]);
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it.each([
    ['plain values', ORDER_ID, GUARD],
    // `#` and `\` in a value are escaped, so ("a#b", 2) cannot share a guard with another pair.
    [
      'values with # and \\ escaped',
      'ord-a#b\\c',
      guardKey('ix_notification__order_id__order_version', 'ord-a\\#b\\\\c#2'),
    ],
  ])(
    'looks up with a strongly consistent GetItem of the guard key (%s), never the GSI',
    async (_, orderId, key) => {
      ddb.on(TransactWriteCommand).resolves({});
      const { repository } = testDeps();
      const recorded = await recordNotification({ repository }, { order: { ...order, id: orderId }, user });
      expect(recorded.created).toBe(true);
      expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
        TableName: TABLE,
        Key: { [TABLE_KEY]: key },
        ConsistentRead: true,
      });
      expect(ddb).not.toHaveReceivedCommand(QueryCommand); // GSI reads are eventually consistent
      // The create claims the very guard the lookup read.
      expect(transactItems()[1]?.Put?.Item).toMatchObject({ [TABLE_KEY]: key, [TYPE_ATTRIBUTE]: GUARD_TYPE });
    },
  );

  it('records a notification without a recipient when the user has no email', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const { repository } = testDeps();
    const recorded = await recordNotification({ repository }, { order, user: { id: USER_ID } });
    expect(recorded.created).toBe(true);
    expect(recorded.notification).not.toHaveProperty('recipient_email');
    expect(transactItems()[0]?.Put?.Item).not.toHaveProperty('recipient_email');
  });

  it('refuses a user who is not the order’s', async () => {
    const { repository } = testDeps();
    await expect(recordNotification({ repository }, { order, user: { id: 'usr-other' } })).rejects.toThrow(
      TypeError,
    );
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  describe('lets DynamoDB failures through (the subscriber retries)', () => {
    it('of the lookup: nothing written', async () => {
      const failure = Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
      ddb.on(GetCommand).rejects(failure);
      const { repository } = testDeps();
      await expect(recordNotification({ repository }, { order, user })).rejects.toBe(failure);
      expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    });

    it.each([
      ['an outage', Object.assign(new Error('throttled'), { name: 'ThrottlingException' })],
      ['a transaction cancelled for throttling', cancelled('None', 'ThrottlingError')],
    ])('of the create (%s)', async (_, failure) => {
      ddb.on(TransactWriteCommand).rejects(failure);
      const { repository } = testDeps();
      await expect(recordNotification({ repository }, { order, user })).rejects.toBe(failure);
      expect(ddb).toHaveReceivedCommandTimes(GetCommand, 1); // not taken for a clash: no second lookup
    });
  });

  describe('racing another delivery about the same version', () => {
    const WINNER = 'ntf-01KBWWWWWWWWWWWWWWWWWWWWWW';

    it('returns the winner’s notification when the guard was taken between lookup and create', async () => {
      // The lookup finds no guard; the create's guard put then fails its condition: the other
      // delivery claimed it first. The second lookup finds the winner.
      ddb
        .on(GetCommand, { Key: { [TABLE_KEY]: GUARD } })
        .resolvesOnce({})
        .resolves({ Item: guardItem(GUARD, WINNER) });
      ddb
        .on(GetCommand, { Key: { [TABLE_KEY]: WINNER } })
        .resolves({ Item: storedItem({ id: WINNER, order_version: 2 }) });
      ddb.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed'));
      const { repository } = testDeps();

      const recorded = await recordNotification({ repository }, { order, user });

      expect(recorded).toEqual({
        notification: apiNotification({ id: WINNER, order_version: 2 }),
        created: false,
      });
      const [attempted] = transactItems();
      expect(attempted?.Put?.Item?.id).not.toBe(WINNER); // ours was not stored; the winner's is returned
      expect(gets().map((input) => input.Key?.[TABLE_KEY])).toEqual([GUARD, GUARD, WINNER]);
      expect(gets().every((input) => input.ConsistentRead === true)).toBe(true);
    });

    it('rethrows the clash when the winner cannot be found (e.g. deleted since)', async () => {
      ddb.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed'));
      const { repository } = testDeps();

      const failure = await recordNotification({ repository }, { order, user }).catch(
        (error: unknown) => error,
      );

      expect(failure).toBeInstanceOf(UniqueConstraintError);
      expect(failure).toMatchObject({
        resource: 'notification',
        index: UNIQUE_INDEX,
        fields: ['order_id', 'order_version'],
      });
      expect(gets().map((input) => input.Key?.[TABLE_KEY])).toEqual([GUARD, GUARD]);
      expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    });
  });
});

describe('notifications (reference service): notificationSubject', () => {
  it.each([
    ['pending', 1, 'has been placed'],
    ['pending', 2, 'has been changed'],
    ['confirmed', 2, 'is confirmed'],
    ['shipped', 3, 'has shipped'],
    ['delivered', 4, 'has been delivered'],
    ['cancelled', 2, 'has been cancelled'],
  ] as const)('says what a %s order at version %i is', (status, version, phrase) => {
    expect(notificationSubject({ ...order, status, version })).toBe(
      `Your order ${ORDER_ID} ${phrase} (total 25.50 EUR)`,
    );
  });

  it('never says "placed" of an order past its first version (nothing moves one back to pending)', () => {
    for (const version of [2, 3, 50]) {
      expect(notificationSubject({ ...order, status: 'pending', version })).not.toContain('placed');
    }
  });

  it('fits the model’s maximum, cut between code points', () => {
    const subject = notificationSubject({ ...order, id: `ord-${'😀'.repeat(150)}` });
    expect(subject.length).toBeLessThanOrEqual(NOTIFICATION_SUBJECT_MAX_LENGTH);
    expect(subject.length).toBeGreaterThan(NOTIFICATION_SUBJECT_MAX_LENGTH - 2);
    expect(isWellFormed(subject)).toBe(true);
  });
});
