/**
 * `dev republish` through the real binary, as an operator runs it: what it says, and its exit
 * status, when it cannot run. Each failure is one line saying what to do, exit 2, never an
 * "internal error". The endpoints are real: closed local ports, and DynamoDB Local.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  DEFAULT_LIST_SHARDS,
  LIST_INDEX,
  LIST_PARTITION_ATTRIBUTE,
  listPartition,
  listShard,
  TABLE_KEY,
  TYPE_ATTRIBUTE,
} from '../../functions/runtime/conventions';
import { LOCAL_ENDPOINTS_FILE } from '../../lib/cli/local-endpoints';
import { specSchema } from '../../lib/contract/schema';
import { tableLayout } from '../../lib/contract/table-layout';
import {
  createServiceTable,
  type DynamoDbLocal,
  localDynamoDbClient,
  startDynamoDbLocal,
} from '../support/dynamodb-local';

const DEV = join(__dirname, '..', '..', 'bin', 'dev.cjs');
/** A project whose orders spec subscribes to users: valid only as a set. */
const FIXTURE = join(__dirname, '..', 'fixtures', 'republish');

jest.setTimeout(120_000);

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

function project(): string {
  const dir = tempDir('tributary-republish-');
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

/**
 * Runs `dev` with only the environment given (plus PATH and an empty HOME): nothing of the
 * machine's AWS configuration leaks in.
 */
function dev(cwd: string, args: readonly string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [DEV, ...args], {
    cwd,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: tempDir('tributary-home-'),
      NO_COLOR: '1',
      AWS_EC2_METADATA_DISABLED: 'true',
      ...env,
    },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const AWS_ENV = { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** The single `dev: ...` line of an error, checked to be an operator's error and not a bug. */
function errorLine(run: { stderr: string }): string {
  expect(run.stderr).not.toContain('internal error');
  expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  const lines = run.stderr.split('\n').filter((line) => line.startsWith('dev: '));
  expect(lines).toHaveLength(1);
  return lines[0] ?? '';
}

describe('dev republish: what it needs before it calls anything', () => {
  it('refuses an unknown service, listing the services', () => {
    const run = dev(project(), ['republish', 'nope', '--table', 't', '--event-bus', 'b']);
    expect(run.code).toBe(2);
    expect(errorLine(run)).toBe('dev: no service "nope" in api-specs/; services: orders, users');
  });

  it('refuses an invalid spec set, naming the invalid files and saying to run dev validate', () => {
    const dir = project();
    writeFileSync(join(dir, 'api-specs', 'users.json'), '{ "name": "users", ');
    const run = dev(dir, ['republish', 'orders', '--table', 't', '--event-bus', 'b'], AWS_ENV);
    expect(run.code).toBe(2);
    expect(errorLine(run)).toBe(
      'dev: the specs are invalid (api-specs/orders.json, api-specs/users.json): run `npx dev validate` and fix them first',
    );
  });

  it('says to start dev up when --local finds no local system', () => {
    const run = dev(project(), ['republish', 'users', '--local']);
    expect(run.code).toBe(2);
    expect(errorLine(run)).toContain('start it with `npx dev up` in another terminal');
  });

  it('says how to give the table when nothing names it', () => {
    const run = dev(project(), ['republish', 'users'], AWS_ENV);
    expect(run.code).toBe(2);
    expect(errorLine(run)).toContain('dev: give the table: --local for the system `npx dev up` runs');
  });
});

describe('dev republish: endpoints, region and credentials that are not right', () => {
  it('validates orders with the users spec it subscribes to, then says it cannot reach DynamoDB', async () => {
    const port = await closedPort();
    const run = dev(project(), ['republish', 'orders', '--table', 't', '--event-bus', 'b'], {
      ...AWS_ENV,
      AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${port}`,
    });
    expect(run.code).toBe(2);
    expect(errorLine(run)).toBe(
      `dev: cannot reach DynamoDB at http://127.0.0.1:${port} (ECONNREFUSED): is \`npx dev up\` running, and is AWS_ENDPOINT_URL_DYNAMODB right?`,
    );
  });

  it('with --local and dev up gone, asks whether dev up still runs', async () => {
    const dir = project();
    const port = await closedPort();
    mkdirSync(join(dir, '.tributary'));
    writeFileSync(
      join(dir, LOCAL_ENDPOINTS_FILE),
      JSON.stringify({
        region: 'us-east-1',
        dynamodbEndpoint: `http://127.0.0.1:${port}`,
        eventBridgeEndpoint: `http://127.0.0.1:${port}`,
        services: { users: { tableName: 'users-table', eventBusName: 'tributary-dev' } },
      }),
    );
    // AWS settings in the shell do not matter with --local.
    const run = dev(dir, ['republish', 'users', '--local'], { AWS_PROFILE: 'prod', AWS_REGION: 'eu-west-1' });
    expect(run.code).toBe(2);
    expect(errorLine(run)).toBe(
      `dev: cannot reach DynamoDB at http://127.0.0.1:${port} (ECONNREFUSED): is \`npx dev up\` still running in this project?`,
    );
  });

  it('says where a DNS name did not resolve', () => {
    const run = dev(project(), ['republish', 'users', '--table', 't', '--event-bus', 'b'], {
      ...AWS_ENV,
      AWS_ENDPOINT_URL_DYNAMODB: 'http://no-such-host.invalid:8000',
    });
    expect(run.code).toBe(2);
    expect(errorLine(run)).toMatch(
      /^dev: cannot reach DynamoDB at http:\/\/no-such-host\.invalid:8000 \((ENOTFOUND|EAI_AGAIN)\)/,
    );
  });

  it('says to set a region when there is none', () => {
    const run = dev(project(), ['republish', 'users', '--table', 't', '--event-bus', 'b'], {
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    });
    expect(run.code).toBe(2);
    expect(errorLine(run)).toContain('dev: no AWS region: set AWS_REGION');
  });

  it('says where credentials come from when there are none', () => {
    const run = dev(project(), ['republish', 'users', '--table', 't', '--event-bus', 'b'], {
      AWS_REGION: 'eu-west-1',
    });
    expect(run.code).toBe(2);
    expect(errorLine(run)).toContain('dev: no AWS credentials for DynamoDB');
  });
});

describe('dev republish against DynamoDB Local', () => {
  let local: DynamoDbLocal;
  let raw: DynamoDBClient;
  let env: Record<string, string>;

  beforeAll(async () => {
    local = await startDynamoDbLocal();
    raw = localDynamoDbClient(local);
    const users = specSchema.parse(
      JSON.parse(readFileSync(join(FIXTURE, 'api-specs', 'users.json'), 'utf8')),
    );
    await createServiceTable(raw, 'users-table', tableLayout(users));
    await DynamoDBDocumentClient.from(raw).send(
      new PutCommand({
        TableName: 'users-table',
        Item: {
          [TABLE_KEY]: 'usr-1',
          [TYPE_ATTRIBUTE]: 'user',
          // The list partition the repository would give it: republish reads the list index.
          [LIST_PARTITION_ATTRIBUTE]: listPartition('user', listShard('usr-1', DEFAULT_LIST_SHARDS)),
          id: 'usr-1',
          email: 'a@example.com',
          version: 1,
          created_at: '2026-11-22T14:00:00.000Z',
          updated_at: '2026-11-22T14:00:00.000Z',
        },
      }),
    );
    await raw.send(
      new CreateTableCommand({
        TableName: 'plain-table',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: TABLE_KEY, AttributeType: 'S' }],
        KeySchema: [{ AttributeName: TABLE_KEY, KeyType: 'HASH' }],
      }),
    );
    env = { ...AWS_ENV, AWS_ENDPOINT_URL_DYNAMODB: local.endpoint };
  });
  afterAll(async () => {
    raw?.destroy();
    await local?.stop();
  });

  it('says a table does not exist, and how to name the right one', () => {
    const run = dev(project(), ['republish', 'users', '--table', 'missing', '--event-bus', 'b'], env);
    expect(run.code).toBe(2);
    expect(errorLine(run)).toBe(
      `dev: table "missing" does not exist at ${local.endpoint}: give the users table: --table <name> (the TableName output of its stack) or --stage <stage>`,
    );
  });

  it('says a table without the list index is not the service table', () => {
    const run = dev(project(), ['republish', 'users', '--table', 'plain-table', '--event-bus', 'b'], env);
    expect(run.code).toBe(2);
    expect(errorLine(run)).toContain(
      `dev: table "plain-table" has no ${LIST_INDEX.name} index, so it is not the users table`,
    );
  });

  it('reads the items, then says it cannot reach EventBridge', async () => {
    const port = await closedPort();
    const run = dev(project(), ['republish', 'users', '--table', 'users-table', '--event-bus', 'b'], {
      ...env,
      AWS_ENDPOINT_URL_EVENTBRIDGE: `http://127.0.0.1:${port}`,
    });
    expect(run.code).toBe(2);
    expect(errorLine(run)).toBe(
      `dev: cannot reach EventBridge at http://127.0.0.1:${port} (ECONNREFUSED): is \`npx dev up\` running, and is AWS_ENDPOINT_URL_EVENTBRIDGE right?`,
    );
  });
});
