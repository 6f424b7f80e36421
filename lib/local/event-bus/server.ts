/**
 * The local EventBridge endpoint: an HTTP server speaking the AWS JSON 1.1 protocol the SDK's
 * EventBridge client uses (`POST /`, `X-Amz-Target: AWSEvents.PutEvents`,
 * `Content-Type: application/x-amz-json-1.1`), so functions reach it through
 * `AWS_ENDPOINT_URL_EVENTBRIDGE` with unchanged code. Only PutEvents is served; any other
 * operation is a 400 `UnknownOperationException`. Signatures are not checked.
 *
 * PutEvents answers at once, like AWS: each accepted event is matched against the rules of its
 * bus (patterns compiled once, at start) and delivered to the matching rules' targets in the
 * background, with retries and dead-lettering (see delivery.ts).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Clock, systemClock } from '../../../functions/runtime/clock';
import { type CompiledPattern, compilePattern, matchRules, parsePattern } from '../event-pattern';
import type { LambdaInvoker, LocalRule, ParkingLot } from '../model';
import {
  DEFAULT_RETRY_TIMING,
  type DeliveryReport,
  type DeliveryStats,
  Dispatcher,
  type RetryTiming,
} from './delivery';
import {
  acceptEntry,
  busNameOf,
  DEFAULT_BUS,
  type EntryOutcome,
  PutEventsRequestError,
  requestEntries,
} from './put-events';

export interface EventBusOptions {
  /** 0 (the default): a free port. */
  readonly port?: number;
  readonly host: string;
  readonly rules: readonly LocalRule[];
  readonly invoker: LambdaInvoker;
  readonly parking: ParkingLot;
  /**
   * Buses that exist besides those the rules name (LocalSystem.buses): PutEvents to a bus no rule
   * listens on is accepted when it is listed here. `default` always exists.
   */
  readonly buses?: readonly string[];
  /** The account and region events carry. Defaults `000000000000`, `us-east-1`. */
  readonly account?: string;
  readonly region?: string;
  /** Stamps events, measures event age, dates parked messages. Default: the system clock. */
  readonly clock?: Clock;
  /** Backoff between delivery retries, scaled down for local use (see delivery.ts). */
  readonly retry?: Partial<RetryTiming>;
  /** Told about every delivery outcome (delivered, retrying, parked), e.g. to print it. */
  readonly onDelivery?: (report: DeliveryReport) => void;
}

export interface EventBus {
  /** `http://127.0.0.1:<port>`: the value for `AWS_ENDPOINT_URL_EVENTBRIDGE`. */
  readonly url: string;
  readonly port: number;
  /** Stops the server and cancels waiting retries. */
  close(): Promise<void>;
  stats(): DeliveryStats;
  /** Resolves when no delivery is in flight (an attempt under way or a retry waiting). */
  idle(): Promise<void>;
}

/** Largest request body read (PutEvents allows 256 KB of entries; JSON adds a little). */
const MAX_BODY_BYTES = 1024 * 1024;

interface CompiledRule {
  readonly rule: LocalRule;
  readonly pattern: CompiledPattern;
}

function compileRules(rules: readonly LocalRule[]): Map<string, CompiledRule[]> {
  const byBus = new Map<string, CompiledRule[]>();
  for (const rule of rules) {
    let pattern: CompiledPattern;
    try {
      pattern = compilePattern(parsePattern(rule.pattern));
    } catch (error) {
      throw new Error(
        `rule ${rule.id}: invalid event pattern: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const bus = busNameOf(rule.busName);
    const list = byBus.get(bus) ?? [];
    list.push({ rule, pattern });
    byBus.set(bus, list);
  }
  return byBus;
}

function sendJson(res: ServerResponse, status: number, body: unknown, requestId: string): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string> = {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': String(Buffer.byteLength(text)),
    'x-amzn-requestid': requestId,
  };
  const errorType = status >= 400 ? (body as { __type?: string }).__type : undefined;
  if (errorType !== undefined) headers['x-amzn-errortype'] = errorType;
  res.writeHead(status, headers);
  res.end(text);
}

function sendError(
  res: ServerResponse,
  status: number,
  type: string,
  message: string,
  requestId: string,
): void {
  sendJson(res, status, { __type: type, message }, requestId);
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startEventBus(options: EventBusOptions): Promise<EventBus> {
  const clock = options.clock ?? systemClock;
  const account = options.account ?? '000000000000';
  const region = options.region ?? 'us-east-1';
  const rulesByBus = compileRules(options.rules);
  const buses = new Set<string>([DEFAULT_BUS, ...rulesByBus.keys(), ...(options.buses ?? []).map(busNameOf)]);
  const dispatcher = new Dispatcher({
    invoker: options.invoker,
    parking: options.parking,
    clock,
    timing: { ...DEFAULT_RETRY_TIMING, ...options.retry },
    ...(options.onDelivery ? { onDelivery: options.onDelivery } : {}),
  });

  function putEvents(body: unknown): { FailedEntryCount: number; Entries: Record<string, string>[] } {
    const entries = requestEntries(body);
    const now = clock.now();
    const outcomes: EntryOutcome[] = entries.map((entry) =>
      acceptEntry(entry, { account, region, now, busExists: (name) => buses.has(name) }),
    );
    const failed = outcomes.filter((o) => !o.ok).length;
    dispatcher.countEntries(outcomes.length - failed, failed);
    // Matched now (so idle() sees the deliveries as soon as PutEvents has answered), attempted on a
    // later turn: PutEvents does not wait for targets.
    for (const outcome of outcomes) {
      if (!outcome.ok) continue;
      const matched = matchRules(rulesByBus.get(outcome.busName) ?? [], outcome.event);
      for (const { rule } of matched) dispatcher.dispatch(rule, outcome.event, now.getTime());
    }
    return {
      FailedEntryCount: failed,
      Entries: outcomes.map(
        (o): Record<string, string> =>
          o.ok ? { EventId: o.event.id } : { ErrorCode: o.errorCode, ErrorMessage: o.errorMessage },
      ),
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const raw = await readBody(req);
    if (req.method !== 'POST' || (req.url ?? '/').split('?')[0] !== '/') {
      sendError(res, 404, 'UnknownOperationException', 'Only POST / is served here.', requestId);
      return;
    }
    if (raw === undefined) {
      sendError(res, 413, 'ValidationException', 'Request body too large.', requestId);
      return;
    }
    const target = req.headers['x-amz-target'];
    if (target !== 'AWSEvents.PutEvents') {
      const operation = typeof target === 'string' ? target.replace(/^AWSEvents\./, '') : 'no X-Amz-Target';
      sendError(
        res,
        400,
        'UnknownOperationException',
        `The local event bus serves PutEvents only (got ${operation}).`,
        requestId,
      );
      return;
    }
    let body: unknown;
    try {
      body = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
    } catch {
      sendError(res, 400, 'SerializationException', 'The request body is not valid JSON.', requestId);
      return;
    }
    try {
      sendJson(res, 200, putEvents(body), requestId);
    } catch (error) {
      if (error instanceof PutEventsRequestError) sendError(res, 400, error.type, error.message, requestId);
      else throw error;
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      sendError(res, 500, 'InternalException', message, randomUUID());
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${String(port)}`,
    port,
    stats: () => dispatcher.stats(),
    idle: () => dispatcher.idle(),
    close: async () => {
      dispatcher.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
