/**
 * How long `cdk synth` takes, wall clock through the pinned CDK CLI as a developer runs it
 * (cdk.json's app, cdk-nag included), for:
 *   - the reference services (3): a scratch copy of this project, its specs and functions;
 *   - 20 generated services: the CLI fixture spec 20 times, each subscribing to the previous one,
 *     with their real `dev generate` output (stubs for what a team would write);
 * each in a scratch project (test/support/scratch-project.ts) whose own bin/app.ts the CLI runs:
 *   inline        -c tributary:bundling=false: stand-ins, no esbuild (what unit tests do); median
 *   per-entry     -c tributary:bundler=per-entry: a NodejsFunction per function, each running
 *                 esbuild for its entry alone (the way before the shared build); no cache
 *   shared cold   the shared build (lib/infra/bundle.ts), empty .tributary/bundles
 *   shared warm   the same again, nothing changed, into the same cdk.out (as `cdk synth` and
 *                 `dev up` do)
 *   1 changed     after an edit of one written handler: only the entries that read it rebuilt
 * and esbuild alone, in process, no CDK: one build of every entry against one build per entry
 * (whether one build with many entry points shares work). Prints figures; never fails a build.
 *
 *   npx tsx bench/synth.bench.ts [runs] [per-entry runs]    # default 3 and 1
 *
 * Each figure is the best of the runs (the least disturbed by other work on a shared machine), the
 * median in brackets.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync, version as esbuildVersion } from 'esbuild';
import { BUNDLE_CACHE_DIR } from '../lib/infra/app';
import { BUNDLE_OPTIONS } from '../lib/infra/service-function';
import { planSystem, requiredEntries } from '../lib/infra/system';
import { ScratchProject } from '../test/support/scratch-project';
import { generatedServiceName, writeGeneratedSpecs } from './generated-specs';

const ROOT = join(__dirname, '..');
const CDK = join(ROOT, 'node_modules', '.bin', 'cdk');
const RUNS = Number(process.argv[2] ?? 3);
/** The per-entry bundler takes minutes for 20 services: once unless asked. */
const PER_ENTRY_RUNS = Number(process.argv[3] ?? 1);

interface Synth {
  readonly ms: number;
  /** The shared build's line: `Bundled N Lambda entries in x s: b built, r reused ...`. */
  readonly bundled: string;
}

/** `cdk synth` in the project, as its developer runs it (its own cdk.json and bin/app.ts). */
function synth(project: ScratchProject, out: string, ...context: string[]): Synth {
  const start = process.hrtime.bigint();
  const result = spawnSync(CDK, ['synth', '--quiet', '-o', out, ...context.flatMap((c) => ['-c', c])], {
    cwd: project.dir,
    encoding: 'utf8',
    env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`cdk synth ${context.join(' ')} failed:\n${result.stderr}`);
  const bundled = /: (\d+ built, \d+ reused)/.exec(result.stderr)?.[1] ?? '';
  return { ms, bundled };
}

const freshOut = (project: ScratchProject) => mkdtempSync(join(project.dir, 'cdk.out-'));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

function timeEsbuild(
  project: ScratchProject,
  entries: readonly string[],
): { shared: number; perEntry: number } {
  const out = mkdtempSync(join(project.dir, 'esbuild-'));
  const options = { ...BUNDLE_OPTIONS, external: [...BUNDLE_OPTIONS.external] };
  const common = { ...options, bundle: true, absWorkingDir: project.dir, logLevel: 'silent' as const };
  let start = process.hrtime.bigint();
  buildSync({ ...common, entryPoints: entries.map((e, i) => ({ in: e, out: `${i}/index` })), outdir: out });
  const shared = Number(process.hrtime.bigint() - start) / 1e6;
  start = process.hrtime.bigint();
  for (const [i, entry] of entries.entries())
    buildSync({ ...common, entryPoints: [entry], outfile: join(out, `${i}`, 'index.js') });
  const perEntry = Number(process.hrtime.bigint() - start) / 1e6;
  rmSync(out, { recursive: true, force: true });
  return { shared, perEntry };
}

/** Best of the runs (the least disturbed by the other work on the machine), and the median. */
const figure = (ms: readonly number[]) =>
  ms.length > 1 ? `${seconds(Math.min(...ms))} (${seconds(median(ms))})` : seconds(ms[0] ?? 0);

function report(label: string, project: ScratchProject, edited: string): void {
  const entries = requiredEntries(planSystem({ root: project.dir })).map((e) =>
    resolve(project.dir, e.entry),
  );
  const times = {
    inline: [] as number[],
    perEntry: [] as number[],
    cold: [] as number[],
    warm: [] as number[],
    changed: [] as number[],
  };
  const bundled = { cold: new Set<string>(), warm: new Set<string>(), changed: new Set<string>() };
  for (let run = 0; run < RUNS; run++) {
    // Interleaved, so a burst of load elsewhere spreads over the variants.
    const inlineOut = freshOut(project);
    times.inline.push(synth(project, inlineOut, 'tributary:bundling=false').ms);
    rmSync(inlineOut, { recursive: true, force: true });
    if (run < PER_ENTRY_RUNS) {
      const perEntryOut = freshOut(project);
      times.perEntry.push(synth(project, perEntryOut, 'tributary:bundler=per-entry').ms);
      rmSync(perEntryOut, { recursive: true, force: true });
    }
    rmSync(project.path(BUNDLE_CACHE_DIR), { recursive: true, force: true });
    const out = freshOut(project);
    for (const variant of ['cold', 'warm', 'changed'] as const) {
      if (variant === 'changed')
        appendFileSync(project.path(edited), `\nexport const benchEdit${run} = ${run};\n`);
      const result = synth(project, out);
      times[variant].push(result.ms);
      bundled[variant].add(result.bundled);
    }
    rmSync(out, { recursive: true, force: true });
  }
  const esbuild = timeEsbuild(project, entries);
  console.log(
    [
      `${label} (${entries.length} entries)`.padEnd(38),
      figure(times.inline).padStart(16),
      figure(times.perEntry).padStart(16),
      figure(times.cold).padStart(16),
      figure(times.warm).padStart(16),
      figure(times.changed).padStart(16),
    ].join(''),
  );
  console.log(
    `${''.padEnd(38)}shared build: cold ${[...bundled.cold].join(' / ')}; warm ${[...bundled.warm].join(' / ')}; after editing ${edited}: ${[...bundled.changed].join(' / ')}`,
  );
  console.log(
    `${''.padEnd(38)}esbuild alone, in process (no CDK): one build of all ${seconds(esbuild.shared)}, one build per entry ${seconds(esbuild.perEntry)}`,
  );
}

console.log(
  `cdk synth through the CLI, wall time; node ${process.version}, esbuild ${esbuildVersion}, ${cpus().length} cores, load average ${loadavg()[0]?.toFixed(1)} at start`,
);
console.log(
  `best of ${RUNS} (median); per-entry best of ${Math.min(RUNS, PER_ENTRY_RUNS)}`.padEnd(38) +
    ['inline', 'per-entry', 'shared cold', 'shared warm', '1 file changed']
      .map((h) => h.padStart(16))
      .join(''),
);
const reference = new ScratchProject();
const generated = new ScratchProject({ reference: false });
try {
  writeGeneratedSpecs(ROOT, generated.dir, 20);
  const generate = generated.dev('generate');
  if (generate.code !== 0) throw new Error(`dev generate failed:\n${generate.output}`);
  report('reference services (3)', reference, 'functions/orders/handlers/create-order.ts');
  report(
    'generated services (20)',
    generated,
    `functions/${generatedServiceName(10)}/handlers/list-products.ts`,
  );
  console.log(
    `load average ${loadavg()[0]?.toFixed(1)} at the end (2 cores: above ~1 the figures include waiting)`,
  );
} finally {
  reference.cleanup();
  generated.cleanup();
}
