/**
 * The notifications service (a reference service) against DynamoDB Local (one JVM for this file), on a table created from
 * the spec's table layout: notifications recorded as the order subscriber will record them, read
 * back through the HTTP handlers with API Gateway events; and two deliveries about the same order
 * version racing each other, of which exactly one creates (the unique index's guard item).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { recordNotification } from '../../../functions/notifications/domain/record-notification';
import { makeHandler as makeGetNotification } from '../../../functions/notifications/generated/lambdas/get-notification';
import { makeHandler as makeListNotifications } from '../../../functions/notifications/generated/lambdas/list-notifications';
import {
  getNotificationOperation,
  listNotificationsOperation,
} from '../../../functions/notifications/generated/operations';
import type { NotificationRepository } from '../../../functions/notifications/generated/repository';
import {
  createNotificationsDeps,
  type NotificationsDeps,
} from '../../../functions/notifications/generated/service';
import { testClock } from '../../../functions/runtime/clock';
import { GUARD_TYPE, guardKey, TABLE_KEY, TYPE_ATTRIBUTE } from '../../../functions/runtime/conventions';
import type { HttpLambdaHandler } from '../../../functions/runtime/http';
import type { Api } from '../../../functions/runtime/operation';
import { UniqueConstraintError } from '../../../functions/runtime/repository';
import { createDocumentClient } from '../../../functions/runtime/service-environment';
import { specSchema } from '../../../lib/contract/schema';
import { tableLayout } from '../../../lib/contract/table-layout';
import {
  createServiceTable,
  type DynamoDbLocal,
  localDynamoDbClient,
  startDynamoDbLocal,
} from '../../support/dynamodb-local';
import { bodyOf, recordingLogger, routeEvent } from '../support/api-event';

const TABLE = 'notifications';
const spec = specSchema.parse(
  JSON.parse(readFileSync(join(__dirname, '../../../api-specs/notifications.json'), 'utf8')),
);

let local: DynamoDbLocal;
let raw: DynamoDBClient;
let doc: DynamoDBDocumentClient;
let deps: NotificationsDeps;
let get: HttpLambdaHandler;
let list: HttpLambdaHandler;
const clock = testClock('2026-03-01T09:00:00.000Z');

beforeAll(async () => {
  local = await startDynamoDbLocal();
  raw = localDynamoDbClient(local);
  doc = createDocumentClient(raw);
  await createServiceTable(raw, TABLE, tableLayout(spec));
  deps = createNotificationsDeps({ client: doc, tableName: TABLE, clock, logger: recordingLogger().logger });
  get = makeGetNotification(deps);
  list = makeListNotifications(deps);
}, 120_000);

afterAll(async () => {
  doc?.destroy();
  await local?.stop();
});

const ORDER = 'ord-01KJAAAAAAAAAAAAAAAAAAAAAA';
const OTHER_ORDER = 'ord-01KJBBBBBBBBBBBBBBBBBBBBBB';
const USER = { id: 'usr-01KJAAAAAAAAAAAAAAAAAAAAAA', email: 'ada@example.com' };

function orderAt(version: number, id = ORDER) {
  return {
    id,
    version,
    user_id: USER.id,
    status: version === 1 ? ('pending' as const) : ('confirmed' as const),
    total: '12.00',
    currency: 'EUR',
  };
}

async function record(version: number, id = ORDER) {
  clock.advance(1_000);
  return recordNotification(
    { repository: deps.repositories.notification, clock },
    { order: orderAt(version, id), user: USER },
  );
}

/**
 * The repository as recordNotification uses it, recording how each create ended. With
 * `lookupsFirst: n`, the first n lookups all complete before any of them returns: the interleaving
 * in which a lookup alone cannot tell concurrent deliveries apart.
 */
function observed(repository: Api<NotificationRepository>, options: { lookupsFirst?: number } = {}) {
  const creates: Array<'created' | 'clashed'> = [];
  let arrived = 0;
  let release = () => {};
  const allArrived = new Promise<void>((resolve) => {
    release = resolve;
  });
  if ((options.lookupsFirst ?? 0) === 0) release();
  const wrapped: Pick<NotificationRepository, 'findByOrderIdAndOrderVersion' | 'create'> = {
    async findByOrderIdAndOrderVersion(orderId, orderVersion) {
      const found = await repository.findByOrderIdAndOrderVersion(orderId, orderVersion);
      arrived++;
      if (arrived === options.lookupsFirst) release();
      await allArrived;
      return found;
    },
    async create(fields) {
      try {
        const created = await repository.create(fields);
        creates.push('created');
        return created;
      } catch (error) {
        if (error instanceof UniqueConstraintError) creates.push('clashed');
        throw error;
      }
    },
  };
  return { repository: wrapped as Api<NotificationRepository>, creates };
}

const listEvent = (query: Record<string, string>) => routeEvent(listNotificationsOperation, { query });

describe('notifications (reference service) over DynamoDB Local, through its generated Lambdas', () => {
  it('records one notification per order version and serves them over HTTP', async () => {
    const v1 = await record(1);
    const v2 = await record(2);
    const v3 = await record(3);
    const elsewhere = await record(1, OTHER_ORDER);
    for (const recorded of [v1, v2, v3, elsewhere]) expect(recorded.created).toBe(true);

    // idempotent per (order, version): a second delivery about v2 writes nothing
    const again = await record(2);
    expect(again).toEqual({ notification: v2.notification, created: false });

    // get
    const got = await get(routeEvent(getNotificationOperation, { path: { id: v2.notification.id } }));
    expect(got.statusCode).toBe(200);
    expect(bodyOf(got)).toEqual(v2.notification);
    expect(bodyOf(got)).toMatchObject({
      order_id: ORDER,
      order_version: 2,
      user_id: USER.id,
      channel: 'email',
      recipient_email: USER.email,
      subject: `Your order ${ORDER} is confirmed (total 12.00 EUR)`,
      version: 1,
    });

    // list by order, newest first, paged
    const first = await list(listEvent({ order_id: ORDER, limit: '2' }));
    expect(first.statusCode).toBe(200);
    expect(bodyOf(first)).toEqual([v3.notification, v2.notification]);
    const cursor = first.headers['x-next-cursor'] ?? '';
    expect(cursor).not.toBe('');
    const second = await list(listEvent({ order_id: ORDER, limit: '2', cursor }));
    expect(bodyOf(second)).toEqual([v1.notification]);
    expect(second.headers).not.toHaveProperty('x-next-cursor');

    // the cursor belongs to its order's listing
    const foreign = await list(listEvent({ order_id: OTHER_ORDER, cursor }));
    expect(foreign.statusCode).toBe(422);
    expect(bodyOf(foreign)).toEqual({
      code: 'validation_failed',
      messages: ['query.cursor: is not a valid cursor'],
    });

    expect(bodyOf(await list(listEvent({ order_id: OTHER_ORDER })))).toEqual([elsewhere.notification]);
    expect(bodyOf(await list(listEvent({ order_id: 'ord-01KJCCCCCCCCCCCCCCCCCCCCCC' })))).toEqual([]);
  });

  it('closes the race: two concurrent deliveries about one order version store one notification', async () => {
    const racing = 'ord-01KJRRRRRRRRRRRRRRRRRRRRRR';
    for (const [version, interleaving] of [
      [1, 'as it comes'],
      [2, 'both lookups before either create'],
    ] as const) {
      clock.advance(1_000);
      const { repository, creates } = observed(
        deps.repositories.notification,
        interleaving === 'as it comes' ? {} : { lookupsFirst: 2 },
      );
      const input = { order: orderAt(version, racing), user: USER };
      const results = await Promise.all([
        recordNotification({ repository, clock }, input),
        recordNotification({ repository, clock }, input),
      ]);

      // One created it, the other returned it without writing.
      expect(results.map((r) => r.created).sort()).toEqual([false, true]);
      const [first, second] = results;
      expect(second?.notification).toEqual(first?.notification);
      const notification = first?.notification;
      expect(notification).toMatchObject({ order_id: racing, order_version: version, version: 1 });
      if (interleaving !== 'as it comes') {
        // Both lookups saw nothing, so both tried to create: the guard let one through.
        expect(creates.sort()).toEqual(['clashed', 'created']);
      }

      // Exactly one notification about (racing, version) in the table, and its guard owned by it.
      const scan = await doc.send(
        new ScanCommand({
          TableName: TABLE,
          FilterExpression: '#type = :type AND order_id = :order AND order_version = :version',
          ExpressionAttributeNames: { '#type': TYPE_ATTRIBUTE },
          ExpressionAttributeValues: { ':type': 'notification', ':order': racing, ':version': version },
        }),
      );
      expect((scan.Items ?? []).map((item) => item.id)).toEqual([notification?.id]);
      const key = guardKey('ix_notification__order_id__order_version', `${racing}#${version}`);
      const guard = await doc.send(
        new GetCommand({ TableName: TABLE, Key: { [TABLE_KEY]: key }, ConsistentRead: true }),
      );
      expect(guard.Item).toEqual({ [TABLE_KEY]: key, [TYPE_ATTRIBUTE]: GUARD_TYPE, owner: notification?.id });
    }
  });

  it('answers 404 for a notification that does not exist', async () => {
    const result = await get(
      routeEvent(getNotificationOperation, { path: { id: 'ntf-01KJZZZZZZZZZZZZZZZZZZZZZZ' } }),
    );
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toEqual({ code: 'not_found', messages: ['notification not found'] });
  });

  it('answers 422 without order_id', async () => {
    const result = await list(listEvent({}));
    expect(result.statusCode).toBe(422);
    expect(bodyOf(result)).toEqual({ code: 'validation_failed', messages: ['query.order_id: is required'] });
  });
});
