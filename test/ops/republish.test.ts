import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { PutEventsCommand, PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { testClock } from '../../functions/runtime/clock';
import { UserRepository } from '../../functions/users/generated/repository';
import { runRepublish } from '../../lib/cli/republish';
import { pageQuery, type RepublishTarget, republish } from '../../lib/ops/republish';
import { specSchema } from '../../lib/spec/schema';
import { tableLayout } from '../../lib/spec/table-layout';
import {
  createServiceTable,
  type DynamoDbLocal,
  localDynamoDbClient,
  startDynamoDbLocal,
} from '../support/dynamodb-local';

const TARGET: RepublishTarget = {
  service: 'users',
  resources: ['user'],
  tableName: 'users-table',
  eventBusName: 'bus',
};
const ROOT = join(__dirname, '..', '..');

/** A fake EventBridge that accepts everything unless told otherwise, recording each call's entries. */
function eventBridge(
  answer: (entries: PutEventsRequestEntry[], call: number) => Array<{ ErrorCode?: string }> = (e) =>
    e.map(() => ({})),
) {
  const calls: PutEventsRequestEntry[][] = [];
  const client = {
    async send(command: PutEventsCommand) {
      const entries = command.input.Entries ?? [];
      calls.push(entries);
      const results = answer(entries, calls.length).map((r, i) =>
        r.ErrorCode ? { ErrorCode: r.ErrorCode } : { EventId: `e-${calls.length}-${i}` },
      );
      return {
        $metadata: {},
        FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length,
        Entries: results,
      };
    },
  };
  return { client, calls };
}

const noSleep = async () => {};

describe('republish (unit, mocked DynamoDB)', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  const documents = () => DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'local' }));
  afterEach(() => ddb.reset());
  afterAll(() => ddb.restore());

  const item = (n: number) => ({
    id: `usr-${n}`,
    version: n,
    updated_at: `2026-11-2${n % 10}T00:00:00.000Z`,
  });

  it('pages through the list index oldest first and puts one upserted event per item, 10 per call', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: Array.from({ length: 15 }, (_, i) => item(i)),
        LastEvaluatedKey: { pk: 'usr-14' },
      })
      .resolvesOnce({ Items: [item(15)] });
    const bus = eventBridge();
    const progress: number[] = [];
    const summary = await republish(
      TARGET,
      {
        dynamodb: documents(),
        eventBridge: bus.client,
        sleep: noSleep,
        newEventId: () => 'republish-x',
      },
      { pageSize: 15, onProgress: (p) => progress.push(p.published) },
    );
    expect(summary).toMatchObject({
      published: 16,
      putEventsCalls: 3,
      byResource: { user: { published: 16, scanned: 16 } },
    });
    expect(summary.failure).toBeUndefined();
    expect(progress).toEqual([15, 16]);
    expect(bus.calls.map((c) => c.length)).toEqual([10, 5, 1]);
    const first = bus.calls[0]?.[0];
    expect(first).toMatchObject({
      EventBusName: 'bus',
      Source: 'tributary.users',
      DetailType: 'user.upserted',
    });
    expect(Object.keys(JSON.parse(first?.Detail ?? '{}')).sort()).toEqual([
      'event_id',
      'id',
      'occurred_at',
      'version',
    ]);
    expect(ddb).toHaveReceivedNthCommandWith(2, QueryCommand, { ExclusiveStartKey: { pk: 'usr-14' } });
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      IndexName: 'by_type',
      ScanIndexForward: true,
      Limit: 15,
    });
  });

  it('filters on updated_at with --since', () => {
    const since = new Date('2026-11-22T14:00:00Z');
    expect(pageQuery(TARGET, 'user', { pageSize: 10, since })).toMatchObject({
      FilterExpression: '#updated >= :since',
      ExpressionAttributeValues: { ':type': 'user', ':since': '2026-11-22T14:00:00.000Z' },
    });
    expect(pageQuery(TARGET, 'user', { pageSize: 10 }).FilterExpression).toBeUndefined();
  });

  it('gives each event a fresh event id, so subscribers do not take it for a duplicate', async () => {
    ddb.on(QueryCommand).resolves({ Items: [item(1), item(2)] });
    const bus = eventBridge();
    await republish(TARGET, {
      dynamodb: documents(),
      eventBridge: bus.client,
      sleep: noSleep,
    });
    const ids = bus.calls.flat().map((e) => JSON.parse(e.Detail ?? '{}').event_id);
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) expect(id).toMatch(/^republish-[0-9a-f-]{36}$/);
  });

  it('retries throttled entries, and stops at the first event EventBridge refuses, saying where to resume', async () => {
    ddb.on(QueryCommand).resolves({ Items: [item(1), item(2), item(3)] });
    const bus = eventBridge((entries, call) =>
      entries.map((_, i) =>
        call === 1 && i === 0
          ? { ErrorCode: 'ThrottlingException' }
          : i === 1
            ? { ErrorCode: 'AccessDeniedException' }
            : {},
      ),
    );
    const summary = await republish(TARGET, {
      dynamodb: documents(),
      eventBridge: bus.client,
      sleep: noSleep,
      random: () => 0,
    });
    expect(summary.published).toBe(1);
    expect(summary.failure).toEqual({
      resource: 'user',
      id: 'usr-2',
      code: 'AccessDeniedException',
      updatedAt: '2026-11-22T00:00:00.000Z',
    });
  });

  it('keeps to the rate: waits before a page when the events so far would exceed it', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: Array.from({ length: 10 }, (_, i) => item(i)), LastEvaluatedKey: { pk: 'x' } })
      .resolvesOnce({ Items: [item(10)] });
    const clock = testClock('2026-11-22T14:00:00Z');
    const waits: number[] = [];
    await republish(
      TARGET,
      {
        dynamodb: documents(),
        eventBridge: eventBridge().client,
        clock,
        sleep: async (ms) => {
          waits.push(ms);
          clock.advance(ms);
        },
      },
      { pageSize: 10, maxEventsPerSecond: 5 },
    );
    expect(waits).toEqual([2000]);
  });

  it('propagates a failed DynamoDB call', async () => {
    ddb.on(QueryCommand).rejects(new Error('AccessDenied'));
    await expect(
      republish(TARGET, {
        dynamodb: documents(),
        eventBridge: eventBridge().client,
      }),
    ).rejects.toThrow('AccessDenied');
  });
});

describe('dev republish (CLI function)', () => {
  it('summarises, and exits 1 with the resume command when it stopped', async () => {
    const dynamodb = {
      send: async () => ({
        $metadata: {},
        Items: [{ id: 'usr-1', version: 1, updated_at: '2026-11-22T14:00:00.000Z' }],
      }),
    };
    const refused = eventBridge((entries) => entries.map(() => ({ ErrorCode: 'AccessDeniedException' })));
    const result = await runRepublish(
      { root: ROOT, service: 'users', table: 't', eventBus: 'b', pageSize: 10, rate: 100, env: {} },
      { dynamodb: dynamodb as never, eventBridge: refused.client },
    );
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(
      'npx dev republish users --resource user --since 2026-11-22T14:00:00.000Z',
    );
  });

  it.each([
    [{ service: 'nope' }, 'no service "nope"'],
    [{ service: 'users', resource: 'order' }, '"order" is not a stored resource of users'],
    [{ service: 'users', table: undefined }, 'give the table'],
    [{ service: 'users', since: 'yesterday' }, '--since "yesterday" is not an ISO 8601 time'],
  ])('refuses %j', async (given, message) => {
    await expect(
      runRepublish(
        { root: ROOT, table: 't', eventBus: 'b', pageSize: 10, rate: 100, env: {}, ...given } as never,
        { dynamodb: { send: async () => ({}) } as never, eventBridge: eventBridge().client },
      ),
    ).rejects.toThrow(message);
  });
});

describe('republish (DynamoDB Local)', () => {
  let local: DynamoDbLocal;
  let raw: DynamoDBClient;
  const layout = tableLayout(
    specSchema.parse(JSON.parse(readFileSync(join(ROOT, 'api-specs', 'users.json'), 'utf8'))),
  );

  beforeAll(async () => {
    local = await startDynamoDbLocal();
    raw = localDynamoDbClient(local);
    await createServiceTable(raw, TARGET.tableName, layout);
  });
  afterAll(async () => {
    raw?.destroy();
    await local?.stop();
  });

  it('re-emits every stored user once (guard items are not resources), and only recent ones with since', async () => {
    const documents = DynamoDBDocumentClient.from(raw);
    const clock = testClock('2026-11-01T00:00:00Z');
    const repository = new UserRepository({ client: documents, tableName: TARGET.tableName, clock });
    const created = [];
    for (let i = 0; i < 23; i++) {
      clock.advance(60_000);
      created.push(
        await repository.create({ email: `u${i}@example.com`, name: { first: `U${i}` }, status: 'active' }),
      );
    }
    const bus = eventBridge();
    const all = await republish(
      TARGET,
      { dynamodb: documents, eventBridge: bus.client, sleep: noSleep },
      { pageSize: 7 },
    );
    expect(all.published).toBe(23);
    const republished = bus.calls.flat().map((e) => JSON.parse(e.Detail ?? '{}'));
    expect(republished.map((d) => d.id)).toEqual(created.map((u) => u.id));
    expect(republished.map((d) => d.version)).toEqual(created.map(() => 1));

    const recent = eventBridge();
    const since = await republish(
      TARGET,
      { dynamodb: documents, eventBridge: recent.client, sleep: noSleep },
      { since: new Date(created[20]?.updated_at ?? ''), pageSize: 7 },
    );
    expect(since.published).toBe(3);
    expect(recent.calls.flat().map((e) => JSON.parse(e.Detail ?? '{}').id)).toEqual(
      created.slice(20).map((u) => u.id),
    );
  });
});
