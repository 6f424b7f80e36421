/**
 * What every service's Lambdas read from their environment and share per container, in one place:
 * the document client and the name of the service's table.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_NAME_VARIABLE } from './conventions';
import { guardTableAccess } from './table-access';

/** The DynamoDB client every function of a container shares, guarded by its TABLE_ACCESS grant. */
export function createDynamoDbClient(): DynamoDBClient {
  return guardTableAccess(new DynamoDBClient({}));
}

/**
 * The document client every function of a container shares. `undefined` members are left out. When
 * the function has `TABLE_ACCESS` (its grant), a request for any other action is refused before it
 * is sent, locally as on AWS (table-access.ts).
 */
export function createDocumentClient(
  client: DynamoDBClient = new DynamoDBClient({}),
): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(guardTableAccess(client), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/** The table name from the environment; throws an error that says what is missing and for whom. */
export function tableNameFor(
  service: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const name = env[TABLE_NAME_VARIABLE];
  if (name === undefined || name.trim() === '') {
    throw new Error(
      `${TABLE_NAME_VARIABLE} is not set: the ${service} Lambdas need the name of the service's DynamoDB table`,
    );
  }
  return name;
}
