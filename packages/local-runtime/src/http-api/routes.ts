/**
 * API Gateway HTTP API route selection: a route key is `METHOD /path` (`ANY` for every method,
 * `$default` for whatever nothing else matches); a path segment is a literal, a `{name}` variable
 * (one non-empty segment) or, last, a greedy `{name+}` (one or more segments). When several routes
 * match, the most specific wins, as on API Gateway: segment by segment a literal beats a variable
 * beats a greedy variable, then a method beats `ANY`, then `$default` comes last.
 */
import type { LocalRoute } from '../model';

type Segment =
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'param'; readonly name: string }
  | { readonly kind: 'greedy'; readonly name: string };

interface CompiledRoute {
  readonly route: LocalRoute;
  readonly routeKey: string;
  readonly method: string;
  /** Undefined: the `$default` route. */
  readonly segments: readonly Segment[] | undefined;
}

export interface RouteMatch {
  readonly route: LocalRoute;
  /** `GET /users/{id}`, or `$default`. */
  readonly routeKey: string;
  /** Decoded values of the path's variables (absent when the route has none). */
  readonly pathParameters: Readonly<Record<string, string>> | undefined;
}

/** `%`-decoding that leaves a malformed sequence as it is instead of throwing. */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function compileSegments(path: string): Segment[] {
  const parts = path.split('/').slice(1);
  return parts.map((part, index) => {
    const variable = /^\{([^{}]+?)(\+?)\}$/.exec(part);
    if (!variable) return { kind: 'literal', value: part };
    const name = variable[1] ?? '';
    if (variable[2] === '+') {
      if (index !== parts.length - 1)
        throw new Error(`route ${path}: a greedy variable must be the last segment`);
      return { kind: 'greedy', name };
    }
    return { kind: 'param', name };
  });
}

const RANK = { literal: 2, param: 1, greedy: 0 } as const;

/** Compares two matching routes: negative when `a` is more specific. */
function bySpecificity(a: CompiledRoute, b: CompiledRoute): number {
  if (a.segments === undefined || b.segments === undefined) {
    return (a.segments === undefined ? 1 : 0) - (b.segments === undefined ? 1 : 0);
  }
  const length = Math.max(a.segments.length, b.segments.length);
  for (let i = 0; i < length; i++) {
    const sa = a.segments[i];
    const sb = b.segments[i];
    const ra = sa ? RANK[sa.kind] : -1;
    const rb = sb ? RANK[sb.kind] : -1;
    if (ra !== rb) return rb - ra;
  }
  return (a.method === 'ANY' ? 1 : 0) - (b.method === 'ANY' ? 1 : 0);
}

function matchSegments(
  segments: readonly Segment[],
  parts: readonly string[],
): Record<string, string> | undefined {
  const params: [string, string][] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment === undefined) return undefined;
    if (segment.kind === 'greedy') {
      const rest = parts.slice(i);
      if (rest.length === 0 || rest.join('/') === '') return undefined;
      params.push([segment.name, safeDecode(rest.join('/'))]);
      return Object.fromEntries(params);
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    if (segment.kind === 'literal') {
      if (safeDecode(part) !== segment.value) return undefined;
    } else {
      if (part === '') return undefined;
      params.push([segment.name, safeDecode(part)]);
    }
  }
  // fromEntries defines own properties: a `{__proto__}` variable is data, not a prototype.
  return parts.length === segments.length ? Object.fromEntries(params) : undefined;
}

export class RouteTable {
  readonly #routes: readonly CompiledRoute[];

  constructor(routes: readonly LocalRoute[]) {
    this.#routes = routes.map((route) => {
      const method = route.method.toUpperCase();
      if (route.path === '$default' || method === '$DEFAULT') {
        return { route, routeKey: '$default', method: 'ANY', segments: undefined };
      }
      if (!route.path.startsWith('/'))
        throw new Error(`route ${route.method} ${route.path}: a path starts with /`);
      return { route, routeKey: `${method} ${route.path}`, method, segments: compileSegments(route.path) };
    });
  }

  /** The route API Gateway would pick for `method` and the raw (still percent-encoded) path. */
  match(method: string, rawPath: string): RouteMatch | undefined {
    const upper = method.toUpperCase();
    const parts = rawPath.split('/').slice(1);
    let best: { compiled: CompiledRoute; params: Record<string, string> } | undefined;
    for (const compiled of this.#routes) {
      if (compiled.method !== 'ANY' && compiled.method !== upper) continue;
      const params = compiled.segments === undefined ? {} : matchSegments(compiled.segments, parts);
      if (params === undefined) continue;
      if (best === undefined || bySpecificity(compiled, best.compiled) < 0) best = { compiled, params };
    }
    if (best === undefined) return undefined;
    const hasParams = Object.keys(best.params).length > 0;
    return {
      route: best.compiled.route,
      routeKey: best.compiled.routeKey,
      pathParameters: hasParams ? best.params : undefined,
    };
  }
}
