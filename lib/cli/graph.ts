import { formatGraphDot } from '../contract/graph/dot';
import { formatGraphJson } from '../contract/graph/json';
import { formatGraphMermaid } from '../contract/graph/mermaid';
import { buildServiceGraph, type ServiceGraph } from '../contract/graph/service-graph';
import { formatGraphSvg } from '../contract/graph/svg';
import type { CommandResult } from './errors';
import { formatDiagnostics } from './format-diagnostics';
import { validateProject } from './load-project';

export const GRAPH_FORMATS = ['mermaid', 'dot', 'svg', 'json'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

const FORMATTERS: Record<GraphFormat, (graph: ServiceGraph) => string> = {
  mermaid: formatGraphMermaid,
  dot: formatGraphDot,
  svg: formatGraphSvg,
  json: formatGraphJson,
};

export interface GraphOptions {
  readonly root: string;
  readonly cwd: string;
  readonly format: GraphFormat;
}

/** The graph of every spec of the project, or the errors that stop it (a graph of invalid specs would lie). */
export function projectGraph(
  options: Omit<GraphOptions, 'format'>,
): { ok: true; graph: ServiceGraph } | { ok: false; errors: ReturnType<typeof validateProject>['reported'] } {
  const validation = validateProject(options.root, options.cwd);
  const errors = validation.reported.filter((d) => d.severity === 'error');
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, graph: buildServiceGraph(validation.valid.map((l) => l.spec)) };
}

/**
 * `dev graph [--format mermaid|dot|svg|json]`: every service, the events it publishes, who
 * subscribes to them and who calls which routes, with each service's fan-in and fan-out. Exit 0,
 * or 2 when a spec is invalid: drawing is not checking, so the command could not run. The errors
 * go to stderr, naming each file, and stdout stays empty, so `dev graph --format svg > system.svg`
 * never writes them into the picture.
 */
export function runGraph(options: GraphOptions): CommandResult {
  const result = projectGraph(options);
  if (!result.ok) {
    return {
      stdout: '',
      stderr: `${formatDiagnostics(result.errors, 'text')}\ndev graph: fix the invalid specs first (see \`dev validate\`); nothing was drawn.`,
      exitCode: 2,
    };
  }
  return { stdout: FORMATTERS[options.format](result.graph), exitCode: 0 };
}
