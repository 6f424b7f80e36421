/**
 * loadLocalSystem on an app of the local runtime tests' own (the infra fixtures' frozen copies of
 * the users, orders and notifications specs, with stand-in entries), synthesized with real bundling
 * into a temporary cdk.out (as `npx cdk synth` does), once for the file. Adding a service to
 * api-specs/ changes nothing here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalFunction, LocalSystem } from '@tributary/local-runtime';
import { type LocalResolver, loadLocalSystem } from '@tributary/local-runtime';
import { specSchema } from '../../lib/contract/schema';
import { tableLayout } from '../../lib/contract/table-layout';
import { FIXTURE_SPECS, type Synthesized, synthesize } from '../infra/helpers';

const resolver: LocalResolver = {
  apiUrl: (apiId) => `http://127.0.0.1:4000/${apiId.split('/')[0]}/`,
  tableName: (tableId) => `local-${tableId.split('/')[0]}`,
  region: 'eu-west-1',
  accountId: '000000000000',
};

let synth: Synthesized;
let system: LocalSystem;

beforeAll(() => {
  synth = synthesize({
    bundling: true,
    nag: false,
    specFiles: ['users', 'orders', 'notifications'].map((service) => join(FIXTURE_SPECS, `${service}.json`)),
  });
  if (synth.error) throw synth.error;
  system = loadLocalSystem(synth.outdir, resolver);
}, 180_000);
afterAll(() => synth?.cleanup());

const USERS = 'tributary-dev-users';
const ORDERS = 'tributary-dev-orders';
const NOTIFICATIONS = 'tributary-dev-notifications';
const SERVICES = [USERS, ORDERS, NOTIFICATIONS];

function functionsOf(stack: string): LocalFunction[] {
  return [...system.functions.values()].filter((fn) => fn.stack === stack);
}

function byDescription(stack: string, description: string): LocalFunction {
  const found = functionsOf(stack).filter((fn) => fn.description === description);
  expect(found).toHaveLength(1);
  return found[0] as LocalFunction;
}

const apiId = (stack: string) => system.apis.find((api) => api.stack === stack)?.id ?? '';

describe('loadLocalSystem on the reference app', () => {
  it('reads every function with its bundled asset, settings and resolved environment', () => {
    expect(system.functions.size).toBe(20);
    expect(SERVICES.map((stack) => functionsOf(stack).length)).toEqual([7, 8, 5]);
    for (const fn of system.functions.values()) {
      expect(fn.id).toBe(`${fn.stack}/${fn.logicalId}`);
      expect(fn.codeDir.startsWith(synth.outdir)).toBe(true);
      expect(existsSync(join(fn.codeDir, 'index.js'))).toBe(true);
      expect(fn.handler).toBe('index.handler');
      expect(fn.runtime).toMatch(/^nodejs\d+\.x$/);
      expect(fn.memoryMb).toBeGreaterThanOrEqual(128);
      expect(fn.functionName).toBe(`${fn.stack}-${fn.logicalId}`.slice(0, 64));
      // TABLE_NAME is the table's local name, whatever the service; the $default route's fallback has no table.
      expect(fn.environment.TABLE_NAME).toBe(
        fn.environment.ROUTES === undefined ? `local-${fn.stack}` : undefined,
      );
      expect(fn.environment.SERVICE_NAME).toBe(fn.stack.replace('tributary-dev-', ''));
      for (const value of Object.values(fn.environment)) expect(typeof value).toBe('string');
    }
    const getUser = byDescription(USERS, 'users: GET /users/:id');
    expect(getUser.timeoutSeconds).toBe(10);
    expect(getUser.memoryMb).toBe(256);
  });

  it("resolves an owner's API URL, read through SSM in the template, to its local URL", () => {
    const createOrder = byDescription(ORDERS, 'orders: POST /orders');
    expect(createOrder.environment.USERS_API_URL).toBe(resolver.apiUrl(apiId(USERS)));
    expect(createOrder.environment.USERS_API_URL).toBe('http://127.0.0.1:4000/tributary-dev-users/');
    const subscriber = functionsOf(NOTIFICATIONS).find((fn) => fn.environment.ORDERS_API_URL !== undefined);
    expect(subscriber?.environment).toMatchObject({
      ORDERS_API_URL: resolver.apiUrl(apiId(ORDERS)),
      USERS_API_URL: resolver.apiUrl(apiId(USERS)),
    });
  });

  it('gives every forwarder the bus name and its resource types', () => {
    const forwarders = [...system.functions.values()].filter(
      (fn) => fn.environment.EVENT_BUS_NAME !== undefined,
    );
    expect(
      forwarders.map((fn) => [fn.stack, fn.environment.EVENT_BUS_NAME, fn.environment.RESOURCE_TYPES]),
    ).toEqual([
      [NOTIFICATIONS, 'tributary-dev', 'notification'],
      [ORDERS, 'tributary-dev', 'order'],
      [USERS, 'tributary-dev', 'user'],
    ]);
  });

  it("gives every forwarder's role PutEvents on the bus with its own service's source, and no other function any", () => {
    const busArn = 'arn:aws:events:eu-west-1:000000000000:event-bus/tributary-dev';
    for (const fn of system.functions.values()) {
      expect(fn.role?.arn).toMatch(/^arn:aws:iam::000000000000:role\//);
      const forwarder = fn.environment.EVENT_BUS_NAME !== undefined;
      const service = fn.stack.replace('tributary-dev-', '');
      expect([fn.id, fn.role?.putEventsStatements]).toEqual([
        fn.id,
        forwarder
          ? [
              {
                sid: 'PutOwnEvents',
                effect: 'Allow',
                resources: [busArn],
                condition: { StringEquals: { 'events:source': [`tributary.${service}`] } },
              },
            ]
          : [],
      ]);
    }
  });

  it('reads the subscribers’ asynchronous invocation settings and dead-letter queues', () => {
    const withAsync = [...system.functions.values()].filter((fn) => fn.asyncInvoke !== undefined);
    expect(withAsync.map((fn) => [fn.stack, fn.asyncInvoke])).toEqual([
      [
        NOTIFICATIONS,
        {
          maximumRetryAttempts: 2,
          maximumEventAgeInSeconds: 21_600,
          deadLetterQueueId: `${NOTIFICATIONS}/OnOrdersOrderDeadLettersC85DD30E`,
        },
      ],
      [
        ORDERS,
        {
          maximumRetryAttempts: 2,
          maximumEventAgeInSeconds: 21_600,
          deadLetterQueueId: `${ORDERS}/OnUsersUserDeadLetters42FE89B5`,
        },
      ],
    ]);
  });

  it('reads the three tables with keys, GSIs, stream and TTL', () => {
    expect([...system.tables.keys()]).toEqual(SERVICES.map((stack) => `${stack}/TableCD117FA1`).sort());
    const users = system.tables.get(`${USERS}/TableCD117FA1`);
    expect(users).toEqual({
      id: `${USERS}/TableCD117FA1`,
      stack: USERS,
      logicalId: 'TableCD117FA1',
      tableName: `local-${USERS}`,
      keySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      attributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: '_list', AttributeType: 'S' },
        { AttributeName: 'id', AttributeType: 'S' },
        { AttributeName: 'ix_user__email', AttributeType: 'S' },
      ],
      globalSecondaryIndexes: [
        {
          IndexName: 'by_type_shard',
          KeySchema: [
            { AttributeName: '_list', KeyType: 'HASH' },
            { AttributeName: 'id', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
        {
          IndexName: 'ix_user__email',
          KeySchema: [
            { AttributeName: 'ix_user__email', KeyType: 'HASH' },
            { AttributeName: 'id', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      streamViewType: 'NEW_AND_OLD_IMAGES',
      ttlAttribute: 'expires_at',
    });
    // Every table has exactly the GSIs its spec's layout says: the list index, then one per index.
    for (const table of system.tables.values()) {
      const service = table.stack.replace(/^tributary-dev-/, '');
      const spec = specSchema.parse(JSON.parse(readFileSync(join(FIXTURE_SPECS, `${service}.json`), 'utf8')));
      expect(table.globalSecondaryIndexes.map((index) => index.IndexName)).toEqual(
        tableLayout(spec).globalSecondaryIndexes.map((index) => index.name),
      );
    }
  });

  it("maps each table's stream to its forwarder with the forwarder's settings", () => {
    expect(system.mappings).toHaveLength(3);
    for (const mapping of system.mappings) {
      const fn = system.functions.get(mapping.functionId);
      const table = system.tables.get(mapping.tableId);
      expect(fn?.environment.EVENT_BUS_NAME).toBe('tributary-dev');
      expect(table?.stack).toBe(fn?.stack);
      expect(mapping).toEqual({
        id: expect.stringMatching(new RegExp(`^${fn?.stack}/ForwarderFunctionDynamoDBEventSource`)),
        functionId: fn?.id,
        tableId: table?.id,
        batchSize: 100,
        startingPosition: 'TRIM_HORIZON',
        bisectBatchOnFunctionError: true,
        maximumRetryAttempts: 10,
        maximumRecordAgeInSeconds: 43_200,
        reportBatchItemFailures: true,
        maximumBatchingWindowInSeconds: 0,
        onFailureQueueId: `${fn?.stack}/ForwarderOnFailure9F44BBD0`,
      });
      expect(system.queues.has(mapping.onFailureQueueId ?? '')).toBe(true);
    }
  });

  it('reads the two subscription rules with their patterns, targets, retry policies and DLQs', () => {
    expect(system.rules).toEqual([
      {
        id: `${NOTIFICATIONS}/OnOrdersOrderRule0E105C21`,
        stack: NOTIFICATIONS,
        busName: 'tributary-dev',
        pattern: { source: ['tributary.orders'], 'detail-type': ['order.upserted'] },
        targets: [
          {
            functionId: `${NOTIFICATIONS}/OnOrdersOrderFunction5AA93734`,
            retryAttempts: 8,
            maxEventAgeSeconds: 21_600,
            deadLetterQueueId: `${NOTIFICATIONS}/OnOrdersOrderDeadLettersC85DD30E`,
          },
        ],
      },
      {
        id: `${ORDERS}/OnUsersUserRule0C376EBA`,
        stack: ORDERS,
        busName: 'tributary-dev',
        pattern: { source: ['tributary.users'], 'detail-type': ['user.deleted'] },
        targets: [
          {
            functionId: `${ORDERS}/OnUsersUserFunction273CDDCC`,
            retryAttempts: 8,
            maxEventAgeSeconds: 21_600,
            deadLetterQueueId: `${ORDERS}/OnUsersUserDeadLetters42FE89B5`,
          },
        ],
      },
    ]);
    for (const rule of system.rules) {
      for (const target of rule.targets) expect(system.functions.has(target.functionId)).toBe(true);
    }
  });

  it('reads the three HTTP APIs with every route, its function and its auth', () => {
    const routes = system.apis.map((api) => ({
      service: api.service,
      routes: api.routes.map((route) => [
        `${route.method} ${route.path}`,
        system.functions.get(route.functionId)?.description,
        route.auth,
      ]),
    }));
    const crud = (service: string, collection: string, writable: boolean) => ({
      service,
      routes: [
        [`GET /${collection}/{id}`, `${service}: GET /${collection}/:id`, 'AWS_IAM'],
        [`GET /${collection}`, `${service}: GET /${collection}`, 'AWS_IAM'],
        ...(writable
          ? [
              [`POST /${collection}`, `${service}: POST /${collection}`, 'AWS_IAM'],
              [`PUT /${collection}/{id}`, `${service}: PUT /${collection}/:id`, 'AWS_IAM'],
              [`DELETE /${collection}/{id}`, `${service}: DELETE /${collection}/:id`, 'AWS_IAM'],
            ]
          : []),
        // What no route matches: the fallback, without auth (lib/infra/fallback-route.ts).
        ['ANY $default', `${service}: $default route (404/405 for unmatched requests)`, 'NONE'],
      ],
    });
    expect(routes).toEqual([
      crud('notifications', 'notifications', false),
      crud('orders', 'orders', true),
      crud('users', 'users', true),
    ]);
    expect(system.apis.map((api) => api.id)).toEqual(SERVICES.map((stack) => `${stack}/ApiF70053CD`).sort());
    // The fallback knows the API's other routes from its environment.
    for (const api of system.apis) {
      const fallback = api.routes.find((route) => route.path === '$default');
      const others = api.routes.filter((route) => route !== fallback).map((r) => `${r.method} ${r.path}`);
      expect(system.functions.get(fallback?.functionId ?? '')?.environment.ROUTES).toBe(
        others.sort().join(','),
      );
    }
  });

  it('lists the queues and the bus, and has nothing to warn about', () => {
    expect([...system.queues.keys()]).toEqual([
      `${NOTIFICATIONS}/ForwarderOnFailure9F44BBD0`,
      `${NOTIFICATIONS}/OnOrdersOrderDeadLettersC85DD30E`,
      `${ORDERS}/ForwarderOnFailure9F44BBD0`,
      `${ORDERS}/OnUsersUserDeadLetters42FE89B5`,
      `${USERS}/ForwarderOnFailure9F44BBD0`,
    ]);
    expect(system.buses).toEqual(['tributary-dev']);
    expect(system.warnings).toEqual([]);
  });
});
