import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  MAX_SUBJECT_LENGTH,
  notificationSubject,
  recordNotification,
} from '../../../../functions/notifications/domain/record-notification';
import type { NotificationRepository } from '../../../../functions/notifications/generated/repository';
import { isId } from '../../../../functions/runtime/ids';
import { UniqueConstraintError } from '../../../../functions/runtime/repository';
import { isWellFormed } from '../../../../functions/runtime/unicode-text';
import { apiNotification, EMAIL, NOW, ORDER_ID, storedItem, TABLE, testDeps, USER_ID } from '../support';

const ddb = mockClient(DynamoDBDocumentClient);

beforeEach(() => ddb.reset());

const order = {
  id: ORDER_ID,
  version: 2,
  user_id: USER_ID,
  status: 'confirmed',
  total: '25.50',
  currency: 'EUR',
} as const;
const user = { id: USER_ID, email: EMAIL };
const INDEX = 'ix_notification__order_id';

describe('recordNotification', () => {
  it('creates the notification about the order version when there is none', async () => {
    ddb.on(QueryCommand).resolves({ Items: [storedItem({ order_version: 1 })] });
    ddb.on(PutCommand).resolves({});
    const { deps, clock } = testDeps();
    const recorded = await recordNotification({ repository: deps.repository, clock }, { order, user });
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
    expect(isId('ntf', recorded.notification.id)).toBe(true);
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      TableName: TABLE,
      IndexName: INDEX,
      ExpressionAttributeValues: { ':k': ORDER_ID },
    });
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      TableName: TABLE,
      Item: expect.objectContaining({ [INDEX]: ORDER_ID, order_version: 2, _type: 'notification' }),
      ConditionExpression: 'attribute_not_exists(#pk)',
    });
  });

  it('writes nothing and returns the stored notification when that version has one', async () => {
    ddb
      .on(QueryCommand)
      .resolves({ Items: [storedItem({ order_version: 2 }), storedItem({ order_version: 1 })] });
    const { deps } = testDeps();
    const recorded = await recordNotification(deps, { order, user });
    expect(recorded).toEqual({ notification: apiNotification({ order_version: 2 }), created: false });
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('searches every page of the order', async () => {
    const lastKey = {
      pk: 'ntf-01KBAAAAAAAAAAAAAAAAAAAAAA',
      [INDEX]: ORDER_ID,
      id: 'ntf-01KBAAAAAAAAAAAAAAAAAAAAAA',
    };
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [storedItem({ order_version: 5 })], LastEvaluatedKey: lastKey })
      .resolvesOnce({ Items: [storedItem({ order_version: 2 })] });
    const { deps } = testDeps();
    const recorded = await recordNotification(deps, { order, user });
    expect(recorded.created).toBe(false);
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 2);
    expect(ddb.commandCalls(QueryCommand)[1]?.args[0].input).toMatchObject({
      ExclusiveStartKey: lastKey,
      Limit: 101,
    });
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('records a notification without a recipient when the user has no email', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(PutCommand).resolves({});
    const { deps } = testDeps();
    const recorded = await recordNotification(deps, { order, user: { id: USER_ID } });
    expect(recorded.created).toBe(true);
    expect(recorded.notification).not.toHaveProperty('recipient_email');
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.not.objectContaining({ recipient_email: expect.anything() }),
    });
  });

  it('refuses a user who is not the order’s', async () => {
    const { deps } = testDeps();
    await expect(recordNotification(deps, { order, user: { id: 'usr-other' } })).rejects.toThrow(TypeError);
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('lets DynamoDB failures through (the subscriber retries)', async () => {
    const failure = Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
    ddb.on(QueryCommand).rejects(failure);
    const { deps } = testDeps();
    await expect(recordNotification(deps, { order, user })).rejects.toBe(failure);
  });

  describe('with a unique index on order_id + order_version (a spec change this code is ready for)', () => {
    const winner = apiNotification({ order_version: 2 });

    function fakeRepository(pages: unknown[][], create: () => Promise<unknown>): NotificationRepository {
      let call = 0;
      return {
        findAllByOrderId: jest.fn(async () => ({ items: pages[call++] ?? [] })),
        create: jest.fn(create),
      } as unknown as NotificationRepository;
    }

    it('returns the winner’s notification when a concurrent delivery created it first', async () => {
      const repository = fakeRepository([[], [winner]], async () => {
        throw new UniqueConstraintError('notification', 'ix_notification__order_id__order_version', [
          'order_id',
          'order_version',
        ]);
      });
      await expect(recordNotification({ repository }, { order, user })).resolves.toEqual({
        notification: winner,
        created: false,
      });
    });

    it('rethrows the clash when the winner cannot be found (yet)', async () => {
      const clash = new UniqueConstraintError('notification', 'ix', ['order_id', 'order_version']);
      const repository = fakeRepository([[], []], async () => {
        throw clash;
      });
      await expect(recordNotification({ repository }, { order, user })).rejects.toBe(clash);
    });
  });
});

describe('notificationSubject', () => {
  it.each([
    ['pending', 'has been placed'],
    ['confirmed', 'is confirmed'],
    ['shipped', 'has shipped'],
    ['delivered', 'has been delivered'],
    ['cancelled', 'has been cancelled'],
  ] as const)('says what a %s order is', (status, phrase) => {
    expect(notificationSubject({ ...order, status })).toBe(
      `Your order ${ORDER_ID} ${phrase} (total 25.50 EUR)`,
    );
  });

  it('fits the model’s maximum, cut between code points', () => {
    const subject = notificationSubject({ ...order, id: `ord-${'😀'.repeat(150)}` });
    expect(subject.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
    expect(subject.length).toBeGreaterThan(MAX_SUBJECT_LENGTH - 2);
    expect(isWellFormed(subject)).toBe(true);
  });
});
