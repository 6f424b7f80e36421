import {
  buildServiceGraph,
  type CallSite,
  callSites,
  compareText,
  EDGE_KINDS,
  eventNodes,
  type GraphEdge,
  type ServiceGraph,
  serviceNodes,
} from '../../../lib/contract/graph/service-graph';
import type { Spec } from '../../../lib/contract/schema';
import { call, op, permutations, referenceSpecs, richSystem, spec, stored, subscribe } from './fixtures';

/** An edge in one line: `calls service:a -> service:b [GET /bs/:id by a.operations.POST /as]`. */
function edgeLine(edge: GraphEdge): string {
  const head = `${edge.kind} ${edge.from} -> ${edge.to}`;
  if (edge.kind === 'publishes') return head;
  if (edge.kind === 'subscribes') return `${head} (${edge.subscription})`;
  return `${head} [${edge.routes.map((r) => `${r.method} ${r.path} by ${r.by.join(', ')}`).join('; ')}]`;
}

/** `service:a in 1 out 0` per service node, `event:a:x.upserted` per event node. */
function nodeLines(graph: ServiceGraph): string[] {
  return graph.nodes.map((node) =>
    node.kind === 'service'
      ? `${node.id} in ${node.fanIn} [${node.dependents.join(' ')}] out ${node.fanOut} [${node.dependsOn.join(' ')}]`
      : `${node.id} (${node.source} ${node.detailType} of ${node.resource}, ${node.event})`,
  );
}

const site = (s: CallSite) => [s.from, s.to, `${s.method} ${s.path}`, s.by, s.byLabel, s.jsonPath];

describe('callSites', () => {
  const users = spec('users', {
    user: stored('/users', [op('GET', '')]),
    session: { path: '/sessions', storage: {}, operations: [op('GET', '')] },
  });
  it.each<{ given: string; specs: Spec[]; want: ReturnType<typeof site>[] }>([
    { given: 'no calls and no subscriptions', specs: [users], want: [] },
    {
      given: "an operation's calls, at their place and JSON path",
      specs: [
        users,
        spec('orders', {
          order: stored('/orders', [
            op('POST', '', [call('users', '/users/:id'), call('users', '/users', 'GET')]),
          ]),
        }),
      ],
      want: [
        [
          'orders',
          'users',
          'GET /users/:id',
          'orders.operations.POST /orders',
          'POST /orders',
          ['resources', 'order', 'operations', 1, 'calls', 0],
        ],
        [
          'orders',
          'users',
          'GET /users',
          'orders.operations.POST /orders',
          'POST /orders',
          ['resources', 'order', 'operations', 1, 'calls', 1],
        ],
      ],
    },
    {
      given: "a subscription without calls: the publisher's GET of one item, at the subscription",
      specs: [users, spec('orders', {}, [subscribe('users', 'user', ['deleted'])])],
      want: [
        [
          'orders',
          'users',
          'GET /users/:id',
          'orders.subscriptions.users.user',
          'subscription to users.user',
          ['subscriptions', 0],
        ],
      ],
    },
    {
      given: "a subscription's explicit calls, at each call",
      specs: [
        users,
        spec('orders', {}, [
          subscribe(
            'users',
            'user',
            ['deleted'],
            [call('users', '/users'), call('billing', '/accounts/:id')],
          ),
        ]),
      ],
      want: [
        [
          'orders',
          'users',
          'GET /users',
          'orders.subscriptions.users.user',
          'subscription to users.user',
          ['subscriptions', 0, 'calls', 0],
        ],
        [
          'orders',
          'billing',
          'GET /accounts/:id',
          'orders.subscriptions.users.user',
          'subscription to users.user',
          ['subscriptions', 0, 'calls', 1],
        ],
      ],
    },
    {
      given:
        'a subscription with `calls: []`, to an unknown publisher, or to a resource without a GET of one item',
      specs: [
        users,
        spec('orders', {}, [
          subscribe('users', 'user', ['deleted'], []),
          subscribe('nobody', 'thing', ['deleted']),
          subscribe('users', 'session', ['upserted']),
        ]),
      ],
      want: [],
    },
  ])('$given', ({ specs, want }) => {
    expect(callSites(specs).map(site)).toEqual(want);
  });
});

describe('buildServiceGraph', () => {
  it('draws every service, event and edge kind of a system, sorted, with fan-in and fan-out', () => {
    const graph = buildServiceGraph(richSystem());
    expect(nodeLines(graph)).toEqual([
      'service:audit in 0 [] out 0 []',
      'service:catalog in 2 [inventory search] out 0 []',
      'service:inventory in 1 [search] out 1 [catalog]',
      'service:search in 0 [] out 2 [catalog inventory]',
      'event:audit:entry.deleted (tributary.audit entry.deleted of entry, deleted)',
      'event:audit:entry.upserted (tributary.audit entry.upserted of entry, upserted)',
      'event:catalog:price.deleted (tributary.catalog price.deleted of price, deleted)',
      'event:catalog:product.deleted (tributary.catalog product.deleted of product, deleted)',
      'event:catalog:product.upserted (tributary.catalog product.upserted of product, upserted)',
      'event:inventory:stock.deleted (tributary.inventory stock.deleted of stock, deleted)',
      'event:inventory:stock.upserted (tributary.inventory stock.upserted of stock, upserted)',
      'event:search:index_entry.deleted (tributary.search index_entry.deleted of index_entry, deleted)',
      'event:search:index_entry.upserted (tributary.search index_entry.upserted of index_entry, upserted)',
    ]);
    expect(graph.edges.map(edgeLine)).toEqual([
      'publishes service:audit -> event:audit:entry.deleted',
      'publishes service:audit -> event:audit:entry.upserted',
      'publishes service:catalog -> event:catalog:price.deleted',
      'publishes service:catalog -> event:catalog:product.deleted',
      'publishes service:catalog -> event:catalog:product.upserted',
      'publishes service:inventory -> event:inventory:stock.deleted',
      'publishes service:inventory -> event:inventory:stock.upserted',
      'publishes service:search -> event:search:index_entry.deleted',
      'publishes service:search -> event:search:index_entry.upserted',
      'subscribes event:catalog:price.deleted -> service:search (search.subscriptions.catalog.price)',
      'subscribes event:catalog:product.deleted -> service:inventory (inventory.subscriptions.catalog.product)',
      'subscribes event:catalog:product.upserted -> service:inventory (inventory.subscriptions.catalog.product)',
      'subscribes event:search:index_entry.upserted -> service:search (search.subscriptions.search.index_entry)',
      'calls service:inventory -> service:catalog [GET /prices/:id by inventory.operations.POST /stock; ' +
        'GET /products/:id by inventory.operations.POST /stock, inventory.operations.PUT /stock/:id, inventory.subscriptions.catalog.product]',
      'calls service:search -> service:catalog [GET /prices/:id by search.subscriptions.catalog.price]',
      'calls service:search -> service:inventory [GET /stock/:id by search.subscriptions.catalog.price]',
      'calls service:search -> service:search [GET /index-entries/:id by search.subscriptions.search.index_entry]',
    ]);
    expect(new Set(graph.edges.map((e) => e.kind))).toEqual(new Set(EDGE_KINDS));
  });

  it.each<{ given: string; specs: Spec[]; nodes: string[]; edges: string[] }>([
    { given: 'an empty system', specs: [], nodes: [], edges: [] },
    {
      given: 'a service with no stored resource: a node, no event',
      specs: [spec('gateway', { route: { path: '/routes', operations: [op('GET', '/:id')] } })],
      nodes: ['service:gateway in 0 [] out 0 []'],
      edges: [],
    },
    {
      given: 'a resource that lists its events publishes those only',
      specs: [spec('users', { user: stored('/users', [], ['deleted']) })],
      nodes: [
        'service:users in 0 [] out 0 []',
        'event:users:user.deleted (tributary.users user.deleted of user, deleted)',
      ],
      edges: ['publishes service:users -> event:users:user.deleted'],
    },
    {
      given:
        'a subscriber that calls nothing still depends on its publisher; an event named twice is one edge',
      specs: [
        spec('users', { user: stored('/users', [], ['deleted']) }),
        spec('mailer', {}, [subscribe('users', 'user', ['deleted', 'deleted'], [])]),
      ],
      nodes: [
        'service:mailer in 0 [] out 1 [users]',
        'service:users in 1 [mailer] out 0 []',
        'event:users:user.deleted (tributary.users user.deleted of user, deleted)',
      ],
      edges: [
        'publishes service:users -> event:users:user.deleted',
        'subscribes event:users:user.deleted -> service:mailer (mailer.subscriptions.users.user)',
      ],
    },
    {
      given: 'a subscription to an unpublished event and a call to an unknown service draw nothing',
      specs: [
        spec('users', { user: stored('/users', [], ['deleted']) }),
        spec(
          'mailer',
          { mail: { path: '/mails', operations: [op('POST', '', [call('ghost', '/ghosts/:id')])] } },
          [subscribe('users', 'user', ['upserted'], []), subscribe('ghost', 'ghost', ['deleted'], [])],
        ),
      ],
      nodes: [
        'service:mailer in 0 [] out 0 []',
        'service:users in 0 [] out 0 []',
        'event:users:user.deleted (tributary.users user.deleted of user, deleted)',
      ],
      edges: ['publishes service:users -> event:users:user.deleted'],
    },
    {
      given:
        'two routes of one service called by two services: one edge per pair, routes by path then method',
      specs: [
        spec('users', { user: stored('/users', [op('PUT', '/:id'), op('GET', '')]) }, []),
        spec('b', { b: { path: '/b', operations: [op('POST', '', [call('users', '/users/:id', 'PUT')])] } }),
        spec('a', {
          a: {
            path: '/a',
            operations: [
              op('POST', '', [call('users', '/users/:id', 'PUT'), call('users', '/users/:id')]),
              op('GET', '', [call('users', '/users')]),
            ],
          },
        }),
      ],
      nodes: [
        'service:a in 0 [] out 1 [users]',
        'service:b in 0 [] out 1 [users]',
        'service:users in 2 [a b] out 0 []',
        'event:users:user.deleted (tributary.users user.deleted of user, deleted)',
        'event:users:user.upserted (tributary.users user.upserted of user, upserted)',
      ],
      edges: [
        'publishes service:users -> event:users:user.deleted',
        'publishes service:users -> event:users:user.upserted',
        'calls service:a -> service:users [GET /users by a.operations.GET /a; ' +
          'GET /users/:id by a.operations.POST /a; PUT /users/:id by a.operations.POST /a]',
        'calls service:b -> service:users [PUT /users/:id by b.operations.POST /b]',
      ],
    },
  ])('$given', ({ specs, nodes, edges }) => {
    const graph = buildServiceGraph(specs);
    expect(nodeLines(graph)).toEqual(nodes);
    expect(graph.edges.map(edgeLine)).toEqual(edges);
  });

  it('draws the reference system: notifications and orders call users, each subscribes to one event', () => {
    const graph = buildServiceGraph(referenceSpecs());
    expect(nodeLines(graph).slice(0, 3)).toEqual([
      'service:notifications in 0 [] out 2 [orders users]',
      'service:orders in 1 [notifications] out 1 [users]',
      'service:users in 2 [notifications orders] out 0 []',
    ]);
    expect(graph.edges.filter((e) => e.kind !== 'publishes').map(edgeLine)).toEqual([
      'subscribes event:orders:order.upserted -> service:notifications (notifications.subscriptions.orders.order)',
      'subscribes event:users:user.deleted -> service:orders (orders.subscriptions.users.user)',
      'calls service:notifications -> service:orders [GET /orders/:id by notifications.subscriptions.orders.order]',
      'calls service:notifications -> service:users [GET /users/:id by notifications.subscriptions.orders.order]',
      'calls service:orders -> service:users [GET /users/:id by orders.operations.POST /orders, ' +
        'orders.operations.PUT /orders/:id, orders.subscriptions.users.user]',
    ]);
  });

  it('is the same graph whatever order the specs come in', () => {
    const specs = richSystem();
    const want = JSON.stringify(buildServiceGraph(specs));
    const orders = permutations(specs);
    expect(orders).toHaveLength(24);
    for (const order of orders) expect(JSON.stringify(buildServiceGraph(order))).toBe(want);
  });

  it('does not change the specs it is given', () => {
    const specs = richSystem();
    const before = structuredClone(specs);
    buildServiceGraph(specs);
    expect(specs).toEqual(before);
  });

  it('splits its nodes into services and events', () => {
    const graph = buildServiceGraph(richSystem());
    expect(serviceNodes(graph).map((n) => n.service)).toEqual(['audit', 'catalog', 'inventory', 'search']);
    expect(eventNodes(graph)).toHaveLength(9);
    expect(serviceNodes(graph).length + eventNodes(graph).length).toBe(graph.nodes.length);
  });
});

describe('compareText', () => {
  it.each<[a: string, b: string, want: number]>([
    ['a', 'b', -1],
    ['b', 'a', 1],
    ['a', 'a', 0],
    // Code-unit order, not the locale's: capitals first, accented letters after z.
    ['B', 'a', -1],
    ['z', 'é', -1],
    ['a', 'a\u0000', -1],
  ])('orders %j before/after %j: %i', (a, b, want) => {
    expect(compareText(a, b)).toBe(want);
  });
});
