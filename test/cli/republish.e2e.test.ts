/**
 * End to end: `dev republish <service> --local` through the real binary, for every service of the
 * reference system, against the system `dev up` runs (started in-process here, as in
 * test/local/e2e/up.e2e.test.ts). The republished events must reach exactly the subscribers the
 * specs declare, and subscribers must treat them as what they are: news of state they already
 * acted on (no new writes, so no new events).
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningSystem, up } from '@tributary/local-runtime';
import { localEndpoints, writeLocalEndpoints } from '../../lib/cli/local-endpoints';
import { discoverSpecFiles, serviceNameOfFile } from '../../lib/contract/files';
import { type Spec, specSchema } from '../../lib/contract/schema';

const ROOT = join(__dirname, '..', '..');
const DEV = join(ROOT, 'bin', 'dev.cjs');
const work = mkdtempSync(join(tmpdir(), 'tributary-republish-e2e-'));
/** A project holding the reference specs, where `dev up` left its endpoints file. */
const project = join(work, 'project');
let system: RunningSystem;

jest.setTimeout(300_000);

beforeAll(async () => {
  system = await up({
    root: ROOT,
    cdkOut: join(work, 'cdk.out'),
    synth: 'always',
    parkedFile: join(work, 'parked.jsonl'),
    busRetry: { baseDelayMs: 5, maxDelayMs: 20 },
  });
  cpSync(join(ROOT, 'api-specs'), join(project, 'api-specs'), { recursive: true });
  // What `dev up` (lib/cli/up.ts) writes once the system answers.
  writeLocalEndpoints(project, localEndpoints(system));
});

afterAll(async () => {
  await system?.stop();
  rmSync(work, { recursive: true, force: true });
});

/**
 * `dev` as an operator runs it, with no AWS configuration at all in the environment. Asynchronous:
 * the local system runs in this process and must go on answering meanwhile.
 */
function dev(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DEV, ...args], {
      cwd: project,
      env: { PATH: process.env.PATH ?? '', HOME: work, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function call(service: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${system.urls[service]}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

const specs: readonly Spec[] = discoverSpecFiles(ROOT).map((file) =>
  specSchema.parse(JSON.parse(readFileSync(join(ROOT, file), 'utf8'))),
);
const services = discoverSpecFiles(ROOT).map(serviceNameOfFile);
/** The reference services: those this test stores something in (other specs a team added may be empty). */
const REFERENCE_SERVICES = ['notifications', 'orders', 'users'];

/** How many subscriptions receive `<resource>.upserted` of `service`: one rule each. */
function upsertedSubscribers(service: string, resource: string): number {
  return specs
    .flatMap((spec) => spec.subscriptions ?? [])
    .filter((s) => s.service === service && s.resource === resource && s.events.includes('upserted')).length;
}

/** `  <resource>: <n> published of <m> read` lines of the summary. */
function publishedByResource(stdout: string): Map<string, number> {
  return new Map(
    [...stdout.matchAll(/^ {2}(\w+): (\d+) published of \d+ read$/gm)].map((m) => [m[1] ?? '', Number(m[2])]),
  );
}

describe('dev republish --local over the running system', () => {
  let orderId: string;
  /** Subscriber deliveries the republished events caused, over every service. */
  let delivered = 0;

  beforeAll(async () => {
    // Something stored in every service: a user, an order, and the notification it causes.
    const user = await call('users', 'POST', '/users', {
      email: 'grace@example.com',
      name: { first: 'Grace' },
    });
    expect(user.status).toBe(201);
    const order = await call('orders', 'POST', '/orders', {
      user_id: (user.body as { id: string }).id,
      currency: 'EUR',
      line_items: [{ sku: 'BOOK-1', quantity: 1, unit_price: '9.99' }],
      total: '9.99',
    });
    expect(order.status).toBe(201);
    orderId = (order.body as { id: string }).id;
    await system.idle();
  });

  it('knows every service of the specs', () => {
    expect(services).toEqual(expect.arrayContaining(REFERENCE_SERVICES));
    expect(Object.keys(localEndpoints(system).services).sort()).toEqual([...services].sort());
  });

  it.each(REFERENCE_SERVICES)(
    'republishes %s: exit 0, and the events reach exactly its subscribers',
    async (service) => {
      const before = system.stats().bus;
      const run = await dev(['republish', service, '--local']);
      expect(run.stderr).not.toContain('dev:');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Republished \\d+ event\\(s\\) for ${service} in `));

      const published = publishedByResource(run.stdout);
      const total = [...published.values()].reduce((a, b) => a + b, 0);
      expect(total).toBeGreaterThanOrEqual(1);
      const deliveries = [...published].reduce(
        (sum, [resource, n]) => sum + n * upsertedSubscribers(service, resource),
        0,
      );

      await system.idle();
      const after = system.stats().bus;
      expect(after.accepted - before.accepted).toBe(total);
      expect(after.rejected).toBe(before.rejected);
      expect(after.deliveries - before.deliveries).toBe(deliveries);
      expect(after.delivered - before.delivered).toBe(deliveries);
      expect(after.parked).toBe(before.parked);
      delivered += deliveries;
    },
  );

  it('reached subscribers at all (the specs subscribe to some upserted event)', () => {
    expect(delivered).toBeGreaterThanOrEqual(1);
  });

  it('delivered a republished order to notifications, which recorded nothing new (one notification per order version)', async () => {
    const notifications = await call('notifications', 'GET', `/notifications?order_id=${orderId}`);
    expect(notifications.status).toBe(200);
    expect(notifications.body).toEqual([expect.objectContaining({ order_id: orderId, order_version: 1 })]);
  });

  it('says when the bus it was given does not exist: exit 2, one line, nothing put', async () => {
    const before = system.stats().bus.accepted;
    const run = await dev([
      'republish',
      REFERENCE_SERVICES[0] ?? '',
      '--local',
      '--event-bus',
      'no-such-bus',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain('internal error');
    expect(run.stderr).toContain(
      `dev: event bus "no-such-bus" does not exist at ${system.eventBusUrl}: restart \`npx dev up\` so it runs the current app, or drop --event-bus`,
    );
    expect(system.stats().bus.accepted).toBe(before);
  });
});
