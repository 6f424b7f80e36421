import { type CallSite, compareText } from './service-graph';

/**
 * Coupling: services whose code calls one another round a cycle, directly (orders calls users,
 * users calls orders) or through others and through subscribers that call back (orders calls
 * users; users subscribes to orders and its subscriber reads the order). None of them deploys,
 * scales, or fails alone. Events alone never couple: a publisher does not know its subscribers,
 * so only calls (an operation's, or a subscriber's, the default read of the publisher's item
 * included) are edges here. A service's calls to itself are not coupling between services (and
 * validation refuses an explicit one: `call-target`).
 *
 * Each cycle is named from its first service in code-unit order and closed by the call into that
 * service. Every call that closes some cycle is reported once, with the shortest cycle it closes,
 * so a finding's place (the calling operation or subscription) stays put while the specs around
 * it change, and a cycle accepted in the allow file is that call's. The search is Johnson's
 * start-at-the-least-node idea without enumerating every cycle: a breadth-first search per
 * service over the services after it, O(V·(V+E)).
 */
export interface Coupling {
  /** The call that closes the cycle: its place is where the finding is. */
  readonly closing: CallSite;
  /** The services in call order, starting and ending with the same one: `[orders, users, orders]`. */
  readonly cycle: readonly string[];
  /** For each step of the cycle, the first call (by place) that makes it; the last is `closing`. */
  readonly steps: readonly CallSite[];
}

const compareSites = (a: CallSite, b: CallSite) =>
  compareText(a.by, b.by) || compareText(a.path, b.path) || compareText(a.method, b.method);

/** Every call that closes a cycle of calls between services, with the cycle; sorted by cycle, then place. */
export function couplings(sites: readonly CallSite[]): Coupling[] {
  const calls = sites.filter((site) => site.from !== site.to);
  const services = [...new Set(calls.flatMap((site) => [site.from, site.to]))].sort(compareText);
  const rank = new Map(services.map((service, i) => [service, i]));
  // Out-edges with the first call of each step, neighbours in order, so the searches are deterministic.
  const firstCall = new Map<string, CallSite>();
  for (const site of [...calls].sort(compareSites)) {
    const key = `${site.from}\u0000${site.to}`;
    if (!firstCall.has(key)) firstCall.set(key, site);
  }
  const next = new Map<string, string[]>();
  for (const key of [...firstCall.keys()].sort(compareText)) {
    const [from = '', to = ''] = key.split('\u0000');
    next.set(from, [...(next.get(from) ?? []), to]);
  }
  const step = (from: string, to: string) => firstCall.get(`${from}\u0000${to}`) as CallSite;

  const found: Coupling[] = [];
  for (const start of services) {
    const least = rank.get(start) ?? 0;
    const closers = calls.filter((site) => site.to === start && (rank.get(site.from) ?? 0) > least);
    if (closers.length === 0) continue;
    // Shortest paths from `start` through services ranked after it.
    const parent = new Map<string, string>([[start, start]]);
    const queue = [start];
    for (let i = 0; i < queue.length; i++) {
      const at = queue[i] as string;
      for (const to of next.get(at) ?? []) {
        if (parent.has(to) || (rank.get(to) ?? 0) <= least) continue;
        parent.set(to, at);
        queue.push(to);
      }
    }
    for (const closing of closers.sort(compareSites)) {
      if (!parent.has(closing.from)) continue;
      const path = [closing.from];
      for (let at = closing.from; at !== start; ) {
        at = parent.get(at) as string;
        path.unshift(at);
      }
      const cycle = [...path, start];
      const steps = path.slice(0, -1).map((from, i) => step(from, cycle[i + 1] as string));
      found.push({ closing, cycle, steps: [...steps, closing] });
    }
  }
  return found.sort(
    (a, b) => compareText(a.cycle.join(' '), b.cycle.join(' ')) || compareSites(a.closing, b.closing),
  );
}

/** `orders → users → orders`. */
export function cycleText(cycle: readonly string[]): string {
  return cycle.join(' → ');
}
