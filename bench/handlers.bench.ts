/**
 * Issue #3 figures:
 *  1. The HTTP adapter's overhead per request: a GET /users/:id through `httpHandler` (routing,
 *     parsing, validation, response check and serialisation) against the same implementation called
 *     directly, both over a mocked DynamoDB (aws-sdk-client-mock), so only our code is measured.
 *  2. Each Lambda's bundled size: every handler and subscriber entry bundled by esbuild, minified,
 *     for Node 20, once with the AWS SDK inside the bundle and once with it left to the runtime.
 *
 *   npx tsx bench/handlers.bench.ts [requests]
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { buildSync } from 'esbuild';
import { createDocumentClient } from '../functions/runtime/service-environment';
import { IMPLEMENTATIONS } from '../functions/users/generated/implementations';
import { makeHandler } from '../functions/users/generated/lambdas/get-user';
import { createUsersDeps } from '../functions/users/generated/service';

const ROOT = join(__dirname, '..');
const REQUESTS = Number(process.argv[2] ?? 20_000);
const ID = 'usr-01KAMS3Y0000000000000000AA';

async function adapterOverhead(): Promise<void> {
  const client = createDocumentClient();
  const ddb = mockClient(client);
  ddb.on(GetCommand).resolves({
    Item: {
      pk: ID,
      _type: 'user',
      id: ID,
      email: 'ada@example.com',
      name: { first: 'Ada', last: 'Lovelace' },
      status: 'active',
      version: 3,
      hash_code: 'x',
      created_at: '2026-11-22T14:00:00.000Z',
      updated_at: '2026-11-22T14:00:00.000Z',
    },
  });
  const silent = { debug() {}, info() {}, warn() {}, error() {} };
  const deps = createUsersDeps({ client, tableName: 'users', logger: silent as never });
  const handler = makeHandler(deps);
  const direct = (request: never) => IMPLEMENTATIONS.getUser(request, deps);
  const event = {
    version: '2.0',
    routeKey: 'GET /users/{id}',
    rawPath: `/users/${ID}`,
    rawQueryString: '',
    headers: { accept: 'application/json' },
    pathParameters: { id: ID },
    requestContext: { http: { method: 'GET', path: `/users/${ID}` }, requestId: 'r-1' },
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
  const context = { awsRequestId: 'r-1', getRemainingTimeInMillis: () => 3000 } as unknown as Context;
  const request = { path: { id: ID }, query: {}, body: undefined, headers: {}, requestId: 'r-1' } as never;

  const time = async (run: () => Promise<unknown>): Promise<number> => {
    for (let i = 0; i < 2_000; i++) await run(); // warm up the JIT
    const start = process.hrtime.bigint();
    for (let i = 0; i < REQUESTS; i++) await run();
    return Number(process.hrtime.bigint() - start) / 1e3 / REQUESTS;
  };
  const viaAdapter = await time(() =>
    (handler as (e: unknown, c: unknown) => Promise<unknown>)(event, context),
  );
  const viaDirect = await time(() => direct(request));
  console.log(`Adapter overhead (GET /users/:id, mocked DynamoDB, ${REQUESTS} requests):`);
  console.log(`  through httpHandler   ${viaAdapter.toFixed(1).padStart(7)} µs/request`);
  console.log(`  implementation alone  ${viaDirect.toFixed(1).padStart(7)} µs/request`);
  console.log(`  adapter overhead      ${(viaAdapter - viaDirect).toFixed(1).padStart(7)} µs/request`);
  ddb.restore();
}

/** Every Lambda entry: the generated ones of every service (functions/<service>/generated/lambdas/), and the forwarder. */
function entries(): string[] {
  const found: string[] = [];
  for (const service of readdirSync(join(ROOT, 'functions'))) {
    if (service === 'runtime') continue;
    const lambdas = join('functions', service, 'generated', 'lambdas');
    try {
      for (const file of readdirSync(join(ROOT, lambdas)).sort())
        if (file.endsWith('.ts')) found.push(join(lambdas, file));
    } catch {
      // not generated yet
    }
  }
  found.push(join('functions', 'runtime', 'forwarder', 'handler.ts'));
  return found;
}

function bundleSize(entry: string, external: string[]): number {
  const result = buildSync({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    write: false,
    external,
    logLevel: 'silent',
  });
  return result.outputFiles.reduce((sum, f) => sum + f.contents.byteLength, 0);
}

function bundleSizes(): void {
  console.log('\nBundled size per Lambda (esbuild, minified, node20):');
  console.log(`  ${'entry'.padEnd(52)} ${'SDK bundled'.padStart(12)} ${'SDK external'.padStart(13)}`);
  for (const entry of entries()) {
    const bundled = bundleSize(entry, []);
    const external = bundleSize(entry, ['@aws-sdk/*', '@smithy/*']);
    console.log(
      `  ${entry.padEnd(52)} ${`${(bundled / 1024).toFixed(0)} KiB`.padStart(12)} ${`${(external / 1024).toFixed(0)} KiB`.padStart(13)}`,
    );
  }
}

void (async () => {
  await adapterOverhead();
  bundleSizes();
})();
