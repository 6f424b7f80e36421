/**
 * Issue #6 figures for `dev up` (the synthesized app on this machine):
 *  - startup time (synth excluded: it reuses a fresh synth made first);
 *  - write-to-subscriber latency: from POST /orders answering to its notification being readable,
 *    p50 and p99 over N sequential writes;
 *  - a load run of M concurrent order writes: events delivered to the subscriber against the count
 *    expected (they must be equal: one order.upserted per order).
 *
 *   npx tsx bench/up.bench.ts [writes=200] [concurrent=1000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesize, up } from '@tributary/local-runtime';

const ROOT = join(__dirname, '..');
const WRITES = Number(process.argv[2] ?? 200);
const CONCURRENT = Number(process.argv[3] ?? 1000);

type Json = Record<string, unknown>;

async function post(url: string, body: unknown): Promise<Json> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Json;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

void (async () => {
  const work = mkdtempSync(join(tmpdir(), 'tributary-bench-up-'));
  const cdkOut = join(work, 'cdk.out');
  synthesize(ROOT, cdkOut);
  const system = await up({ root: ROOT, cdkOut, synth: 'never', parkedFile: join(work, 'parked.jsonl') });
  try {
    console.log(
      `dev up: started in ${system.startupMs} ms (DynamoDB Local, tables, ${system.system.functions.size} functions, bus, ${Object.keys(system.urls).length} APIs)`,
    );
    const user = await post(`${system.urls.users}/users`, {
      email: 'bench@example.com',
      name: { first: 'Bench' },
    });
    const order = {
      user_id: user.id,
      currency: 'EUR',
      line_items: [{ sku: 'SKU-1', quantity: 1, unit_price: '9.99' }],
      total: '9.99',
    };

    const latencies: number[] = [];
    for (let i = 0; i < WRITES; i++) {
      const created = await post(`${system.urls.orders}/orders`, order);
      const start = performance.now();
      for (;;) {
        const response = await fetch(`${system.urls.notifications}/notifications?order_id=${created.id}`);
        const list = (await response.json()) as unknown[];
        if (list.length > 0) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      latencies.push(performance.now() - start);
    }
    latencies.sort((a, b) => a - b);
    console.log(
      `write → notification readable, ${WRITES} writes: p50 ${percentile(latencies, 0.5).toFixed(0)} ms, p99 ${percentile(latencies, 0.99).toFixed(0)} ms`,
    );

    await system.idle(120_000);
    const before = system.stats().bus.delivered;
    const start = performance.now();
    const results = await Promise.allSettled(
      Array.from({ length: CONCURRENT }, () => post(`${system.urls.orders}/orders`, order)),
    );
    const written = results.filter((r) => r.status === 'fulfilled').length;
    await system.idle(600_000);
    const delivered = system.stats().bus.delivered - before;
    const seconds = (performance.now() - start) / 1000;
    console.log(
      `${CONCURRENT} concurrent writes: ${written} written, ${delivered} events delivered of ${written} expected ` +
        `(${delivered === written ? 'equal' : 'NOT EQUAL'}), all settled in ${seconds.toFixed(1)} s; parked: ${system.parking.list().length}`,
    );
  } finally {
    await system.stop();
    rmSync(work, { recursive: true, force: true });
  }
})();
