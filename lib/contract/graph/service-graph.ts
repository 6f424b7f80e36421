import { detailType, eventSource } from '../../../functions/runtime/conventions';
import type { JsonPath } from '../diagnostic';
import { allOperations, publishedEvents, subscriptionCalls } from '../model';
import { place } from '../place';
import type { EventKind, HttpMethod, Spec } from '../schema';

/**
 * The system as a graph, from its specs alone: every service, the events its resources publish,
 * who subscribes to which event and who calls which routes. Pure: specs in, a sorted graph out,
 * so `dev graph` prints the same text for the same specs on every machine. Edges follow the flow:
 * a publisher to its event, an event to each subscriber, a caller to the service it calls.
 */

/** One call a spec declares: whose code makes it (an operation's or a subscription's) and to which route. */
export interface CallSite {
  /** The calling service. */
  readonly from: string;
  /** The called service. */
  readonly to: string;
  readonly method: HttpMethod;
  readonly path: string;
  /** The place of the operation or subscription whose code calls (what allow entries name). */
  readonly by: string;
  /** `GET /users/:id` for an operation; `subscription to users.user` for a subscription. */
  readonly byLabel: string;
  /** Where the call is in the caller's spec: the call, or the subscription itself when its call is the default read. */
  readonly jsonPath: JsonPath;
}

/**
 * Every call of every spec, in spec order: operations' `calls`, and subscriptions' (their `calls`,
 * else the publisher's GET of one item, as the generated subscriber makes it: model.ts).
 */
export function callSites(specs: readonly Spec[]): CallSite[] {
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const out: CallSite[] = [];
  for (const spec of specs) {
    for (const op of allOperations(spec)) {
      (op.operation.calls ?? []).forEach((call, c) => {
        out.push({
          from: spec.name,
          to: call.service,
          method: call.method,
          path: call.path,
          by: place.operation(spec.name, op.key),
          byLabel: op.key,
          jsonPath: ['resources', op.resourceName, 'operations', op.operationIndex, 'calls', c],
        });
      });
    }
    (spec.subscriptions ?? []).forEach((subscription, k) => {
      const calls = subscriptionCalls(subscription, byName.get(subscription.service));
      calls.forEach((call, c) => {
        out.push({
          from: spec.name,
          to: call.service,
          method: call.method,
          path: call.path,
          by: place.subscription(spec.name, subscription.service, subscription.resource),
          byLabel: `subscription to ${subscription.service}.${subscription.resource}`,
          jsonPath: subscription.calls ? ['subscriptions', k, 'calls', c] : ['subscriptions', k],
        });
      });
    });
  }
  return out;
}

export type EdgeKind = 'publishes' | 'subscribes' | 'calls';
export const EDGE_KINDS: readonly EdgeKind[] = ['publishes', 'subscribes', 'calls'];

export interface ServiceNode {
  readonly kind: 'service';
  /** `service:users`. */
  readonly id: string;
  readonly service: string;
  /** Services that depend on this one (call it or subscribe to its events), sorted; itself never counts. */
  readonly dependents: readonly string[];
  /** Services this one depends on (calls or subscribes to), sorted; itself never counts. */
  readonly dependsOn: readonly string[];
  /** How many services depend on this one (afferent coupling). */
  readonly fanIn: number;
  /** How many services this one depends on (efferent coupling). */
  readonly fanOut: number;
}

export interface EventNode {
  readonly kind: 'event';
  /** `event:users:user.deleted`. */
  readonly id: string;
  /** The publisher. */
  readonly service: string;
  readonly resource: string;
  readonly event: EventKind;
  /** `user.deleted`: the EventBridge `detail-type`. */
  readonly detailType: string;
  /** `tributary.users`: the EventBridge `source`. */
  readonly source: string;
}

export type GraphNode = ServiceNode | EventNode;

export interface PublishesEdge {
  readonly kind: 'publishes';
  /** The publisher's service node. */
  readonly from: string;
  /** The event node. */
  readonly to: string;
}

export interface SubscribesEdge {
  readonly kind: 'subscribes';
  /** The event node. */
  readonly from: string;
  /** The subscriber's service node. */
  readonly to: string;
  /** The subscription's place: `orders.subscriptions.users.user`. */
  readonly subscription: string;
}

/** A route one service calls in another, and whose code calls it (places, sorted). */
export interface CalledRoute {
  readonly method: HttpMethod;
  readonly path: string;
  readonly by: readonly string[];
}

export interface CallsEdge {
  readonly kind: 'calls';
  /** The caller's service node. */
  readonly from: string;
  /** The called service's node. */
  readonly to: string;
  /** Sorted by path, then method. */
  readonly routes: readonly CalledRoute[];
}

export type GraphEdge = PublishesEdge | SubscribesEdge | CallsEdge;

export interface ServiceGraph {
  /** Services by name, then events by publisher and detail-type. */
  readonly nodes: readonly GraphNode[];
  /** By kind (publishes, subscribes, calls), then source and target node. */
  readonly edges: readonly GraphEdge[];
}

export const serviceNodeId = (service: string) => `service:${service}`;
export const eventNodeId = (service: string, type: string) => `event:${service}:${type}`;

/** Code-unit order: the same on every machine, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key) ?? new Set<string>();
  set.add(value);
  map.set(key, set);
}

const sorted = (set: ReadonlySet<string> | undefined) => [...(set ?? [])].sort(compareText);

/**
 * The graph of a set of specs (valid ones: a subscription or call naming a service or resource
 * that does not exist draws no edge, since validation reports it).
 */
export function buildServiceGraph(specs: readonly Spec[]): ServiceGraph {
  const services = [...specs].sort((a, b) => compareText(a.name, b.name));
  const known = new Set(services.map((s) => s.name));
  const events: EventNode[] = [];
  const edges: GraphEdge[] = [];
  const dependsOn = new Map<string, Set<string>>();
  const dependents = new Map<string, Set<string>>();
  const depend = (from: string, to: string) => {
    if (from === to) return;
    addTo(dependsOn, from, to);
    addTo(dependents, to, from);
  };

  for (const spec of services) {
    for (const [resource, definition] of Object.entries(spec.resources ?? {})) {
      for (const event of publishedEvents(definition)) {
        const type = detailType(resource, event);
        const id = eventNodeId(spec.name, type);
        events.push({
          kind: 'event',
          id,
          service: spec.name,
          resource,
          event,
          detailType: type,
          source: eventSource(spec.name),
        });
        edges.push({ kind: 'publishes', from: serviceNodeId(spec.name), to: id });
      }
    }
  }
  const eventIds = new Set(events.map((e) => e.id));

  for (const spec of services) {
    for (const subscription of spec.subscriptions ?? []) {
      for (const event of new Set(subscription.events)) {
        const id = eventNodeId(subscription.service, detailType(subscription.resource, event));
        if (!eventIds.has(id)) continue;
        edges.push({
          kind: 'subscribes',
          from: id,
          to: serviceNodeId(spec.name),
          subscription: place.subscription(spec.name, subscription.service, subscription.resource),
        });
        depend(spec.name, subscription.service);
      }
    }
  }

  // One edge per pair of services, listing each route once with every caller of it.
  const routes = new Map<string, Map<string, { method: HttpMethod; path: string; by: Set<string> }>>();
  for (const site of callSites(services)) {
    if (!known.has(site.to)) continue;
    const pair = `${site.from}\u0000${site.to}`;
    const byRoute = routes.get(pair) ?? new Map();
    routes.set(pair, byRoute);
    const key = `${site.path}\u0000${site.method}`;
    const route = byRoute.get(key) ?? { method: site.method, path: site.path, by: new Set<string>() };
    route.by.add(site.by);
    byRoute.set(key, route);
    depend(site.from, site.to);
  }
  for (const [pair, byRoute] of routes) {
    const [from = '', to = ''] = pair.split('\u0000');
    edges.push({
      kind: 'calls',
      from: serviceNodeId(from),
      to: serviceNodeId(to),
      routes: [...byRoute.entries()]
        .sort(([a], [b]) => compareText(a, b))
        .map(([, route]) => ({ method: route.method, path: route.path, by: sorted(route.by) })),
    });
  }

  const nodes: GraphNode[] = [
    ...services.map((spec): ServiceNode => {
      const into = sorted(dependents.get(spec.name));
      const out = sorted(dependsOn.get(spec.name));
      return {
        kind: 'service',
        id: serviceNodeId(spec.name),
        service: spec.name,
        dependents: into,
        dependsOn: out,
        fanIn: into.length,
        fanOut: out.length,
      };
    }),
    ...events.sort((a, b) => compareText(a.service, b.service) || compareText(a.detailType, b.detailType)),
  ];
  const kindRank = (edge: GraphEdge) => EDGE_KINDS.indexOf(edge.kind);
  edges.sort(
    (a, b) =>
      kindRank(a) - kindRank(b) ||
      compareText(a.from, b.from) ||
      compareText(a.to, b.to) ||
      compareText(
        a.kind === 'subscribes' ? a.subscription : '',
        b.kind === 'subscribes' ? b.subscription : '',
      ),
  );
  return { nodes, edges };
}

export function serviceNodes(graph: ServiceGraph): ServiceNode[] {
  return graph.nodes.filter((node): node is ServiceNode => node.kind === 'service');
}

export function eventNodes(graph: ServiceGraph): EventNode[] {
  return graph.nodes.filter((node): node is EventNode => node.kind === 'event');
}
