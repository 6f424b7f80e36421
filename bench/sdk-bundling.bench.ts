/**
 * Does bundling the AWS SDK into a Lambda's bundle start faster than loading the runtime's copy?
 *
 * No AWS here, so this measures a local proxy of the part of a cold start that the choice changes:
 * a fresh node process loading the handler's module graph and constructing the SDK clients at
 * module scope, as a handler does (DynamoDB document client + EventBridge client).
 *
 *   - bundled:  esbuild bundles the entry and the SDK into one minified file (what NodejsFunction
 *               does with `bundleAwsSDK: true`);
 *   - external: the same bundle with `@aws-sdk/*` external, resolved at run time from node_modules
 *               (on Lambda, from the runtime's copy in /var/runtime/node_modules: a tree of small
 *               package files, as here).
 *
 * Each variant runs in RUNS fresh node processes, alternating, after one untimed warm-up each (so
 * both read from the page cache, as a warm Lambda host would). Reported: the in-process time from
 * before `require` to clients constructed, and the process wall time.
 *
 * What the proxy leaves out, honestly: Lambda downloads and unpacks the code zip before init (a
 * bundled SDK makes the zip larger: the sizes are printed), the runtime's copy may be cold on disk
 * on a fresh host, and Lambda's CPU share at a given memory size differs from this machine's.
 *
 *   npx tsx bench/sdk-bundling.bench.ts [runs]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = join(__dirname, '..');
const RUNS = Number(process.argv[2] ?? 15);

const ENTRY = `
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient } = require('@aws-sdk/lib-dynamodb');
const { EventBridgeClient } = require('@aws-sdk/client-eventbridge');
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }));
const events = new EventBridgeClient({ region: 'eu-west-1' });
if (!documents || !events) throw new Error('no clients');
`;

/** Times `require` of the bundle (read, parse, run: clients constructed) from outside it. */
const RUNNER = `
const start = process.hrtime.bigint();
require(process.argv[1]);
process.stdout.write(String(Number(process.hrtime.bigint() - start) / 1e6));
`;

interface Variant {
  readonly name: string;
  readonly file: string;
  readonly bytes: number;
}

function build(dir: string, name: string, external: string[]): Variant {
  const file = join(dir, `${name}.js`);
  buildSync({
    stdin: { contents: ENTRY, resolveDir: ROOT, sourcefile: 'entry.js', loader: 'js' },
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: file,
    external,
    logLevel: 'error',
  });
  return { name, file, bytes: statSync(file).size };
}

function runOnce(variant: Variant): { init: number; wall: number } {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['-e', RUNNER, variant.file], { cwd: ROOT, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${variant.name} failed: ${result.stderr}`);
  return { init: Number(result.stdout), wall };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

// Under the project, so the external variant resolves @aws-sdk/* from its node_modules.
mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true });
const dir = mkdtempSync(join(ROOT, 'node_modules', '.cache', 'tributary-sdk-bench-'));
try {
  const variants = [build(dir, 'bundled', []), build(dir, 'external', ['@aws-sdk/*'])];
  const samples = new Map(variants.map((v) => [v.name, { init: [] as number[], wall: [] as number[] }]));
  for (const variant of variants) runOnce(variant);
  for (let i = 0; i < RUNS; i++) {
    for (const variant of variants) {
      const { init, wall } = runOnce(variant);
      samples.get(variant.name)?.init.push(init);
      samples.get(variant.name)?.wall.push(wall);
    }
  }
  console.log(
    `AWS SDK bundled vs external: require + client construction in fresh node processes, ${RUNS} runs each (node ${process.version})`,
  );
  for (const variant of variants) {
    const s = samples.get(variant.name);
    if (!s) continue;
    console.log(
      `${variant.name.padEnd(9)} init median ${median(s.init).toFixed(1).padStart(6)} ms  (min ${Math.min(...s.init).toFixed(1)}, max ${Math.max(...s.init).toFixed(1)})  process median ${median(s.wall).toFixed(0).padStart(4)} ms  bundle ${(variant.bytes / 1024).toFixed(0)} KiB`,
    );
  }
  // Paired: each run of one variant against the other's run right after it, which cancels most of
  // the noise of a shared machine.
  const bundledInit = samples.get('bundled')?.init ?? [];
  const externalInit = samples.get('external')?.init ?? [];
  const diffs = bundledInit.map((b, i) => b - (externalInit[i] ?? Number.NaN));
  const bundledWins = diffs.filter((d) => d < 0).length;
  const diff = median(diffs);
  console.log(
    `paired difference (bundled - external): median ${diff.toFixed(1)} ms; bundled faster in ${bundledWins} of ${diffs.length} pairs`,
  );
  console.log(`faster to initialize: ${diff < 0 ? 'bundled' : 'external'} (by the paired median)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
