/**
 * The notifications service's (a reference service's) subscriber, through its generated wiring
 * (`makeSubscriber(deps, dedupe)`), against DynamoDB Local (one JVM for this file), on a table
 * created from the notifications spec's layout, with the real repository and dedupe store and the
 * owners' APIs on a fake network (their generated clients in `deps.clients`): the same `order.upserted` delivered twice plus one about the next version
 * make exactly two notifications, each with the guard item of its (order_id, order_version) in the
 * unique index; the dedupe records are in the table with their TTL, and the stream forwarder skips
 * the stream records of guards and dedupe records (their `_type` is `_guard` / `_dedupe`), so they
 * never become events.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import {
  makeSubscriber,
  SUBSCRIBER_NAME,
} from '../../../../functions/notifications/generated/lambdas/on-orders-order';
import { createNotificationsDeps } from '../../../../functions/notifications/generated/service';
import { EVENT_SOURCE, ORDER_UPSERTED } from '../../../../functions/orders/generated/events';
import { testClock } from '../../../../functions/runtime/clock';
import {
  DEDUPE_TYPE,
  dedupeKey,
  GUARD_TYPE,
  guardKey,
  TABLE_KEY,
  TTL_ATTRIBUTE,
  TYPE_ATTRIBUTE,
} from '../../../../functions/runtime/conventions';
import { forwarderConfig } from '../../../../functions/runtime/forwarder/config';
import { mapRecord } from '../../../../functions/runtime/forwarder/map-record';
import { DEFAULT_DEDUPE_TTL_SECONDS, DynamoDbDedupe } from '../../../../functions/runtime/subscriber';
import { MemoryLogger } from '../../../../functions/runtime/testing/memory-logger';
import { specSchema } from '../../../../lib/contract/schema';
import { tableLayout } from '../../../../lib/contract/table-layout';
import {
  createServiceTable,
  type DynamoDbLocal,
  localDynamoDbClient,
  startDynamoDbLocal,
} from '../../../support/dynamodb-local';
import { asLambdaRecord, StreamReader } from '../../../support/dynamodb-stream';
import { eventBridgeEvent } from '../../runtime/subscriber/support';
import { FakeNetwork, ORDER_ID, ORDER_PATH, order, USER, USER_PATH } from './support';

const LAYOUT = tableLayout(
  specSchema.parse(
    JSON.parse(readFileSync(join(__dirname, '../../../../api-specs/notifications.json'), 'utf8')),
  ),
);
const NOW = '2026-05-01T12:00:00.000Z';
const NOW_SECONDS = Date.parse(NOW) / 1000;

let local: DynamoDbLocal;
let raw: DynamoDBClient;
let doc: DynamoDBDocumentClient;

beforeAll(async () => {
  local = await startDynamoDbLocal();
  raw = localDynamoDbClient(local);
  doc = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
}, 120_000);

afterAll(async () => {
  doc?.destroy();
  raw?.destroy();
  await local?.stop();
});

it('notifications (reference service): delivering the same order.upserted twice and the next version once makes exactly two notifications', async () => {
  const tableName = 'notifications-subscriber';
  const table = await createServiceTable(raw, tableName, LAYOUT);
  const stream = new StreamReader(local.clientConfig, table.LatestStreamArn ?? '');
  try {
    const clock = testClock(NOW);
    const network = new FakeNetwork()
      .answer(
        ORDER_PATH,
        { status: 200, body: order(1) },
        { status: 200, body: order(2, { status: 'confirmed' }) },
      )
      .answer(USER_PATH, { status: 200, body: USER });
    const deps = createNotificationsDeps({
      client: doc,
      tableName,
      clock,
      logger: new MemoryLogger(),
      clients: network.clients(),
    });
    const repository = deps.repositories.notification;
    const handler = makeSubscriber(
      deps,
      new DynamoDbDedupe({ client: doc, tableName, subscriber: SUBSCRIBER_NAME, clock }),
    );
    const upserted = (eventId: string, version: number) =>
      eventBridgeEvent(EVENT_SOURCE, ORDER_UPSERTED, { id: ORDER_ID, event_id: eventId, version });

    await handler(upserted('ev-1', 1));
    await handler(upserted('ev-1', 1)); // redelivered: skipped by its dedupe record
    clock.advance(1_000);
    await handler(upserted('ev-2', 2));

    // Two notifications, one per order version.
    const { items } = await repository.findAllByOrderId(ORDER_ID);
    expect(items.map((n) => [n.order_version, n.recipient_email])).toEqual([
      [2, USER.email],
      [1, USER.email],
    ]);
    // The owners were asked once per handled event.
    expect(network.requests).toEqual([
      `GET ${ORDER_PATH}`,
      `GET ${USER_PATH}`,
      `GET ${ORDER_PATH}`,
      `GET ${USER_PATH}`,
    ]);

    // The dedupe records, with the TTL attribute DynamoDB expires them by.
    for (const [eventId, handledAt] of [
      ['ev-1', NOW_SECONDS],
      ['ev-2', NOW_SECONDS + 1],
    ] as const) {
      const { Item } = await doc.send(
        new GetCommand({ TableName: tableName, Key: { [TABLE_KEY]: dedupeKey('orders-order', eventId) } }),
      );
      expect(Item).toEqual({
        [TABLE_KEY]: dedupeKey('orders-order', eventId),
        [TYPE_ATTRIBUTE]: DEDUPE_TYPE,
        subscriber: 'orders-order',
        event_id: eventId,
        handled_at: new Date(handledAt * 1000).toISOString(),
        [TTL_ATTRIBUTE]: handledAt + DEFAULT_DEDUPE_TTL_SECONDS,
      });
    }
    // The guard item of each notification's (order_id, order_version), owned by it.
    for (const notification of items) {
      const { Item } = await doc.send(
        new GetCommand({
          TableName: tableName,
          Key: {
            [TABLE_KEY]: guardKey(
              'ix_notification__order_id__order_version',
              `${ORDER_ID}#${notification.order_version}`,
            ),
          },
        }),
      );
      expect(Item).toEqual({
        [TABLE_KEY]: guardKey(
          'ix_notification__order_id__order_version',
          `${ORDER_ID}#${notification.order_version}`,
        ),
        [TYPE_ATTRIBUTE]: GUARD_TYPE,
        owner: notification.id,
      });
    }
    const scan = await doc.send(new ScanCommand({ TableName: tableName }));
    expect((scan.Items ?? []).map((item) => item._type).sort()).toEqual([
      DEDUPE_TYPE,
      DEDUPE_TYPE,
      GUARD_TYPE,
      GUARD_TYPE,
      'notification',
      'notification',
    ]);

    // The stream holds a record per item written; the forwarder publishes the notifications' only.
    // (A notification and its guard are written in one transaction: their records' order is not
    // specified, hence the sort.)
    const config = forwarderConfig({
      service: 'notifications',
      eventBusName: 'bus',
      resourceTypes: LAYOUT.resources.map((r) => r.resource),
    });
    const mapped = (await stream.drain()).map((record, index) =>
      mapRecord(asLambdaRecord(record), index, config, clock),
    );
    expect(mapped).toHaveLength(6);
    const skipped = mapped.flatMap((m) => (m.kind === 'skipped' ? [[m.eventName, m.reason, m.type]] : []));
    expect(skipped.sort()).toEqual([
      ['INSERT', 'not_a_resource', DEDUPE_TYPE],
      ['INSERT', 'not_a_resource', DEDUPE_TYPE],
      ['INSERT', 'not_a_resource', GUARD_TYPE],
      ['INSERT', 'not_a_resource', GUARD_TYPE],
    ]);
    const published = mapped.flatMap((m) => (m.kind === 'event' ? [m] : []));
    expect(published.map((m) => [m.entry.Source, m.entry.DetailType, m.detail.version])).toEqual([
      ['tributary.notifications', 'notification.upserted', 1],
      ['tributary.notifications', 'notification.upserted', 1],
    ]);
    expect(new Set(published.map((m) => m.detail.id))).toEqual(new Set(items.map((n) => n.id)));
  } finally {
    stream.destroy();
  }
});

it('notifications (reference service): a dedupe record expired but not yet removed by TTL no longer counts; the put overwrites it', async () => {
  const tableName = 'notifications-dedupe-expiry';
  await createServiceTable(raw, tableName, LAYOUT);
  const clock = testClock(NOW);
  const dedupe = new DynamoDbDedupe({
    client: doc,
    tableName,
    subscriber: 'orders-order',
    clock,
    ttlSeconds: 60,
  });

  expect(await dedupe.isHandled('ev-1')).toBe(false);
  expect(await dedupe.markHandled('ev-1')).toBe('marked');
  expect(await dedupe.isHandled('ev-1')).toBe(true);
  expect(await dedupe.markHandled('ev-1')).toBe('already_marked');

  clock.advance(60_000);
  expect(await dedupe.isHandled('ev-1')).toBe(false);
  expect(await dedupe.markHandled('ev-1')).toBe('marked');
  const { Item } = await doc.send(
    new GetCommand({ TableName: tableName, Key: { [TABLE_KEY]: dedupeKey('orders-order', 'ev-1') } }),
  );
  expect(Item?.[TTL_ATTRIBUTE]).toBe(NOW_SECONDS + 120);
});
