/**
 * DynamoDB Local for `dev up`: the template's tables (key schema, GSIs, stream, TTL) created
 * idempotently, and `--persist DIR` keeping tables, items and streams across a restart.
 */
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { LocalTable } from '@tributary/local-runtime';
import {
  createLocalTables,
  createTableInput,
  type DynamoDbLocal,
  JAVA_HINT,
  localDynamoDbClient,
  startDynamoDbLocal,
} from '@tributary/local-runtime';
import { StreamReader } from '../../support/dynamodb-stream';

const USERS: LocalTable = {
  id: 'Users/Table',
  stack: 'Users',
  logicalId: 'Table',
  tableName: 'tributary-users',
  keySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
  attributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: '_type', AttributeType: 'S' },
    { AttributeName: 'id', AttributeType: 'S' },
  ],
  globalSecondaryIndexes: [
    {
      IndexName: 'by_type',
      KeySchema: [
        { AttributeName: '_type', KeyType: 'HASH' },
        { AttributeName: 'id', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    },
  ],
  streamViewType: 'NEW_AND_OLD_IMAGES',
  ttlAttribute: 'expires_at',
};

const EVENTS: LocalTable = {
  id: 'Events/Log',
  stack: 'Events',
  logicalId: 'Log',
  tableName: 'tributary-log',
  keySchema: [
    { AttributeName: 'stream', KeyType: 'HASH' },
    { AttributeName: 'at', KeyType: 'RANGE' },
  ],
  attributeDefinitions: [
    { AttributeName: 'stream', AttributeType: 'S' },
    { AttributeName: 'at', AttributeType: 'N' },
  ],
  globalSecondaryIndexes: [],
};

describe('Java', () => {
  it('says how to install it when there is none', async () => {
    await expect(startDynamoDbLocal({ java: '/nonexistent/java' })).rejects.toThrow(
      `DynamoDB Local needs Java, but \`/nonexistent/java\` was not found: ${JAVA_HINT}`,
    );
  });

  it('says how to install Java 17+ when it is older', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'old-java-'));
    try {
      const java = join(dir, 'java');
      writeFileSync(java, '#!/bin/sh\necho \'java version "1.8.0_392"\' >&2\n');
      chmodSync(java, 0o755);
      await expect(startDynamoDbLocal({ java })).rejects.toThrow(
        `DynamoDB Local needs Java 17+, found Java 8: ${JAVA_HINT}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

it('defines a table as the model says, on demand', () => {
  expect(createTableInput(USERS)).toEqual({
    TableName: 'tributary-users',
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: USERS.attributeDefinitions,
    GlobalSecondaryIndexes: USERS.globalSecondaryIndexes,
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  });
  expect(createTableInput(EVENTS)).toEqual({
    TableName: 'tributary-log',
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: EVENTS.keySchema,
    AttributeDefinitions: EVENTS.attributeDefinitions,
  });
});

describe('in memory', () => {
  let local: DynamoDbLocal;
  let client: DynamoDBClient;

  beforeAll(async () => {
    local = await startDynamoDbLocal();
    client = localDynamoDbClient(local);
    console.info(`DynamoDB Local (in memory) answered after ${local.startupMillis} ms`);
  }, 120_000);

  afterAll(async () => {
    client?.destroy();
    await local?.stop();
  });

  it('creates the tables with their keys, GSIs, stream and TTL; a second run keeps them', async () => {
    const started = performance.now();
    const statuses = await createLocalTables(client, [USERS, EVENTS]);
    console.info(`created 2 tables in ${Math.round(performance.now() - started)} ms`);
    expect(statuses.map(({ table, created, warnings }) => [table.id, created, warnings])).toEqual([
      ['Users/Table', true, []],
      ['Events/Log', true, []],
    ]);
    expect(statuses[0]?.streamArn).toMatch(/:table\/tributary-users\/stream\//);
    expect(statuses[1]?.streamArn).toBeUndefined();

    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'tributary-users' }));
    expect(Table?.KeySchema).toEqual(USERS.keySchema);
    expect(Table?.GlobalSecondaryIndexes?.map((index) => [index.IndexName, index.KeySchema])).toEqual([
      ['by_type', USERS.globalSecondaryIndexes[0]?.KeySchema],
    ]);
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: 'tributary-users' }));
    expect(ttl.TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expires_at' });

    await client.send(new PutItemCommand({ TableName: 'tributary-users', Item: { pk: { S: 'kept' } } }));
    const again = await createLocalTables(client, [USERS, EVENTS]);
    expect(again.map(({ created, warnings }) => [created, warnings])).toEqual([
      [false, []],
      [false, []],
    ]);
    expect(again[0]?.streamArn).toBe(statuses[0]?.streamArn);
    const kept = await client.send(
      new GetItemCommand({ TableName: 'tributary-users', Key: { pk: { S: 'kept' } } }),
    );
    expect(kept.Item).toBeDefined();
  });

  it('adds to an existing table what the template added since (GSI, stream, TTL) and reports what it cannot change', async () => {
    const before: LocalTable = {
      ...USERS,
      tableName: 'tributary-grown',
      globalSecondaryIndexes: [],
      attributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    };
    const { streamViewType: _stream, ttlAttribute: _ttl, ...withoutStream } = before;
    await createLocalTables(client, [withoutStream]);
    await client.send(new PutItemCommand({ TableName: 'tributary-grown', Item: { pk: { S: 'kept' } } }));

    const [grown] = await createLocalTables(client, [{ ...USERS, tableName: 'tributary-grown' }]);
    expect(grown?.created).toBe(false);
    expect(grown?.warnings).toEqual([]);
    expect(grown?.streamArn).toMatch(/:table\/tributary-grown\/stream\//);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'tributary-grown' }));
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['by_type']);
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(Table?.ItemCount).toBe(1);

    const [rekeyed] = await createLocalTables(client, [
      { ...EVENTS, tableName: 'tributary-grown', globalSecondaryIndexes: [] },
    ]);
    expect(rekeyed?.warnings).toEqual([
      expect.stringContaining(
        "the existing table's key (pk:HASH) differs from the template's (stream:HASH,at:RANGE)",
      ),
      'tributary-grown: index by_type is not in the template (kept)',
      'tributary-grown: has a stream the template does not have (kept)',
    ]);
  });
});

it('keeps tables, items and streams in --persist DIR across a restart', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'tributary-persist-')), 'data');
  try {
    const first = await startDynamoDbLocal({ persistDir: dir });
    let firstStream: string | undefined;
    try {
      const client = localDynamoDbClient(first);
      const [status] = await createLocalTables(client, [USERS]);
      expect(status?.created).toBe(true);
      firstStream = status?.streamArn;
      await client.send(
        new PutItemCommand({ TableName: USERS.tableName, Item: { pk: { S: 'ada' }, name: { S: 'Ada' } } }),
      );
      client.destroy();
    } finally {
      await first.stop();
    }
    expect(existsSync(join(dir, 'shared-local-instance.db'))).toBe(true);

    const second = await startDynamoDbLocal({ persistDir: dir });
    try {
      console.info(`DynamoDB Local (persisted) answered after ${second.startupMillis} ms`);
      const client = localDynamoDbClient(second);
      const [status] = await createLocalTables(client, [USERS]);
      expect(status?.created).toBe(false);
      expect(status?.streamArn).toBe(firstStream);
      const { Item } = await client.send(
        new GetItemCommand({ TableName: USERS.tableName, Key: { pk: { S: 'ada' } } }),
      );
      expect(Item).toEqual({ pk: { S: 'ada' }, name: { S: 'Ada' } });
      const stream = new StreamReader(second.clientConfig, status?.streamArn ?? '');
      const records = await stream.drain();
      stream.destroy();
      expect(records.map((record) => [record.eventName, record.dynamodb?.Keys])).toEqual([
        ['INSERT', { pk: { S: 'ada' } }],
      ]);
      client.destroy();
    } finally {
      await second.stop();
    }
  } finally {
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }
}, 120_000);
