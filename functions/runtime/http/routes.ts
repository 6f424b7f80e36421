/**
 * The route table of {@link httpRouter}: `METHOD /literal/:param` patterns compiled once into a
 * segment tree, matched per request without regular expressions.
 *
 * Matching rules:
 * - a path is `/` followed by segments separated by `/`; it must start with `/`;
 * - a literal segment matches exactly (case-sensitive, no decoding: `/us%65rs` is not `/users`);
 * - a `:param` segment matches one non-empty segment; its value is percent-decoded after matching
 *   (`%2F` stays inside the value), and a malformed %-sequence makes the request a 404;
 * - literals win over parameters, segment by segment from the left, falling back to the parameter
 *   when the literal branch has no route for the method (as API Gateway picks the most specific
 *   route of the method);
 * - a trailing slash is one more (empty) segment, so `/users/` does not match `/users` nor
 *   `/users/:id`; neither does `//users`;
 * - a path that matches with other methods only is a 405 whose `allow` lists every method any
 *   matching pattern accepts.
 */

export interface RouteDefinition<T> {
  readonly method: string;
  /** `/users/:id`: literal and `:name` segments; `/` alone is the root. */
  readonly path: string;
  readonly value: T;
}

export type RouteMatch<T> =
  | { readonly kind: 'found'; readonly value: T; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'method_not_allowed'; readonly allowed: readonly string[] };

interface Endpoint<T> {
  readonly value: T;
  /** Segment index and name of each parameter, in path order. */
  readonly params: readonly (readonly [index: number, name: string])[];
}

interface Node<T> {
  readonly literals: Map<string, Node<T>>;
  param: Node<T> | undefined;
  /** Method → endpoint, for patterns that end at this node. */
  readonly endpoints: Map<string, Endpoint<T>>;
}

const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NOT_FOUND = Object.freeze({ kind: 'not_found' } as const);

function newNode<T>(): Node<T> {
  return { literals: new Map(), param: undefined, endpoints: new Map() };
}

/** The segments of a path: `/a/b` → `['a', 'b']`, `/` → `['']`; `undefined` if it does not start with `/`. */
function segmentsOf(path: string): string[] | undefined {
  return path.startsWith('/') ? path.slice(1).split('/') : undefined;
}

export class RouteTable<T> {
  readonly #root: Node<T> = newNode();
  #depth = 0;

  /** Compiles `routes`; throws `TypeError` on a malformed pattern or a duplicate method + path. */
  constructor(routes: Iterable<RouteDefinition<T>>) {
    for (const route of routes) this.#add(route);
  }

  #add(route: RouteDefinition<T>): void {
    const segments = segmentsOf(route.path);
    if (segments === undefined) throw new TypeError(`route path must start with "/": ${route.path}`);
    if (route.method === '') throw new TypeError(`route method is empty: ${route.path}`);
    const params: (readonly [number, string])[] = [];
    let node = this.#root;
    for (const [index, segment] of segments.entries()) {
      if (segment.startsWith(':')) {
        const name = segment.slice(1);
        if (!PARAM_NAME.test(name)) throw new TypeError(`bad parameter ${segment} in ${route.path}`);
        if (params.some(([, other]) => other === name)) {
          throw new TypeError(`parameter ${segment} repeats in ${route.path}`);
        }
        params.push([index, name]);
        node.param ??= newNode();
        node = node.param;
      } else {
        if (segment === '' && route.path !== '/') throw new TypeError(`empty segment in ${route.path}`);
        let next = node.literals.get(segment);
        if (next === undefined) {
          next = newNode();
          node.literals.set(segment, next);
        }
        node = next;
      }
    }
    if (node.endpoints.has(route.method)) {
      throw new TypeError(`two routes for ${route.method} ${route.path}`);
    }
    node.endpoints.set(route.method, { value: route.value, params });
    this.#depth = Math.max(this.#depth, segments.length);
  }

  /** Routes `method` + `path` (the raw, percent-encoded path, without query string). */
  match(method: string, path: string): RouteMatch<T> {
    const segments = segmentsOf(path);
    if (segments === undefined || segments.length > this.#depth) return NOT_FOUND;
    const nodes: Node<T>[] = [];
    collect(this.#root, segments, 0, nodes);
    for (const node of nodes) {
      const endpoint = node.endpoints.get(method);
      if (endpoint === undefined) continue;
      const params: [string, string][] = [];
      for (const [index, name] of endpoint.params) {
        const value = decodeSegment(segments[index] ?? '');
        if (value === undefined) return NOT_FOUND;
        params.push([name, value]);
      }
      // fromEntries defines own properties: a parameter named `__proto__` stays data.
      return { kind: 'found', value: endpoint.value, params: Object.fromEntries(params) };
    }
    if (nodes.length === 0) return NOT_FOUND;
    const allowed = new Set<string>();
    for (const node of nodes) for (const other of node.endpoints.keys()) allowed.add(other);
    return { kind: 'method_not_allowed', allowed: [...allowed] };
  }
}

/** Every node where a pattern matching `segments` ends, most specific first (literals before params). */
function collect<T>(node: Node<T>, segments: readonly string[], index: number, out: Node<T>[]): void {
  if (index === segments.length) {
    if (node.endpoints.size > 0) out.push(node);
    return;
  }
  const segment = segments[index] ?? '';
  const literal = node.literals.get(segment);
  if (literal !== undefined) collect(literal, segments, index + 1, out);
  if (node.param !== undefined && segment !== '') collect(node.param, segments, index + 1, out);
}

/** Percent-decodes one path segment; `undefined` when the %-encoding (or the UTF-8 it encodes) is malformed. */
export function decodeSegment(segment: string): string | undefined {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
