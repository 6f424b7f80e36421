import {
  CHAR_WIDTH,
  FONT_SIZE,
  type GraphLayout,
  LINE_HEIGHT,
  layoutGraph,
  MARGIN,
  type PlacedEdge,
  round,
  textWidth,
} from './layout';
import type { GraphEdge, ServiceGraph } from './service-graph';

/**
 * The graph as a standalone SVG (`dev graph --format svg > system.svg`), drawn from the layout of
 * layout.ts: services as blue boxes with their fan-in and fan-out, events as orange pills,
 * publishing solid, subscriptions dashed, calls thick with their routes (drawn over the nodes), and a
 * legend. Plain SVG 1.1 with no script, no external font or image, so it displays anywhere and diffs as text.
 */

const STYLE: Record<GraphEdge['kind'], { stroke: string; width: number; dash?: string; marker: string }> = {
  publishes: { stroke: '#8a8f98', width: 1.2, marker: 'arrow-publishes' },
  subscribes: { stroke: '#d08a1e', width: 1.4, dash: '5 4', marker: 'arrow-subscribes' },
  calls: { stroke: '#3b6fd8', width: 2.4, marker: 'arrow-calls' },
};

const LEGEND_HEIGHT = 3 * LINE_HEIGHT + 16;

/** Escapes text for XML content and attribute values. */
export function xmlText(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

function pathData([a, b, c, d]: PlacedEdge['curve']): string {
  return `M${a.x},${a.y} C${b.x},${b.y} ${c.x},${c.y} ${d.x},${d.y}`;
}

function edgeTitle(edge: GraphEdge): string {
  const name = (id: string) => id.slice(id.indexOf(':') + 1);
  if (edge.kind === 'publishes') return `${name(edge.from)} publishes ${name(edge.to).split(':')[1]}`;
  if (edge.kind === 'subscribes') return `${edge.subscription} receives ${name(edge.from).split(':')[1]}`;
  return `${name(edge.from)} calls ${name(edge.to)}: ${edge.routes.map((r) => `${r.method} ${r.path}`).join(', ')}`;
}

function markers(): string[] {
  return Object.entries(STYLE).map(
    ([, style]) =>
      `<marker id="${style.marker}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${style.stroke}"/></marker>`,
  );
}

function drawEdge(placed: PlacedEdge): string[] {
  const style = STYLE[placed.edge.kind];
  const dash = style.dash ? ` stroke-dasharray="${style.dash}"` : '';
  return [
    `<g class="edge ${placed.edge.kind}"><title>${xmlText(edgeTitle(placed.edge))}</title>`,
    `<path d="${pathData(placed.curve)}" fill="none" stroke="${style.stroke}" stroke-width="${style.width}"${dash} marker-end="url(#${style.marker})"/>`,
    '</g>',
  ];
}

/**
 * A call's routes, drawn after the nodes: a call that spans columns passes behind the nodes
 * between, and its label, at the curve's middle, must not be hidden by one of them.
 */
function drawEdgeLabel(placed: PlacedEdge): string[] {
  if (placed.label.length === 0) return [];
  const style = STYLE[placed.edge.kind];
  const width = round(Math.max(...placed.label.map(textWidth)) + 8);
  const height = placed.label.length * LINE_HEIGHT + 4;
  const top = round(placed.labelAt.y - height / 2);
  return [
    `<g class="edge-label ${placed.edge.kind}"><title>${xmlText(edgeTitle(placed.edge))}</title>`,
    `<rect x="${round(placed.labelAt.x - width / 2)}" y="${top}" width="${width}" height="${height}" rx="3" fill="#ffffff" fill-opacity="0.9"/>`,
    ...placed.label.map(
      (line, i) =>
        `<text x="${placed.labelAt.x}" y="${round(top + 2 + (i + 1) * LINE_HEIGHT - 4)}" text-anchor="middle" fill="${style.stroke}">${xmlText(line)}</text>`,
    ),
    '</g>',
  ];
}

function drawNodes(layout: GraphLayout): string[] {
  return layout.nodes.flatMap((placed) => {
    const service = placed.node.kind === 'service';
    const shape = service
      ? `<rect x="${placed.x}" y="${placed.y}" width="${placed.width}" height="${placed.height}" rx="6" fill="#e8f0fe" stroke="#3b6fd8" stroke-width="1.5"/>`
      : `<rect x="${placed.x}" y="${placed.y}" width="${placed.width}" height="${placed.height}" rx="${placed.height / 2}" fill="#fff4e0" stroke="#d08a1e" stroke-width="1.2"/>`;
    const title = service
      ? `service ${placed.lines[0]}`
      : `event ${placed.lines[0]} of ${placed.node.service}`;
    const lines = placed.lines.map(
      (line, i) =>
        `<text x="${round(placed.x + placed.width / 2)}" y="${round(placed.y + 8 + (i + 1) * LINE_HEIGHT - 4)}" text-anchor="middle"${service && i === 0 ? ' font-weight="bold"' : ''}${i > 0 ? ' fill="#555555" font-size="11"' : ''}>${xmlText(line)}</text>`,
    );
    return [`<g class="node ${placed.node.kind}"><title>${xmlText(title)}</title>`, shape, ...lines, '</g>'];
  });
}

function legend(top: number): string[] {
  const rows: Array<[GraphEdge['kind'], string]> = [
    ['publishes', 'publishes (service → its event)'],
    ['subscribes', 'subscribes (event → subscriber)'],
    ['calls', 'calls (caller → called service, with the routes)'],
  ];
  const out = ['<g class="legend">'];
  rows.forEach(([kind, text], i) => {
    const style = STYLE[kind];
    const y = round(top + 8 + i * LINE_HEIGHT);
    const dash = style.dash ? ` stroke-dasharray="${style.dash}"` : '';
    out.push(
      `<path d="M${MARGIN},${y} L${MARGIN + 36},${y}" stroke="${style.stroke}" stroke-width="${style.width}"${dash} marker-end="url(#${style.marker})"/>`,
      `<text x="${MARGIN + 46}" y="${round(y + 4)}" fill="#333333">${xmlText(text)}</text>`,
    );
  });
  const fan = 'fan-in: services that depend on it; fan-out: services it depends on';
  out.push(
    `<text x="${MARGIN}" y="${round(top + 8 + 3 * LINE_HEIGHT + 4)}" fill="#555555">${xmlText(fan)}</text>`,
    '</g>',
  );
  return out;
}

export function formatGraphSvg(graph: ServiceGraph): string {
  const layout = layoutGraph(graph);
  const legendWidth = MARGIN * 2 + 46 + CHAR_WIDTH * 70;
  const width = round(Math.max(layout.width, legendWidth));
  const height = round(layout.height + LEGEND_HEIGHT);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="${FONT_SIZE}">`,
    '<title>Tributary: services, events, subscriptions and calls (dev graph)</title>',
    `<defs>${markers().join('')}</defs>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...layout.edges.flatMap(drawEdge),
    ...drawNodes(layout),
    ...layout.edges.flatMap(drawEdgeLabel),
    ...legend(layout.height),
    '</svg>',
  ].join('\n');
}
