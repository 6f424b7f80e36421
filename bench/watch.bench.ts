/**
 * Issue #12 figure for `dev up --watch`: from a handler's save to the first response served by the
 * new code, p50 and max over N saves (goal: p50 under 1 s). A scratch project with one service
 * (test/support/watch-fixture.ts: catalog plus labelProduct, whose handler each save changes); the
 * clock starts before the file is written and stops at the first `GET /products/:id/label` that
 * answers the new title (polled every 10 ms). Also: the watcher's own share (from the end of the
 * burst to the new code swapped in) and one spec reload (regenerate, synth, restart but DynamoDB
 * Local). The machine's load shows in every figure: the bench prints it.
 *
 *   npx tsx bench/watch.bench.ts [saves=20]
 */
import { cpus, loadavg } from 'node:os';
import type { RunningSystem } from '@tributary/local-runtime';
import type { WatchReport } from '../lib/watch/supervisor';
import { devUp } from '../lib/watch/supervisor';
import { ScratchProject } from '../test/support/scratch-project';
import { catalogSpec, LABEL_HANDLER, productHandler } from '../test/support/watch-fixture';

const SAVES = Number(process.argv[2] ?? 20);

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function labelTitle(system: RunningSystem, id: string): Promise<unknown> {
  const response = await fetch(`${system.urls.catalog}/products/${id}/label`);
  const body = (await response.json()) as Array<{ title?: unknown }>;
  return body[0]?.title;
}

void (async () => {
  const scratch = new ScratchProject({ reference: false });
  scratch.write('api-specs/catalog.json', catalogSpec());
  scratch.write(LABEL_HANDLER, productHandler('labelProduct', 'v0'));
  const generated = scratch.dev('generate');
  if (generated.code !== 0) throw new Error(`dev generate failed:\n${generated.output}`);
  /** Each report with when it came (performance.now()). */
  const reports: Array<WatchReport & { readonly at: number }> = [];
  const system = await devUp({
    root: scratch.dir,
    synth: 'always',
    parkedFile: scratch.path('.tributary/parked.jsonl'),
    watch: { onReport: (report) => reports.push({ ...report, at: performance.now() }) },
  });
  try {
    const created = await fetch(`${system.urls.catalog}/products`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sku: 'LAMP-1', title: 'Desk lamp' }),
    });
    const id = ((await created.json()) as { id: string }).id;
    await labelTitle(system, id);

    const total: number[] = [];
    const waits: number[] = [];
    const swaps: number[] = [];
    const afters: number[] = [];
    for (let i = 1; i <= SAVES; i++) {
      const from = reports.length;
      const wanted = `v${i} Desk lamp`;
      const started = performance.now();
      scratch.write(LABEL_HANDLER, productHandler('labelProduct', `v${i}`));
      for (;;) {
        if ((await labelTitle(system, id)) === wanted) break;
        if (performance.now() - started > 60_000) throw new Error(`save ${i} not served within 60 s`);
        await sleep(10);
      }
      const served = performance.now() - started;
      total.push(served);
      // The report comes once the other entries of the service are bundled too.
      const codeReport = () => reports.slice(from).find((r) => r.kind === 'code');
      while (codeReport() === undefined) await sleep(20);
      const report = codeReport();
      if (report?.kind === 'code') {
        const reloadStarted = report.at - report.ms - started;
        const swapped = report.swappedMs ?? report.ms;
        waits.push(reloadStarted);
        swaps.push(swapped);
        afters.push(served - reloadStarted - swapped);
      }
      await sleep(300); // one save per burst
    }
    const stats = (values: readonly number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return `p50 ${percentile(sorted, 0.5).toFixed(0)} ms, max ${(sorted.at(-1) ?? 0).toFixed(0)} ms`;
    };
    console.log(
      `load average at the end: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (${cpus().length} cores)`,
    );
    console.log(
      `save -> first response by the new code, ${SAVES} saves: ${stats(total)} (goal p50 < 1000 ms), of which:`,
    );
    console.log(`  save -> rebuild starts (file events, the 100 ms debounce, planning): ${stats(waits)}`);
    console.log(`  bundling the saved handler's entry and swapping its code in: ${stats(swaps)}`);
    console.log(`  swap -> first response (the new code's init, the request, polling): ${stats(afters)}`);

    const from = reports.length;
    const started = performance.now();
    scratch.write('api-specs/catalog.json', catalogSpec({ titleIndex: true }));
    for (;;) {
      const report = reports.slice(from).find((r) => r.kind === 'system');
      if (report?.kind === 'system') {
        if (!report.ok) throw new Error(`spec reload failed: ${report.error}`);
        break;
      }
      if (performance.now() - started > 300_000) throw new Error('spec reload did not finish in 300 s');
      await sleep(50);
    }
    console.log(
      `spec save -> reloaded (generate, synth, restart all but DynamoDB Local): ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  } finally {
    await system.stop();
    scratch.cleanup();
  }
})().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
