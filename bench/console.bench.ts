/**
 * The local console's latency: from the moment the running system reports a delivery (the entry
 * handed to the console's feed) to its row being in the page of a real browser (Chromium, headless),
 * side by side with a page polling `GET /api/entries?after=<seq>` once a second (the simple
 * alternative to Server-Sent Events), measured the same way in the same browser. Goal: under 500 ms. Prints figures; never fails a build.
 *
 *   npx tsx bench/console.bench.ts [deliveries=50]
 */
import { loadavg } from 'node:os';
import type { LogEntry } from '@tributary/local-runtime';
import { ConsoleFeed } from '../lib/console/feed';
import { startConsole } from '../lib/console/server';
import { buildServiceGraph } from '../lib/contract/graph/service-graph';
import { referenceSpecs } from '../test/contract/graph/fixtures';
import { launchBrowser } from '../test/support/browser';

const DELIVERIES = Number(process.argv[2] ?? 50);
const POLL_MS = 1000;

function delivery(n: number): LogEntry {
  const trace = `1-${(0x67000000 + n).toString(16)}-${n.toString(16).padStart(24, '0')}`;
  return {
    type: 'delivery',
    at: new Date().toISOString(),
    traceId: trace,
    detailType: 'order.upserted',
    source: 'tributary.orders',
    rule: 'notifications/OnOrdersOrderRule',
    subscriber: 'notifications/OnOrdersOrderFunction',
    outcome: 'delivered',
    attempt: 1,
    ms: 12,
    eventId: `event-${n}`,
    ruleId: 'stack/OnOrdersOrderRule',
    functionId: 'stack/OnOrdersOrderFunction',
  } as unknown as LogEntry;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const feed = new ConsoleFeed({ personalFields: [] });
  const graph = buildServiceGraph(referenceSpecs());
  const running = await startConsole({
    feed,
    system: { graph: () => graph, parked: () => [], redrive: async () => {} },
  });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(running.url);
    await page.waitForSelector('#status[data-state="live"]');
    const sse: number[] = [];
    for (let n = 1; n <= DELIVERIES; n += 1) {
      const started = performance.now();
      const { seq } = feed.add(delivery(n));
      await page.waitForSelector(`li.entry[data-seq="${seq}"]`, { state: 'attached' });
      sse.push(performance.now() - started);
    }
    // The alternative, for real: a page of the same origin asking for new entries every POLL_MS.
    const poller = await browser.newPage();
    await poller.goto(`${running.url}api/entries`);
    await poller.evaluate((pollMs) => {
      const seen = new Set<number>();
      let after = 0;
      (globalThis as unknown as { seen: Set<number> }).seen = seen;
      setInterval(async () => {
        const entries = (await (await fetch(`/api/entries?after=${after}`)).json()) as Array<{ seq: number }>;
        for (const entry of entries) {
          seen.add(entry.seq);
          after = Math.max(after, entry.seq);
        }
      }, pollMs);
    }, POLL_MS);
    const polled: number[] = [];
    for (let n = 1; n <= Math.min(DELIVERIES, 20); n += 1) {
      // Deliveries do not wait for the poll: start at a random point of its period.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * POLL_MS));
      const started = performance.now();
      const { seq } = feed.add(delivery(DELIVERIES + n));
      await poller.waitForFunction((s) => (globalThis as unknown as { seen: Set<number> }).seen.has(s), seq, {
        polling: 5,
      });
      polled.push(performance.now() - started);
    }
    const row = (name: string, values: readonly number[]) =>
      `${name.padEnd(40)} p50 ${percentile(values, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(values, 95).toFixed(1).padStart(7)} ms   max ${Math.max(
        ...values,
      )
        .toFixed(1)
        .padStart(7)} ms`;
    console.log(
      `delivery → row in the page, ${DELIVERIES} deliveries (load ${loadavg()[0]?.toFixed(2)}; goal < 500 ms)`,
    );
    console.log(row('Server-Sent Events (the console)', sse));
    console.log(row(`polling every ${POLL_MS} ms (${polled.length} deliveries)`, polled));
  } finally {
    await browser.close();
    await running.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
