/**
 * The CLI's start-up and the local Lambda runtime's costs, side by side in one run:
 *  - `dev --version`, `dev --help` and `dev check` (reference specs), median of N wall-clock runs
 *    after one untimed run (the bundle is built, caches are warm, as on every run but a machine's
 *    first): the bundled launcher on the project's Node.js (as `npm test`, `npm start` and `npx dev`
 *    start it), the same launcher started by the machine's Node.js (it relaunches itself on the
 *    project's), and tsx compiling bin/dev.ts on every call as the launcher did before (`node
 *    --import tsx bin/dev.ts`), on the machine's Node.js as it ran then;
 *  - one Lambda (users GET /users/{id}, reading DynamoDB Local, its bundle from a synth): cold start
 *    (a new environment's first invocation) and warm invocation, as the LambdaRunner runs it (a
 *    child process on the project's Node.js 24) and as it ran before (a worker thread on the
 *    machine's Node.js), plus a worker thread on Node.js 24 to tell the process's cost from the
 *    major's, and both without the source maps the functions ask for, to tell what those cost.
 * Targets: `dev --help` and `dev check` under 300 ms. Prints figures; never fails a build.
 *
 *   npx tsx bench/cli.bench.ts [runs=5] [warm invocations=50]
 */

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { LocalFunction } from '@tributary/local-runtime';
import {
  createLocalTables,
  functionEnvironment,
  isCdkOutFresh,
  LambdaRunner,
  loadLocalSystem,
  locateHandler,
  logStreamName,
  machineNodeBinaries,
  startDynamoDbLocal,
  synthesize,
} from '@tributary/local-runtime';
import { APP_SOURCES } from '../lib/infra/app-sources';

const ROOT = join(__dirname, '..');
const DEV = join(ROOT, 'bin', 'dev.cjs');
const RUNS = Number(process.argv[2] ?? 5);
const WARM = Number(process.argv[3] ?? 50);
const TARGET_MS = 300;
const cliBundle = require('../bin/launcher/cli-bundle.cjs') as {
  isFresh(root: string, entry: 'dev'): boolean;
  bundlePaths(root: string, entry: 'dev'): { bundle: string; manifest: string };
};
/** The launch before the bundle: tsx compiling bin/dev.ts and what it imports on every call. */
const TSX = 'tsx';

const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;

/** The first `node` on PATH outside node_modules: the machine's. */
function machineNode(): { path: string; version: string } {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '' || dir.includes('node_modules')) continue;
    const path = join(dir, 'node');
    if (!existsSync(path)) continue;
    const version = spawnSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
    return { path, version };
  }
  throw new Error('no node on PATH outside node_modules');
}

function timeCommand(node: string, argv: readonly string[]): { median: number; code: number | null } {
  const run = () => {
    const started = performance.now();
    const result = spawnSync(node, argv, { cwd: ROOT, stdio: 'ignore' });
    return { ms: performance.now() - started, code: result.status };
  };
  run();
  const runs = Array.from({ length: RUNS }, run);
  return { median: median(runs.map((r) => r.ms)), code: runs[runs.length - 1]?.code ?? null };
}

function cliFigures(): void {
  const project = machineNodeBinaries().packaged;
  const machine = machineNode();
  const launches: Array<[string, string, string]> = [
    ...(project ? [[`bundle, Node ${project.version}`, project.path, DEV] as [string, string, string]] : []),
    [`bundle, Node ${machine.version}${project ? ' (relaunch)' : ''}`, machine.path, DEV],
    [`tsx, Node ${machine.version} (before)`, machine.path, TSX],
  ];
  console.log(`CLI: median of ${RUNS} wall-clock runs in ${ROOT} (load average ${loadavg()[0]?.toFixed(2)})`);
  for (const args of [['--version'], ['--help'], ['check']]) {
    for (const [name, node, script] of launches) {
      const argv =
        script === TSX ? ['--import', 'tsx', join(ROOT, 'bin', 'dev.ts'), ...args] : [script, ...args];
      const { median: m, code } = timeCommand(node, argv);
      const verdict = args[0] === '--version' ? '' : m < TARGET_MS ? '  within target' : '  OVER TARGET';
      console.log(
        `  dev ${args.join(' ').padEnd(10)} ${name.padEnd(30)} ${ms(m).padStart(8)}  exit ${code}${verdict}`,
      );
    }
  }
  // What every launch pays to know the bundle is fresh: a stat of each source it was built from.
  const checks = Array.from({ length: 20 }, () => {
    const started = performance.now();
    cliBundle.isFresh(ROOT, 'dev');
    return performance.now() - started;
  });
  const inputs = Object.keys(
    JSON.parse(readFileSync(cliBundle.bundlePaths(ROOT, 'dev').manifest, 'utf8')).inputs,
  );
  console.log(
    `  bundle freshness check: ${inputs.length} files stat'ed in ${ms(median(checks))} (median of 20)`,
  );
}

/** Runs in a worker thread: loads the handler, answers `{ event }` messages with the handler's result. */
const THREAD_HOST = `
const { Worker } = require('node:worker_threads');
const config = JSON.parse(process.argv[2]);
const WORKER = \`
const { parentPort, workerData } = require('node:worker_threads');
const { existsSync } = require('node:fs');
// As the runner's worker did: a thread does not read NODE_OPTIONS (the functions ask for source maps).
if ((process.env.NODE_OPTIONS ?? '').includes('--enable-source-maps')) process.setSourceMapsEnabled(true);
const file = ['.js', '.cjs'].map((e) => workerData.modulePath + e).find(existsSync);
let handler = require(file);
for (const key of workerData.exportPath.split('.')) handler = handler[key];
parentPort.on('message', async (event) => {
  const context = { awsRequestId: 'bench', functionName: 'bench', getRemainingTimeInMillis: () => 30000 };
  parentPort.postMessage(JSON.stringify(await handler(JSON.parse(event), context)));
});
\`;
const once = (worker) => new Promise((resolve, reject) => {
  worker.once('error', reject);
  worker.once('message', (message) => { worker.off('error', reject); resolve(message); });
});
(async () => {
  const cold = [], warm = [];
  for (let run = 0; run < config.runs; run++) {
    const started = performance.now();
    const worker = new Worker(WORKER, { eval: true, env: config.env, execArgv: [], workerData: config, stdout: true, stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: config.memoryMb } });
    worker.stdout.resume(); worker.stderr.resume();
    worker.postMessage(config.event);
    await once(worker);
    cold.push(performance.now() - started);
    for (let i = 0; i < config.warm; i++) {
      const t = performance.now();
      worker.postMessage(config.event);
      await once(worker);
      warm.push(performance.now() - t);
    }
    await worker.terminate();
  }
  process.stdout.write(JSON.stringify({ cold, warm }));
})();
`;

async function threadFigures(
  node: string,
  host: string,
  fn: LocalFunction,
  env: Record<string, string>,
  event: unknown,
): Promise<{ cold: number; warm: number }> {
  const { modulePath, exportPath } = locateHandler(fn.codeDir, fn.handler);
  const config = {
    modulePath,
    exportPath,
    env,
    event: JSON.stringify(event),
    runs: RUNS,
    warm: WARM,
    memoryMb: fn.memoryMb,
  };
  const child = spawn(node, [host, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  await new Promise((resolve) => child.on('close', resolve));
  const { cold, warm } = JSON.parse(out) as { cold: number[]; warm: number[] };
  return { cold: median(cold), warm: median(warm) };
}

async function processFigures(
  fn: LocalFunction,
  extra: Record<string, string>,
  event: unknown,
): Promise<{ cold: number; warm: number }> {
  const cold: number[] = [];
  const warm: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const runner = new LambdaRunner(new Map([[fn.id, fn]]), {
      extraEnvironment: extra,
      log: () => {},
      maxConcurrency: 1,
    });
    const started = performance.now();
    const first = await runner.invoke(fn.id, event);
    if (!first.ok) throw new Error(`the function failed: ${JSON.stringify(first.error)}`);
    cold.push(performance.now() - started);
    for (let i = 0; i < WARM; i++) {
      const t = performance.now();
      await runner.invoke(fn.id, event);
      warm.push(performance.now() - t);
    }
    await runner.close();
  }
  return { cold: median(cold), warm: median(warm) };
}

async function lambdaFigures(work: string): Promise<void> {
  let cdkOut = join(ROOT, 'cdk.out');
  if (!isCdkOutFresh(ROOT, cdkOut, APP_SOURCES)) {
    cdkOut = join(work, 'cdk.out');
    synthesize(ROOT, cdkOut);
  }
  const system = loadLocalSystem(cdkOut, {
    apiUrl: () => 'http://127.0.0.1:1',
    tableName: (id) => id.replace(/[^A-Za-z0-9_.-]/g, '-'),
    region: 'us-east-1',
    accountId: '000000000000',
  });
  const fn = [...system.functions.values()].find((f) => f.description === 'users: GET /users/:id');
  if (fn === undefined) throw new Error('no users GET /users/:id function in the synth');
  const db = await startDynamoDbLocal();
  try {
    const client = new DynamoDBClient({ ...db.clientConfig });
    await createLocalTables(client, [...system.tables.values()]);
    client.destroy();
    const extra = {
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
      AWS_ACCESS_KEY_ID: db.clientConfig.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: db.clientConfig.credentials.secretAccessKey,
    };
    const id = 'usr-01M8VTEMS5M0JDN8JTW75VS7PX';
    const event = {
      version: '2.0',
      routeKey: 'GET /users/{id}',
      rawPath: `/users/${id}`,
      rawQueryString: '',
      headers: { host: 'localhost' },
      pathParameters: { id },
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: 'localhost',
        domainPrefix: 'localhost',
        http: {
          method: 'GET',
          path: `/users/${id}`,
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'bench',
        },
        requestId: 'bench',
        routeKey: 'GET /users/{id}',
        stage: '$default',
        time: '22/Nov/2026:14:00:00 +0000',
        timeEpoch: 1_795_356_000_000,
      },
      isBase64Encoded: false,
    };
    const env = functionEnvironment(fn, {
      functionName: 'bench',
      region: 'us-east-1',
      runtimeModulePaths: [join(ROOT, 'node_modules')],
      logStreamName: logStreamName(),
      extraEnvironment: extra,
      ...(process.env.PATH === undefined ? {} : { path: process.env.PATH }),
    });
    const host = join(work, 'thread-host.cjs');
    writeFileSync(host, THREAD_HOST);
    const machine = machineNode();
    const project = machineNodeBinaries().packaged;
    console.log(
      `\nLambda ${fn.id} (GET /users/{id}, a 404 read from DynamoDB Local): median of ${RUNS} cold starts and ${RUNS * WARM} warm invocations`,
    );
    const rows: Array<[string, { cold: number; warm: number }]> = [];
    const node24 = project?.version ?? process.versions.node;
    // The functions set NODE_OPTIONS=--enable-source-maps: a process honours it as Lambda does (and
    // the threads were made to); without it, what the source maps cost on a cold start.
    const { NODE_OPTIONS: _, ...withoutMaps } = fn.environment;
    const noMaps: LocalFunction = { ...fn, environment: withoutMaps };
    const { NODE_OPTIONS: __, ...envNoMaps } = env;
    rows.push([`child process, Node ${node24} (dev up)`, await processFigures(fn, extra, event)]);
    rows.push([
      `worker thread, Node ${machine.version} (before)`,
      await threadFigures(machine.path, host, fn, env, event),
    ]);
    if (project)
      rows.push([`worker thread, Node ${node24}`, await threadFigures(project.path, host, fn, env, event)]);
    rows.push([`child process, Node ${node24}, no source maps`, await processFigures(noMaps, extra, event)]);
    rows.push([
      `worker thread, Node ${machine.version}, no source maps`,
      await threadFigures(machine.path, host, noMaps, envNoMaps, event),
    ]);
    for (const [name, figures] of rows) {
      console.log(
        `  ${name.padEnd(44)} cold ${ms(figures.cold).padStart(8)}   warm ${ms(figures.warm).padStart(8)}`,
      );
    }
  } finally {
    await db.stop();
  }
}

void (async () => {
  const work = mkdtempSync(join(tmpdir(), 'tributary-bench-cli-'));
  try {
    cliFigures();
    await lambdaFigures(work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
})();
