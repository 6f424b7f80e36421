/**
 * `dev up --watch` end to end, on a scratch project with one small service (catalog: the standard
 * operations plus `labelProduct`, a handler of ours). With the system running and never restarted:
 * a saved handler answers the next request; a handler that does not parse is reported at its line
 * and column while the last good one keeps answering; a saved spec (a new index, a new operation)
 * regenerates, synthesizes and reloads, with the new route answering and the stored data still there.
 */
import { readdirSync } from 'node:fs';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION, type RunningSystem } from '@tributary/local-runtime';
import { indexName } from '../../functions/runtime/conventions';
import type { WatchReport } from '../../lib/watch/supervisor';
import { devUp } from '../../lib/watch/supervisor';
import { ScratchProject } from '../support/scratch-project';
import {
  catalogSpec,
  productHandler as handler,
  LABEL_ENTRY,
  LABEL_HANDLER,
  SUMMARY_HANDLER,
} from '../support/watch-fixture';

jest.setTimeout(600_000);

type Json = Record<string, unknown>;

const TITLE_INDEX = indexName('product', ['title']);

let scratch: ScratchProject;
let system: RunningSystem;
const reports: WatchReport[] = [];
const lines: string[] = [];

/** The next report of `kind` after `from` reports, waiting up to `timeoutMs`. */
async function nextReport(kind: WatchReport['kind'], from: number, timeoutMs: number): Promise<WatchReport> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = reports.slice(from).find((report) => report.kind === kind);
    if (found) return found;
    if (Date.now() > deadline) {
      throw new Error(`no ${kind} report within ${timeoutMs} ms; log:\n${lines.slice(-40).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function get(path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${system.urls.catalog}${path}`);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function post(path: string, body: unknown): Promise<Json> {
  const response = await fetch(`${system.urls.catalog}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Json;
}

/** The global secondary indexes of the catalog's table in DynamoDB Local. */
async function indexNames(): Promise<string[]> {
  const [table] = [...system.system.tables.values()];
  const client = new DynamoDBClient({
    endpoint: system.dynamodbEndpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  try {
    const described = await client.send(new DescribeTableCommand({ TableName: table?.tableName }));
    return (described.Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName ?? '');
  } finally {
    client.destroy();
  }
}

/** The status and the title of the one product a label or summary route answers. */
async function titleAt(path: string): Promise<{ status: number; title: unknown }> {
  const { status, body } = await get(path);
  return { status, title: Array.isArray(body) ? (body[0] as Json | undefined)?.title : body };
}

beforeAll(async () => {
  scratch = new ScratchProject({ reference: false });
  scratch.write('api-specs/catalog.json', catalogSpec());
  scratch.write(LABEL_HANDLER, handler('labelProduct', 'v1'));
  const generated = scratch.dev('generate');
  if (generated.code !== 0) throw new Error(`dev generate failed:\n${generated.output}`);
  system = await devUp({
    root: scratch.dir,
    synth: 'always',
    parkedFile: scratch.path('.tributary/parked.jsonl'),
    busRetry: { baseDelayMs: 5, maxDelayMs: 20 },
    log: (line) => lines.push(line),
    watch: { onReport: (report) => reports.push(report) },
  });
});

afterAll(async () => {
  await system?.stop();
  scratch?.cleanup();
});

describe('dev up --watch', () => {
  let lamp: Json;
  let url: string;
  let dynamodb: string;

  it('serves the project as it was at start', async () => {
    url = system.urls.catalog ?? '';
    dynamodb = system.dynamodbEndpoint;
    expect(lines.join('\n')).toContain('[watch] watching api-specs/ and functions/');
    lamp = await post('/products', { sku: 'LAMP-1', title: 'Desk lamp' });
    expect(await titleAt(`/products/${lamp.id}/label`)).toEqual({ status: 200, title: 'v1 Desk lamp' });
  });

  it('runs a saved handler on the next request, rebuilding only the entries that read it, without a restart', async () => {
    // Every catalog Lambda reads the handler (generated/implementations.ts wires them all) and is
    // rebundled; only labelProduct's bundle changes (esbuild drops the handler from the others), so
    // only it gets new code. The $default fallback and the stream forwarder do not read it at all.
    const catalogEntries = readdirSync(scratch.path('functions/catalog/generated/lambdas'))
      .map((file) => `functions/catalog/generated/lambdas/${file}`)
      .sort();
    expect(catalogEntries).toHaveLength(6);
    const untouched = [...system.system.functions.values()].filter(
      (fn) => !/^LabelProductFunction/.test(fn.logicalId),
    );
    expect(untouched).toHaveLength(7);
    const untouchedDirs = untouched.map((fn) => system.runner.codeDir(fn.id));
    const getProduct = untouched.find((fn) => fn.logicalId.startsWith('GetProductFunction'));
    expect((await get(`/products/${lamp.id}`)).status).toBe(200); // warms getProduct

    const from = reports.length;
    scratch.write(LABEL_HANDLER, handler('labelProduct', 'v2'));
    const report = await nextReport('code', from, 30_000);
    expect(report).toMatchObject({
      kind: 'code',
      paths: [LABEL_HANDLER],
      reloaded: [{ entry: LABEL_ENTRY, functions: [expect.stringMatching(/\/LabelProductFunction/)] }],
      unchanged: catalogEntries.filter((entry) => entry !== LABEL_ENTRY),
      failed: [],
      errors: [],
      built: 6,
    });
    expect(await titleAt(`/products/${lamp.id}/label`)).toEqual({ status: 200, title: 'v2 Desk lamp' });
    expect(lines.join('\n')).toMatch(
      new RegExp(`\\[watch\\] ${LABEL_HANDLER}: catalog/label-product reloaded in \\d+ ms`),
    );
    // Same system: same URL and DynamoDB Local, the other functions untouched and still warm.
    expect(system.urls.catalog).toBe(url);
    expect(system.dynamodbEndpoint).toBe(dynamodb);
    expect(untouched.map((fn) => system.runner.codeDir(fn.id))).toEqual(untouchedDirs);
    expect(getProduct && system.runner.stats(getProduct.id).environments).toBe(1);
  });

  it('reports a handler that does not parse at its line and column, and keeps serving the last good one', async () => {
    const from = reports.length;
    const broken = handler('labelProduct', 'v3').replace(
      "if (product === undefined) throw notFound('product');",
      'if (product === undefined) throw notFound(;',
    );
    scratch.write(LABEL_HANDLER, broken);
    const report = await nextReport('code', from, 30_000);
    expect(report).toMatchObject({ kind: 'code', reloaded: [] });
    expect(report.kind === 'code' ? report.failed : []).toContain(LABEL_ENTRY);
    // Once, however many entries it broke: line 11 of the handler, the column of the `;` after `notFound(`.
    const column = (broken.split('\n')[10]?.indexOf('(;') ?? -1) + 2;
    expect(report.kind === 'code' ? report.errors : []).toEqual([
      expect.stringMatching(new RegExp(`^${LABEL_HANDLER}:11:${column} `)),
    ]);
    const log = lines.join('\n');
    expect(log).toContain(`[watch] ${LABEL_HANDLER} does not build; `);
    expect(log).toContain(`  ${LABEL_HANDLER}:11:${column}`);
    expect(await titleAt(`/products/${lamp.id}/label`)).toEqual({ status: 200, title: 'v2 Desk lamp' });

    // Fixed, it runs.
    const fixedFrom = reports.length;
    scratch.write(LABEL_HANDLER, handler('labelProduct', 'v3'));
    expect(await nextReport('code', fixedFrom, 30_000)).toMatchObject({ failed: [] });
    expect(await titleAt(`/products/${lamp.id}/label`)).toEqual({ status: 200, title: 'v3 Desk lamp' });
  });

  it('ignores editor temp files, and runs no new code for a file no Lambda reads yet', async () => {
    const swapFrom = reports.length;
    scratch.write('functions/catalog/handlers/.label-product.ts.swp', 'binary junk');
    expect(await nextReport('none', swapFrom, 30_000)).toMatchObject({
      paths: ['functions/catalog/handlers/.label-product.ts.swp'],
    });

    // A new file beside the label handler may change what imports resolve to: the entries reading
    // that folder are rebundled, to the same bytes, so the code that runs (and stays warm) is kept.
    const label = [...system.system.functions.values()].find((fn) => /LabelProduct/i.test(fn.logicalId));
    const labelDir = label && system.runner.codeDir(label.id);
    const from = reports.length;
    scratch.write(SUMMARY_HANDLER, handler('summarizeProduct', 'summary:'));
    const report = await nextReport('code', from, 30_000);
    expect(report).toMatchObject({ paths: [SUMMARY_HANDLER], reloaded: [], failed: [] });
    expect(report.kind === 'code' ? report.unchanged : []).toContain(LABEL_ENTRY);
    expect(label && system.runner.codeDir(label.id)).toBe(labelDir);
    expect(await titleAt(`/products/${lamp.id}/label`)).toEqual({ status: 200, title: 'v3 Desk lamp' });
  });

  it('reloads a saved spec: the new index and route work, the data stays, the URL stays', async () => {
    expect(await indexNames()).not.toContain(TITLE_INDEX);
    // Something parked before the reload (as a failed delivery would be).
    const parking = system.parking;
    parking.park({
      id: 'parked-before-reload',
      queueId: 'stack/Dlq',
      at: new Date().toISOString(),
      body: {},
      reason: 'x',
    });
    const from = reports.length;
    scratch.write('api-specs/catalog.json', catalogSpec({ titleIndex: true, summary: true }));
    const report = await nextReport('system', from, 300_000);
    if (report.kind === 'system' && !report.ok) throw new Error(`the reload failed: ${report.error}`);
    expect(report).toMatchObject({ kind: 'system', ok: true, paths: ['api-specs/catalog.json'] });
    expect(system.urls.catalog).toBe(url);
    expect(system.dynamodbEndpoint).toBe(dynamodb);
    // What was parked before is still listed (and so redrivable) after it.
    expect(system.parking).toBe(parking);
    expect(system.parking.list().map((m) => m.id)).toContain('parked-before-reload');
    // The new operation's route runs the handler written before.
    expect(await titleAt(`/products/${lamp.id}/summary`)).toEqual({
      status: 200,
      title: 'summary: Desk lamp',
    });
    // The product stored before the reload is still there.
    expect(await get(`/products/${lamp.id}`)).toMatchObject({
      status: 200,
      body: { id: lamp.id, version: 1 },
    });
    expect(await get('/products')).toMatchObject({ status: 200, body: [{ id: lamp.id }] });
    // The index the spec added exists in DynamoDB Local, and answers for what is written from now on
    // (the repository writes each item's index keys: an item written before is indexed once
    // rewritten, as on AWS).
    expect(await indexNames()).toContain(TITLE_INDEX);
    const chair = await post('/products', { sku: 'CHAIR-1', title: 'Chair' });
    expect(await get('/products?title=Chair')).toMatchObject({ status: 200, body: [{ id: chair.id }] });
    expect(await get('/products?title=Nothing')).toEqual({ status: 200, body: [] });
    // The code saved before the reload is what runs after it.
    expect(await titleAt(`/products/${lamp.id}/label`)).toEqual({ status: 200, title: 'v3 Desk lamp' });
    // What `dev generate` wrote during the reload is not taken for a save.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(reports.slice(from).filter((r) => r.kind === 'code')).toEqual([]);
  });

  it('keeps the last good system when a saved spec is invalid, and says where', async () => {
    const from = reports.length;
    const spec = catalogSpec({ titleIndex: true, summary: true }).replace(
      '"type": "product_status"',
      '"type": "product_statu"',
    );
    scratch.write('api-specs/catalog.json', spec);
    const report = await nextReport('system', from, 60_000);
    expect(report).toMatchObject({ kind: 'system', ok: false });
    expect(report.kind === 'system' ? report.error : '').toMatch(/api-specs\/catalog\.json:\d+:\d+/);
    expect(await get(`/products/${lamp.id}/summary`)).toMatchObject({ status: 200 });
  });
});
