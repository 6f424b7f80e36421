/**
 * The template's tables in DynamoDB Local: key schema, attribute definitions, GSIs, stream and TTL
 * from the model (template.ts reads them from the synthesized template). Idempotent: a table that
 * already exists (`dev up --persist DIR` started before) is kept with its data; what the template
 * adds since (a GSI, the stream, TTL) is added to it, and what cannot be changed in place (the key
 * schema) is reported.
 */
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  type Projection,
  ResourceInUseException,
  ResourceNotFoundException,
  type StreamViewType,
  type TableDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import type { LocalTable } from '../model';

export interface LocalTableStatus {
  readonly table: LocalTable;
  /** False when the table was there already (persisted data). */
  readonly created: boolean;
  /** The stream to poll (DescribeTable's LatestStreamArn), when the table has a stream. */
  readonly streamArn?: string;
  /** What the existing table has that the template does not say, or lacks and cannot get in place. */
  readonly warnings: readonly string[];
}

/** The CreateTable input for a table of the model: on demand, like the template's tables. */
export function createTableInput(table: LocalTable): CreateTableCommandInput {
  return {
    TableName: table.tableName,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: table.keySchema.map((key) => ({ ...key })),
    AttributeDefinitions: table.attributeDefinitions.map((attribute) => ({ ...attribute })),
    ...(table.globalSecondaryIndexes.length > 0
      ? { GlobalSecondaryIndexes: table.globalSecondaryIndexes.map(indexInput) }
      : {}),
    ...(table.streamViewType === undefined
      ? {}
      : {
          StreamSpecification: {
            StreamEnabled: true,
            StreamViewType: table.streamViewType as StreamViewType,
          },
        }),
  };
}

function indexInput(index: LocalTable['globalSecondaryIndexes'][number]) {
  return {
    IndexName: index.IndexName,
    KeySchema: index.KeySchema.map((key) => ({ ...key })),
    // Passes NonKeyAttributes through when the template reader keeps them (INCLUDE projections).
    Projection: { ...index.Projection } as Projection,
  };
}

/**
 * Creates every table (one at a time: DynamoDB Local serialises them anyway) and returns each one's
 * status in the given order. Existing tables are kept (see the file comment).
 */
export async function createLocalTables(
  client: DynamoDBClient,
  tables: readonly LocalTable[],
): Promise<LocalTableStatus[]> {
  const statuses: LocalTableStatus[] = [];
  for (const table of tables) statuses.push(await createLocalTable(client, table));
  return statuses;
}

/** Creates one table of the model, or brings the existing one in line as far as possible. */
export async function createLocalTable(client: DynamoDBClient, table: LocalTable): Promise<LocalTableStatus> {
  let description = await describe(client, table.tableName);
  let created = false;
  const warnings: string[] = [];
  if (description === undefined) {
    try {
      const output = await client.send(new CreateTableCommand(createTableInput(table)));
      description = output.TableDescription;
      created = true;
    } catch (error) {
      // Someone created it between our look and our create: keep theirs.
      if (!(error instanceof ResourceInUseException)) throw error;
    }
    description = await waitUntilActive(client, table.tableName);
  } else {
    description = await reconcile(client, table, description, warnings);
  }
  await ensureTimeToLive(client, table);
  const streamArn = table.streamViewType === undefined ? undefined : description.LatestStreamArn;
  return { table, created, warnings, ...(streamArn === undefined ? {} : { streamArn }) };
}

async function describe(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

/** DynamoDB Local makes tables and indexes ACTIVE at once; this waits a little when it does not. */
async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<TableDescription> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const description = await describe(client, tableName);
    const active =
      description?.TableStatus === 'ACTIVE' &&
      (description.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
    if (description !== undefined && active) return description;
    if (Date.now() > deadline) throw new Error(`table ${tableName} did not become ACTIVE within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Adds missing GSIs and the stream to an existing table; reports what it cannot change. */
async function reconcile(
  client: DynamoDBClient,
  table: LocalTable,
  existing: TableDescription,
  warnings: string[],
): Promise<TableDescription> {
  const keys = (schema: ReadonlyArray<{ AttributeName?: string; KeyType?: string }> | undefined) =>
    (schema ?? []).map((key) => `${key.AttributeName}:${key.KeyType}`).join(',');
  if (keys(existing.KeySchema) !== keys(table.keySchema)) {
    warnings.push(
      `${table.tableName}: the existing table's key (${keys(existing.KeySchema)}) differs from the template's (${keys(table.keySchema)}); delete the persisted data to recreate it`,
    );
  }
  const existingIndexes = new Set((existing.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  for (const index of table.globalSecondaryIndexes) {
    if (existingIndexes.has(index.IndexName)) continue;
    const used = new Set(index.KeySchema.map((key) => key.AttributeName));
    await client.send(
      new UpdateTableCommand({
        TableName: table.tableName,
        AttributeDefinitions: table.attributeDefinitions
          .filter((attribute) => used.has(attribute.AttributeName))
          .map((attribute) => ({ ...attribute })),
        GlobalSecondaryIndexUpdates: [{ Create: indexInput(index) }],
      }),
    );
    await waitUntilActive(client, table.tableName);
  }
  const wanted = new Set(table.globalSecondaryIndexes.map((index) => index.IndexName));
  for (const name of existingIndexes) {
    if (name !== undefined && !wanted.has(name))
      warnings.push(`${table.tableName}: index ${name} is not in the template (kept)`);
  }

  const stream = existing.StreamSpecification;
  const streamOn = stream?.StreamEnabled === true;
  if (table.streamViewType !== undefined && (!streamOn || stream?.StreamViewType !== table.streamViewType)) {
    // The view type of a stream cannot change: turn it off, then on with the template's type.
    if (streamOn) {
      await client.send(
        new UpdateTableCommand({
          TableName: table.tableName,
          StreamSpecification: { StreamEnabled: false },
        }),
      );
    }
    await client.send(
      new UpdateTableCommand({
        TableName: table.tableName,
        StreamSpecification: { StreamEnabled: true, StreamViewType: table.streamViewType as StreamViewType },
      }),
    );
  } else if (table.streamViewType === undefined && streamOn) {
    warnings.push(`${table.tableName}: has a stream the template does not have (kept)`);
  }
  return waitUntilActive(client, table.tableName);
}

async function ensureTimeToLive(client: DynamoDBClient, table: LocalTable): Promise<void> {
  if (table.ttlAttribute === undefined) return;
  const { TimeToLiveDescription: ttl } = await client.send(
    new DescribeTimeToLiveCommand({ TableName: table.tableName }),
  );
  if (ttl?.TimeToLiveStatus === 'ENABLED' && ttl.AttributeName === table.ttlAttribute) return;
  if (ttl?.TimeToLiveStatus === 'ENABLED' || ttl?.TimeToLiveStatus === 'ENABLING') {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: table.tableName,
        TimeToLiveSpecification: { AttributeName: ttl.AttributeName, Enabled: false },
      }),
    );
  }
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: table.tableName,
      TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true },
    }),
  );
}
