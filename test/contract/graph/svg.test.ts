import {
  buildServiceGraph,
  EDGE_KINDS,
  type ServiceGraph,
  serviceNodes,
} from '../../../lib/contract/graph/service-graph';
import { formatGraphSvg, xmlText } from '../../../lib/contract/graph/svg';
import type { Spec } from '../../../lib/contract/schema';
import { elements, parseXml, textOf, type XmlElement } from '../../support/xml';
import {
  HOSTILE_RESOURCE,
  HOSTILE_SERVICE,
  hostileSystem,
  outputsForEveryOrder,
  referenceSpecs,
  richSystem,
  smallSystem,
} from './fixtures';

/** The SVG of the specs' graph, parsed: it must be well-formed XML or this throws. */
function draw(specs: Spec[]): { graph: ServiceGraph; svg: string; root: XmlElement; all: XmlElement[] } {
  const graph = buildServiceGraph(specs);
  const svg = formatGraphSvg(graph);
  const root = parseXml(svg);
  return { graph, svg, root, all: elements(root) };
}

const classed = (all: XmlElement[], name: string) =>
  all.filter((e) => e.name === 'g' && e.attributes.class === name);
const childText = (group: XmlElement, name: string) =>
  group.children.flatMap((c) => (typeof c !== 'string' && c.name === name ? [textOf(c)] : []));

describe('xmlText', () => {
  it.each<[given: string, want: string]>([
    ['users', 'users'],
    ['a & b', 'a &amp; b'],
    ['<g>', '&lt;g&gt;'],
    [`"it's"`, '&quot;it&apos;s&quot;'],
    ['&amp;', '&amp;amp;'],
  ])('escapes %j', (given, want) => {
    expect(xmlText(given)).toBe(want);
    expect(parseXml(`<t a="${xmlText(given)}">${xmlText(given)}</t>`)).toEqual({
      name: 't',
      attributes: { a: given },
      children: [given],
    });
  });
});

describe('formatGraphSvg', () => {
  it.each<[given: string, specs: () => Spec[]]>([
    ['the reference system', referenceSpecs],
    ['a system with every edge kind', richSystem],
    ['names that need escaping', hostileSystem],
  ])('draws %s as well-formed SVG with every service, event and edge', (_given, specs) => {
    const { graph, root, all } = draw(specs());
    expect(root.name).toBe('svg');
    expect(root.attributes.xmlns).toBe('http://www.w3.org/2000/svg');
    const { width, height } = root.attributes;
    expect(root.attributes.viewBox).toBe(`0 0 ${width} ${height}`);

    // Nodes are drawn column by column, so compare as sets; edges are drawn in the graph's order.
    const services = classed(all, 'node service');
    expect(services.map((g) => childText(g, 'title')[0]).sort()).toEqual(
      serviceNodes(graph)
        .map((n) => `service ${n.service}`)
        .sort(),
    );
    expect(services.map((g) => childText(g, 'text').join('\n')).sort()).toEqual(
      serviceNodes(graph)
        .map((n) => `${n.service}\nfan-in ${n.fanIn}, fan-out ${n.fanOut}`)
        .sort(),
    );
    const events = graph.nodes.flatMap((n) => (n.kind === 'event' ? [n] : []));
    expect(
      classed(all, 'node event')
        .map((g) => childText(g, 'title')[0])
        .sort(),
    ).toEqual(events.map((n) => `event ${n.detailType} of ${n.service}`).sort());
    for (const kind of EDGE_KINDS) {
      expect(classed(all, `edge ${kind}`)).toHaveLength(graph.edges.filter((e) => e.kind === kind).length);
    }
    const calls = graph.edges.flatMap((e) => (e.kind === 'calls' ? [e] : []));
    expect(classed(all, 'edge-label calls').map((g) => childText(g, 'text'))).toEqual(
      calls.map((e) => e.routes.map((r) => `${r.method} ${r.path}`)),
    );
  });

  it('keeps names that need escaping intact', () => {
    const { all } = draw(hostileSystem());
    const texts = all.filter((e) => e.name === 'text').map(textOf);
    expect(texts).toEqual(
      expect.arrayContaining([HOSTILE_SERVICE, `${HOSTILE_RESOURCE}.deleted`, 'GET /r"1/<x>&y/:id']),
    );
    expect(classed(all, 'edge calls').map((g) => childText(g, 'title')[0])).toEqual([
      `plain calls ${HOSTILE_SERVICE}: GET /r"1/<x>&y/:id`,
    ]);
  });

  it("draws calls' routes over the nodes, so no node hides one", () => {
    const { all } = draw(referenceSpecs());
    const groups = all.filter((e) => e.name === 'g');
    const lastNode = groups.map((g) => g.attributes.class).lastIndexOf('node event');
    const firstLabel = groups.findIndex((g) => g.attributes.class === 'edge-label calls');
    expect(lastNode).toBeGreaterThan(0);
    expect(firstLabel).toBeGreaterThan(lastNode);
  });

  it('places every node inside the picture, with finite numbers only', () => {
    const { svg, root, all } = draw(richSystem());
    expect(svg).not.toMatch(/NaN|Infinity/);
    const width = Number(root.attributes.width);
    const height = Number(root.attributes.height);
    const boxes = [...classed(all, 'node service'), ...classed(all, 'node event')].map((g) => {
      const rect = g.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === 'rect');
      return ['x', 'y', 'width', 'height'].map((k) => Number(rect?.attributes[k]));
    });
    expect(boxes).toHaveLength(13);
    for (const [x = -1, y = -1, w = -1, h = -1] of boxes) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(x + w).toBeLessThanOrEqual(width);
      expect(y + h).toBeLessThanOrEqual(height);
    }
  });

  it('draws an empty system as a well-formed picture holding only the legend', () => {
    const { all } = draw([]);
    expect(all.filter((e) => e.name === 'g').map((e) => e.attributes.class)).toEqual(['legend']);
    expect(all.filter((e) => e.name === 'text').map(textOf)).toEqual([
      'publishes (service → its event)',
      'subscribes (event → subscriber)',
      'calls (caller → called service, with the routes)',
      'fan-in: services that depend on it; fan-out: services it depends on',
    ]);
  });

  it('is self-contained: no script, no link but its own markers', () => {
    const { all } = draw(smallSystem());
    expect(all.map((e) => e.name)).not.toContain('script');
    const references = all.flatMap((e) =>
      Object.entries(e.attributes).filter(([k, v]) => k.includes('href') || v.includes('url(')),
    );
    expect(references.length).toBeGreaterThan(0);
    for (const [, value] of references) expect(value).toMatch(/^url\(#arrow-(publishes|subscribes|calls)\)$/);
  });

  it('prints byte-identical text whatever order the specs come in', () => {
    expect(outputsForEveryOrder(formatGraphSvg).size).toBe(1);
  });
});
