import { type CallsEdge, type GraphNode, type ServiceGraph, serviceNodes } from './service-graph';

/**
 * The graph as a Mermaid flowchart (what GitHub draws from a ```mermaid block): services as boxes
 * labelled with their fan-in and fan-out, events as stadiums labelled with their detail-type,
 * publishing as solid arrows, subscriptions as dotted ones, calls as thick ones labelled with the
 * routes. Node ids are derived from names (Mermaid ids allow letters, digits and `_` only), made
 * unique in graph order, so the text is as stable as the graph.
 */

/**
 * Mermaid's entity codes for what would end or confuse a quoted label: `#` first (every code
 * starts with it), and `&`, which the label's HTML would otherwise read as the start of an entity.
 */
export function mermaidLabel(text: string): string {
  return text
    .replaceAll('#', '#35;')
    .replaceAll('&', '#amp;')
    .replaceAll('"', '#quot;')
    .replaceAll('<', '#lt;')
    .replaceAll('>', '#gt;');
}

/** Ids for every node: `svc_users`, `evt_users_user_deleted`. */
export function mermaidIds(nodes: readonly GraphNode[]): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const node of nodes) {
    const base = (
      node.kind === 'service' ? `svc_${node.service}` : `evt_${node.service}_${node.detailType}`
    ).replace(/[^A-Za-z0-9_]/g, '_');
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
    taken.add(id);
    ids.set(node.id, id);
  }
  return ids;
}

/** `fan-in 2, fan-out 0`. */
export function fanText(node: { fanIn: number; fanOut: number }): string {
  return `fan-in ${node.fanIn}, fan-out ${node.fanOut}`;
}

/** `GET /users/:id`, one line per route. */
export function routeLines(edge: CallsEdge): string[] {
  return edge.routes.map((route) => `${route.method} ${route.path}`);
}

export function formatGraphMermaid(graph: ServiceGraph): string {
  const ids = mermaidIds(graph.nodes);
  const id = (nodeId: string) => ids.get(nodeId) ?? nodeId;
  const lines = [
    'flowchart LR',
    '  %% dev graph: services (fan-in: services that depend on it; fan-out: services it depends on),',
    '  %% the events they publish, who subscribes (dotted) and who calls which routes (thick).',
  ];
  for (const node of graph.nodes) {
    lines.push(
      node.kind === 'service'
        ? `  ${id(node.id)}["${mermaidLabel(node.service)}<br/>${fanText(node)}"]`
        : `  ${id(node.id)}(["${mermaidLabel(node.detailType)}"])`,
    );
  }
  for (const edge of graph.edges) {
    const from = id(edge.from);
    const to = id(edge.to);
    if (edge.kind === 'publishes') lines.push(`  ${from} --> ${to}`);
    else if (edge.kind === 'subscribes') lines.push(`  ${from} -.->|subscribes| ${to}`);
    else lines.push(`  ${from} ==>|"${routeLines(edge).map(mermaidLabel).join('<br/>')}"| ${to}`);
  }
  const events = graph.nodes.filter((node) => node.kind === 'event').map((node) => id(node.id));
  const services = serviceNodes(graph).map((node) => id(node.id));
  lines.push('  classDef service fill:#e8f0fe,stroke:#3b6fd8,color:#111');
  lines.push('  classDef event fill:#fff4e0,stroke:#d08a1e,color:#111');
  if (services.length > 0) lines.push(`  class ${services.join(',')} service`);
  if (events.length > 0) lines.push(`  class ${events.join(',')} event`);
  return lines.join('\n');
}
