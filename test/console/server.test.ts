import { request as httpRequest } from 'node:http';
import { networkInterfaces } from 'node:os';
import { ConsoleFeed } from '../../lib/console/feed';
import {
  type ConsoleParked,
  type ConsoleSystem,
  MAX_BODY_BYTES,
  RedriveRefused,
  type RunningConsole,
  startConsole,
} from '../../lib/console/server';
import type { ServiceGraph } from '../../lib/contract/graph/service-graph';
import { buildServiceGraph } from '../../lib/contract/graph/service-graph';
import { type RawResponse, rawRequest } from '../../packages/local-runtime/test/http-api/helpers';
import { referenceSpecs } from '../contract/graph/fixtures';

let running: RunningConsole;
let port: number;
const feed = new ConsoleFeed({ personalFields: ['email'] });
let graph: ServiceGraph | undefined;
const parked: ConsoleParked[] = [
  { id: 'p-1', queue: 'stack/Dlq', at: '2026-12-03T08:00:00.000Z', reason: 'boom', redrivable: true },
];
const redriven: string[] = [];
let redriveFailure: Error | undefined;

const system: ConsoleSystem = {
  graph: () => graph,
  parked: () => parked,
  async redrive(id) {
    if (redriveFailure !== undefined) throw redriveFailure;
    redriven.push(id);
  },
};

/** A request to the console as a browser on this machine sends it: Host named, JSON when it has a body. */
function call(
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return rawRequest(running.url, {
    method,
    path,
    headers: {
      host: `127.0.0.1:${port}`,
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: options.body }),
  });
}

const json = (reply: RawResponse) => JSON.parse(reply.body) as Record<string, unknown>;

beforeAll(async () => {
  running = await startConsole({ feed, system, heartbeatMs: 50 });
  port = Number(new URL(running.url).port);
});
afterAll(async () => running.stop());
beforeEach(() => {
  graph = buildServiceGraph(referenceSpecs());
  redriven.length = 0;
  redriveFailure = undefined;
});

describe('the console server', () => {
  it('listens on 127.0.0.1 only', async () => {
    expect(running.url).toBe(`http://127.0.0.1:${port}/`);
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address !== undefined && address.family === 'IPv4' && !address.internal);
    if (external === undefined) return; // No other interface on this machine: nothing else to reach.
    await expect(
      new Promise((resolve, reject) => {
        const req = httpRequest({ host: external.address, port, path: '/' }, resolve);
        req.on('error', reject);
        req.end();
      }),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('serves the page, its script and its style with a strict content security policy', async () => {
    for (const [path, type] of [
      ['/', 'text/html'],
      ['/console.js', 'text/javascript'],
      ['/console.css', 'text/css'],
    ] as const) {
      const reply = await call('GET', path);
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toContain(type);
      expect(reply.headers['content-security-policy']).toContain("script-src 'self'");
      expect(reply.headers['content-security-policy']).toContain("default-src 'none'");
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
    }
    expect((await call('GET', '/')).body).toContain('<script src="/console.js" defer></script>');
  });

  it.each([
    ['another name (DNS rebinding)', { host: 'attacker.example:PORT' }],
    ['another port', { host: '127.0.0.1:1' }],
  ])('refuses a request addressed to %s with 403', async (_title, headers) => {
    const reply = await call('GET', '/', {
      headers: { host: headers.host.replace('PORT', String(port)) },
    });
    expect(reply.status).toBe(403);
    expect(json(reply)).toMatchObject({ code: 'forbidden' });
  });

  it('answers to localhost as well', async () => {
    expect((await call('GET', '/', { headers: { host: `localhost:${port}` } })).status).toBe(200);
  });

  it('answers an unknown path 404 and a wrong method 405 with Allow, as generic_error', async () => {
    const missing = await call('GET', '/nope');
    expect(missing.status).toBe(404);
    expect(json(missing)).toEqual({ code: 'not_found', messages: ['no such page: /nope'] });
    const wrong = await call('DELETE', '/api/parked');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('GET');
    expect(json(wrong)).toMatchObject({ code: 'method_not_allowed' });
    expect((await call('GET', '/api/redrive')).headers.allow).toBe('POST');
  });

  it('serves the graph as SVG and JSON, and 503 while a spec is invalid', async () => {
    const svg = await call('GET', '/graph.svg');
    expect(svg.status).toBe(200);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.body).toContain('<svg');
    const asJson = json(await call('GET', '/api/graph'));
    expect(JSON.stringify(asJson)).toContain('orders');
    graph = undefined;
    const unavailable = await call('GET', '/graph.svg');
    expect(unavailable.status).toBe(503);
    expect(json(unavailable)).toMatchObject({ code: 'unavailable' });
  });

  it('lists the parked entries', async () => {
    expect(json(await call('GET', '/api/parked'))).toEqual(parked);
  });

  describe('POST /api/redrive', () => {
    it('redrives a parked entry: 202', async () => {
      const reply = await call('POST', '/api/redrive', { body: JSON.stringify({ id: 'p-1' }) });
      expect(reply.status).toBe(202);
      expect(json(reply)).toEqual({ id: 'p-1', redriven: true });
      expect(redriven).toEqual(['p-1']);
    });

    it.each([
      [new RedriveRefused(404, 'not_found', 'no parked entry p-9'), 404, 'not_found'],
      [new RedriveRefused(409, 'conflict', 'p-1 is not parked: it was redriven'), 409, 'conflict'],
      [new RedriveRefused(422, 'not_redrivable', 'a stream batch: npx dev republish'), 422, 'not_redrivable'],
    ])('passes a refusal on as its status and generic_error (%#)', async (failure, status, code) => {
      redriveFailure = failure;
      const reply = await call('POST', '/api/redrive', { body: JSON.stringify({ id: 'p-1' }) });
      expect(reply.status).toBe(status);
      expect(json(reply)).toEqual({ code, messages: [failure.message] });
    });

    it('answers 500 internal_error, without the error text, when the system fails', async () => {
      redriveFailure = new Error('secret detail');
      const reply = await call('POST', '/api/redrive', { body: JSON.stringify({ id: 'p-1' }) });
      expect(reply.status).toBe(500);
      expect(json(reply)).toMatchObject({ code: 'internal_error' });
      expect(reply.body).not.toContain('secret detail');
    });

    it.each([
      ['no id', '{}', 422, 'validation_failed'],
      ['an id that is not a string', '{"id":7}', 422, 'validation_failed'],
      ['not JSON', '{"id":', 400, 'malformed_json'],
      ['not an object', '["p-1"]', 400, 'malformed_request'],
    ])('refuses %s', async (_title, body, status, code) => {
      const reply = await call('POST', '/api/redrive', { body });
      expect(reply.status).toBe(status);
      expect(json(reply)).toMatchObject({ code });
      expect(redriven).toEqual([]);
    });

    it('refuses a body that is not application/json with 415 (a cross-site form cannot send one)', async () => {
      const reply = await call('POST', '/api/redrive', {
        body: 'id=p-1',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(reply.status).toBe(415);
      expect(redriven).toEqual([]);
    });

    it('refuses a request from another origin with 403', async () => {
      const reply = await call('POST', '/api/redrive', {
        body: JSON.stringify({ id: 'p-1' }),
        headers: { origin: 'http://attacker.example' },
      });
      expect(reply.status).toBe(403);
      expect(redriven).toEqual([]);
      const own = await call('POST', '/api/redrive', {
        body: JSON.stringify({ id: 'p-1' }),
        headers: { origin: `http://127.0.0.1:${port}` },
      });
      expect(own.status).toBe(202);
    });

    it(`refuses a body over ${MAX_BODY_BYTES} bytes with 413`, async () => {
      const reply = await call('POST', '/api/redrive', {
        body: JSON.stringify({ id: 'x'.repeat(MAX_BODY_BYTES) }),
      });
      expect(reply.status).toBe(413);
      expect(json(reply)).toMatchObject({ code: 'payload_too_large' });
    });
  });

  describe('POST /api/match', () => {
    const event = JSON.stringify({
      source: 'tributary.orders',
      'detail-type': 'order.created',
      detail: { id: 'o' },
    });

    it('says match or no match, with the reasons', async () => {
      const yes = await call('POST', '/api/match', {
        body: JSON.stringify({ pattern: '{"source":["tributary.orders"]}', event }),
      });
      expect(yes.status).toBe(200);
      expect(json(yes)).toMatchObject({ matched: true });
      const no = json(
        await call('POST', '/api/match', {
          body: JSON.stringify({ pattern: '{"source":["tributary.users"]}', event }),
        }),
      );
      expect(no.matched).toBe(false);
      expect((no.reasons as string[]).join('\n')).toContain('source');
    });

    it('locates an invalid pattern by line and column: 422', async () => {
      const reply = await call('POST', '/api/match', {
        body: JSON.stringify({ pattern: '{\n  "source": "tributary.orders"\n}', event }),
      });
      expect(reply.status).toBe(422);
      expect((json(reply).messages as string[])[0]).toMatch(
        /^pattern:2:\d+: invalid event pattern at \$\.source/,
      );
    });

    it('locates malformed JSON: 400', async () => {
      const reply = await call('POST', '/api/match', {
        body: JSON.stringify({ pattern: '{"source": [}', event }),
      });
      expect(reply.status).toBe(400);
      expect((json(reply).messages as string[])[0]).toMatch(/^pattern:1:\d+/);
    });

    it('refuses an event that is not an object, and a missing text', async () => {
      const array = await call('POST', '/api/match', {
        body: JSON.stringify({ pattern: '{"source":["a"]}', event: '[]' }),
      });
      expect(array.status).toBe(422);
      expect(json(array).messages).toEqual([expect.stringContaining('not an array')]);
      const missing = await call('POST', '/api/match', { body: JSON.stringify({ pattern: '{}' }) });
      expect(missing.status).toBe(422);
    });
  });

  describe('the feed', () => {
    it('replays the window, then streams new entries; Last-Event-ID resumes after it', async () => {
      const first = feed.add({ type: 'message', at: new Date().toISOString(), text: 'first <script>' });
      const chunks: string[] = [];
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        path: '/api/feed',
        headers: { host: `127.0.0.1:${port}`, 'last-event-id': String(first.seq - 1) },
      });
      const done = new Promise<void>((resolve) => {
        req.on('response', (res) => {
          expect(res.headers['content-type']).toContain('text/event-stream');
          res.on('data', (c: Buffer) => {
            chunks.push(c.toString('utf8'));
            if (chunks.join('').includes('second')) resolve();
          });
          setTimeout(() => feed.add({ type: 'message', at: new Date().toISOString(), text: 'second' }), 20);
        });
      });
      req.end();
      await done;
      req.destroy();
      const text = chunks.join('');
      expect(text).toContain(`id: ${first.seq}\nevent: entry\ndata: `);
      expect(text).toContain('"text":"first <script>"');
      expect(text).toContain(`id: ${first.seq + 1}\n`);
      const resumed = json(await call('GET', `/api/entries?after=${first.seq}`)) as unknown as Array<{
        text: string;
      }>;
      expect(resumed.map((e) => e.text)).toEqual(['second']);
    });

    it('lets go of a page that closes its connection', async () => {
      const before = feed.listeners;
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        path: '/api/feed',
        headers: { host: `127.0.0.1:${port}` },
      });
      await new Promise<void>((resolve) => req.on('response', () => resolve()).end());
      expect(feed.listeners).toBe(before + 1);
      req.destroy();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(feed.listeners).toBe(before);
    });
  });
});
