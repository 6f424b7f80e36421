/**
 * The stream pollers against DynamoDB Local's real streams, with a fake function that records the
 * batches it gets: Lambda's event shape, batching, partial batch responses, retries, bisection,
 * record age, parking, starting positions and checkpoints.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { type DynamoDbLocal, localDynamoDbClient, startDynamoDbLocal } from '../../src/dynamodb';
import { createLocalTables } from '../../src/dynamodb/tables';
import type {
  InvokeResult,
  LambdaInvoker,
  LocalEventSourceMapping,
  LocalTable,
  ParkedMessage,
  ParkingLot,
} from '../../src/model';
import {
  DEFAULT_ON_FAILURE_QUEUE,
  FileCheckpointStore,
  type OnFailureRecord,
  type StreamBatchReport,
  StreamPoller,
  type StreamPollerOptions,
  StreamPollers,
} from '../../src/streams';

let local: DynamoDbLocal;
let client: DynamoDBClient;
let streams: DynamoDBStreamsClient;
const pollers: StreamPoller[] = [];

beforeAll(async () => {
  local = await startDynamoDbLocal();
  client = localDynamoDbClient(local);
  streams = new DynamoDBStreamsClient(local.clientConfig);
}, 120_000);

afterEach(async () => {
  await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
});

afterAll(async () => {
  client?.destroy();
  streams?.destroy();
  await local?.stop();
});

let tables = 0;

async function table(streamViewType = 'NEW_AND_OLD_IMAGES'): Promise<LocalTable> {
  tables++;
  const localTable: LocalTable = {
    id: `Stack/Table${tables}`,
    stack: 'Stack',
    logicalId: `Table${tables}`,
    tableName: `stream-test-${tables}`,
    keySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    attributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    globalSecondaryIndexes: [],
    streamViewType,
  };
  await createLocalTables(client, [localTable]);
  return localTable;
}

function mapping(tableId: string, settings: Partial<LocalEventSourceMapping> = {}): LocalEventSourceMapping {
  return {
    id: `Stack/Mapping-${tableId}`,
    functionId: 'Stack/Forwarder',
    tableId,
    batchSize: 100,
    startingPosition: 'TRIM_HORIZON',
    bisectBatchOnFunctionError: false,
    maximumRetryAttempts: -1,
    maximumRecordAgeInSeconds: -1,
    reportBatchItemFailures: false,
    maximumBatchingWindowInSeconds: 0,
    ...settings,
  };
}

class MemoryParkingLot implements ParkingLot {
  readonly messages: ParkedMessage[] = [];
  park(message: ParkedMessage): void {
    this.messages.push(message);
  }
  list(queueId?: string): readonly ParkedMessage[] {
    return this.messages.filter((message) => queueId === undefined || message.queueId === queueId);
  }
}

type Behaviour = (records: DynamoDBRecord[], call: number) => unknown;

/** A function that records each batch (as the pks of its records) and answers as `behaviour` says. */
class FakeFunction implements LambdaInvoker {
  readonly events: DynamoDBStreamEvent[] = [];
  behaviour: Behaviour = () => null;

  get batches(): string[][] {
    return this.events.map((event) => event.Records.map(pk));
  }

  async invoke(_functionId: string, event: unknown): Promise<InvokeResult> {
    const streamEvent = event as DynamoDBStreamEvent;
    this.events.push(streamEvent);
    await new Promise((resolve) => setTimeout(resolve, 1));
    try {
      const value = this.behaviour(streamEvent.Records, this.events.length);
      return { ok: true, value, durationMs: 1, coldStart: false };
    } catch (error) {
      return {
        ok: false,
        error: { errorType: 'Error', errorMessage: (error as Error).message },
        durationMs: 1,
        coldStart: false,
        timedOut: false,
      };
    }
  }
}

function pk(record: DynamoDBRecord): string {
  return record.dynamodb?.Keys?.pk?.S ?? '?';
}

function sequenceOf(records: DynamoDBRecord[], key: string): string {
  const sequence = records.find((record) => pk(record) === key)?.dynamodb?.SequenceNumber;
  if (sequence === undefined) throw new Error(`no record ${key}`);
  return sequence;
}

async function put(tableName: string, ...keys: string[]): Promise<void> {
  for (const key of keys) {
    await client.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: key }, n: { N: '1' } } }));
  }
}

interface Setup {
  readonly poller: StreamPoller;
  readonly fn: FakeFunction;
  readonly lot: MemoryParkingLot;
}

async function startPoller(
  localTable: LocalTable,
  settings: Partial<LocalEventSourceMapping> = {},
  options: Partial<StreamPollerOptions> = {},
): Promise<Setup> {
  const fn = new FakeFunction();
  const lot = new MemoryParkingLot();
  const poller = new StreamPoller({
    mapping: mapping(localTable.id, settings),
    tableName: localTable.tableName,
    dynamodb: client,
    streams,
    invoker: fn,
    parkingLot: lot,
    pollIntervalMs: 50,
    discoveryIntervalMs: 200,
    retryBackoffMs: { initial: 5, max: 20 },
    ...options,
  });
  pollers.push(poller);
  await poller.start();
  return { poller, fn, lot };
}

it('delivers INSERT, MODIFY and REMOVE in order, shaped as Lambda does', async () => {
  const localTable = await table();
  const { poller, fn } = await startPoller(localTable);
  const before = Math.floor(Date.now() / 1000);
  await client.send(
    new PutItemCommand({
      TableName: localTable.tableName,
      Item: { pk: { S: 'a' }, name: { S: 'Ada' }, data: { B: new Uint8Array([1, 2, 255]) } },
    }),
  );
  await client.send(
    new UpdateItemCommand({
      TableName: localTable.tableName,
      Key: { pk: { S: 'a' } },
      UpdateExpression: 'SET #n = :n',
      ExpressionAttributeNames: { '#n': 'name' },
      ExpressionAttributeValues: { ':n': { S: 'Grace' } },
    }),
  );
  await client.send(new DeleteItemCommand({ TableName: localTable.tableName, Key: { pk: { S: 'a' } } }));
  await poller.idle(10_000);

  const records = fn.events.flatMap((event) => event.Records);
  expect(records.map((record) => record.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
  const sequences = records.map((record) => BigInt(record.dynamodb?.SequenceNumber ?? '0'));
  expect([...sequences].sort((x, y) => (x < y ? -1 : 1))).toEqual(sequences);
  const streamArn = records[0]?.eventSourceARN;
  expect(streamArn).toMatch(/^arn:aws:dynamodb:[^:]+:\d+:table\/stream-test-\d+\/stream\//);

  const [insert, modify, remove] = records;
  expect(Object.keys(insert ?? {})).toEqual([
    'eventID',
    'eventName',
    'eventVersion',
    'eventSource',
    'awsRegion',
    'dynamodb',
    'eventSourceARN',
  ]);
  expect(insert).toEqual({
    eventID: expect.any(String),
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'ddblocal',
    dynamodb: {
      ApproximateCreationDateTime: expect.any(Number),
      Keys: { pk: { S: 'a' } },
      NewImage: {
        pk: { S: 'a' },
        name: { S: 'Ada' },
        data: { B: Buffer.from([1, 2, 255]).toString('base64') },
      },
      SequenceNumber: expect.stringMatching(/^\d+$/),
      SizeBytes: expect.any(Number),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN: streamArn,
  });
  const created = insert?.dynamodb?.ApproximateCreationDateTime ?? 0;
  expect(created).toBeGreaterThanOrEqual(before - 1);
  expect(created).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  expect(modify?.dynamodb?.OldImage?.name).toEqual({ S: 'Ada' });
  expect(modify?.dynamodb?.NewImage?.name).toEqual({ S: 'Grace' });
  expect(remove?.dynamodb?.NewImage).toBeUndefined();
  expect(remove?.dynamodb?.OldImage?.name).toEqual({ S: 'Grace' });
  expect(new Set(records.map((record) => record.eventID)).size).toBe(3);
  expect(poller.stats).toMatchObject({ records: 3, retries: 0, parked: 0, shards: 1 });
});

it.each([
  ['KEYS_ONLY', { insert: [], modify: [], remove: [] }],
  ['NEW_IMAGE', { insert: ['NewImage'], modify: ['NewImage'], remove: [] }],
  ['OLD_IMAGE', { insert: [], modify: ['OldImage'], remove: ['OldImage'] }],
  ['NEW_AND_OLD_IMAGES', { insert: ['NewImage'], modify: ['NewImage', 'OldImage'], remove: ['OldImage'] }],
])('has the images the view type %s says', async (viewType, images) => {
  const localTable = await table(viewType);
  const { poller, fn } = await startPoller(localTable);
  await put(localTable.tableName, 'a');
  await client.send(
    new PutItemCommand({ TableName: localTable.tableName, Item: { pk: { S: 'a' }, n: { N: '2' } } }),
  );
  await client.send(new DeleteItemCommand({ TableName: localTable.tableName, Key: { pk: { S: 'a' } } }));
  await poller.idle(10_000);
  const records = fn.events.flatMap((event) => event.Records);
  const imagesOf = (record: DynamoDBRecord | undefined) =>
    ['NewImage', 'OldImage'].filter((name) => name in (record?.dynamodb ?? {}));
  expect(records.map((record) => record.dynamodb?.StreamViewType)).toEqual([viewType, viewType, viewType]);
  expect(records.map(imagesOf)).toEqual([images.insert, images.modify, images.remove]);
  expect(records.map((record) => record.dynamodb?.Keys)).toEqual(Array(3).fill({ pk: { S: 'a' } }));
});

it('respects the batch size, in order', async () => {
  const localTable = await table();
  await put(localTable.tableName, ...'abcdefghij');
  const { poller, fn } = await startPoller(localTable, { batchSize: 3 });
  await poller.idle(10_000);
  expect(fn.batches).toEqual([['a', 'b', 'c'], ['d', 'e', 'f'], ['g', 'h', 'i'], ['j']]);
  expect(poller.stats).toMatchObject({ batches: 4, records: 10 });
});

it('waits up to the batching window for a batch to fill', async () => {
  const localTable = await table();
  const { poller, fn } = await startPoller(localTable, { batchSize: 10, maximumBatchingWindowInSeconds: 1 });
  const started = performance.now();
  await put(localTable.tableName, 'a');
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(fn.events).toEqual([]);
  await put(localTable.tableName, 'b');
  await poller.idle(10_000);
  expect(fn.batches).toEqual([['a', 'b']]);
  expect(performance.now() - started).toBeGreaterThanOrEqual(1_000);
});

describe('partial batch responses (reportBatchItemFailures)', () => {
  it('retries from the lowest failed sequence number; the records before it are not delivered again', async () => {
    const localTable = await table();
    await put(localTable.tableName, 'a', 'b', 'c', 'd', 'e');
    const { poller, fn } = await startPoller(localTable, { reportBatchItemFailures: true });
    fn.behaviour = (records, call) =>
      call === 1
        ? {
            batchItemFailures: [
              { itemIdentifier: sequenceOf(records, 'd') },
              { itemIdentifier: sequenceOf(records, 'c') },
            ],
          }
        : { batchItemFailures: [] };
    await poller.idle(10_000);
    expect(fn.batches).toEqual([
      ['a', 'b', 'c', 'd', 'e'],
      ['c', 'd', 'e'],
    ]);
    expect(poller.stats).toMatchObject({ batches: 2, records: 5, retries: 1, parked: 0 });
  });

  it('retries the whole batch when the answer names no record of the batch', async () => {
    const localTable = await table();
    await put(localTable.tableName, 'a', 'b');
    const { poller, fn } = await startPoller(localTable, { reportBatchItemFailures: true });
    fn.behaviour = (_, call) => (call === 1 ? { batchItemFailures: [{ itemIdentifier: '42' }] } : undefined);
    await poller.idle(10_000);
    expect(fn.batches).toEqual([
      ['a', 'b'],
      ['a', 'b'],
    ]);
  });

  it('ignores batchItemFailures when the mapping does not report them', async () => {
    const localTable = await table();
    await put(localTable.tableName, 'a', 'b');
    const { poller, fn } = await startPoller(localTable, { reportBatchItemFailures: false });
    fn.behaviour = (records) => ({ batchItemFailures: [{ itemIdentifier: sequenceOf(records, 'a') }] });
    await poller.idle(10_000);
    expect(fn.batches).toEqual([['a', 'b']]);
  });

  it('parks the failed rest when the retries run out', async () => {
    const localTable = await table();
    await put(localTable.tableName, 'a', 'b', 'c');
    const { poller, fn, lot } = await startPoller(localTable, {
      reportBatchItemFailures: true,
      maximumRetryAttempts: 1,
    });
    fn.behaviour = (records) => ({ batchItemFailures: [{ itemIdentifier: sequenceOf(records, 'b') }] });
    await poller.idle(10_000);
    expect(fn.batches).toEqual([
      ['a', 'b', 'c'],
      ['b', 'c'],
    ]);
    const parked = lot.list(DEFAULT_ON_FAILURE_QUEUE);
    expect(parked).toHaveLength(1);
    const body = parked[0]?.body as OnFailureRecord;
    expect(body.DDBStreamBatchInfo).toMatchObject({
      startSequenceNumber: sequenceOf(fn.events[0]?.Records ?? [], 'b'),
      endSequenceNumber: sequenceOf(fn.events[0]?.Records ?? [], 'c'),
      batchSize: 2,
    });
    expect(body.responseContext).toEqual({ statusCode: 200, executedVersion: '$LATEST' });
  });
});

describe('function errors', () => {
  it('bisects a failing batch, retries the failing half, parks the poison record and moves on', async () => {
    const localTable = await table();
    await put(localTable.tableName, 'a', 'b', 'c', 'd');
    const { poller, fn, lot } = await startPoller(localTable, {
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 1,
      onFailureQueueId: 'Stack/OnFailureQueue',
    });
    fn.behaviour = (records) => {
      if (records.some((record) => pk(record) === 'c')) throw new Error('poison');
    };
    await poller.idle(10_000);
    expect(fn.batches).toEqual([['a', 'b', 'c', 'd'], ['a', 'b'], ['c', 'd'], ['c'], ['c'], ['d']]);
    const seqC = sequenceOf(fn.events[0]?.Records ?? [], 'c');
    expect(lot.list()).toEqual([
      {
        id: expect.any(String),
        queueId: 'Stack/OnFailureQueue',
        at: expect.any(String),
        reason: expect.stringMatching(/^RetryAttemptsExhausted: record \d+ of shard .* Error: poison$/),
        body: {
          requestContext: {
            requestId: expect.any(String),
            functionArn: expect.stringContaining('Stack/Forwarder'),
            condition: 'RetryAttemptsExhausted',
            approximateInvokeCount: 4,
          },
          responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
          version: '1.0',
          timestamp: expect.any(String),
          DDBStreamBatchInfo: {
            shardId: expect.stringMatching(/^shardId-/),
            startSequenceNumber: seqC,
            endSequenceNumber: seqC,
            approximateArrivalOfFirstRecord: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
            approximateArrivalOfLastRecord: expect.stringMatching(/Z$/),
            batchSize: 1,
            streamArn: fn.events[0]?.Records[0]?.eventSourceARN,
          },
        },
      },
    ]);
    expect(poller.stats).toMatchObject({
      batches: 6,
      records: 3,
      failedInvocations: 4,
      retries: 1,
      parked: 1,
    });

    // The shard goes on after the parked record.
    await put(localTable.tableName, 'e');
    await poller.idle(10_000);
    expect(fn.batches.at(-1)).toEqual(['e']);
  });

  it('retries a whole failing batch up to maximumRetryAttempts without bisect, then parks it', async () => {
    const localTable = await table();
    await put(localTable.tableName, 'a', 'b');
    const { poller, fn, lot } = await startPoller(localTable, { maximumRetryAttempts: 2 });
    fn.behaviour = (records) => {
      if (records.some((record) => pk(record) === 'a')) throw new Error('down');
    };
    await poller.idle(10_000);
    expect(fn.batches).toEqual([
      ['a', 'b'],
      ['a', 'b'],
      ['a', 'b'],
    ]);
    const [message] = lot.list(DEFAULT_ON_FAILURE_QUEUE);
    const body = message?.body as OnFailureRecord;
    expect(body.requestContext).toMatchObject({
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 3,
    });
    expect(body.DDBStreamBatchInfo).toMatchObject({
      startSequenceNumber: sequenceOf(fn.events[0]?.Records ?? [], 'a'),
      endSequenceNumber: sequenceOf(fn.events[0]?.Records ?? [], 'b'),
      batchSize: 2,
    });
    await put(localTable.tableName, 'c');
    await poller.idle(10_000);
    expect(fn.batches.at(-1)).toEqual(['c']);
  });

  it('counts an invoker that throws as a function error', async () => {
    const localTable = await table();
    await put(localTable.tableName, 'a');
    const lot = new MemoryParkingLot();
    const poller = new StreamPoller({
      mapping: mapping(localTable.id, { maximumRetryAttempts: 0 }),
      tableName: localTable.tableName,
      dynamodb: client,
      streams,
      invoker: { invoke: () => Promise.reject(new Error('no such function')) },
      parkingLot: lot,
      pollIntervalMs: 50,
    });
    pollers.push(poller);
    await poller.start();
    await poller.idle(10_000);
    expect(lot.list()[0]?.reason).toMatch(/InvokeError: Error: no such function$/);
  });

  it('does not send records older than maximumRecordAgeInSeconds: parks them as RecordAgeExceeded', async () => {
    const localTable = await table();
    await put(localTable.tableName, 'a', 'b');
    const { poller, fn, lot } = await startPoller(
      localTable,
      { maximumRecordAgeInSeconds: 60 },
      { now: () => Date.now() + 2 * 60 * 60 * 1000 },
    );
    await poller.idle(10_000);
    expect(fn.events).toEqual([]);
    const body = lot.list()[0]?.body as OnFailureRecord;
    expect(body.requestContext).toMatchObject({ condition: 'RecordAgeExceeded', approximateInvokeCount: 0 });
    expect(body.responseContext).toBeUndefined();
    expect(body.DDBStreamBatchInfo.batchSize).toBe(2);
    expect(lot.list()[0]?.reason).toMatch(/^RecordAgeExceeded: 2 records/);
  });

  it('stops giving up on records once they are old enough while retrying (-1 retries: until they expire)', async () => {
    const localTable = await table();
    await put(localTable.tableName, 'a');
    let offset = 0;
    const { poller, fn, lot } = await startPoller(
      localTable,
      { maximumRecordAgeInSeconds: 120, maximumRetryAttempts: -1 },
      { now: () => Date.now() + offset },
    );
    fn.behaviour = (_, call) => {
      if (call === 3) offset = 10 * 60 * 1000; // ten minutes pass
      throw new Error('down');
    };
    await poller.idle(10_000);
    expect(fn.events).toHaveLength(3);
    expect((lot.list()[0]?.body as OnFailureRecord | undefined)?.requestContext).toMatchObject({
      condition: 'RecordAgeExceeded',
      approximateInvokeCount: 3,
    });
  });
});

describe('starting position', () => {
  it('LATEST delivers only what is written after start(); TRIM_HORIZON everything', async () => {
    const localTable = await table();
    await put(localTable.tableName, 'old1', 'old2');
    const latest = await startPoller(localTable, { startingPosition: 'LATEST' });
    const horizon = await startPoller(localTable, { startingPosition: 'TRIM_HORIZON' });
    await put(localTable.tableName, 'new');
    await Promise.all([latest.poller.idle(10_000), horizon.poller.idle(10_000)]);
    expect(latest.fn.batches.flat()).toEqual(['new']);
    expect(horizon.fn.batches.flat()).toEqual(['old1', 'old2', 'new']);
  });
});

it.each(['LATEST', 'TRIM_HORIZON'] as const)(
  'starting at %s on an empty shard, delivers its first records even when other tables wrote first',
  async (startingPosition) => {
    // DynamoDB Local numbers records across all tables, and an iterator taken on an empty shard
    // reads as trimmed once the shard's first record comes with a later number.
    const localTable = await table();
    const other = await table();
    const { poller, fn } = await startPoller(localTable, { startingPosition });
    await put(other.tableName, 'elsewhere1', 'elsewhere2');
    await put(localTable.tableName, 'a', 'b');
    await poller.idle(10_000);
    expect(fn.batches.flat()).toEqual(['a', 'b']);
  },
);

it('waits for a table that is not there yet, then reads its new stream from the start', async () => {
  tables++;
  const later: LocalTable = {
    id: `Stack/Table${tables}`,
    stack: 'Stack',
    logicalId: `Table${tables}`,
    tableName: `stream-test-${tables}`,
    keySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    attributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    globalSecondaryIndexes: [],
    streamViewType: 'NEW_IMAGE',
  };
  const logs: string[] = [];
  const { poller, fn } = await startPoller(
    later,
    { startingPosition: 'LATEST' },
    { log: (entry) => logs.push(entry.message) },
  );
  await poller.idle(10_000);
  expect(logs).toEqual([`table ${later.tableName} does not exist (yet)`]);
  await createLocalTables(client, [later]);
  await put(later.tableName, 'a');
  await poller.idle(10_000);
  expect(fn.batches).toEqual([['a']]);
});

describe('checkpoints', () => {
  it('goes on after the last record done when started again with the same checkpoint file', async () => {
    const localTable = await table();
    const dir = mkdtempSync(join(tmpdir(), 'checkpoints-'));
    try {
      const file = join(dir, 'checkpoints.json');
      await put(localTable.tableName, 'a', 'b');
      const first = await startPoller(localTable, {}, { checkpoints: new FileCheckpointStore(file) });
      await first.poller.idle(10_000);
      await first.poller.stop();
      await put(localTable.tableName, 'c');
      const second = await startPoller(localTable, {}, { checkpoints: new FileCheckpointStore(file) });
      await second.poller.idle(10_000);
      expect(first.fn.batches.flat()).toEqual(['a', 'b']);
      expect(second.fn.batches.flat()).toEqual(['c']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('moves only past records the function took: stopped while they fail, a restart delivers them again', async () => {
    const localTable = await table();
    const dir = mkdtempSync(join(tmpdir(), 'checkpoints-'));
    try {
      const file = join(dir, 'checkpoints.json');
      await put(localTable.tableName, 'a');
      const first = await startPoller(localTable, {}, { checkpoints: new FileCheckpointStore(file) });
      await first.poller.idle(10_000);
      // The forwarder's PutEvents fails from now on (the bus is down): `b` is retried, never taken.
      first.fn.behaviour = () => {
        throw new Error('PutEvents failed');
      };
      await put(localTable.tableName, 'b');
      const deadline = Date.now() + 10_000;
      while (first.fn.batches.filter((batch) => batch.includes('b')).length < 2 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await first.poller.stop();
      expect(first.fn.batches.filter((batch) => batch.includes('b')).length).toBeGreaterThanOrEqual(2);

      const second = await startPoller(localTable, {}, { checkpoints: new FileCheckpointStore(file) });
      await second.poller.idle(10_000);
      expect(second.fn.batches.flat()).toEqual(['b']);
      // Written whole each time (a temporary file renamed over it): no temporary file is left.
      expect(readdirSync(dir)).toEqual(['checkpoints.json']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

it('stop() abandons an invocation under way, and idle() then rejects', async () => {
  const localTable = await table();
  await put(localTable.tableName, 'a');
  let invoked: () => void = () => undefined;
  const started = new Promise<void>((resolve) => {
    invoked = resolve;
  });
  const lot = new MemoryParkingLot();
  const poller = new StreamPoller({
    mapping: mapping(localTable.id),
    tableName: localTable.tableName,
    dynamodb: client,
    streams,
    invoker: {
      invoke: () => {
        invoked();
        return new Promise<InvokeResult>(() => undefined);
      },
    },
    parkingLot: lot,
    pollIntervalMs: 50,
  });
  await poller.start();
  await started;
  const stopping = performance.now();
  await poller.stop();
  expect(performance.now() - stopping).toBeLessThan(1_000);
  await expect(poller.idle()).rejects.toThrow('stopped');
  expect(lot.list()).toEqual([]);
});

it('StreamPollers runs every mapping of the system', async () => {
  const one = await table();
  const two = await table();
  const fn = new FakeFunction();
  const lot = new MemoryParkingLot();
  const all = new StreamPollers({
    system: {
      tables: new Map([
        [one.id, one],
        [two.id, two],
      ]),
      mappings: [mapping(one.id), mapping(two.id)],
    },
    clientConfig: local.clientConfig,
    invoker: fn,
    parkingLot: lot,
    pollIntervalMs: 50,
  });
  await all.start();
  try {
    await put(one.tableName, 'x');
    await put(two.tableName, 'y');
    await all.idle(10_000);
    expect(fn.batches.flat().sort()).toEqual(['x', 'y']);
    expect([...all.stats().values()].map((stats) => stats.records)).toEqual([1, 1]);
  } finally {
    await all.stop();
  }
});

describe('reports (onBatch): one per invocation', () => {
  const ROOT_1 = '1-5759e988-bd862e3fe1be46a994272793';
  const ROOT_2 = '1-6759e988-cd862e3fe1be46a994272794';
  const header = (root: string) => `Root=${root};Parent=53995c3f42cd8ad8;Sampled=1`;

  async function reported(
    settings: Partial<LocalEventSourceMapping>,
    options: Partial<StreamPollerOptions>,
    write: (tableName: string) => Promise<void>,
  ): Promise<{ reports: StreamBatchReport[]; setup: Setup; localTable: LocalTable }> {
    const localTable = await table();
    await write(localTable.tableName);
    const reports: StreamBatchReport[] = [];
    const setup = await startPoller(localTable, settings, { ...options, onBatch: (r) => reports.push(r) });
    return { reports, setup, localTable };
  }

  it("gives each record's keys and, with traceAttribute, the trace its write was made in", async () => {
    const write = async (tableName: string) => {
      const item = (pk: string, trace?: string) => ({
        pk: { S: pk },
        ...(trace === undefined ? {} : { _trace: { S: trace } }),
      });
      await client.send(new PutItemCommand({ TableName: tableName, Item: item('a', header(ROOT_1)) }));
      await client.send(new PutItemCommand({ TableName: tableName, Item: item('b') }));
      // A bare Root counts too; the new image's trace wins over the old one's.
      await client.send(new PutItemCommand({ TableName: tableName, Item: item('a', ROOT_2) }));
      // A removal's trace is the old image's.
      await client.send(new DeleteItemCommand({ TableName: tableName, Key: { pk: { S: 'a' } } }));
      // Not a trace: no trace id.
      await client.send(new PutItemCommand({ TableName: tableName, Item: item('c', 'Root=nope') }));
    };
    const { reports, setup, localTable } = await reported({}, { traceAttribute: '_trace' }, write);
    await setup.poller.idle(10_000);
    expect(reports).toEqual([
      {
        mappingId: `Stack/Mapping-${localTable.id}`,
        tableId: localTable.id,
        functionId: 'Stack/Forwarder',
        shardId: expect.any(String),
        attempt: 1,
        outcome: 'processed',
        durationMs: expect.any(Number),
        records: [
          { eventName: 'INSERT', keys: { pk: 'a' }, sequenceNumber: expect.any(String), traceId: ROOT_1 },
          { eventName: 'INSERT', keys: { pk: 'b' }, sequenceNumber: expect.any(String) },
          { eventName: 'MODIFY', keys: { pk: 'a' }, sequenceNumber: expect.any(String), traceId: ROOT_2 },
          { eventName: 'REMOVE', keys: { pk: 'a' }, sequenceNumber: expect.any(String), traceId: ROOT_2 },
          { eventName: 'INSERT', keys: { pk: 'c' }, sequenceNumber: expect.any(String) },
        ],
      },
    ]);
    const sequences = setup.fn.events[0]?.Records.map((record) => record.dynamodb?.SequenceNumber);
    expect(reports[0]?.records.map((record) => record.sequenceNumber)).toEqual(sequences);
  });

  it('reads no trace without traceAttribute', async () => {
    const { reports, setup } = await reported({}, {}, (tableName) =>
      client
        .send(
          new PutItemCommand({
            TableName: tableName,
            Item: { pk: { S: 'a' }, _trace: { S: header(ROOT_1) } },
          }),
        )
        .then(() => undefined),
    );
    await setup.poller.idle(10_000);
    expect(reports.map((r) => r.records)).toEqual([
      [{ eventName: 'INSERT', keys: { pk: 'a' }, sequenceNumber: expect.any(String) }],
    ]);
  });

  it('says retrying, then parked (with the parked message), when the function keeps failing', async () => {
    const { reports, setup } = await reported({ maximumRetryAttempts: 1 }, {}, (tableName) =>
      put(tableName, 'a', 'b'),
    );
    setup.fn.behaviour = () => {
      throw new Error('boom');
    };
    await setup.poller.idle(10_000);
    expect(
      reports.map(({ attempt, outcome, error, retryInMs, queueId }) => ({
        attempt,
        outcome,
        error,
        retryInMs,
        queueId,
      })),
    ).toEqual([
      { attempt: 1, outcome: 'retrying', error: 'Error: boom', retryInMs: 5, queueId: undefined },
      {
        attempt: 2,
        outcome: 'parked',
        error: 'Error: boom',
        retryInMs: undefined,
        queueId: DEFAULT_ON_FAILURE_QUEUE,
      },
    ]);
    expect(reports[1]?.parkedId).toBe(setup.lot.messages[0]?.id);
    expect(reports[1]?.parkedId).toEqual(expect.any(String));
    expect(reports[1]?.records.map((r) => r.keys.pk)).toEqual(['a', 'b']);
  });

  it('says retrying without a wait when it bisects the batch', async () => {
    const { reports, setup } = await reported({ bisectBatchOnFunctionError: true }, {}, (tableName) =>
      put(tableName, 'a', 'b'),
    );
    setup.fn.behaviour = (_, call) => {
      if (call === 1) throw new Error('boom');
      return null;
    };
    await setup.poller.idle(10_000);
    expect(reports.map((r) => [r.outcome, r.attempt, r.retryInMs, r.records.map((x) => x.keys.pk)])).toEqual([
      ['retrying', 1, undefined, ['a', 'b']],
      ['processed', 2, undefined, ['a']],
      ['processed', 2, undefined, ['b']],
    ]);
  });

  it('says partial when the function reports item failures, then processed', async () => {
    const { reports, setup } = await reported({ reportBatchItemFailures: true }, {}, (tableName) =>
      put(tableName, 'a', 'b', 'c'),
    );
    setup.fn.behaviour = (records, call) =>
      call === 1 ? { batchItemFailures: [{ itemIdentifier: sequenceOf(records, 'b') }] } : null;
    await setup.poller.idle(10_000);
    expect(reports.map((r) => [r.outcome, r.attempt, r.records.map((x) => x.keys.pk)])).toEqual([
      ['partial', 1, ['a', 'b', 'c']],
      ['processed', 2, ['b', 'c']],
    ]);
    expect(reports[0]).toMatchObject({ retryInMs: 5, error: expect.stringContaining('batchItemFailures') });
  });
});
