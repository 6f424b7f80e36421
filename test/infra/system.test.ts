import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { LIST_INDEX } from '../../functions/runtime/conventions';
import { stageConfig } from '../../lib/infra/stage';
import {
  kebabCase,
  missingEntries,
  operationEntry,
  planSystem,
  requiredEntries,
  routePath,
  SystemPlanError,
  subscriberEntry,
} from '../../lib/infra/system';
import { fixtureRoot, fixtureSpecFiles, REPO } from './helpers';

describe('entry conventions', () => {
  it.each([
    ['getUser', 'get-user'],
    ['listUsers', 'list-users'],
    ['postUsersByIdConfirm', 'post-users-by-id-confirm'],
    ['getRatingSummary', 'get-rating-summary'],
    ['listUsers2', 'list-users2'],
    ['line_item', 'line-item'],
  ])('kebab-cases %s as %s', (name, kebab) => {
    expect(kebabCase(name)).toBe(kebab);
  });

  it('puts handlers and subscribers where the other tools expect them', () => {
    expect(operationEntry('users', 'getUser')).toBe('functions/users/generated/lambdas/get-user.ts');
    expect(subscriberEntry('orders', 'users', 'user')).toBe(
      'functions/orders/generated/lambdas/on-users-user.ts',
    );
    expect(subscriberEntry('order_items', 'line_items', 'line_item')).toBe(
      'functions/order_items/generated/lambdas/on-line-items-line-item.ts',
    );
  });

  it('turns spec paths into route paths', () => {
    expect(routePath('/users/:id')).toBe('/users/{id}');
    expect(routePath('/users/:user_id/orders/:id')).toBe('/users/{user_id}/orders/{id}');
    expect(routePath('/users')).toBe('/users');
  });
});

describe('planSystem', () => {
  const plan = planSystem({ root: fixtureRoot(), specFiles: fixtureSpecFiles() });
  const service = (name: string) => {
    const found = plan.services.find((s) => s.name === name);
    if (!found) throw new Error(`no ${name}`);
    return found;
  };

  it('has every spec as a service, the extra fixture service included', () => {
    expect(plan.services.map((s) => s.name)).toEqual(['notifications', 'orders', 'reviews', 'users']);
  });

  it('gives every operation its id, route, auth, table access and entry', () => {
    expect(service('reviews').operations).toEqual([
      {
        id: 'getReview',
        key: 'GET /reviews/:id',
        method: 'GET',
        path: '/reviews/:id',
        routePath: '/reviews/{id}',
        auth: 'none',
        tableAccess: { uses: ['get'], actions: ['GetItem'], recordOnlyActions: [] },
        entry: 'functions/reviews/generated/lambdas/get-review.ts',
        calls: [],
      },
      expect.objectContaining({
        id: 'listReviews',
        routePath: '/reviews',
        auth: 'iam',
        // The resource has indexes: a list may find by them; a unique one reads its guard item.
        tableAccess: { uses: ['list', 'find'], actions: ['GetItem', 'Query'], recordOnlyActions: [] },
      }),
      expect.objectContaining({
        id: 'createReview',
        method: 'POST',
        tableAccess: {
          uses: ['create', 'idempotency'],
          actions: ['DeleteItem', 'PutItem', 'UpdateItem'],
          recordOnlyActions: ['DeleteItem', 'UpdateItem'],
        },
      }),
      expect.objectContaining({
        id: 'updateReview',
        method: 'PATCH',
        // A unique index: a replace releases the guard of a value that moved.
        tableAccess: {
          uses: ['replace'],
          actions: ['DeleteItem', 'GetItem', 'PutItem'],
          recordOnlyActions: [],
        },
      }),
      expect.objectContaining({
        id: 'deleteReview',
        method: 'DELETE',
        tableAccess: { uses: ['delete'], actions: ['DeleteItem', 'GetItem'], recordOnlyActions: [] },
      }),
      expect.objectContaining({
        id: 'getRatingSummary',
        routePath: '/rating-summaries/{id}',
        // Not stored itself: what it reads is declared in the spec.
        tableAccess: { uses: ['find'], actions: ['GetItem', 'Query'], recordOnlyActions: [] },
      }),
    ]);
  });

  it('gives every subscriber its dedupe records and what its spec declares', () => {
    expect(service('reviews').subscriptions.map((s) => [s.publisher, s.tableAccess])).toEqual([
      [
        'orders',
        {
          uses: ['find', 'replace', 'dedupe'],
          actions: ['DeleteItem', 'GetItem', 'PutItem', 'Query'],
          recordOnlyActions: [],
        },
      ],
      [
        'users',
        {
          uses: ['find', 'delete', 'dedupe'],
          actions: ['DeleteItem', 'GetItem', 'PutItem', 'Query'],
          recordOnlyActions: [],
        },
      ],
    ]);
  });

  it('derives each subscription: source, detail types, what it calls (default the owner GET by id) and the URL variables', () => {
    expect(service('reviews').subscriptions).toEqual([
      {
        publisher: 'orders',
        resource: 'order',
        events: ['upserted', 'deleted'],
        source: 'tributary.orders',
        detailTypes: ['order.upserted', 'order.deleted'],
        calls: [
          {
            service: 'orders',
            method: 'GET',
            path: '/orders/:id',
            routePath: '/orders/{id}',
            apiUrlVariable: 'ORDERS_API_URL',
          },
        ],
        tableAccess: {
          uses: ['find', 'replace', 'dedupe'],
          actions: ['DeleteItem', 'GetItem', 'PutItem', 'Query'],
          recordOnlyActions: [],
        },
        entry: 'functions/reviews/generated/lambdas/on-orders-order.ts',
      },
      expect.objectContaining({
        publisher: 'users',
        detailTypes: ['user.deleted'],
        calls: [
          {
            service: 'users',
            method: 'GET',
            path: '/users/:id',
            routePath: '/users/{id}',
            apiUrlVariable: 'USERS_API_URL',
          },
        ],
      }),
    ]);
  });

  it('lists only stored resources that publish events for the forwarder', () => {
    expect(service('reviews').publishingResources).toEqual(['review']);
    expect(service('users').publishingResources).toEqual(['user']);
  });

  it('takes the table layout from table-layout.ts: the list index first, then one GSI per spec index', () => {
    expect(service('reviews').layout.globalSecondaryIndexes).toEqual([
      { name: LIST_INDEX.name, partitionKey: LIST_INDEX.partitionKey, sortKey: 'id' },
      { name: 'ix_review__order_id', partitionKey: 'ix_review__order_id', sortKey: 'id' },
      { name: 'ix_review__user_id__state', partitionKey: 'ix_review__user_id__state', sortKey: 'id' },
    ]);
  });

  it('needs one entry per operation and subscription, the forwarder and the $default route fallback', () => {
    const entries = requiredEntries(plan).map((e) => e.entry);
    const operations = plan.services.reduce((n, s) => n + s.operations.length, 0);
    const subscriptions = plan.services.reduce((n, s) => n + s.subscriptions.length, 0);
    expect(entries).toHaveLength(operations + subscriptions + 2);
    expect(entries).toContain('functions/runtime/forwarder/handler.ts');
    // One code for every service's fallback, listed once.
    expect(plan.services.map((s) => s.fallbackEntry)).toEqual(
      plan.services.map(() => 'functions/runtime/http/fallback-handler.ts'),
    );
    expect(entries.filter((e) => e === 'functions/runtime/http/fallback-handler.ts')).toHaveLength(1);
  });
});

describe('planSystem errors', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tributary-plan-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names every missing entry file, with what needs it', () => {
    const run = () => planSystem({ root: dir, specFiles: fixtureSpecFiles() });
    expect(run).toThrow(SystemPlanError);
    expect(run).toThrow(/Lambda entry file\(s\) missing/);
    expect(run).toThrow(
      /functions\/reviews\/generated\/lambdas\/get-review\.ts\s+reviews: GET \/reviews\/:id \(operation getReview\)/,
    );
    expect(run).toThrow(
      /functions\/reviews\/generated\/lambdas\/on-users-user\.ts\s+reviews: subscriber to users\.user deleted/,
    );
    expect(run).toThrow(/functions\/runtime\/forwarder\/handler\.ts\s+the stream forwarder/);
    expect(run).toThrow(
      /functions\/runtime\/http\/fallback-handler\.ts\s+every service API's \$default route/,
    );
    expect(run).toThrow(/run `npx dev generate`/);
  });

  it('refuses invalid specs, naming the file, position and rule', () => {
    writeFileSync(join(dir, 'reviews.json'), '{ "name": "reviews", "resources": { "review": {} } }');
    expect(() => planSystem({ root: dir, specFiles: [join(dir, 'reviews.json')] })).toThrow(
      /The specs are invalid[\s\S]*reviews\.json:1:\d+/,
    );
  });

  it('gives a subscription whose owner has no GET <path>/:id (and that declares no calls) no API access', () => {
    const owner = {
      name: 'owner',
      models: { thing: { fields: [{ name: 'id', type: 'string' }] } },
      resources: {
        thing: {
          storage: {},
          operations: [{ method: 'GET', responses: { '200': { type: '[thing]' } } }],
        },
      },
    };
    const subscriber = {
      name: 'subscriber',
      subscriptions: [{ service: 'owner', resource: 'thing', events: ['deleted'] }],
    };
    writeFileSync(join(dir, 'owner.json'), JSON.stringify(owner));
    writeFileSync(join(dir, 'subscriber.json'), JSON.stringify(subscriber));
    const plan = planSystem({
      root: dir,
      specFiles: [join(dir, 'owner.json'), join(dir, 'subscriber.json')],
      checkEntries: false,
    });
    expect(plan.services.find((s) => s.name === 'subscriber')?.subscriptions[0]?.calls).toEqual([]);
  });

  it('refuses a project without specs', () => {
    expect(() => planSystem({ root: dir })).toThrow(/no specs in/);
  });

  it("plans the repository's own specs: every entry is generated, none is missing", () => {
    const plan = planSystem({ root: REPO });
    expect(plan.services.length).toBeGreaterThan(0);
    expect(missingEntries(plan)).toEqual([]);
  });
});

describe('stages', () => {
  it('keeps data in prod and throws it away in dev', () => {
    expect(stageConfig('dev')).toMatchObject({
      removalPolicy: RemovalPolicy.DESTROY,
      deletionProtection: false,
      logRetention: RetentionDays.ONE_WEEK,
      logLevel: 'DEBUG',
    });
    expect(stageConfig('prod')).toMatchObject({
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
      logRetention: RetentionDays.ONE_YEAR,
      logLevel: 'INFO',
    });
    expect(stageConfig().name).toBe('dev');
  });

  it("gives any other valid stage dev's settings under its own name", () => {
    expect(stageConfig('pr-42')).toMatchObject({
      name: 'pr-42',
      removalPolicy: RemovalPolicy.DESTROY,
      deletionProtection: false,
      logLevel: 'DEBUG',
    });
  });

  it.each([
    ['QA', 'invalid stage "QA"'],
    ['pr--42', 'invalid stage "pr--42"'],
    ['pr-', 'invalid stage "pr-"'],
    ['42', 'invalid stage "42"'],
    ['a'.repeat(21), 'is 21 characters long: at most 20'],
    [7, 'a stage name is text, not 7'],
  ])('rejects the stage %j with what to use', (value, message) => {
    expect(() => stageConfig(value)).toThrow(message);
    expect(() => stageConfig(value)).toThrow('(-c stage=<name>)');
  });
});
