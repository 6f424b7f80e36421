/**
 * The subscriber adapter with the DynamoDB dedupe store on a mocked document client: what it reads
 * and writes, in which order, and what a failure at each step does to the invocation.
 */
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { testClock } from '../../../../functions/runtime/clock';
import {
  DEDUPE_TYPE,
  dedupeKey,
  TABLE_KEY,
  TTL_ATTRIBUTE,
  TYPE_ATTRIBUTE,
} from '../../../../functions/runtime/conventions';
import {
  DEFAULT_DEDUPE_TTL_SECONDS,
  DynamoDbDedupe,
  InvalidEventError,
  lazySubscriber,
  SubscriberConfigError,
  type SubscriberMessage,
  subscriber,
} from '../../../../functions/runtime/subscriber';
import {
  EVENT_SOURCE,
  type EventDetail,
  eventDetailSchema,
  USER_DELETED,
  USER_UPSERTED,
} from '../../../../functions/users/generated/events';
import { eventBridgeEvent, RecordingLogger } from './support';

const ddb = mockClient(DynamoDBDocumentClient);
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }));
const TABLE = 'orders-table';
const NOW = '2026-05-01T12:00:00.000Z';
const NOW_SECONDS = Date.parse(NOW) / 1000;

beforeEach(() => ddb.reset());

function conditionalCheckFailed(): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
}

function setup(handle: (message: SubscriberMessage<EventDetail>) => Promise<void> = async () => {}) {
  const logger = new RecordingLogger();
  const calls: SubscriberMessage<EventDetail>[] = [];
  const dedupe = new DynamoDbDedupe({
    client: doc,
    tableName: TABLE,
    subscriber: 'users-user',
    clock: testClock(NOW),
  });
  const handler = subscriber({
    source: EVENT_SOURCE,
    detailTypes: [USER_DELETED],
    detailSchema: eventDetailSchema,
    dedupe,
    logger,
    handle: async (message) => {
      calls.push(message);
      await handle(message);
    },
  });
  return { handler, logger, calls };
}

const deleted = (eventId = 'ev-1') =>
  eventBridgeEvent(EVENT_SOURCE, USER_DELETED, { id: 'usr-1', event_id: eventId, version: 3 });

describe('a valid event', () => {
  it('is checked, handled once, then marked with a TTL record in the service table', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).resolves({});
    const { handler, calls } = setup();

    await handler(deleted());

    expect(calls).toEqual([
      {
        source: 'tributary.users',
        detailType: 'user.deleted',
        detail: { id: 'usr-1', event_id: 'ev-1', version: 3, occurred_at: '2026-05-01T12:00:00.000Z' },
        eventBridgeId: 'eb-ev-1',
        time: '2026-05-01T12:00:01Z',
      },
    ]);
    expect(ddb).toHaveReceivedCommandWith(GetCommand, {
      TableName: TABLE,
      Key: { [TABLE_KEY]: dedupeKey('users-user', 'ev-1') },
      ConsistentRead: true,
    });
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      TableName: TABLE,
      Item: {
        [TABLE_KEY]: dedupeKey('users-user', 'ev-1'),
        [TYPE_ATTRIBUTE]: DEDUPE_TYPE,
        subscriber: 'users-user',
        event_id: 'ev-1',
        handled_at: NOW,
        [TTL_ATTRIBUTE]: NOW_SECONDS + 7 * 24 * 3600,
      },
      ConditionExpression: 'attribute_not_exists(#pk) OR #expires <= :now',
      ExpressionAttributeNames: { '#pk': TABLE_KEY, '#expires': TTL_ATTRIBUTE },
      ExpressionAttributeValues: { ':now': NOW_SECONDS },
    });
    // The check comes before the handling, the marker after it.
    const order = ddb.calls().map((call) => call.args[0].constructor.name);
    expect(order).toEqual(['GetCommand', 'PutCommand']);
    expect(DEFAULT_DEDUPE_TTL_SECONDS).toBe(604_800);
  });

  it('sets up the Lambda context on the logger when it can', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).resolves({});
    const { handler, logger } = setup();
    const addContext = jest.fn();
    Object.assign(logger, { addContext });
    const context = { functionName: 'f' } as never;
    await handler(deleted(), context);
    expect(addContext).toHaveBeenCalledWith(context);
  });
});

describe('a duplicate', () => {
  it('with a live marker is skipped: not handled, nothing written, logged at info', async () => {
    ddb.on(GetCommand).resolves({
      Item: {
        [TABLE_KEY]: dedupeKey('users-user', 'ev-1'),
        [TYPE_ATTRIBUTE]: DEDUPE_TYPE,
        [TTL_ATTRIBUTE]: NOW_SECONDS + 60,
      },
    });
    const { handler, calls, logger } = setup();

    await handler(deleted());

    expect(calls).toHaveLength(0);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
    expect(logger.at('info')).toEqual([
      expect.objectContaining({
        message: 'duplicate event skipped: it was handled already',
        attributes: expect.objectContaining({ event_id: 'ev-1', resource_id: 'usr-1' }),
      }),
    ]);
  });

  it('whose marker expired (but TTL has not removed it yet) is handled again and re-marked', async () => {
    ddb.on(GetCommand).resolves({
      Item: {
        [TABLE_KEY]: dedupeKey('users-user', 'ev-1'),
        [TYPE_ATTRIBUTE]: DEDUPE_TYPE,
        [TTL_ATTRIBUTE]: NOW_SECONDS,
      },
    });
    ddb.on(PutCommand).resolves({});
    const { handler, calls } = setup();

    await handler(deleted());

    expect(calls).toHaveLength(1);
    expect(ddb).toHaveReceivedCommandTimes(PutCommand, 1);
  });

  it('handled concurrently (the marker put fails its condition) is a success', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).rejects(conditionalCheckFailed());
    const { handler, calls, logger } = setup();

    await expect(handler(deleted())).resolves.toBeUndefined();

    expect(calls).toHaveLength(1);
    expect(logger.at('info').map((line) => line.message)).toEqual([
      'event handled concurrently by another delivery',
    ]);
    expect(logger.at('error')).toEqual([]);
  });
});

describe('a failure', () => {
  it('of the handler writes no marker and fails the invocation with the same error', async () => {
    ddb.on(GetCommand).resolves({});
    const boom = new Error('owner API answered 503');
    const { handler, logger } = setup(async () => {
      throw boom;
    });

    await expect(handler(deleted())).rejects.toBe(boom);

    expect(ddb).not.toHaveReceivedCommand(PutCommand);
    expect(logger.at('error')).toEqual([
      {
        level: 'error',
        message: 'event handling failed; it will be retried',
        attributes: expect.objectContaining({ event_id: 'ev-1', resource_id: 'usr-1', error: boom }),
      },
    ]);
  });

  it('then a retry handles the event and marks it', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).resolves({});
    let attempts = 0;
    const { handler, calls } = setup(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('transient');
    });

    await expect(handler(deleted())).rejects.toThrow('transient');
    await handler(deleted());

    expect(calls).toHaveLength(2);
    expect(ddb).toHaveReceivedCommandTimes(PutCommand, 1);
  });

  it('of the dedupe check fails the invocation before anything is handled', async () => {
    ddb.on(GetCommand).rejects(new Error('DynamoDB unavailable'));
    const { handler, calls } = setup();

    await expect(handler(deleted())).rejects.toThrow('DynamoDB unavailable');
    expect(calls).toHaveLength(0);
  });

  it('of the marker write after a successful handling is logged at warn; the invocation succeeds', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).rejects(new Error('throttled'));
    const { handler, calls, logger } = setup();

    await expect(handler(deleted())).resolves.toBeUndefined();

    expect(calls).toHaveLength(1);
    expect(logger.at('warn')).toEqual([
      expect.objectContaining({ message: 'event handled, but its dedupe record could not be written' }),
    ]);
  });
});

describe('an invalid detail', () => {
  it.each([
    [{ id: 'usr-1', version: 1, occurred_at: NOW }, ['detail.event_id: is required']],
    [
      { id: '', event_id: 'ev-1', version: 0, occurred_at: 'yesterday' },
      expect.arrayContaining([
        expect.stringMatching(/^detail\.id: /),
        expect.stringMatching(/^detail\.version: /),
      ]),
    ],
    ['usr-1', [expect.stringMatching(/^detail: /)]],
    [null, [expect.stringMatching(/^detail: /)]],
  ])(
    '%j throws InvalidEventError naming the fields; nothing is read, handled or written',
    async (detail, problems) => {
      const { handler, calls, logger } = setup();
      const event = eventBridgeEvent(EVENT_SOURCE, USER_DELETED, detail);

      const failure = await handler(event).catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(InvalidEventError);
      expect((failure as InvalidEventError).problems).toEqual(problems);
      expect((failure as Error).message).toMatch(/^invalid event: detail/);
      expect(calls).toHaveLength(0);
      expect(ddb.calls()).toHaveLength(0);
      expect(logger.at('error')).toEqual([
        expect.objectContaining({
          message: 'event rejected: invalid detail; it will end in the dead-letter queue',
          attributes: expect.objectContaining({ problems, detail_type: USER_DELETED }),
        }),
      ]);
    },
  );

  it('never logs the values it was given', async () => {
    const { handler, logger } = setup();
    const secret = 'jane@example.com';
    await expect(
      handler(eventBridgeEvent(EVENT_SOURCE, USER_DELETED, { id: 'usr-1', event_id: 7, email: secret })),
    ).rejects.toThrow(InvalidEventError);
    expect(JSON.stringify(logger.lines)).not.toContain(secret);
  });

  it('a non-object event is rejected too', async () => {
    const { handler } = setup();
    await expect(handler(null as never)).rejects.toThrow(InvalidEventError);
  });
});

describe('an event the subscriber is not configured for', () => {
  it.each([
    ['another source', eventBridgeEvent('tributary.orders', USER_DELETED, { id: 'usr-1', event_id: 'e' })],
    ['another detail type', eventBridgeEvent(EVENT_SOURCE, USER_UPSERTED, { id: 'usr-1', event_id: 'e' })],
  ])('(%s) is a configuration error: logged at error and thrown', async (_, event) => {
    const { handler, calls, logger } = setup();

    await expect(handler(event)).rejects.toThrow(SubscriberConfigError);
    await expect(handler(event)).rejects.toThrow(/event pattern and its code disagree/);

    expect(calls).toHaveLength(0);
    expect(ddb.calls()).toHaveLength(0);
    expect(logger.at('error')[0]).toEqual(
      expect.objectContaining({
        message: 'event rejected: not what this subscriber is configured for',
        attributes: expect.objectContaining({ expected_source: EVENT_SOURCE }),
      }),
    );
  });

  it('unless its detail type is ignored on purpose: acknowledged without any work', async () => {
    const logger = new RecordingLogger();
    const handle = jest.fn(async () => {});
    const handler = subscriber({
      source: EVENT_SOURCE,
      detailTypes: [USER_DELETED],
      ignoredDetailTypes: [USER_UPSERTED],
      detailSchema: eventDetailSchema,
      dedupe: new DynamoDbDedupe({ client: doc, tableName: TABLE, subscriber: 'users-user' }),
      logger,
      handle,
    });

    await handler(eventBridgeEvent(EVENT_SOURCE, USER_UPSERTED, { id: 'usr-1', event_id: 'e' }));

    expect(handle).not.toHaveBeenCalled();
    expect(ddb.calls()).toHaveLength(0);
    expect(logger.at('debug').map((line) => line.message)).toEqual([
      'event ignored: this subscriber does not act on its detail type',
    ]);
  });
});

describe('configuration', () => {
  const base = {
    source: EVENT_SOURCE,
    detailTypes: [USER_DELETED],
    detailSchema: eventDetailSchema,
    dedupe: new DynamoDbDedupe({ client: doc, tableName: TABLE, subscriber: 'users-user' }),
    logger: new RecordingLogger(),
    handle: async () => {},
  };

  it('refuses an empty source, no detail types, or a type both handled and ignored', () => {
    expect(() => subscriber({ ...base, source: '' })).toThrow(TypeError);
    expect(() => subscriber({ ...base, detailTypes: [] })).toThrow(TypeError);
    expect(() => subscriber({ ...base, ignoredDetailTypes: [USER_DELETED] })).toThrow(
      /both handled and ignored/,
    );
  });

  it('the dedupe store refuses a subscriber name with # and a bad TTL', () => {
    expect(() => new DynamoDbDedupe({ client: doc, tableName: TABLE, subscriber: 'a#b' })).toThrow(TypeError);
    expect(() => new DynamoDbDedupe({ client: doc, tableName: TABLE, subscriber: '' })).toThrow(TypeError);
    expect(() => new DynamoDbDedupe({ client: doc, tableName: '', subscriber: 'x' })).toThrow(TypeError);
    expect(
      () => new DynamoDbDedupe({ client: doc, tableName: TABLE, subscriber: 'x', ttlSeconds: 0 }),
    ).toThrow(RangeError);
  });

  it('the dedupe store reads a lazily named table on first use only, and honours ttlSeconds', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).resolves({});
    const tableName = jest.fn(() => 'lazy-table');
    const dedupe = new DynamoDbDedupe({
      client: doc,
      tableName,
      subscriber: 'x',
      ttlSeconds: 60,
      clock: testClock(NOW),
    });
    expect(tableName).not.toHaveBeenCalled();
    await dedupe.isHandled('e');
    await dedupe.markHandled('e');
    expect(tableName).toHaveBeenCalledTimes(1);
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'lazy-table',
      Item: expect.objectContaining({ [TTL_ATTRIBUTE]: NOW_SECONDS + 60 }),
    });
  });

  it('the dedupe store refuses an event id too long for a key, before calling DynamoDB', async () => {
    const dedupe = new DynamoDbDedupe({ client: doc, tableName: TABLE, subscriber: 'x' });
    await expect(dedupe.isHandled('e'.repeat(2048))).rejects.toThrow(RangeError);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('a marker of another _type or without expires_at is read as such', async () => {
    const dedupe = new DynamoDbDedupe({
      client: doc,
      tableName: TABLE,
      subscriber: 'x',
      clock: testClock(NOW),
    });
    ddb
      .on(GetCommand)
      .resolvesOnce({ Item: { [TABLE_KEY]: 'k', [TYPE_ATTRIBUTE]: 'order' } })
      .resolvesOnce({
        Item: { [TABLE_KEY]: 'k', [TYPE_ATTRIBUTE]: DEDUPE_TYPE },
      });
    await expect(dedupe.isHandled('e')).resolves.toBe(false);
    await expect(dedupe.isHandled('e')).resolves.toBe(true);
  });
});

describe('lazySubscriber', () => {
  it('builds the handler on the first invocation, once', async () => {
    const inner = jest.fn(async () => {});
    const build = jest.fn(() => inner);
    const handler = lazySubscriber(build);
    expect(build).not.toHaveBeenCalled();
    await handler(deleted());
    await handler(deleted('ev-2'));
    expect(build).toHaveBeenCalledTimes(1);
    expect(inner).toHaveBeenCalledTimes(2);
  });

  it('a build that throws fails the invocation, and the next invocation tries again', async () => {
    const build = jest
      .fn()
      .mockImplementationOnce(() => {
        throw new Error('TABLE_NAME is not set');
      })
      .mockImplementation(() => async () => {});
    const handler = lazySubscriber(build);
    await expect(handler(deleted())).rejects.toThrow('TABLE_NAME is not set');
    await expect(handler(deleted())).resolves.toBeUndefined();
  });
});
