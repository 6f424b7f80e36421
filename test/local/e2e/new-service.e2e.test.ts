/**
 * A new service is a new spec, end to end: in a scratch copy of the project a CRUD spec nobody
 * wrote code for (test/fixtures/services/catalog.json: a unique `sku` index, a `status` filter, the
 * five standard operations) is added; `dev generate`, the real CDK synth and `dev up` run it, and
 * every operation answers as a service would (404, 409 on the unique index, 422), its events reach
 * the bus, with no hand-written file.
 */
import { join } from 'node:path';
import type { BusEvent } from '@tributary/local-runtime';
import { type RunningSystem, up } from '@tributary/local-runtime';
import { PROJECT, ScratchProject } from '../../support/scratch-project';
import { call, type Json } from './helpers';

jest.setTimeout(300_000);

let scratch: ScratchProject;
let system: RunningSystem;
const events: BusEvent[] = [];

beforeAll(async () => {
  scratch = new ScratchProject({ specs: [join(PROJECT, 'test', 'fixtures', 'services', 'catalog.json')] });
  const generated = scratch.dev('generate');
  if (generated.code !== 0) throw new Error(`dev generate failed:\n${generated.output}`);
  system = await up({
    root: scratch.dir,
    synth: 'always',
    parkedFile: scratch.path('.tributary/parked.jsonl'),
    busRetry: { baseDelayMs: 5, maxDelayMs: 20 },
    onEvent: (event) => events.push(event),
  });
});

afterAll(async () => {
  await system?.stop();
  scratch?.cleanup();
});

const catalog = (method: string, path: string, body?: unknown) =>
  call(system.urls.catalog ?? '', method, path, body);
const productEvents = () =>
  events
    .filter((event) => event.source === 'tributary.catalog')
    .map((event) => [
      event['detail-type'],
      (event.detail as { id: string }).id,
      (event.detail as { version: number }).version,
    ]);

describe('a plain CRUD service added by its spec alone', () => {
  let lamp: Json;

  it('has no hand-written file', () => {
    expect(scratch.writtenFiles('catalog')).toEqual([]);
    expect(Object.keys(system.urls)).toContain('catalog');
  });

  it('creates (201 with a location), reads (200) and says 404 for what is not there', async () => {
    const created = await catalog('POST', '/products', { sku: 'LAMP-1', title: 'Desk lamp' });
    expect(created.status).toBe(201);
    lamp = created.body ?? {};
    expect(lamp).toMatchObject({ sku: 'LAMP-1', title: 'Desk lamp', status: 'draft', version: 1 });
    expect(lamp.id).toMatch(/^prd-[0-7][0-9A-HJKMNP-TV-Z]{25}$/);
    expect(created.headers.get('location')).toBe(`/products/${lamp.id}`);
    expect(await catalog('GET', `/products/${lamp.id}`)).toMatchObject({ status: 200, body: lamp });
    const missing = await catalog('GET', '/products/prd-01KAMS3Y0000000000000000AA');
    expect(missing).toMatchObject({ status: 404, body: { code: 'not_found' } });
  });

  it('refuses a second product with the same sku (409) and an invalid one (422)', async () => {
    const clash = await catalog('POST', '/products', { sku: 'LAMP-1', title: 'Another lamp' });
    expect(clash).toMatchObject({ status: 409, body: { code: 'conflict' } });
    const invalid = await catalog('POST', '/products', { sku: '', title: 'Nameless', status: 'sold' });
    expect(invalid.status).toBe(422);
    expect(invalid.body?.code).toBe('validation_failed');
    expect(invalid.body?.messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^body\.sku: /),
        expect.stringMatching(/^body\.status: /),
      ]),
    );
  });

  it('lists newest first, filters through the indexes, pages with a cursor', async () => {
    const chair =
      (await catalog('POST', '/products', { sku: 'CHAIR-1', title: 'Chair', status: 'active' })).body ?? {};
    const all = await catalog('GET', '/products?limit=1');
    expect(all.status).toBe(200);
    expect(all.body).toEqual([chair]);
    const cursor = all.headers.get('x-next-cursor');
    expect(cursor).toEqual(expect.any(String));
    const next = await catalog('GET', `/products?limit=1&cursor=${encodeURIComponent(cursor ?? '')}`);
    expect(next.body).toEqual([lamp]);
    expect((await catalog('GET', '/products?sku=LAMP-1')).body).toEqual([lamp]);
    expect((await catalog('GET', '/products?status=active')).body).toEqual([chair]);
    const both = await catalog('GET', '/products?sku=LAMP-1&status=draft');
    expect(both).toMatchObject({ status: 422, body: { code: 'validation_failed' } });
    expect((await catalog('GET', '/products?cursor=not-a-cursor')).status).toBe(422);
  });

  it('replaces (a version more), writes nothing for an identical body, and 404s an unknown id', async () => {
    const replaced = await catalog('PUT', `/products/${lamp.id}`, {
      sku: 'LAMP-1',
      title: 'Desk lamp',
      status: 'active',
    });
    expect(replaced).toMatchObject({ status: 200, body: { status: 'active', version: 2 } });
    const same = await catalog('PUT', `/products/${lamp.id}`, {
      sku: 'LAMP-1',
      title: 'Desk lamp',
      status: 'active',
    });
    expect(same).toMatchObject({ status: 200, body: { version: 2 } });
    const unknown = await catalog('PUT', '/products/prd-01KAMS3Y0000000000000000AA', {
      sku: 'X',
      title: 'X',
    });
    expect(unknown.status).toBe(404);
  });

  it('deletes (204), then 404', async () => {
    expect((await catalog('DELETE', `/products/${lamp.id}`)).status).toBe(204);
    expect((await catalog('DELETE', `/products/${lamp.id}`)).status).toBe(404);
    expect((await catalog('GET', `/products/${lamp.id}`)).status).toBe(404);
  });

  it('published an upserted event per change and a deleted event, and none for the identical replace', async () => {
    await system.idle();
    const mine = productEvents().filter(([, id]) => id === lamp.id);
    expect(mine).toEqual([
      ['product.upserted', lamp.id, 1],
      ['product.upserted', lamp.id, 2],
      ['product.deleted', lamp.id, 2],
    ]);
    for (const event of events.filter((e) => e.source === 'tributary.catalog')) {
      expect(Object.keys(event.detail).sort()).toEqual(['event_id', 'id', 'occurred_at', 'version']);
    }
  });
});
