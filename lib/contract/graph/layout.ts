import { fanText, routeLines } from './mermaid';
import { compareText, type GraphEdge, type GraphNode, type ServiceGraph } from './service-graph';

/**
 * A small layered layout for `dev graph --format svg`, so the picture needs no browser, no
 * Graphviz binary and no package: columns left to right by the longest path of the flow (caller
 * before callee, publisher before its event before its subscribers), rows ordered by a few
 * barycentre sweeps, edges as cubic curves. Every choice breaks ties by node id and every number
 * is rounded to a tenth, so the same graph always gives the same picture. It aims at systems a
 * person reads (tens of services), stays linear per sweep for larger ones, and makes no promise
 * of few crossings.
 */

/** A monospace font's advance at {@link FONT_SIZE}: text widths are estimated from it. */
export const FONT_SIZE = 12;
export const CHAR_WIDTH = 7.3;
export const LINE_HEIGHT = 16;
const PAD_X = 12;
const PAD_Y = 8;
const COLUMN_GAP = 110;
const ROW_GAP = 26;
export const MARGIN = 24;
const SWEEPS = 4;

export interface PlacedNode {
  readonly node: GraphNode;
  readonly lines: readonly string[];
  readonly column: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface PlacedEdge {
  readonly edge: GraphEdge;
  /** A cubic Bézier: start, two control points, end. */
  readonly curve: readonly [Point, Point, Point, Point];
  /** Text drawn at the curve's middle (a call's routes), none for publish and subscribe edges. */
  readonly label: readonly string[];
  readonly labelAt: Point;
}

export interface GraphLayout {
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
  readonly width: number;
  readonly height: number;
}

/** Rounded to a tenth: no float noise in the output. */
export const round = (n: number) => Math.round(n * 10) / 10;

export function textWidth(text: string): number {
  return [...text].length * CHAR_WIDTH;
}

function listAt<T>(map: Map<string, T[]>, key: string): T[] {
  let list = map.get(key);
  if (!list) {
    list = [];
    map.set(key, list);
  }
  return list;
}

function nodeLines(node: GraphNode): string[] {
  return node.kind === 'service' ? [node.service, fanText(node)] : [node.detailType];
}

/**
 * Which edges point backwards (close a cycle of the flow: a subscriber that calls its publisher),
 * found by a depth-first search in node order; the others form the DAG the columns follow.
 */
function backEdges(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): Set<GraphEdge> {
  const out = new Map<string, GraphEdge[]>();
  for (const edge of edges) listAt(out, edge.from).push(edge);
  for (const list of out.values()) list.sort((a, b) => compareText(a.to, b.to));
  const state = new Map<string, 'open' | 'done'>();
  const back = new Set<GraphEdge>();
  for (const root of nodes) {
    if (state.has(root.id)) continue;
    // Iterative, so a long chain of services cannot overflow the stack.
    const stack: Array<{ id: string; next: number }> = [{ id: root.id, next: 0 }];
    state.set(root.id, 'open');
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { id: string; next: number };
      const edge = out.get(top.id)?.[top.next];
      if (!edge) {
        state.set(top.id, 'done');
        stack.pop();
        continue;
      }
      top.next++;
      const seen = state.get(edge.to);
      if (seen === 'open') back.add(edge);
      else if (seen === undefined) {
        state.set(edge.to, 'open');
        stack.push({ id: edge.to, next: 0 });
      }
    }
  }
  return back;
}

/** Column of each node: the longest path to it over the forward edges (Kahn's order, ties by id). */
function columns(nodes: readonly GraphNode[], forward: readonly GraphEdge[]): Map<string, number> {
  const column = new Map(nodes.map((n) => [n.id, 0]));
  const indegree = new Map(nodes.map((n) => [n.id, 0]));
  const out = new Map<string, string[]>();
  for (const edge of forward) {
    if (edge.from === edge.to) continue;
    indegree.set(edge.to, (indegree.get(edge.to) ?? 0) + 1);
    listAt(out, edge.from).push(edge.to);
  }
  const ready = nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  for (let i = 0; i < ready.length; i++) {
    const id = ready[i] as string;
    for (const to of out.get(id) ?? []) {
      column.set(to, Math.max(column.get(to) ?? 0, (column.get(id) ?? 0) + 1));
      const left = (indegree.get(to) ?? 0) - 1;
      indegree.set(to, left);
      if (left === 0) ready.push(to);
    }
  }
  return column;
}

/** Orders each column by the mean row of its neighbours in the columns before (then after) it. */
function orderRows(
  nodes: readonly GraphNode[],
  column: ReadonlyMap<string, number>,
  edges: readonly GraphEdge[],
): string[][] {
  const count = Math.max(0, ...column.values()) + 1;
  const rows: string[][] = Array.from({ length: count }, () => []);
  for (const node of nodes) rows[column.get(node.id) ?? 0]?.push(node.id);
  const neighbours = new Map<string, string[]>();
  for (const edge of edges) {
    if (edge.from === edge.to) continue;
    listAt(neighbours, edge.from).push(edge.to);
    listAt(neighbours, edge.to).push(edge.from);
  }
  const position = new Map<string, number>();
  // Only the row just sorted moved: re-reading every row after each sort made a sweep quadratic.
  const remember = (row: readonly string[]) => {
    for (const [i, id] of row.entries()) position.set(id, row.length > 1 ? i / (row.length - 1) : 0.5);
  };
  for (const row of rows) remember(row);
  const sweep = (c: number, side: (other: number) => boolean) => {
    const row = rows[c] ?? [];
    const key = new Map<string, number>();
    for (const id of row) {
      const around = (neighbours.get(id) ?? []).filter((other) => side(column.get(other) ?? 0));
      const mean =
        around.length === 0
          ? (position.get(id) ?? 0)
          : around.reduce((sum, other) => sum + (position.get(other) ?? 0), 0) / around.length;
      key.set(id, mean);
    }
    row.sort(
      (a, b) =>
        (key.get(a) ?? 0) - (key.get(b) ?? 0) ||
        (position.get(a) ?? 0) - (position.get(b) ?? 0) ||
        compareText(a, b),
    );
    remember(row);
  };
  for (let s = 0; s < SWEEPS; s++) {
    for (let c = 1; c < count; c++) sweep(c, (other) => other < c);
    for (let c = count - 2; c >= 0; c--) sweep(c, (other) => other > c);
  }
  return rows;
}

function curveBetween(from: PlacedNode, to: PlacedNode, back: boolean, lane: number): PlacedEdge['curve'] {
  if (from.node.id === to.node.id) {
    // A loop over the node's top right corner.
    const x = from.x + from.width;
    const y = from.y;
    return [
      { x: round(x - 18), y: round(y) },
      { x: round(x + 10), y: round(y - 40) },
      { x: round(x + 40), y: round(y + 8) },
      { x: round(x), y: round(y + 14) },
    ];
  }
  const start = { x: from.x + from.width, y: from.y + from.height / 2 };
  const end = { x: to.x, y: to.y + to.height / 2 };
  if (!back && end.x > start.x) {
    const dx = Math.max(40, (end.x - start.x) / 2);
    return [
      { x: round(start.x), y: round(start.y) },
      { x: round(start.x + dx), y: round(start.y) },
      { x: round(end.x - dx), y: round(end.y) },
      { x: round(end.x), y: round(end.y) },
    ];
  }
  // Backwards: out of the right side, round below both nodes, into the left side.
  const below = Math.max(from.y + from.height, to.y + to.height) + 30 + 12 * lane;
  return [
    { x: round(start.x), y: round(start.y) },
    { x: round(start.x + 90), y: round(below) },
    { x: round(end.x - 90), y: round(below) },
    { x: round(end.x), y: round(end.y) },
  ];
}

/** The curve's point at t = 1/2. */
function middle([a, b, c, d]: PlacedEdge['curve']): Point {
  return { x: round((a.x + 3 * b.x + 3 * c.x + d.x) / 8), y: round((a.y + 3 * b.y + 3 * c.y + d.y) / 8) };
}

export function layoutGraph(graph: ServiceGraph): GraphLayout {
  const back = backEdges(graph.nodes, graph.edges);
  const column = columns(
    graph.nodes,
    graph.edges.filter((edge) => !back.has(edge)),
  );
  const rows = orderRows(graph.nodes, column, graph.edges);
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const sized = new Map(
    graph.nodes.map((node) => {
      const lines = nodeLines(node);
      const width = Math.max(...lines.map(textWidth)) + 2 * PAD_X;
      return [node.id, { lines, width, height: lines.length * LINE_HEIGHT + 2 * PAD_Y }];
    }),
  );
  const columnWidth = rows.map((row) => Math.max(0, ...row.map((id) => sized.get(id)?.width ?? 0)));
  const columnHeight = rows.map(
    (row) =>
      row.reduce((sum, id) => sum + (sized.get(id)?.height ?? 0), 0) + ROW_GAP * Math.max(0, row.length - 1),
  );
  const tallest = Math.max(0, ...columnHeight);
  const placed = new Map<string, PlacedNode>();
  let x = MARGIN;
  rows.forEach((row, c) => {
    let y = MARGIN + (tallest - (columnHeight[c] ?? 0)) / 2;
    for (const id of row) {
      const size = sized.get(id);
      const node = byId.get(id);
      if (!size || !node) continue;
      placed.set(id, {
        node,
        lines: size.lines,
        column: c,
        x: round(x + ((columnWidth[c] ?? 0) - size.width) / 2),
        y: round(y),
        width: round(size.width),
        height: size.height,
      });
      y += size.height + ROW_GAP;
    }
    x += (columnWidth[c] ?? 0) + COLUMN_GAP;
  });

  let lane = 0;
  const edges: PlacedEdge[] = [];
  for (const edge of graph.edges) {
    const from = placed.get(edge.from);
    const to = placed.get(edge.to);
    if (!from || !to) continue;
    const isBack = back.has(edge) || to.column <= from.column;
    const curve = curveBetween(from, to, isBack, isBack ? lane++ : 0);
    edges.push({
      edge,
      curve,
      label: edge.kind === 'calls' ? routeLines(edge) : [],
      labelAt: middle(curve),
    });
  }
  const nodes = [...placed.values()];
  const lowest = Math.max(
    MARGIN + tallest,
    ...edges.flatMap((e) => e.curve.map((p) => p.y + (e.label.length * LINE_HEIGHT) / 2)),
  );
  const rightmost = Math.max(
    x - COLUMN_GAP,
    ...edges.flatMap((e) => [
      ...e.curve.map((p) => p.x),
      e.labelAt.x + Math.max(0, ...e.label.map(textWidth)) / 2,
    ]),
  );
  return { nodes, edges, width: round(rightmost + MARGIN), height: round(lowest + MARGIN) };
}
