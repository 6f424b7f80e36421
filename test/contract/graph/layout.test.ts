import {
  CHAR_WIDTH,
  type GraphLayout,
  layoutGraph,
  type PlacedNode,
  round,
  textWidth,
} from '../../../lib/contract/graph/layout';
import { buildServiceGraph } from '../../../lib/contract/graph/service-graph';
import type { Spec } from '../../../lib/contract/schema';
import { call, op, referenceSpecs, richSystem, spec, stored, subscribe } from './fixtures';

const columnsOf = (layout: GraphLayout) => Object.fromEntries(layout.nodes.map((p) => [p.node.id, p.column]));

function overlap(a: PlacedNode, b: PlacedNode): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** billing calls users; users publishes user.deleted; mailer subscribes and calls nothing: no cycle. */
const acyclic = (): Spec[] => [
  spec('users', { user: stored('/users', [], ['deleted']) }),
  spec('billing', {
    invoice: { path: '/invoices', operations: [op('POST', '', [call('users', '/users/:id')])] },
  }),
  spec('mailer', {}, [subscribe('users', 'user', ['deleted'], [])]),
];

describe('layoutGraph', () => {
  it('puts callers before callees and publishers before their events before their subscribers', () => {
    const layout = layoutGraph(buildServiceGraph(acyclic()));
    expect(columnsOf(layout)).toEqual({
      'service:billing': 0,
      'service:users': 1,
      'event:users:user.deleted': 2,
      'service:mailer': 3,
    });
    for (const { curve } of layout.edges) expect(curve[0].x).toBeLessThan(curve[3].x);
  });

  it('draws the edge that closes a cycle of the flow backwards, below its nodes', () => {
    // orders calls users; users publishes user.deleted; orders subscribes to it: a cycle.
    const specs = [
      spec('users', { user: stored('/users', [], ['deleted']) }),
      spec(
        'orders',
        { order: { path: '/orders', operations: [op('POST', '', [call('users', '/users/:id')])] } },
        [subscribe('users', 'user', ['deleted'], [])],
      ),
    ];
    const layout = layoutGraph(buildServiceGraph(specs));
    expect(columnsOf(layout)).toEqual({
      'service:orders': 0,
      'service:users': 1,
      'event:users:user.deleted': 2,
    });
    const back = layout.edges.filter(({ curve }) => curve[3].x <= curve[0].x);
    expect(back.map((e) => e.edge.kind)).toEqual(['subscribes']);
    const [start, c1, c2, end] = back[0]?.curve ?? [];
    const event = layout.nodes.find((n) => n.node.id === 'event:users:user.deleted');
    const orders = layout.nodes.find((n) => n.node.id === 'service:orders');
    // Out of the event's right side, into the subscriber's left side, round below every node.
    expect(start).toEqual({
      x: round((event?.x ?? 0) + (event?.width ?? 0)),
      y: round((event?.y ?? 0) + 16),
    });
    expect(end).toEqual({ x: orders?.x, y: round((orders?.y ?? 0) + (orders?.height ?? 0) / 2) });
    const lowestNode = Math.max(...layout.nodes.map((n) => n.y + n.height));
    expect(c1?.y).toBeGreaterThan(lowestNode);
    expect(c2?.y).toBeGreaterThan(lowestNode);
  });

  it.each<[given: string, specs: () => Spec[]]>([
    ['the reference system', referenceSpecs],
    ['a system with every edge kind and a service calling itself', richSystem],
    ['an empty system', () => []],
  ])('places the nodes of %s apart, inside the picture, on a tenth-of-a-unit grid', (_given, specs) => {
    const graph = buildServiceGraph(specs());
    const layout = layoutGraph(graph);
    expect(layout.nodes.map((p) => p.node.id).sort()).toEqual(graph.nodes.map((n) => n.id).sort());
    expect(layout.edges.map((p) => p.edge)).toEqual(graph.edges);
    for (const [i, a] of layout.nodes.entries()) {
      expect(a.x).toBeGreaterThan(0);
      expect(a.y).toBeGreaterThan(0);
      expect(a.x + a.width).toBeLessThan(layout.width);
      expect(a.y + a.height).toBeLessThan(layout.height);
      for (const b of layout.nodes.slice(i + 1)) expect(overlap(a, b)).toBe(false);
    }
    for (const placed of layout.edges) {
      const labelRight = placed.labelAt.x + Math.max(0, ...placed.label.map(textWidth)) / 2;
      expect(labelRight).toBeLessThan(layout.width);
    }
    const numbers = [
      layout.width,
      layout.height,
      ...layout.nodes.flatMap((n) => [n.x, n.y, n.width, n.height]),
      ...layout.edges.flatMap((e) => [...e.curve.flatMap((p) => [p.x, p.y]), e.labelAt.x, e.labelAt.y]),
    ];
    for (const n of numbers) expect(round(n)).toBe(n);
  });

  it("draws a service's call to itself as a loop labelled with the route", () => {
    const layout = layoutGraph(buildServiceGraph(richSystem()));
    const loop = layout.edges.find((e) => e.edge.from === 'service:search' && e.edge.to === 'service:search');
    const search = layout.nodes.find((n) => n.node.id === 'service:search');
    expect(loop?.label).toEqual(['GET /index-entries/:id']);
    // Out of the top edge and back into the right side, above the box's top right corner.
    expect(loop?.curve[0]).toEqual({ x: round((search?.x ?? 0) + (search?.width ?? 0) - 18), y: search?.y });
    expect(loop?.curve[1].y).toBeLessThan(search?.y ?? 0);
  });

  it('lays a long chain of services out column by column, in time linear in its size', () => {
    // 4,000 services: a layout quadratic in the columns (as it once was) takes over 9 s here, this one 0.3 s.
    const n = 4000;
    const name = (i: number) => `s${String(i).padStart(4, '0')}`;
    const specs = Array.from({ length: n }, (_, i) =>
      spec(name(i), {
        [`r${i}`]: {
          path: `/r${i}`,
          operations: [op('GET', '/:id', i + 1 < n ? [call(name(i + 1), `/r${i + 1}/:id`)] : [])],
        },
      }),
    );
    const graph = buildServiceGraph(specs);
    const started = performance.now();
    const layout = layoutGraph(graph);
    expect(performance.now() - started).toBeLessThan(4000);
    expect(layout.nodes.map((p) => p.column)).toEqual(Array.from({ length: n }, (_, i) => i));
  });
});

describe('textWidth', () => {
  it.each<[text: string, chars: number]>([
    ['', 0],
    ['users', 5],
    ['→', 1],
    ['😀', 1],
  ])('counts %j as %i code points', (text, chars) => {
    expect(textWidth(text)).toBe(chars * CHAR_WIDTH);
  });
});
