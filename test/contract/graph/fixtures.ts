import { join } from 'node:path';
import { discoverSpecFiles } from '../../../lib/contract/files';
import { buildServiceGraph, type ServiceGraph } from '../../../lib/contract/graph/service-graph';
import type { Call, EventKind, Operation, Resource, Spec, Subscription } from '../../../lib/contract/schema';
import { validateSpecFiles } from '../../../lib/contract/validate/validate';

/**
 * Small specs for the service-graph tests, as the graph code sees them (parsed specs). They hold
 * only what the graph reads: names, resources with their paths, storage and events, operations
 * with their calls, subscriptions with theirs.
 */

const ROOT = join(__dirname, '..', '..', '..');

/** An operation `<method> <path>` answering 200, whose code calls `calls`. */
export function op(method: Operation['method'], path: string, calls?: Call[]): Operation {
  return { method, path, responses: { '200': { type: 'unit' } }, ...(calls ? { calls } : {}) };
}

export const call = (service: string, path: string, method: Call['method'] = 'GET'): Call => ({
  service,
  method,
  path,
});

/** A stored resource at `path` (both events unless `events` says), with a GET of one item and `more`. */
export function stored(path: string, more: Operation[] = [], events?: EventKind[]): Resource {
  return { path, storage: {}, ...(events ? { events } : {}), operations: [op('GET', '/:id'), ...more] };
}

export function subscribe(
  service: string,
  resource: string,
  events: EventKind[],
  calls?: Call[],
): Subscription {
  return { service, resource, events, ...(calls ? { calls } : {}) };
}

export function spec(
  name: string,
  resources: Record<string, Resource>,
  subscriptions: Subscription[] = [],
): Spec {
  return { name, resources, subscriptions };
}

/**
 * A system with every kind of edge and every case the graph must decide:
 * - `catalog` publishes both events of `product`; `draft` (not stored) publishes none; `price`
 *   publishes `deleted` only;
 * - `inventory` subscribes to product.upserted and .deleted (one edge each) and calls nothing
 *   more than the default read, GET /products/:id; its POST /stock calls catalog twice, once the
 *   same route, so the route lists both callers;
 * - `search` subscribes to price.deleted with explicit calls (GET /prices/:id of catalog and GET
 *   /stock/:id of inventory) and to its own `index_entry` (the default read is a call to itself);
 * - `audit` subscribes to an event nobody publishes (price.upserted) and calls a service that
 *   does not exist: neither draws an edge (validation reports them).
 */
export function richSystem(): Spec[] {
  return [
    spec('catalog', {
      product: stored('/products'),
      draft: { path: '/drafts', operations: [op('GET', '/:id')] },
      price: stored('/prices', [], ['deleted']),
    }),
    spec(
      'inventory',
      {
        stock: stored('/stock', [
          op('POST', '', [call('catalog', '/products/:id'), call('catalog', '/prices/:id')]),
          op('PUT', '/:id', [call('catalog', '/products/:id')]),
        ]),
      },
      [subscribe('catalog', 'product', ['upserted', 'deleted'])],
    ),
    spec('search', { index_entry: stored('/index-entries') }, [
      subscribe(
        'catalog',
        'price',
        ['deleted'],
        [call('catalog', '/prices/:id'), call('inventory', '/stock/:id')],
      ),
      subscribe('search', 'index_entry', ['upserted']),
    ]),
    spec('audit', { entry: stored('/entries', [op('POST', '', [call('nowhere', '/things/:id')])]) }, [
      subscribe('catalog', 'price', ['upserted'], []),
    ]),
  ];
}

/** The reference services: the three examples this repository ships, which its docs draw. */
export const REFERENCE_SERVICES = ['notifications', 'orders', 'users'] as const;

function validated(files: readonly string[], what: string): Spec[] {
  const { valid, diagnostics } = validateSpecFiles(files.map((f) => join(ROOT, f)));
  if (diagnostics.some((d) => d.severity === 'error')) {
    throw new Error(`${what} do not validate: ${diagnostics.map((d) => d.message).join('; ')}`);
  }
  return valid.map((l) => l.spec);
}

/**
 * The reference specs (api-specs/users.json, orders.json, notifications.json), validated: the
 * reference system's graph, whatever other specs a team has added beside them.
 */
export function referenceSpecs(): Spec[] {
  return validated(
    REFERENCE_SERVICES.map((service) => `api-specs/${service}.json`),
    'the reference specs',
  );
}

/** Every spec in api-specs/, validated: the graph `dev graph` draws in this repository. */
export function projectSpecs(): Spec[] {
  return validated(discoverSpecFiles(ROOT), 'the specs of api-specs/');
}

/** Every order of `items` (n! of them: keep n small). */
export function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

/** Names that need escaping in every output format: quotes, angle brackets, ampersand, backslash, hash, pipe. */
export const HOSTILE_SERVICE = 'a"b<c>&d\\e#f|g';
export const HOSTILE_RESOURCE = "r'1&<x>";

/** Two services with hostile names, one calling the other, so names reach nodes, events and routes. */
export function hostileSystem(): Spec[] {
  return [
    spec(HOSTILE_SERVICE, { [HOSTILE_RESOURCE]: stored('/r"1/<x>&y') }),
    spec('plain', { item: stored('/items', [op('POST', '', [call(HOSTILE_SERVICE, '/r"1/<x>&y/:id')])]) }),
  ];
}

/**
 * The smallest system with every edge kind: users publishes user.deleted; orders (nothing stored,
 * so no event) subscribes to it, reading the user (the default read), and its POST /orders calls
 * two routes of users.
 */
export function smallSystem(): Spec[] {
  return [
    spec('users', { user: stored('/users', [op('GET', '')], ['deleted']) }),
    spec(
      'orders',
      {
        order: {
          path: '/orders',
          operations: [op('POST', '', [call('users', '/users/:id'), call('users', '/users')])],
        },
      },
      [subscribe('users', 'user', ['deleted'])],
    ),
  ];
}

/** What `format` makes of the rich system's graph for every order of its specs (24 orders), deduplicated. */
export function outputsForEveryOrder(format: (graph: ServiceGraph) => string): Set<string> {
  return new Set(permutations(richSystem()).map((order) => format(buildServiceGraph(order))));
}
