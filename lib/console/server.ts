/**
 * The local console's HTTP server: the page, its feed as Server-Sent Events, the service graph, the
 * parked entries with their redrive, and the pattern tester. It listens on 127.0.0.1 only and serves
 * only requests addressed to it (request-guard.ts); every error is a `generic_error`.
 *
 *   GET  /                 the page (page-html.ts, /console.js, /console.css)
 *   GET  /graph.svg        the service graph (503 while a spec is invalid)
 *   GET  /api/graph        the same as JSON (`dev graph --format json`)
 *   GET  /api/feed         Server-Sent Events: `entry` events, id = seq; `Last-Event-ID` resumes
 *   GET  /api/entries      the window of entries as JSON (`?after=<seq>`)
 *   GET  /api/parked       the parked entries
 *   POST /api/redrive      `{ "id": "..." }`: delivers a parked entry again
 *   POST /api/match        `{ "pattern": "<JSON text>", "event": "<JSON text>" }`
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GenericError } from '../../functions/runtime/errors';
import { testPattern } from '../cli/pattern-test';
import { graphJson } from '../contract/graph/json';
import type { ServiceGraph } from '../contract/graph/service-graph';
import { formatGraphSvg } from '../contract/graph/svg';
import { JsonSyntaxError, parseJsonSource } from '../contract/source';
import type { ConsoleEntry, ConsoleFeed } from './feed';
import { PAGE_HTML } from './page-html';
import { PAGE_SCRIPT } from './page-script';
import { PAGE_CSS } from './page-style';
import { actionRefusal, allowedHosts, hostRefusal, type Refusal } from './request-guard';

/** A parked entry as the console lists it. */
export interface ConsoleParked {
  readonly id: string;
  /** The queue it is parked in (the template's id). */
  readonly queue: string;
  readonly at: string;
  readonly reason: string;
  /** Whether the console can deliver it again (an event delivery); a stream batch cannot be. */
  readonly redrivable: boolean;
  /** For an entry that is not redrivable: what recovers it. */
  readonly howToRecover?: string;
}

/** A redrive the system refused: the console answers with this status and `generic_error`. */
export class RedriveRefused extends Error {
  constructor(
    readonly status: 404 | 409 | 422,
    readonly code: 'not_found' | 'conflict' | 'not_redrivable',
    message: string,
  ) {
    super(message);
    this.name = 'RedriveRefused';
  }
}

/** What the console asks of the running system. */
export interface ConsoleSystem {
  /** The service graph of the specs, or undefined while a spec is invalid. */
  graph(): ServiceGraph | undefined;
  parked(): readonly ConsoleParked[];
  /** Delivers a parked entry again; throws {@link RedriveRefused} when it cannot. */
  redrive(id: string): Promise<void>;
}

export interface ConsoleOptions {
  readonly feed: ConsoleFeed;
  readonly system: ConsoleSystem;
  /**
   * The port on 127.0.0.1.
   * @default 0 (a free port)
   */
  readonly port?: number;
  /**
   * How often an idle feed connection gets a comment line, so proxies and browsers keep it open.
   * @default 15000
   */
  readonly heartbeatMs?: number;
}

export interface RunningConsole {
  /** `http://127.0.0.1:<port>/`. */
  readonly url: string;
  stop(): Promise<void>;
}

/** The largest request body the console reads (a pattern and an event are small). */
export const MAX_BODY_BYTES = 64 * 1024;

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
} as const;

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

function send(
  response: ServerResponse,
  status: number,
  type: string,
  body: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, ...headers });
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

function sendError(response: ServerResponse, failure: HttpFailure): void {
  const body: GenericError = { code: failure.code, messages: [failure.message] };
  send(response, failure.status, 'application/json; charset=utf-8', JSON.stringify(body), failure.headers);
}

async function readJsonObject(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      throw new HttpFailure(413, 'payload_too_large', `the body is over ${MAX_BODY_BYTES} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpFailure(400, 'malformed_json', 'the body is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpFailure(400, 'malformed_request', 'the body is a JSON object');
  }
  return value as Record<string, unknown>;
}

function stringField(body: Record<string, unknown>, name: string, what: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw new HttpFailure(422, 'validation_failed', `${name} is required: ${what}`);
  }
  return value;
}

/** The pattern tester: both texts parsed as JSON sources, so a problem is located by line and column. */
function match(body: Record<string, unknown>): unknown {
  const texts = {
    pattern: stringField(body, 'pattern', 'the event pattern, as JSON text'),
    event: stringField(body, 'event', 'the event, as JSON text'),
  };
  try {
    const result = testPattern(
      parseJsonSource('pattern', texts.pattern),
      parseJsonSource('event', texts.event),
    );
    if (!result.ok) throw new HttpFailure(422, 'validation_failed', result.message);
    return { matched: result.matched, reasons: result.reasons, warnings: result.warnings };
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new HttpFailure(400, 'malformed_json', error.message);
    throw error;
  }
}

const ROUTES: Readonly<Record<string, readonly string[]>> = {
  '/': ['GET'],
  '/console.js': ['GET'],
  '/console.css': ['GET'],
  '/graph.svg': ['GET'],
  '/api/graph': ['GET'],
  '/api/feed': ['GET'],
  '/api/entries': ['GET'],
  '/api/parked': ['GET'],
  '/api/redrive': ['POST'],
  '/api/match': ['POST'],
};

function refuse(refused: Refusal | undefined): void {
  if (refused !== undefined) throw new HttpFailure(refused.status, refused.code, refused.message);
}

function sseEvent(entry: ConsoleEntry): string {
  return `id: ${entry.seq}\nevent: entry\ndata: ${JSON.stringify(entry)}\n\n`;
}

function afterSeq(text: string | null | undefined): number {
  const seq = Number(text ?? 0);
  return Number.isSafeInteger(seq) && seq > 0 ? seq : 0;
}

/** Starts the console on 127.0.0.1. */
export async function startConsole(options: ConsoleOptions): Promise<RunningConsole> {
  const { feed, system } = options;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const streams = new Set<ServerResponse>();
  let hosts = new Set<string>();

  const follow = (request: IncomingMessage, response: ServerResponse, url: URL) => {
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      connection: 'keep-alive',
    });
    const after = afterSeq(request.headers['last-event-id']?.toString() ?? url.searchParams.get('after'));
    for (const entry of feed.since(after)) response.write(sseEvent(entry));
    const unsubscribe = feed.subscribe((entry) => response.write(sseEvent(entry)));
    const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), heartbeatMs);
    streams.add(response);
    request.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(response);
    });
  };

  const serve = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const method = request.method ?? 'GET';
    refuse(hostRefusal(request.headers, hosts));
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const allowed = ROUTES[url.pathname];
    if (allowed === undefined) throw new HttpFailure(404, 'not_found', `no such page: ${url.pathname}`);
    if (!allowed.includes(method)) {
      throw new HttpFailure(405, 'method_not_allowed', `${url.pathname} takes ${allowed.join(', ')}`, {
        allow: allowed.join(', '),
      });
    }
    if (method === 'POST') refuse(actionRefusal(request.headers, hosts));
    switch (url.pathname) {
      case '/':
        return send(response, 200, 'text/html; charset=utf-8', PAGE_HTML);
      case '/console.js':
        return send(response, 200, 'text/javascript; charset=utf-8', PAGE_SCRIPT);
      case '/console.css':
        return send(response, 200, 'text/css; charset=utf-8', PAGE_CSS);
      case '/graph.svg':
      case '/api/graph': {
        const graph = system.graph();
        if (graph === undefined) {
          throw new HttpFailure(503, 'unavailable', 'a spec is invalid: npx dev validate says which');
        }
        return url.pathname === '/graph.svg'
          ? send(response, 200, 'image/svg+xml; charset=utf-8', formatGraphSvg(graph))
          : sendJson(response, 200, graphJson(graph));
      }
      case '/api/feed':
        return follow(request, response, url);
      case '/api/entries':
        return sendJson(response, 200, feed.since(afterSeq(url.searchParams.get('after'))));
      case '/api/parked':
        return sendJson(response, 200, system.parked());
      case '/api/redrive': {
        const id = stringField(await readJsonObject(request), 'id', 'the id of a parked entry');
        try {
          await system.redrive(id);
        } catch (error) {
          if (error instanceof RedriveRefused) throw new HttpFailure(error.status, error.code, error.message);
          throw error;
        }
        return sendJson(response, 202, { id, redriven: true });
      }
      case '/api/match':
        return sendJson(response, 200, match(await readJsonObject(request)));
    }
  };

  const server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      sendError(
        response,
        error instanceof HttpFailure
          ? error
          : new HttpFailure(500, 'internal_error', 'the console failed: this is a bug in dev'),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  hosts = allowedHosts(port);
  return {
    url: `http://127.0.0.1:${port}/`,
    async stop() {
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
