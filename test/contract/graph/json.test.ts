import { formatGraphJson, graphJson } from '../../../lib/contract/graph/json';
import { buildServiceGraph, EDGE_KINDS } from '../../../lib/contract/graph/service-graph';
import {
  HOSTILE_SERVICE,
  hostileSystem,
  outputsForEveryOrder,
  referenceSpecs,
  richSystem,
  smallSystem,
} from './fixtures';

describe('graphJson', () => {
  it('gives services, events and every edge kind in snake case, in the graph order', () => {
    expect(graphJson(buildServiceGraph(smallSystem()))).toEqual({
      nodes: [
        {
          id: 'service:orders',
          kind: 'service',
          service: 'orders',
          fan_in: 0,
          fan_out: 1,
          depends_on: ['users'],
          dependents: [],
        },
        {
          id: 'service:users',
          kind: 'service',
          service: 'users',
          fan_in: 1,
          fan_out: 0,
          depends_on: [],
          dependents: ['orders'],
        },
        {
          id: 'event:users:user.deleted',
          kind: 'event',
          service: 'users',
          resource: 'user',
          event: 'deleted',
          detail_type: 'user.deleted',
          source: 'tributary.users',
        },
      ],
      edges: [
        { kind: 'publishes', from: 'service:users', to: 'event:users:user.deleted' },
        {
          kind: 'subscribes',
          from: 'event:users:user.deleted',
          to: 'service:orders',
          subscription: 'orders.subscriptions.users.user',
        },
        {
          kind: 'calls',
          from: 'service:orders',
          to: 'service:users',
          routes: [
            { method: 'GET', path: '/users', by: ['orders.operations.POST /orders'] },
            {
              method: 'GET',
              path: '/users/:id',
              by: ['orders.operations.POST /orders', 'orders.subscriptions.users.user'],
            },
          ],
        },
      ],
    });
  });

  it('gives an empty system as empty lists', () => {
    expect(graphJson(buildServiceGraph([]))).toEqual({ nodes: [], edges: [] });
  });

  it('has the same keys on every node and edge of a kind: a stable shape for tools', () => {
    const json = graphJson(buildServiceGraph(richSystem())) as {
      nodes: Array<Record<string, unknown>>;
      edges: Array<Record<string, unknown>>;
    };
    const keysBy = (items: Array<Record<string, unknown>>) => {
      const out = new Map<unknown, Set<string>>();
      for (const item of items)
        out.set(item.kind, new Set([...(out.get(item.kind) ?? []), Object.keys(item).join()]));
      return Object.fromEntries([...out].map(([kind, keys]) => [kind, [...keys]]));
    };
    expect(keysBy(json.nodes)).toEqual({
      service: ['id,kind,service,fan_in,fan_out,depends_on,dependents'],
      event: ['id,kind,service,resource,event,detail_type,source'],
    });
    expect(keysBy(json.edges)).toEqual({
      publishes: ['kind,from,to'],
      subscribes: ['kind,from,to,subscription'],
      calls: ['kind,from,to,routes'],
    });
    expect(Object.keys(keysBy(json.edges))).toEqual([...EDGE_KINDS]);
  });
});

describe('formatGraphJson', () => {
  it('is graphJson as indented JSON, names kept as they are', () => {
    const graph = buildServiceGraph(hostileSystem());
    const text = formatGraphJson(graph);
    expect(JSON.parse(text)).toEqual(graphJson(graph));
    expect(text).toBe(JSON.stringify(graphJson(graph), null, 2));
    expect(JSON.parse(text).nodes[0].service).toBe(HOSTILE_SERVICE);
  });

  it('lists the reference services with their fan-in and fan-out', () => {
    const { nodes } = JSON.parse(formatGraphJson(buildServiceGraph(referenceSpecs())));
    expect(
      nodes
        .filter((n: { kind: string }) => n.kind === 'service')
        .map((n: Record<string, unknown>) => [n.service, n.fan_in, n.fan_out]),
    ).toEqual([
      ['notifications', 0, 2],
      ['orders', 1, 1],
      ['users', 2, 0],
    ]);
  });

  it('prints byte-identical text whatever order the specs come in', () => {
    expect(outputsForEveryOrder(formatGraphJson).size).toBe(1);
  });
});
