import { fanText, routeLines } from './mermaid';
import type { ServiceGraph } from './service-graph';

/**
 * The graph in Graphviz's DOT language (`dev graph --format dot | dot -Tpng`): services as boxes
 * labelled with their fan-in and fan-out, events as ellipses labelled with their detail-type,
 * publishing as solid edges, subscriptions as dashed ones, calls as bold ones labelled with the
 * routes. Node ids are the graph's own (`service:users`), quoted.
 */

/** A DOT quoted string: backslashes and quotes escaped, line breaks as DOT's `\n`. */
export function dotString(text: string): string {
  return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`;
}

export function formatGraphDot(graph: ServiceGraph): string {
  const lines = [
    'digraph tributary {',
    '  // dev graph: services (fan-in: services that depend on it; fan-out: services it depends on),',
    '  // the events they publish, who subscribes (dashed) and who calls which routes (bold).',
    '  rankdir=LR;',
    '  node [fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  for (const node of graph.nodes) {
    lines.push(
      node.kind === 'service'
        ? `  ${dotString(node.id)} [shape=box, style="rounded,filled", fillcolor="#e8f0fe", label=${dotString(`${node.service}\n${fanText(node)}`)}];`
        : `  ${dotString(node.id)} [shape=ellipse, style=filled, fillcolor="#fff4e0", label=${dotString(node.detailType)}];`,
    );
  }
  for (const edge of graph.edges) {
    const head = `  ${dotString(edge.from)} -> ${dotString(edge.to)}`;
    if (edge.kind === 'publishes') lines.push(`${head};`);
    else if (edge.kind === 'subscribes') lines.push(`${head} [style=dashed, label="subscribes"];`);
    else lines.push(`${head} [style=bold, label=${dotString(routeLines(edge).join('\n'))}];`);
  }
  lines.push('}');
  return lines.join('\n');
}
