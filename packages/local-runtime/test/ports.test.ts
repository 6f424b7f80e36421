/**
 * The APIs' ports under `dev up --port <base>` (src/ports.ts): derived from each service's
 * name, so they stay put when services come and go; collisions resolved the documented way.
 */
import { createServer, type Server } from 'node:net';
import fc from 'fast-check';
import {
  ensurePortsFree,
  homeSlot,
  MAX_BASE_PORT,
  PORT_SLOTS,
  PortUnavailableError,
  portUnavailable,
  servicePorts,
} from '../src/ports';

const ports = (base: number, services: string[]) => Object.fromEntries(servicePorts(base, services));

describe('homeSlot', () => {
  it.each([
    // FNV-1a 32 of the name mod 1000; the first two are FNV-1a's published values mod 1000.
    ['', 2166136261 % 1000],
    ['a', 3826002220 % 1000],
    ['users', 219],
    ['notifications', 663],
    ['orders', 820],
    ['catalog', 248],
    ['inventory', 279],
    // Names these tests collide on purpose.
    ['s0', 830],
    ['s1740', 830],
    ['s1933', 830],
    ['s528', 831],
    ['w2203', 999],
    ['w3064', 999],
    ['z122', 0],
  ])('%j → %d', (name, slot) => {
    expect(homeSlot(name)).toBe(slot);
  });
});

describe('servicePorts', () => {
  it.each([
    {
      given: 'the reference services',
      base: 4000,
      services: ['users', 'orders', 'notifications'],
      want: { notifications: 4663, orders: 4820, users: 4219 },
    },
    {
      given: 'the reference services and two more: the first three have not moved',
      base: 4000,
      services: ['users', 'orders', 'notifications', 'catalog', 'inventory'],
      want: { catalog: 4248, inventory: 4279, notifications: 4663, orders: 4820, users: 4219 },
    },
    {
      given: 'another base: the same offsets',
      base: 9000,
      services: ['orders', 'users'],
      want: { orders: 9820, users: 9219 },
    },
    {
      given: 'two names with one home: the first by name keeps it, the other takes the next port',
      base: 4000,
      services: ['s1740', 's0'],
      want: { s0: 4830, s1740: 4831 },
    },
    {
      given: 'three names with one home: in name order',
      base: 4000,
      services: ['s1933', 's1740', 's0'],
      want: { s0: 4830, s1740: 4831, s1933: 4832 },
    },
    {
      given: "a displaced service skips the next port when it is another service's home",
      base: 4000,
      services: ['s0', 's1740', 's528'],
      want: { s0: 4830, s528: 4831, s1740: 4832 },
    },
    {
      given: 'a displaced service at the top of the range wraps to the base, past homes',
      base: 4000,
      services: ['w2203', 'w3064', 'z122'],
      want: { w2203: 4999, w3064: 4001, z122: 4000 },
    },
    {
      given: 'the highest base: the last port is 65535',
      base: MAX_BASE_PORT,
      services: ['w2203'],
      want: { w2203: 65_535 },
    },
    { given: 'no services', base: 4000, services: [], want: {} },
  ])('$given', ({ base, services, want }) => {
    expect(ports(base, services)).toEqual(want);
  });

  it('keeps a service at its home when a colliding name that sorts after it is added', () => {
    expect(ports(4000, ['s0', 's528'])).toEqual({ s0: 4830, s528: 4831 });
    // s1740 shares s0's home; plain linear probing would push s528 off 831. Homes go first: it takes 832.
    expect(ports(4000, ['s0', 's528', 's1740'])).toMatchObject({ s0: 4830, s528: 4831 });
  });

  it('moves a service off its home only for a colliding name that sorts before it (documented)', () => {
    expect(ports(4000, ['s1740'])).toEqual({ s1740: 4830 });
    expect(ports(4000, ['s1740', 's0'])).toEqual({ s0: 4830, s1740: 4831 });
  });

  it('depends on the set of names only, not their order', () => {
    const services = ['users', 's0', 'orders', 's1740', 'z122', 'w3064', 'w2203', 's528'];
    const want = ports(4000, services);
    expect(ports(4000, [...services].reverse())).toEqual(want);
    expect(ports(4000, [...services].sort())).toEqual(want);
  });

  it('fills every port of the range with 1,000 services, each once', () => {
    const services = Array.from({ length: PORT_SLOTS }, (_, i) => `service_${i}`);
    const given = [...servicePorts(1, services).values()].sort((a, b) => a - b);
    expect(given).toEqual(Array.from({ length: PORT_SLOTS }, (_, i) => i + 1));
  });

  it('gives distinct ports in range, and keeps every service alone at its home when one is added', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,12}$/);
    fc.assert(
      fc.property(
        fc.uniqueArray(name, { maxLength: 60 }),
        name,
        fc.integer({ min: 1, max: MAX_BASE_PORT }),
        (services, added, base) => {
          fc.pre(!services.includes(added));
          const before = servicePorts(base, services);
          const after = servicePorts(base, [...services, added]);
          expect(new Set(after.values()).size).toBe(services.length + 1);
          for (const port of after.values()) {
            expect(port).toBeGreaterThanOrEqual(base);
            expect(port).toBeLessThan(base + PORT_SLOTS);
          }
          for (const service of services) {
            const atHome = before.get(service) === base + homeSlot(service);
            const pushedOff = homeSlot(service) === homeSlot(added) && added < service;
            if (atHome && !pushedOff)
              expect([service, after.get(service)]).toEqual([service, before.get(service)]);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it.each([0, -1, 1.5, Number.NaN, MAX_BASE_PORT + 1, 70_000])('refuses the base %p', (base) => {
    expect(() => servicePorts(base, ['users'])).toThrow(RangeError);
    expect(() => servicePorts(base, ['users'])).toThrow(`from 1 to ${MAX_BASE_PORT}`);
  });

  it('refuses a repeated name, and more services than ports', () => {
    expect(() => servicePorts(4000, ['users', 'users'])).toThrow('service names repeat');
    const many = Array.from({ length: PORT_SLOTS + 1 }, (_, i) => `s${i}`);
    expect(() => servicePorts(4000, many)).toThrow('1001 services do not fit in 1000 ports');
  });
});

describe('ports dev up cannot have', () => {
  let occupier: Server;
  let taken: number;

  beforeAll(async () => {
    occupier = createServer();
    await new Promise<void>((resolve) => occupier.listen(0, '127.0.0.1', resolve));
    const address = occupier.address();
    taken = typeof address === 'object' && address ? address.port : 0;
  });

  afterAll(() => new Promise<void>((resolve) => occupier.close(() => resolve())));

  it('says which port is in use and what wanted it', async () => {
    const attempt = ensurePortsFree('127.0.0.1', new Map([[taken, 'the users API']]));
    await expect(attempt).rejects.toBeInstanceOf(PortUnavailableError);
    await expect(attempt).rejects.toMatchObject({
      port: taken,
      owner: 'the users API',
      reason: 'in use',
      message: `port ${taken} (the users API) is in use`,
    });
  });

  it('lets free ports be, and leaves them free', async () => {
    const free = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    await expect(ensurePortsFree('127.0.0.1', new Map([[free, 'the orders API']]))).resolves.toBeUndefined();
    await expect(ensurePortsFree('127.0.0.1', new Map([[free, 'the orders API']]))).resolves.toBeUndefined();
  });

  it.each([
    { code: 'EADDRINUSE', want: { reason: 'in use', message: 'port 80 (the users API) is in use' } },
    {
      code: 'EACCES',
      want: { reason: 'not allowed', message: 'port 80 (the users API) is not one this user may listen on' },
    },
  ])('reads a listen error $code', ({ code, want }) => {
    const error = Object.assign(new Error('listen'), { code });
    expect(portUnavailable(error, 80, 'the users API')).toMatchObject({ port: 80, ...want });
  });

  it('leaves other errors alone', () => {
    expect(portUnavailable(Object.assign(new Error('x'), { code: 'ENOTFOUND' }), 80, 'x')).toBeUndefined();
    expect(portUnavailable(new Error('x'), 80, 'x')).toBeUndefined();
    expect(portUnavailable(null, 80, 'x')).toBeUndefined();
  });
});
