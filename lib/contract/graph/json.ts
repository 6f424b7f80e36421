import type { ServiceGraph } from './service-graph';

/**
 * The graph as JSON for tools, with a stable shape: `nodes` (services with `fan_in`, `fan_out`,
 * `depends_on` and `dependents`; events with their publisher, resource, detail-type and source)
 * and `edges` (`publishes`, `subscribes` with the subscription's place, `calls` with the routes
 * and the places whose code calls each), in the graph's order. Keys are snake case like every
 * JSON output of `dev`.
 */
export function graphJson(graph: ServiceGraph): Record<string, unknown> {
  return {
    nodes: graph.nodes.map((node) =>
      node.kind === 'service'
        ? {
            id: node.id,
            kind: node.kind,
            service: node.service,
            fan_in: node.fanIn,
            fan_out: node.fanOut,
            depends_on: node.dependsOn,
            dependents: node.dependents,
          }
        : {
            id: node.id,
            kind: node.kind,
            service: node.service,
            resource: node.resource,
            event: node.event,
            detail_type: node.detailType,
            source: node.source,
          },
    ),
    edges: graph.edges.map((edge) => {
      if (edge.kind === 'publishes') return { kind: edge.kind, from: edge.from, to: edge.to };
      if (edge.kind === 'subscribes')
        return { kind: edge.kind, from: edge.from, to: edge.to, subscription: edge.subscription };
      return {
        kind: edge.kind,
        from: edge.from,
        to: edge.to,
        routes: edge.routes.map((route) => ({ method: route.method, path: route.path, by: route.by })),
      };
    }),
  };
}

export function formatGraphJson(graph: ServiceGraph): string {
  return JSON.stringify(graphJson(graph), null, 2);
}
