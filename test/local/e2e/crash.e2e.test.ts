/**
 * End to end: `dev up --persist DIR` killed with SIGKILL shortly after writes loses no event. The
 * reference system runs as a real `dev up` child process; each cycle writes a user and orders, kills
 * the process at a different moment (while the stream records are read, forwarded, put on the bus,
 * delivered), and the next start with the same directory must finish what the last one accepted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesize } from '@tributary/local-runtime';
import {
  call,
  type DevUpProcess,
  eventually,
  type Json,
  orderOf,
  projectDir,
  ROOT,
  startDevUp,
} from './helpers';

const work = mkdtempSync(join(tmpdir(), 'tributary-crash-'));
const persist = join(work, 'data');
let project: string;
let running: DevUpProcess | undefined;

jest.setTimeout(600_000);

beforeAll(() => {
  const cdkOut = join(work, 'cdk.out');
  synthesize(ROOT, cdkOut);
  project = projectDir(cdkOut);
});

afterAll(async () => {
  await running?.kill9();
  rmSync(work, { recursive: true, force: true });
  if (project) rmSync(project, { recursive: true, force: true });
});

/** Milliseconds between the last write's answer and SIGKILL, one cycle each. */
const KILL_AFTER_MS = [0, 60, 200, 450, 900, 1500];
const ORDERS_PER_CYCLE = 4;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function notificationsOf(urls: Readonly<Record<string, string>>, orderId: string): Promise<Json[]> {
  const response = await call(urls.notifications ?? '', 'GET', `/notifications?order_id=${orderId}`);
  return response.status === 200 && Array.isArray(response.body) ? (response.body as Json[]) : [];
}

describe('dev up --persist, killed with SIGKILL after writes', () => {
  it('delivers every order notification after a restart, whenever the kill came', async () => {
    const orders: { id: string; cycle: number }[] = [];
    for (const [cycle, killAfter] of KILL_AFTER_MS.entries()) {
      running = await startDevUp(project, ['--persist', persist]);
      const { urls } = running;
      const user = await call(urls.users ?? '', 'POST', '/users', {
        email: `crash-${cycle}@example.com`,
        name: { first: `Crash ${cycle}` },
      });
      expect(user.status).toBe(201);
      for (let i = 0; i < ORDERS_PER_CYCLE; i++) {
        const order = await call(urls.orders ?? '', 'POST', '/orders', orderOf(user.body?.id));
        expect(order.status).toBe(201);
        orders.push({ id: String(order.body?.id), cycle });
      }
      await sleep(killAfter);
      await running.kill9();
      running = undefined;
    }

    running = await startDevUp(project, ['--persist', persist]);
    const { urls } = running;
    const missing = async () => {
      const found = await Promise.all(orders.map(async (o) => (await notificationsOf(urls, o.id)).length));
      return orders.filter((_, i) => found[i] === 0);
    };
    await eventually(async () => (await missing()).length === 0, 120_000);
    // Named by cycle, so a failure says which kill timing lost what.
    expect(
      (await missing()).map((o) => `order ${o.id} (killed ${KILL_AFTER_MS[o.cycle]} ms after the writes)`),
    ).toEqual([]);
    // At least once, and the subscriber's deduplication makes it exactly one notification each.
    for (const order of orders) expect(await notificationsOf(urls, order.id)).toHaveLength(1);
    await running.stop();
    running = undefined;
  });
});
