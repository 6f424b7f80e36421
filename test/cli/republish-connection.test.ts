import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalFunction, LocalSystem, LocalTable } from '@tributary/local-runtime';
import { LOCAL_CREDENTIALS } from '@tributary/local-runtime';
import {
  LOCAL_ENDPOINTS_FILE,
  type LocalEndpoints,
  localEndpoints,
  readLocalEndpoints,
  writeLocalEndpoints,
} from '../../lib/cli/local-endpoints';
import { republishConnection, shownEndpoint } from '../../lib/cli/republish-connection';

const dirs: string[] = [];
function root(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-connection-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const ENDPOINTS: LocalEndpoints = {
  region: 'us-east-1',
  dynamodbEndpoint: 'http://127.0.0.1:41000',
  eventBridgeEndpoint: 'http://127.0.0.1:41001',
  services: { users: { tableName: 'tributary-dev-users-TableCD117FA1', eventBusName: 'tributary-dev' } },
};

function table(stack: string, tableName: string): LocalTable {
  return {
    id: `${stack}/Table`,
    stack,
    logicalId: 'Table',
    tableName,
    keySchema: [],
    attributeDefinitions: [],
    globalSecondaryIndexes: [],
  };
}
function fn(stack: string, logicalId: string, environment: Record<string, string>): LocalFunction {
  return {
    id: `${stack}/${logicalId}`,
    stack,
    logicalId,
    codeDir: '/nowhere',
    handler: 'index.handler',
    environment,
    timeoutSeconds: 3,
    memoryMb: 128,
    runtime: 'nodejs20.x',
  };
}

describe('localEndpoints', () => {
  it("gives each service its stack's table and the bus its forwarder puts events on", () => {
    const tables = [table('app-users', 'app-users-Table1'), table('app-orders', 'app-orders-Table2')];
    const functions = [
      fn('app-users', 'Get', { TABLE_NAME: 'app-users-Table1' }),
      fn('app-users', 'Forwarder', { TABLE_NAME: 'app-users-Table1', EVENT_BUS_NAME: 'app-bus' }),
      fn('app-orders', 'Get', { TABLE_NAME: 'app-orders-Table2' }),
    ];
    const system: LocalSystem = {
      functions: new Map(functions.map((f) => [f.id, f])),
      tables: new Map(tables.map((t) => [t.id, t])),
      mappings: [],
      rules: [],
      apis: [
        { id: 'app-users/Api', stack: 'app-users', service: 'users', routes: [] },
        { id: 'app-orders/Api', stack: 'app-orders', service: 'orders', routes: [] },
        // A stack without a table has nothing to republish.
        { id: 'app-docs/Api', stack: 'app-docs', service: 'docs', routes: [] },
      ],
      queues: new Map(),
      buses: ['app-bus'],
    };
    expect(
      localEndpoints({ system, dynamodbEndpoint: 'http://127.0.0.1:1', eventBusUrl: 'http://127.0.0.1:2' }),
    ).toEqual({
      region: 'us-east-1',
      dynamodbEndpoint: 'http://127.0.0.1:1',
      eventBridgeEndpoint: 'http://127.0.0.1:2',
      services: {
        // orders has no forwarder in this system: the app's only bus.
        orders: { tableName: 'app-orders-Table2', eventBusName: 'app-bus' },
        users: { tableName: 'app-users-Table1', eventBusName: 'app-bus' },
      },
    });
  });

  it('is written for the project, read back, and removed only while it is still ours', () => {
    const dir = root();
    const remove = writeLocalEndpoints(dir, ENDPOINTS);
    expect(readLocalEndpoints(dir)).toEqual(ENDPOINTS);
    remove();
    expect(existsSync(join(dir, LOCAL_ENDPOINTS_FILE))).toBe(false);

    const first = writeLocalEndpoints(dir, ENDPOINTS);
    const other = { ...ENDPOINTS, dynamodbEndpoint: 'http://127.0.0.1:42000' };
    writeLocalEndpoints(dir, other); // a second `dev up` in the same project
    first();
    expect(readLocalEndpoints(dir)).toEqual(other);
  });

  it('says to start dev up when there is no file, and to restart it when the file is not its own', () => {
    const dir = root();
    expect(() => readLocalEndpoints(dir)).toThrow(
      'no local system is running here (.tributary/local.json is missing): start it with `npx dev up` in another terminal',
    );
    mkdirSync(join(dir, '.tributary'));
    for (const text of ['{ not json', '{"region":"us-east-1"}', '[]']) {
      writeFileSync(join(dir, LOCAL_ENDPOINTS_FILE), text);
      expect(() => readLocalEndpoints(dir)).toThrow(
        '.tributary/local.json is not what `dev up` writes: restart `npx dev up`',
      );
    }
  });
});

describe('republishConnection', () => {
  const base = { service: 'users' };

  it('--local: endpoints, region, local credentials and names from the file dev up wrote', () => {
    const dir = root();
    writeLocalEndpoints(dir, ENDPOINTS);
    const connection = republishConnection(
      { ...base, root: dir, local: true },
      // What the shell says about AWS must not send a local republish elsewhere.
      { TABLE_NAME: 'aws-table', AWS_ENDPOINT_URL_DYNAMODB: 'https://elsewhere' },
    );
    expect(connection).toEqual({
      tableName: 'tributary-dev-users-TableCD117FA1',
      eventBusName: 'tributary-dev',
      dynamodb: {
        endpoint: 'http://127.0.0.1:41000',
        region: 'us-east-1',
        credentials: LOCAL_CREDENTIALS,
        origin: { kind: 'local' },
      },
      eventBridge: {
        endpoint: 'http://127.0.0.1:41001',
        region: 'us-east-1',
        credentials: LOCAL_CREDENTIALS,
        origin: { kind: 'local' },
      },
    });
    expect(republishConnection({ ...base, root: dir, local: true, eventBus: 'other' }, {}).eventBusName).toBe(
      'other',
    );
  });

  it('--local for a service the running system does not have: restart dev up', () => {
    const dir = root();
    writeLocalEndpoints(dir, ENDPOINTS);
    expect(() => republishConnection({ root: dir, service: 'orders', local: true }, {})).toThrow(
      'the local system has no orders service: restart `npx dev up` so it runs the current specs',
    );
  });

  it('--stage: the table from the stack outputs dev deploy wrote, the bus from the events stack', () => {
    const dir = root();
    mkdirSync(join(dir, 'cdk.out'));
    const outputs = {
      'tributary-prod-users': { ApiUrl: 'https://x', TableName: 'tributary-prod-users-Table99' },
      'tributary-prod-events': { EventBusName: 'tributary-prod' },
    };
    writeFileSync(join(dir, 'cdk.out', 'outputs.prod.json'), JSON.stringify(outputs));
    const connection = republishConnection({ ...base, root: dir, stage: 'prod' }, { TABLE_NAME: 'ignored' });
    expect(connection).toMatchObject({
      tableName: 'tributary-prod-users-Table99',
      eventBusName: 'tributary-prod',
      dynamodb: { origin: { kind: 'aws' } },
    });
    expect(connection.dynamodb.endpoint).toBeUndefined();
    expect(connection.dynamodb.credentials).toBeUndefined();
    expect(() => republishConnection({ root: dir, service: 'orders', stage: 'prod' }, {})).toThrow(
      'cdk.out/outputs.prod.json has no TableName of stack tributary-prod-orders: deploy it with `npx dev deploy --stage prod orders`, or give --table',
    );
    expect(() => republishConnection({ ...base, root: dir, stage: 'dev' }, {})).toThrow(
      'no stack outputs for stage dev (cdk.out/outputs.dev.json): run `npx dev deploy --stage dev`',
    );
    expect(() => republishConnection({ ...base, root: dir, stage: 'pr-7' }, {})).toThrow(
      'no stack outputs for stage pr-7 (cdk.out/outputs.pr-7.json): run `npx dev deploy --stage pr-7`',
    );
    expect(() => republishConnection({ ...base, root: dir, stage: 'QA' }, {})).toThrow(
      'invalid stage "QA": use a lower-case letter',
    );
  });

  it('neither: names from the options or TABLE_NAME / EVENT_BUS_NAME, endpoints left to the SDK', () => {
    const dir = root();
    const connection = republishConnection(
      { ...base, root: dir, table: 'flag-table' },
      { TABLE_NAME: 'env-table', EVENT_BUS_NAME: 'env-bus', AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' },
    );
    expect(connection).toMatchObject({
      tableName: 'flag-table',
      eventBusName: 'env-bus',
      dynamodb: { origin: { kind: 'variable', name: 'AWS_ENDPOINT_URL' } },
      eventBridge: { origin: { kind: 'variable', name: 'AWS_ENDPOINT_URL' } },
    });
    expect(
      republishConnection(
        { ...base, root: dir, table: 't', eventBus: 'b' },
        { AWS_ENDPOINT_URL: 'http://a', AWS_ENDPOINT_URL_EVENTBRIDGE: 'http://b' },
      ).eventBridge.origin,
    ).toEqual({ kind: 'variable', name: 'AWS_ENDPOINT_URL_EVENTBRIDGE' });
  });

  it('says every way to give a missing table or bus, and refuses --local with --stage', () => {
    const dir = root();
    expect(() => republishConnection({ ...base, root: dir }, {})).toThrow(
      "give the table: --local for the system `npx dev up` runs, --stage <stage> for a deployed one, or --table <name> (the users stack's TableName output) or TABLE_NAME",
    );
    expect(() => republishConnection({ ...base, root: dir, table: 't' }, {})).toThrow(
      'give the bus: --local',
    );
    expect(() => republishConnection({ ...base, root: dir, local: true, stage: 'dev' }, {})).toThrow(
      'give --local or --stage, not both',
    );
  });
});

describe('shownEndpoint', () => {
  it('shows the endpoint a client uses: set, from a variable, or the region’s AWS host', () => {
    const env = { AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000' };
    expect(
      shownEndpoint('DynamoDB', { endpoint: 'http://x:1', origin: { kind: 'local' } }, env, undefined),
    ).toBe('http://x:1');
    expect(
      shownEndpoint(
        'DynamoDB',
        { origin: { kind: 'variable', name: 'AWS_ENDPOINT_URL_DYNAMODB' } },
        env,
        'eu-west-1',
      ),
    ).toBe('http://127.0.0.1:8000');
    expect(shownEndpoint('EventBridge', { origin: { kind: 'aws' } }, env, 'eu-west-1')).toBe(
      'https://events.eu-west-1.amazonaws.com',
    );
    expect(shownEndpoint('DynamoDB', { origin: { kind: 'aws' } }, env, undefined)).toBe(
      'https://dynamodb.<region>.amazonaws.com',
    );
  });
});
