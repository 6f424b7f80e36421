import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { testClock } from '../../functions/runtime/clock';
import {
  DEFAULT_LIST_SHARDS,
  LIST_INDEX,
  listPartition,
  listShard,
  TABLE_KEY,
  TRACE_ATTRIBUTE,
} from '../../functions/runtime/conventions';
import { UserRepository } from '../../functions/users/generated/repository';
import { CliError } from '../../lib/cli/errors';
import { runRepublish } from '../../lib/cli/republish';
import { specSchema } from '../../lib/contract/schema';
import { tableLayout } from '../../lib/contract/table-layout';
import { pageQuery, type RepublishTarget, republish, resumeSince } from '../../lib/ops/republish';
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
  // One shard each: the mocked answers are one list partition's pages.
  listShards: { user: 1, team: 1, role: 1 },
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
    created_at: `2026-11-2${n % 10}T00:00:00.000Z`,
  });

  it('pages through the list index oldest first and puts one upserted event per item, 10 per call', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: Array.from({ length: 15 }, (_, i) => item(i)),
        LastEvaluatedKey: { [TABLE_KEY]: 'usr-14' },
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
    expect(ddb).toHaveReceivedNthCommandWith(2, QueryCommand, {
      ExclusiveStartKey: { [TABLE_KEY]: 'usr-14' },
    });
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      IndexName: LIST_INDEX.name,
      ScanIndexForward: true,
      Limit: 15,
    });
  });

  it('filters on updated_at with --since', () => {
    const since = new Date('2026-11-22T14:00:00Z');
    expect(pageQuery(TARGET, 'user', { pageSize: 10, since })).toMatchObject({
      FilterExpression: '#updated >= :since',
      ExpressionAttributeValues: { ':list': 'user#0', ':since': '2026-11-22T14:00:00.000Z' },
    });
    expect(pageQuery(TARGET, 'user', { pageSize: 10 }).FilterExpression).toBeUndefined();
  });

  it("reads each item's kept trace (_trace) and puts it as the entry's TraceHeader, as the forwarder does", async () => {
    const trace = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
    expect(pageQuery(TARGET, 'user', { pageSize: 10 })).toMatchObject({
      ProjectionExpression: '#id, #version, #created, #trace',
      ExpressionAttributeNames: { '#trace': TRACE_ATTRIBUTE },
    });
    ddb.on(QueryCommand).resolves({
      Items: [
        { ...item(1), [TRACE_ATTRIBUTE]: trace },
        item(2),
        { ...item(3), [TRACE_ATTRIBUTE]: 'Root=<not a trace>' },
      ],
    });
    const events = mockClient(EventBridgeClient);
    try {
      events
        .on(PutEventsCommand)
        .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'a' }, { EventId: 'b' }, { EventId: 'c' }] });
      const summary = await republish(TARGET, {
        dynamodb: documents(),
        eventBridge: new EventBridgeClient({ region: 'local' }),
        sleep: noSleep,
      });
      expect(summary.published).toBe(3);
      expect(events).toHaveReceivedCommandTimes(PutEventsCommand, 1);
      const entries = events.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries ?? [];
      expect(entries.map((entry) => [JSON.parse(entry.Detail ?? '{}').id, entry.TraceHeader])).toEqual([
        ['usr-1', trace],
        ['usr-2', undefined],
        ['usr-3', undefined],
      ]);
      expect(entries[1]).not.toHaveProperty('TraceHeader');
    } finally {
      events.restore();
    }
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
      stage: 'put',
      resource: 'user',
      id: 'usr-2',
      code: 'AccessDeniedException',
      // A second before the refused item was created: every later item in id order is covered.
      resumeSince: '2026-11-21T23:59:59.000Z',
      notStarted: [],
    });
  });

  it('keeps what a PutEvents call threw, for the operator, and names the resources not started', async () => {
    ddb.on(QueryCommand).resolves({ Items: [item(1)] });
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const summary = await republish(
      { ...TARGET, resources: ['user', 'team', 'role'] },
      {
        dynamodb: documents(),
        eventBridge: {
          send: async () => {
            throw refused;
          },
        },
        sleep: noSleep,
        random: () => 0,
      },
    );
    expect(summary.published).toBe(0);
    expect(summary.failure).toMatchObject({
      stage: 'put',
      resource: 'user',
      id: 'usr-1',
      code: 'Error',
      error: refused,
      notStarted: ['team', 'role'],
    });
  });

  it('does not pin an earlier throw on an entry EventBridge then refused by code', async () => {
    ddb.on(QueryCommand).resolves({ Items: [item(1)] });
    let call = 0;
    const summary = await republish(TARGET, {
      dynamodb: documents(),
      eventBridge: {
        send: async () => {
          call += 1;
          if (call === 1) throw Object.assign(new Error('reset'), { code: 'ECONNRESET' });
          return { $metadata: {}, FailedEntryCount: 1, Entries: [{ ErrorCode: 'AccessDeniedException' }] };
        },
      },
      sleep: noSleep,
      random: () => 0,
    });
    expect(summary.failure).toMatchObject({ code: 'AccessDeniedException' });
    expect(summary.failure?.error).toBeUndefined();
  });

  it('keeps to the rate: waits before a page when the events so far would exceed it', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: Array.from({ length: 10 }, (_, i) => item(i)),
        LastEvaluatedKey: { [TABLE_KEY]: 'x' },
      })
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

  it('stops at a failed read and says how far it got, resuming after the last item published', async () => {
    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [item(1), item(2)], LastEvaluatedKey: { [TABLE_KEY]: 'usr-2' } })
      .rejectsOnce(denied);
    const summary = await republish(TARGET, {
      dynamodb: documents(),
      eventBridge: eventBridge().client,
      sleep: noSleep,
    });
    expect(summary.published).toBe(2);
    expect(summary.byResource.user).toEqual({ resource: 'user', scanned: 2, published: 2 });
    expect(summary.failure).toEqual({
      stage: 'read',
      resource: 'user',
      code: 'AccessDeniedException',
      error: denied,
      resumeSince: '2026-11-21T23:59:59.000Z',
      notStarted: [],
    });
  });

  it('resumes a read that failed before anything was published from where the run started', async () => {
    ddb.on(QueryCommand).rejects(new Error('boom'));
    const since = new Date('2026-11-01T00:00:00Z');
    const summary = await republish(
      TARGET,
      { dynamodb: documents(), eventBridge: eventBridge().client, sleep: noSleep },
      { since },
    );
    expect(summary.failure).toMatchObject({ stage: 'read', resumeSince: '2026-11-01T00:00:00.000Z' });
    const fromStart = await republish(TARGET, {
      dynamodb: documents(),
      eventBridge: eventBridge().client,
      sleep: noSleep,
    });
    expect(fromStart.failure).toMatchObject({ stage: 'read', code: 'Error' });
    expect(fromStart.failure?.resumeSince).toBeUndefined();
  });
});

describe('resumeSince', () => {
  const at = (createdAt: string | undefined) => ({ id: 'usr-1', version: 1, createdAt });

  it('is a second before the item was created, never before the run started', () => {
    expect(resumeSince(at('2026-11-22T14:00:00.000Z'), undefined)).toBe('2026-11-22T13:59:59.000Z');
    expect(resumeSince(at('2026-11-22T14:00:00.000Z'), new Date('2026-11-22T13:59:59.500Z'))).toBe(
      '2026-11-22T13:59:59.500Z',
    );
  });

  it('falls back to where the run started when the item has no usable created_at', () => {
    expect(resumeSince(at(undefined), undefined)).toBeUndefined();
    expect(resumeSince(at('not a time'), new Date('2026-11-01T00:00:00Z'))).toBe('2026-11-01T00:00:00.000Z');
    expect(resumeSince(undefined, undefined)).toBeUndefined();
  });
});

describe('dev republish (CLI function)', () => {
  const stored = (n: number) => ({ id: `usr-${n}`, version: 1, created_at: `2026-11-22T14:00:0${n}.000Z` });
  // Answers each list shard's query with the items whose ids hash to it (the users spec's shards).
  const pageOf = (...items: ReturnType<typeof stored>[]) => ({
    send: async (command: QueryCommand) => ({
      $metadata: {},
      Items: items.filter(
        (item) =>
          command.input.ExpressionAttributeValues?.[':list'] ===
          listPartition('user', listShard(item.id, DEFAULT_LIST_SHARDS)),
      ),
    }),
  });

  it('summarises, and exits 0 when everything was republished', async () => {
    const result = await runRepublish(
      { root: ROOT, service: 'users', table: 't', eventBus: 'b', pageSize: 10, rate: 100, env: {} },
      { dynamodb: pageOf(stored(1), stored(2)) as never, eventBridge: eventBridge().client },
    );
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(
      /^Republished 2 event\(s\) for users in 1 PutEvents call\(s\), \d+ ms\.\n {2}user: 2 published of 2 read$/,
    );
  });

  it('exits 1 when it stopped part way, with the reason and the resume command (where it ran included)', async () => {
    const refused = eventBridge((entries) =>
      entries.map((_, i) => (i === 1 ? { ErrorCode: 'AccessDeniedException' } : {})),
    );
    const result = await runRepublish(
      { root: ROOT, service: 'users', table: 't', eventBus: 'b', pageSize: 10, rate: 100, env: {} },
      { dynamodb: pageOf(stored(1), stored(2)) as never, eventBridge: refused.client },
    );
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('user: 1 published of 1 read');
    expect(result.stdout).toContain(
      'Stopped at user usr-2: EventBridge at https://events.<region>.amazonaws.com denied access (AccessDeniedException)',
    );
    expect(result.stdout).toContain(
      '  npx dev republish users --resource user --since 2026-11-22T14:00:01.000Z --table t --event-bus b',
    );
  });

  it('is an error saying what to do (exit 2) when the environment is wrong and nothing went out', async () => {
    const refused = eventBridge((entries) => entries.map(() => ({ ErrorCode: 'ResourceNotFoundException' })));
    await expect(
      runRepublish(
        { root: ROOT, service: 'users', table: 't', eventBus: 'nope', pageSize: 10, rate: 100, env: {} },
        { dynamodb: pageOf(stored(1)) as never, eventBridge: refused.client },
      ),
    ).rejects.toThrow(
      new CliError(
        'event bus "nope" does not exist at https://events.<region>.amazonaws.com: give the bus: --event-bus <name> (the EventBusName output of the events stack) or --stage <stage>',
      ),
    );
  });

  it('leaves a read failure it cannot explain to surface as the bug it is', async () => {
    const bug = new TypeError('Cannot read properties of undefined');
    await expect(
      runRepublish(
        { root: ROOT, service: 'users', table: 't', eventBus: 'b', pageSize: 10, rate: 100, env: {} },
        {
          dynamodb: {
            send: async () => {
              throw bug;
            },
          } as never,
          eventBridge: eventBridge().client,
        },
      ),
    ).rejects.toBe(bug);
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
  // The users spec's list shards (the default): items are spread, and republish merges them.
  const target: RepublishTarget = { ...TARGET, listShards: { user: DEFAULT_LIST_SHARDS } };
  let local: DynamoDbLocal;
  let raw: DynamoDBClient;
  const layout = tableLayout(
    specSchema.parse(JSON.parse(readFileSync(join(ROOT, 'api-specs', 'users.json'), 'utf8'))),
  );

  beforeAll(async () => {
    local = await startDynamoDbLocal();
    raw = localDynamoDbClient(local);
    await createServiceTable(raw, target.tableName, layout);
  });
  afterAll(async () => {
    raw?.destroy();
    await local?.stop();
  });

  it('re-emits every stored user once (guard items are not resources), and only recent ones with since', async () => {
    const documents = DynamoDBDocumentClient.from(raw);
    const clock = testClock('2026-11-01T00:00:00Z');
    const repository = new UserRepository({ client: documents, tableName: target.tableName, clock });
    const created = [];
    for (let i = 0; i < 23; i++) {
      clock.advance(60_000);
      created.push(
        await repository.create({ email: `u${i}@example.com`, name: { first: `U${i}` }, status: 'active' }),
      );
    }
    const bus = eventBridge();
    const all = await republish(
      target,
      { dynamodb: documents, eventBridge: bus.client, sleep: noSleep },
      { pageSize: 7 },
    );
    expect(all.published).toBe(23);
    const republished = bus.calls.flat().map((e) => JSON.parse(e.Detail ?? '{}'));
    expect(republished.map((d) => d.id)).toEqual(created.map((u) => u.id));
    expect(republished.map((d) => d.version)).toEqual(created.map(() => 1));

    const recent = eventBridge();
    const since = await republish(
      target,
      { dynamodb: documents, eventBridge: recent.client, sleep: noSleep },
      { since: new Date(created[20]?.updated_at ?? ''), pageSize: 7 },
    );
    expect(since.published).toBe(3);
    expect(recent.calls.flat().map((e) => JSON.parse(e.Detail ?? '{}').id)).toEqual(
      created.slice(20).map((u) => u.id),
    );
  });
  it("puts the trace each item's last write kept, read from the writer's environment", async () => {
    const table = 'users-trace';
    await createServiceTable(raw, table, layout);
    const documents = DynamoDBDocumentClient.from(raw);
    const repository = new UserRepository({ client: documents, tableName: table });
    const saved = process.env._X_AMZN_TRACE_ID;
    const savedW3c = process.env.TRACEPARENT;
    const trace = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
    let traced: { id: string };
    let untraced: { id: string };
    try {
      delete process.env.TRACEPARENT;
      process.env._X_AMZN_TRACE_ID = `${trace};Lineage=a87bd80c:1`;
      traced = await repository.create({ email: 't@example.com', name: { first: 'T' }, status: 'active' });
      delete process.env._X_AMZN_TRACE_ID;
      untraced = await repository.create({ email: 'u@example.com', name: { first: 'U' }, status: 'active' });
    } finally {
      if (saved === undefined) delete process.env._X_AMZN_TRACE_ID;
      else process.env._X_AMZN_TRACE_ID = saved;
      if (savedW3c !== undefined) process.env.TRACEPARENT = savedW3c;
    }
    const bus = eventBridge();
    await republish(
      { ...target, tableName: table },
      { dynamodb: documents, eventBridge: bus.client, sleep: noSleep },
    );
    const headers = new Map(bus.calls.flat().map((e) => [JSON.parse(e.Detail ?? '{}').id, e.TraceHeader]));
    expect(headers).toEqual(
      new Map([
        [traced.id, trace],
        [untraced.id, undefined],
      ]),
    );
  });

  it('resumes from where it stopped without missing items created after one that changed later', async () => {
    const table = 'users-resume';
    await createServiceTable(raw, table, layout);
    const documents = DynamoDBDocumentClient.from(raw);
    const clock = testClock('2026-11-01T00:00:00Z');
    const repository = new UserRepository({ client: documents, tableName: table, clock });
    const users = [];
    for (let i = 0; i < 3; i++) {
      clock.advance(60_000);
      users.push(
        await repository.create({ email: `r${i}@example.com`, name: { first: `R${i}` }, status: 'active' }),
      );
    }
    // The first user changes after the others were created: its updated_at is the newest.
    clock.advance(60_000);
    const first = users[0];
    if (!first) throw new Error('no user');
    await repository.replace(first.id, { email: first.email, name: { first: 'Changed' }, status: 'active' });

    const refuseFirst = eventBridge((entries) =>
      entries.map((e) =>
        JSON.parse(e.Detail ?? '{}').id === first.id ? { ErrorCode: 'InternalFailure' } : {},
      ),
    );
    const stopped = await republish(
      { ...target, tableName: table },
      { dynamodb: documents, eventBridge: refuseFirst.client, sleep: noSleep, random: () => 0 },
    );
    expect(stopped.failure).toMatchObject({ stage: 'put', id: first.id });

    const resumed = eventBridge();
    await republish(
      { ...target, tableName: table },
      { dynamodb: documents, eventBridge: resumed.client, sleep: noSleep },
      { since: new Date(stopped.failure?.resumeSince ?? '') },
    );
    expect(resumed.calls.flat().map((e) => JSON.parse(e.Detail ?? '{}').id)).toEqual(users.map((u) => u.id));
  });
});
