/**
 * DynamoDB Local for tests: the launcher lives in packages/local-runtime/src/dynamodb (it is `dev up`'s too); this
 * re-exports it and adds the service tables of table-layout.ts. One JVM per test file:
 *
 *   let db: DynamoDbLocal;
 *   beforeAll(async () => { db = await startDynamoDbLocal(); });
 *   afterAll(() => db.stop());
 */
import {
  type AttributeDefinition,
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  type TableDescription,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { TABLE_KEY } from '../../functions/runtime/conventions';
import type { TableLayout } from '../../lib/contract/table-layout';

export {
  type DynamoDbLocal,
  JAVA_HINT,
  type LocalClientConfig,
  localClientConfig,
  localDynamoDbClient,
  portLockPath,
  type StartOptions,
  startDynamoDbLocal,
} from '@tributary/local-runtime';

/**
 * The CreateTable input of a service table as table-layout.ts describes it: key `pk`, every GSI of
 * the layout (list index first) with projection ALL, stream NEW_AND_OLD_IMAGES, on demand. The CDK
 * stack creates the same shape.
 */
export function serviceTableDefinition(tableName: string, layout: TableLayout): CreateTableCommandInput {
  const attributes = new Set<string>([TABLE_KEY]);
  for (const index of layout.globalSecondaryIndexes) {
    attributes.add(index.partitionKey);
    attributes.add(index.sortKey);
  }
  const attributeDefinitions: AttributeDefinition[] = [...attributes].map((name) => ({
    AttributeName: name,
    AttributeType: 'S',
  }));
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attributeDefinitions,
    KeySchema: [{ AttributeName: TABLE_KEY, KeyType: 'HASH' }],
    GlobalSecondaryIndexes: layout.globalSecondaryIndexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  };
}

/** Creates a service table (see {@link serviceTableDefinition}) and waits until it is active. */
export async function createServiceTable(
  client: DynamoDBClient,
  tableName: string,
  layout: TableLayout,
): Promise<TableDescription> {
  const created = await client.send(new CreateTableCommand(serviceTableDefinition(tableName, layout)));
  // DynamoDB Local creates tables ACTIVE at once; real DynamoDB takes a while.
  if (created.TableDescription?.TableStatus === 'ACTIVE') return created.TableDescription;
  await waitUntilTableExists(
    { client, maxWaitTime: 120, minDelay: 1, maxDelay: 5 },
    { TableName: tableName },
  );
  const description = await client.send(new DescribeTableCommand({ TableName: tableName }));
  if (description.Table === undefined)
    throw new Error(`table ${tableName} was created but cannot be described`);
  return description.Table;
}
