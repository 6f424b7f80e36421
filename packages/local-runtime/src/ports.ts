/**
 * The HTTP APIs' local ports under `dev up --port <base>`, derived from each service's name alone:
 * adding or removing a service leaves the others where they were, so a URL in a script, a bookmark
 * or the README keeps working. (Numbering the services in name order, as dev up once did, moved
 * every service after a new one.)
 *
 * A service's home port is `base + fnv1a32(name) mod 1000`. Homes are given out first, each to the
 * first by name of the services whose home it is; a service whose home went to another takes the
 * next port above it (wrapping from `base + 999` to `base`) that is no service's home and is not
 * taken yet, in the order of home port, then name. So:
 *
 * - a service alone at its home (with 1,000 ports, nearly always) keeps its port whatever is added
 *   or removed, unless a service with the same home and a name sorting before it is added;
 * - a service off its home may move when a service is added or removed.
 *
 * Every port stays within `base` .. `base + 999`, so `base` is at most {@link MAX_BASE_PORT}.
 */
import { createServer } from 'node:net';

/** How many ports `--port <base>` may hand out: base .. base + 999. */
export const PORT_SLOTS = 1000;
/** The highest base: its last port is 65535. */
export const MAX_BASE_PORT = 65_536 - PORT_SLOTS;

/** FNV-1a, 32 bits, over the name's UTF-8 bytes: small, stable, and the same on every machine. */
function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Where a service's port lies above the base when nothing else hashes there: 0 .. 999. */
export function homeSlot(service: string): number {
  return fnv1a32(service) % PORT_SLOTS;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Service → port for `basePort`, as described above. Throws on a base out of range, a repeated
 * name, or more services than ports.
 */
export function servicePorts(basePort: number, services: readonly string[]): Map<string, number> {
  if (!Number.isInteger(basePort) || basePort < 1 || basePort > MAX_BASE_PORT) {
    throw new RangeError(`a base port is a whole number from 1 to ${MAX_BASE_PORT}, not ${basePort}`);
  }
  if (new Set(services).size !== services.length) throw new Error('service names repeat');
  if (services.length > PORT_SLOTS) {
    throw new Error(`${services.length} services do not fit in ${PORT_SLOTS} ports`);
  }
  // Name order, not the caller's: the result depends on the set of names only.
  const sorted = [...services].sort(byName);
  const slots = new Map<string, number>();
  const homes = new Set<number>();
  const displaced: string[] = [];
  for (const service of sorted) {
    const home = homeSlot(service);
    if (homes.has(home)) displaced.push(service);
    else {
      homes.add(home);
      slots.set(service, home);
    }
  }
  // Displaced services never take a home: that is what keeps a service at home where it is.
  const taken = new Set(homes);
  displaced.sort((a, b) => homeSlot(a) - homeSlot(b) || byName(a, b));
  for (const service of displaced) {
    let slot = homeSlot(service);
    while (taken.has(slot)) slot = (slot + 1) % PORT_SLOTS;
    taken.add(slot);
    slots.set(service, slot);
  }
  return new Map(sorted.map((service) => [service, basePort + (slots.get(service) ?? 0)]));
}

/** A port `dev up` needs and cannot listen on: in use, or not allowed (below 1024 without root). */
export class PortUnavailableError extends Error {
  constructor(
    readonly port: number,
    /** What wanted it, e.g. `the users API`. */
    readonly owner: string,
    readonly reason: 'in use' | 'not allowed',
  ) {
    super(`port ${port} (${owner}) is ${reason === 'in use' ? 'in use' : 'not one this user may listen on'}`);
    this.name = 'PortUnavailableError';
  }
}

/** The listen error as a PortUnavailableError when it is one, else undefined. */
export function portUnavailable(
  error: unknown,
  port: number,
  owner: string,
): PortUnavailableError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') return new PortUnavailableError(port, owner, 'in use');
  if (code === 'EACCES') return new PortUnavailableError(port, owner, 'not allowed');
  return undefined;
}

/**
 * Listens on each port of `host` for a moment, before anything slow starts: a port in use stops
 * dev up at once instead of after DynamoDB Local has started. Throws PortUnavailableError for the
 * first that cannot be had (a server started later can still lose a race; its listen error says the
 * same).
 */
export async function ensurePortsFree(host: string, ports: ReadonlyMap<number, string>): Promise<void> {
  for (const [port, owner] of ports) {
    await new Promise<void>((resolve, reject) => {
      const server = createServer();
      server.once('error', (error) => reject(portUnavailable(error, port, owner) ?? error));
      server.listen(port, host, () => server.close(() => resolve()));
    });
  }
}
