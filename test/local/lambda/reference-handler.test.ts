/**
 * The real, bundled users handlers from a fresh synth (cdk.out in a temporary directory, outside
 * the project, so the AWS SDK the bundles leave out comes from the runner's runtime module path as
 * Lambda's runtime provides it), run by the LambdaRunner against DynamoDB Local, the table created
 * from what loadLocalSystem read.
 */
import { join } from 'node:path';
import {
  CreateTableCommand,
  DynamoDBClient,
  type KeySchemaElement,
  type ProjectionType,
} from '@aws-sdk/client-dynamodb';
import type { InvokeResult, LocalFunction, LocalSystem, LocalTable } from '@tributary/local-runtime';
import { LambdaRunner, loadLocalSystem } from '@tributary/local-runtime';
import { REPO, type Synthesized, synthesize } from '../../infra/helpers';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../support/dynamodb-local';

let synth: Synthesized;
let system: LocalSystem;
let db: DynamoDbLocal;
let runner: LambdaRunner;
const lines: string[] = [];

beforeAll(async () => {
  synth = synthesize({
    root: REPO,
    specFiles: [join(REPO, 'api-specs', 'users.json')],
    bundling: true,
    nag: false,
  });
  if (synth.error) throw synth.error;
  system = loadLocalSystem(synth.outdir, {
    apiUrl: (apiId) => `http://127.0.0.1:1/${apiId}/`,
    tableName: (tableId) => tableId.replace('/', '-'),
    region: 'eu-west-1',
    accountId: '000000000000',
  });
  db = await startDynamoDbLocal();
  const client = new DynamoDBClient(db.clientConfig);
  for (const table of system.tables.values()) {
    const keys = (schema: LocalTable['keySchema']) => schema.map((key): KeySchemaElement => ({ ...key }));
    await client.send(
      new CreateTableCommand({
        TableName: table.tableName,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: keys(table.keySchema),
        AttributeDefinitions: table.attributeDefinitions.map((definition) => ({ ...definition })),
        GlobalSecondaryIndexes: table.globalSecondaryIndexes.map((index) => ({
          IndexName: index.IndexName,
          KeySchema: keys(index.KeySchema),
          Projection: { ProjectionType: index.Projection.ProjectionType as ProjectionType },
        })),
        ...(table.streamViewType === undefined
          ? {}
          : {
              StreamSpecification: {
                StreamEnabled: true,
                StreamViewType: table.streamViewType as 'NEW_AND_OLD_IMAGES',
              },
            }),
      }),
    );
  }
  client.destroy();
  runner = new LambdaRunner(system.functions, {
    extraEnvironment: {
      AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
      AWS_REGION: db.clientConfig.region,
      AWS_ACCESS_KEY_ID: db.clientConfig.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: db.clientConfig.credentials.secretAccessKey,
    },
    log: (line) => lines.push(line),
  });
}, 240_000);

afterAll(async () => {
  await runner?.close();
  await db?.stop();
  synth?.cleanup();
});

function handler(description: string): LocalFunction {
  const found = [...system.functions.values()].find((fn) => fn.description === description);
  if (found === undefined) throw new Error(`no function ${description}`);
  return found;
}

/** An API Gateway HTTP API (payload 2.0) event, as the local HTTP API sends it. */
function apiEvent(
  method: string,
  path: string,
  routeKey: string,
  body?: unknown,
  pathParameters?: Record<string, string>,
) {
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'localhost', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(pathParameters === undefined ? {} : { pathParameters }),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
      requestId: 'req-1',
      routeKey,
      stage: '$default',
      time: '22/Nov/2026:14:00:00 +0000',
      timeEpoch: 1_795_356_000_000,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    isBase64Encoded: false,
  };
}

interface HttpResponse {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
}

function response(result: InvokeResult): HttpResponse & { json: any } {
  if (!result.ok) throw new Error(`the handler failed: ${JSON.stringify(result.error)}`);
  const value = result.value as HttpResponse;
  return { ...value, json: value.body === undefined ? undefined : JSON.parse(value.body) };
}

describe('a real bundled handler in the LambdaRunner', () => {
  it('creates a user in DynamoDB Local and reads it back, cold then warm', async () => {
    const create = handler('users: POST /users');
    const get = handler('users: GET /users/:id');
    const created = await runner.invoke(
      create.id,
      apiEvent('POST', '/users', 'POST /users', {
        email: 'ada@example.com',
        name: { first: 'Ada', last: 'Lovelace' },
      }),
    );
    expect(created.coldStart).toBe(true);
    const user = response(created);
    expect(user.statusCode).toBe(201);
    expect(user.json).toMatchObject({ email: 'ada@example.com', name: { first: 'Ada' }, version: 1 });

    const read = (id: string) =>
      runner.invoke(get.id, apiEvent('GET', `/users/${id}`, 'GET /users/{id}', undefined, { id }));
    const first = await read(user.json.id);
    expect(response(first).statusCode).toBe(200);
    expect(response(first).json).toEqual(user.json);
    const second = await read(user.json.id);
    expect([first.coldStart, second.coldStart]).toEqual([true, false]);

    const missing = response(await read('usr_00000000000000000000000000'));
    expect(missing.statusCode).toBe(404);
    expect(missing.json).toEqual({ code: 'not_found', messages: ['user not found'] });
    // The function's structured logs reach the runner's log, prefixed with its id.
    expect(lines.some((line) => line.startsWith(`[${get.id}] {`))).toBe(true);
  });
});
