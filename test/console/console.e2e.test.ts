/**
 * End to end over `dev up` and its console: the synthesized reference app on this machine (DynamoDB
 * Local, every Lambda from its bundle, the local bus and HTTP APIs), its console on 127.0.0.1, and a
 * real browser (Debian's Chromium through playwright-core) looking at the page.
 *
 * - One trace from the write to the subscriber: `POST /orders` is one trace id, and the same id is on
 *   the order's stream record, the `order.upserted` event, its delivery to the notifications
 *   subscriber, the subscriber's log records and its calls to the orders and users APIs.
 * - The page shows that trace as one card; a subscriber made to fail shows its attempts, then the
 *   parked entry, and the page's Redrive delivers it; no personal_data value is ever in the page.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalFunction, type LogEntry, type RunningSystem, up } from '@tributary/local-runtime';
import type { Browser, Page } from 'playwright-core';
import { TRACE_ATTRIBUTE } from '../../functions/runtime/conventions';
import type { ConsoleEntry, ConsoleFeed } from '../../lib/console/feed';
import { projectFeed, startLocalConsole } from '../../lib/console/local-console';
import type { RunningConsole } from '../../lib/console/server';
import { call as callUrl, type Json, orderOf, ROOT } from '../local/e2e/helpers';
import { launchBrowser } from '../support/browser';

const work = mkdtempSync(join(tmpdir(), 'tributary-console-'));
let system: RunningSystem;
let feed: ConsoleFeed;
let console_: RunningConsole;
let browser: Browser;
let page: Page;

jest.setTimeout(300_000);

beforeAll(async () => {
  feed = projectFeed(ROOT);
  system = await up({
    root: ROOT,
    cdkOut: join(work, 'cdk.out'),
    synth: 'always',
    parkedFile: join(work, 'parked.jsonl'),
    busRetry: { baseDelayMs: 5, maxDelayMs: 20 },
    traceAttribute: TRACE_ATTRIBUTE,
    onLog: (entry) => feed.add(entry),
  });
  console_ = await startLocalConsole({ root: ROOT, feed, running: system });
  browser = await launchBrowser();
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  await console_?.stop();
  await system?.stop();
  rmSync(work, { recursive: true, force: true });
});

const call = (service: string, method: string, path: string, body?: unknown) =>
  callUrl(system.urls[service] ?? '', method, path, body);

type Shown<T extends LogEntry['type']> = ConsoleEntry & { entry: Extract<LogEntry, { type: T }> };

function entries<T extends LogEntry['type']>(type: T, trace?: string): Shown<T>[] {
  return feed
    .since()
    .filter((e): e is Shown<T> => e.kind === type && (trace === undefined || e.traces.includes(trace)));
}

/** The notifications subscriber of the orders' events (whatever CDK named it). */
function orderSubscriber(): LocalFunction {
  const found = [...system.system.functions.values()].find(
    (fn) => fn.stack.endsWith('-notifications') && fn.logicalId.startsWith('OnOrdersOrder'),
  );
  if (found === undefined) throw new Error('no notifications subscriber of orders in the app');
  return found;
}

const EMAIL = 'ada.console@example.com';
let user: Json;
let order: Json;
let trace: string;

describe('one trace from the write to the subscriber, over dev up', () => {
  beforeAll(async () => {
    user = (await call('users', 'POST', '/users', { email: EMAIL, name: { first: 'Ada', last: 'Lovelace' } }))
      .body as Json;
    const created = await call('orders', 'POST', '/orders', orderOf(user.id));
    expect(created.status).toBe(201);
    order = created.body as Json;
    await system.idle(60_000);
    const [post] = entries('request').filter(
      (e) => e.entry.service === 'orders' && e.entry.method === 'POST' && e.entry.path === '/orders',
    );
    expect(post?.traces).toHaveLength(1);
    trace = post?.traces[0] ?? '';
  });

  it('gives the request a trace id, and the order creation calls users in it', () => {
    expect(trace).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(entries('request', trace).map((e) => `${e.entry.service} ${e.entry.method}`)).toEqual(
      expect.arrayContaining(['orders POST', 'users GET']),
    );
  });

  it("keeps it on the order's stream record and on the order.upserted event", () => {
    const streamed = entries('stream', trace);
    expect(streamed.length).toBeGreaterThan(0);
    expect(
      streamed.flatMap((e) => e.entry.records).filter((r) => r.traceId === trace).length,
    ).toBeGreaterThan(0);
    const events = entries('event', trace);
    expect(events.map((e) => `${e.entry.source} ${e.entry.detailType}`)).toContain(
      'tributary.orders order.upserted',
    );
    expect(events.find((e) => e.entry.detailType === 'order.upserted')?.entry.detail).toMatchObject({
      id: order.id,
    });
  });

  it("delivers the event in it, and the subscriber's logs and its calls to orders and users are in it", async () => {
    const subscriber = orderSubscriber();
    const deliveries = entries('delivery', trace).filter((e) => e.entry.functionId === subscriber.id);
    expect(deliveries.map((e) => e.entry.outcome)).toContain('delivered');
    const logged = entries('function', trace).filter((e) => e.entry.functionId === subscriber.id);
    expect(logged.length).toBeGreaterThan(0);
    // The subscriber fetched the order and the user from their owners, carrying the trace.
    const calls = entries('request', trace).map(
      (e) => `${e.entry.service} ${e.entry.method} ${e.entry.path}`,
    );
    expect(calls).toEqual(
      expect.arrayContaining([`orders GET /orders/${order.id}`, `users GET /users/${user.id}`]),
    );
    const notifications = await call('notifications', 'GET', `/notifications?order_id=${order.id}`);
    expect(notifications.body).toEqual([expect.objectContaining({ order_id: order.id })]);
  });

  it('starts a new trace for another request: nothing of the first leaks into it', async () => {
    const read = await call('orders', 'GET', `/orders/${order.id}`);
    expect(read.status).toBe(200);
    const last = entries('request').at(-1);
    expect(last?.traces).toHaveLength(1);
    expect(last?.traces[0]).not.toBe(trace);
  });
});

describe('the console in a browser', () => {
  it('shows the order under one trace: request, stream record, event, delivery', async () => {
    await page.goto(console_.url);
    const card = page.locator(`article.trace[data-trace="${trace}"]`);
    await card.locator('li[data-kind="delivery"][data-outcome="delivered"]').first().waitFor();
    for (const kind of ['request', 'stream', 'event', 'delivery', 'function']) {
      expect(await card.locator(`li[data-kind="${kind}"]`).count()).toBeGreaterThan(0);
    }
    expect(
      await card.locator('li[data-kind="request"]', { hasText: '[orders api] POST /orders 201' }).count(),
    ).toBe(1);
    await page.locator('#status[data-state="live"]').waitFor();
  });

  it('hides REPORT lines, metric blobs and DEBUG records until asked, as dev up --verbose', async () => {
    const quiet = page.locator('li.entry[data-verbose="true"]').first();
    expect(await quiet.count()).toBe(1);
    expect(await quiet.isVisible()).toBe(false);
    await page.locator('#verbose').check();
    expect(await quiet.isVisible()).toBe(true);
    await page.locator('#verbose').uncheck();
    expect(await quiet.isVisible()).toBe(false);
  });

  it('shows the service graph', async () => {
    const graph = page.locator('#graph');
    await graph.waitFor();
    expect(
      await graph.evaluate((img) => {
        const loaded = img as unknown as { complete: boolean; naturalWidth: number };
        return loaded.complete && loaded.naturalWidth > 0;
      }),
    ).toBe(true);
  });

  it('never shows a personal_data value', async () => {
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text).toContain(user.id);
    expect(text).not.toContain(EMAIL);
    expect(text).not.toContain('Lovelace');
    // Nor anything the page could get: the whole window, stream record keys (a unique index's guard
    // item has the email in its key) included.
    const served = await page.evaluate(async () => (await fetch('/api/entries')).text());
    expect(served).toContain(user.id);
    expect(served).not.toContain(EMAIL);
    expect(served).toContain('_unique#ix_user__email#[REDACTED]');
  });

  it('shows what the system reports as text, never as markup', async () => {
    feed.add({
      type: 'message',
      at: new Date().toISOString(),
      text: '<img src=x onerror="window.__pwned=1">',
    });
    const row = page.locator('li.entry', { hasText: '<img src=x onerror=' });
    await row.waitFor();
    expect(
      await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned),
    ).toBeUndefined();
    expect(await row.locator('img').count()).toBe(0);
  });

  it('tests a pattern', async () => {
    await page.locator('#match-pattern').fill('{ "detail-type": [{ "prefix": "order." }] }');
    await page
      .locator('#match-event')
      .fill('{ "source": "tributary.orders", "detail-type": "order.upserted" }');
    await page.locator('#match-form button').click();
    await page.locator('#match-result[data-result="match"]').waitFor();
    await page.locator('#match-pattern').fill('{ "detail-type": "order.upserted" }');
    await page.locator('#match-form button').click();
    await page.locator('#match-result[data-result="error"]').waitFor();
    expect(await page.locator('#match-result').textContent()).toMatch(/pattern:1:\d+: invalid event pattern/);
  });

  it('shows a failing subscriber retrying, then parked, and Redrive delivers it', async () => {
    const subscriber = orderSubscriber();
    const original = system.runner.codeDir(subscriber.id) ?? '';
    const failing = join(work, 'failing-subscriber');
    const [module] = subscriber.handler.split('.');
    mkdirSync(failing, { recursive: true });
    writeFileSync(
      join(failing, `${module}.js`),
      `exports.${subscriber.handler.slice((module ?? '').length + 1)} = async () => { throw new Error('made to fail by the console test'); };\n`,
    );
    await system.runner.replaceCode(subscriber.id, failing);

    const second = (await call('orders', 'POST', '/orders', orderOf(user.id))).body as Json;
    await system.idle(120_000);
    const [post] = entries('request')
      .filter((e) => e.entry.service === 'orders' && e.entry.method === 'POST' && e.entry.path === '/orders')
      .slice(-1);
    const secondTrace = post?.traces[0] ?? '';
    const attempts = entries('delivery', secondTrace).filter((e) => e.entry.functionId === subscriber.id);
    expect(attempts.map((e) => e.entry.outcome)).toContain('retrying');
    expect(attempts.at(-1)?.entry.outcome).toBe('parked');

    const card = page.locator(`article.trace[data-trace="${secondTrace}"]`);
    await card.locator('li[data-kind="delivery"][data-outcome="parked"]').waitFor();
    expect(await card.locator('li[data-kind="delivery"][data-outcome="retrying"]').count()).toBeGreaterThan(
      0,
    );
    const parkedId = attempts.at(-1)?.entry.parkedId ?? '';
    expect(parkedId).not.toBe('');
    const button = page.locator(`tr[data-parked="${parkedId}"] button[data-redrive="${parkedId}"]`);
    await button.waitFor();

    await system.runner.replaceCode(subscriber.id, original);
    await button.click();
    await page.locator('#redrive-result', { hasText: `Redriven: ${parkedId}` }).waitFor();
    await system.idle(60_000);
    await card.locator('li[data-kind="delivery"][data-outcome="delivered"]').waitFor();
    await page.locator(`tr[data-parked="${parkedId}"]`).waitFor({ state: 'detached' });
    const notifications = await call('notifications', 'GET', `/notifications?order_id=${second.id}`);
    expect(notifications.body).toEqual([expect.objectContaining({ order_id: second.id })]);

    // Redriven once: a second redrive is refused, and so is an id nothing was parked under.
    const again = await page.evaluate(async (id) => {
      const response = await fetch('/api/redrive', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id }),
      });
      return { status: response.status, body: (await response.json()) as unknown };
    }, parkedId);
    expect(again).toEqual({
      status: 409,
      body: { code: 'conflict', messages: [expect.stringContaining(parkedId)] },
    });
    const unknown = await page.evaluate(async () => {
      const response = await fetch('/api/redrive', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'no-such-entry' }),
      });
      return response.status;
    });
    expect(unknown).toBe(404);
  });
});
