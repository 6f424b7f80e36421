/**
 * The local EventBridge endpoint: an HTTP server speaking the AWS JSON 1.1 protocol the SDK's
 * EventBridge client uses (`POST /`, `X-Amz-Target: AWSEvents.PutEvents`,
 * `Content-Type: application/x-amz-json-1.1`), so functions reach it through
 * `AWS_ENDPOINT_URL_EVENTBRIDGE` with unchanged code. Only PutEvents is served; any other
 * operation is a 400 `UnknownOperationException`.
 *
 * PutEvents answers at once, like AWS: each accepted event is matched against the rules of its
 * bus (patterns compiled once, at start) and delivered to the matching rules' targets in the
 * background, with retries and dead-lettering (see delivery.ts).
 *
 * With a `journal` (`dev up --persist`), accepted events are on disk before PutEvents answers and
 * each delivery's end is recorded, so {@link EventBus.redeliver} can finish, after a crash, what the
 * last run accepted (journal.ts).
 *
 * With `iam` (`dev up --iam`), the request's SigV4 signature is checked (service `events`) and the
 * signer's identity policies decide which entries it may put (authorize.ts); without it signatures
 * are not checked and every caller may put anything.
 *
 * An entry's valid `TraceHeader` stays with its event (put-events.ts), in the journal too, and every
 * delivery invocation of the event runs in that trace. A delivery the bus gave up on can be made
 * again ({@link EventBus.redrive}, redrive.ts).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Clock, systemClock } from '../clock';
import type { LocalPrincipal } from '../credentials';
import { type CompiledPattern, compilePattern, matchRules, parsePattern } from '../event-pattern';
import { type DenyKind, verifySignature } from '../http-api/sigv4';
import type { LambdaInvoker, LocalRule, LocalRuleTarget, ParkingLot } from '../model';
import { type RedriveDelivery, RedriveError } from '../redrive';
import { authorizePutEvents, busArn } from './authorize';
import {
  DEFAULT_RETRY_TIMING,
  type DeliveryReport,
  type DeliveryStats,
  Dispatcher,
  type RetryTiming,
  UNROUTED_DLQ,
} from './delivery';
import type { DeliveryKey, EventJournal, JournaledEvent } from './journal';
import {
  acceptEntry,
  type BusEvent,
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
  /** Told about every event PutEvents accepted (whether or not a rule matched it), e.g. to show or test it. */
  readonly onAccepted?: (event: BusEvent, busName: string, accepted: AcceptedEventInfo) => void;
  /** Keep accepted events and the end of their deliveries here (opened by the caller, closed by close()). */
  readonly journal?: EventJournal;
  /** Check signatures and the signer's PutEvents permissions: who signs with an access key id. */
  readonly iam?: { principal(accessKeyId: string): LocalPrincipal | undefined };
}

/** What the bus knows of an accepted event besides the event. */
export interface AcceptedEventInfo {
  /** The ids of the rules it matched (each delivers it to its targets), in the rules' order. */
  readonly ruleIds: readonly string[];
  /** Its PutEvents entry's `TraceHeader`, when it had a valid one. */
  readonly traceHeader?: string;
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
  /**
   * Starts the deliveries the journal says the last run left unfinished (none without a journal),
   * with the events' original ids and ages; call it once the targets can work (their APIs are up).
   */
  redeliver(): { readonly events: number; readonly deliveries: number };
  /**
   * Delivers a parked event again to the rule target it was owed to, in its trace, as a new delivery
   * (attempts, retries, parking, reports); journaled first when there is a journal. Resolves once
   * the delivery has started; rejects with RedriveError `not-redrivable` when the app has no such
   * rule target (anymore). Use `redriveParked` (redrive.ts), which finds the parked message.
   */
  redrive(delivery: RedriveDelivery): Promise<void>;
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

/** The request's headers as sigv4.ts reads them: lower-cased names, repeated values kept. */
function headersOf(req: IncomingMessage): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (values !== undefined) Object.defineProperty(out, name, { value: values, enumerable: true });
  }
  return out;
}

/** Every target of the rules: the deliveries an accepted event is owed. */
function deliveryKeys(rules: readonly LocalRule[]): DeliveryKey[] {
  return rules.flatMap((rule) =>
    rule.targets.map((target: LocalRuleTarget) => ({ ruleId: rule.id, functionId: target.functionId })),
  );
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

/** An event PutEvents accepted, with the rules it matched. */
interface Accepted {
  readonly event: BusEvent;
  readonly busName: string;
  readonly receivedAt: number;
  readonly rules: readonly LocalRule[];
  readonly traceHeader: string | undefined;
}

/** A problem with the whole request, answered with an error type as EventBridge does. */
class RequestRefused extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** EventBridge's answers to a signature it does not accept (the AWS JSON protocol's common errors). */
const SIGNATURE_ERRORS: Readonly<Record<DenyKind, { readonly type: string; readonly message?: string }>> = {
  missing: { type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' },
  incomplete: { type: 'IncompleteSignatureException' },
  'unknown-key': { type: 'UnrecognizedClientException' },
  invalid: { type: 'InvalidSignatureException' },
};

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
  const { journal, iam } = options;
  const dispatcher = new Dispatcher({
    invoker: options.invoker,
    parking: options.parking,
    clock,
    timing: { ...DEFAULT_RETRY_TIMING, ...options.retry },
    onDelivery: (report) => {
      if (report.kind !== 'retrying') {
        journal?.finish(report.eventId, report, report.kind);
      }
      options.onDelivery?.(report);
    },
  });

  /** The signer of a request, or the error EventBridge answers (only with `iam`). */
  async function signer(req: IncomingMessage, raw: Buffer): Promise<LocalPrincipal | undefined> {
    if (iam === undefined) return undefined;
    const verdict = await verifySignature(
      { method: req.method ?? 'POST', rawPath: '/', rawQueryString: '', headers: headersOf(req), body: raw },
      {
        credentials: (accessKeyId) => iam.principal(accessKeyId)?.credentials,
        service: 'events',
        region,
        account,
        now: clock.now(),
      },
    );
    if (!verdict.ok) {
      const refusal = SIGNATURE_ERRORS[verdict.kind];
      throw new RequestRefused(400, refusal.type, refusal.message ?? verdict.message);
    }
    const principal = iam.principal(verdict.identity.accessKey);
    if (principal === undefined) throw new Error(`no principal for ${verdict.identity.accessKey}`);
    return principal;
  }

  async function putEvents(
    body: unknown,
    principal: LocalPrincipal | undefined,
  ): Promise<{ FailedEntryCount: number; Entries: Record<string, string>[] }> {
    const entries = requestEntries(body);
    const now = clock.now();
    const outcomes: EntryOutcome[] = entries.map((entry) =>
      acceptEntry(entry, { account, region, now, busExists: (name) => buses.has(name) }),
    );
    if (principal !== undefined) authorize(principal, outcomes);
    // Matched now (so idle() sees the deliveries as soon as PutEvents has answered), attempted on a
    // later turn: PutEvents does not wait for targets.
    const accepted = outcomes.map((outcome): Accepted | undefined =>
      outcome.ok
        ? {
            event: outcome.event,
            busName: outcome.busName,
            receivedAt: now.getTime(),
            rules: matchRules(rulesByBus.get(outcome.busName) ?? [], outcome.event).map(({ rule }) => rule),
            traceHeader: outcome.traceHeader,
          }
        : undefined,
    );
    if (journal !== undefined) {
      const owed = accepted.filter((a): a is Accepted => a !== undefined && a.rules.length > 0);
      try {
        await journal.accept(
          owed.map(
            (a): JournaledEvent => ({
              event: a.event,
              busName: a.busName,
              receivedAt: a.receivedAt,
              deliveries: deliveryKeys(a.rules),
              ...(a.traceHeader === undefined ? {} : { traceHeader: a.traceHeader }),
            }),
          ),
        );
      } catch (error) {
        // Not on disk, so not accepted: InternalFailure is what the caller retries.
        const message = `The event could not be stored: ${error instanceof Error ? error.message : String(error)}`;
        for (const [i, a] of accepted.entries()) {
          if (a === undefined || a.rules.length === 0) continue;
          outcomes[i] = { ok: false, errorCode: 'InternalFailure', errorMessage: message };
          accepted[i] = undefined;
        }
      }
    }
    const failed = outcomes.filter((o) => !o.ok).length;
    dispatcher.countEntries(outcomes.length - failed, failed);
    for (const a of accepted) {
      if (a === undefined) continue;
      const trace = a.traceHeader === undefined ? {} : { traceHeader: a.traceHeader };
      for (const rule of a.rules) dispatcher.dispatch(rule, a.event, a.receivedAt, rule.targets, trace);
      try {
        options.onAccepted?.(a.event, a.busName, { ruleIds: a.rules.map((rule) => rule.id), ...trace });
      } catch {
        // A broken listener must not break PutEvents.
      }
    }
    return {
      FailedEntryCount: failed,
      Entries: outcomes.map(
        (o): Record<string, string> =>
          o.ok ? { EventId: o.event.id } : { ErrorCode: o.errorCode, ErrorMessage: o.errorMessage },
      ),
    };
  }

  /** Turns the entries the principal may not put into failed ones; throws when it may not call at all. */
  function authorize(principal: LocalPrincipal, outcomes: EntryOutcome[]): void {
    const checked = outcomes.flatMap((outcome, index) =>
      outcome.ok
        ? [
            {
              index,
              busArn: busArn(region, account, outcome.busName),
              source: outcome.event.source,
              detailType: outcome.event['detail-type'],
            },
          ]
        : [],
    );
    const verdict = authorizePutEvents(principal, checked);
    if (!verdict.ok) throw new RequestRefused(400, verdict.type, verdict.message);
    for (const [i, refusal] of verdict.entries.entries()) {
      const index = checked[i]?.index;
      if (refusal !== undefined && index !== undefined) outcomes[index] = { ok: false, ...refusal };
    }
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
    let principal: LocalPrincipal | undefined;
    try {
      // The signature before the operation and the body, as AWS checks it.
      principal = await signer(req, raw);
    } catch (error) {
      if (!(error instanceof RequestRefused)) throw error;
      sendError(res, error.status, error.type, error.message, requestId);
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
      sendJson(res, 200, await putEvents(body, principal), requestId);
    } catch (error) {
      if (error instanceof PutEventsRequestError) sendError(res, 400, error.type, error.message, requestId);
      else if (error instanceof RequestRefused)
        sendError(res, error.status, error.type, error.message, requestId);
      else throw error;
    }
  }

  const rulesById = new Map(options.rules.map((rule) => [rule.id, rule]));

  function redeliver(): { events: number; deliveries: number } {
    if (journal === undefined) return { events: 0, deliveries: 0 };
    const owed = journal.pending();
    let deliveries = 0;
    for (const { event, receivedAt, deliveries: keys, traceHeader } of owed) {
      for (const key of keys) {
        const rule = rulesById.get(key.ruleId);
        const target = rule?.targets.find((t) => t.functionId === key.functionId);
        if (rule === undefined || target === undefined) {
          // The app changed since the event was accepted: say so where failed deliveries are seen.
          options.parking.park({
            queueId: UNROUTED_DLQ,
            at: clock.now().toISOString(),
            body: event,
            reason: `event ${event.id} was owed to ${key.functionId} by rule ${key.ruleId}, which is no longer in the app`,
          });
          journal.finish(event.id, key, 'parked');
          continue;
        }
        dispatcher.dispatch(
          rule,
          event,
          receivedAt,
          [target],
          traceHeader === undefined ? {} : { traceHeader },
        );
        deliveries += 1;
      }
    }
    return { events: owed.length, deliveries };
  }

  async function redrive(delivery: RedriveDelivery): Promise<void> {
    const { event, ruleId, functionId, traceHeader, parkedId } = delivery;
    const rule = rulesById.get(ruleId);
    const target = rule?.targets.find((t) => t.functionId === functionId);
    if (rule === undefined || target === undefined) {
      throw new RedriveError(
        'not-redrivable',
        parkedId,
        `message ${parkedId} was owed to ${functionId} by rule ${ruleId}, which is no longer in the app`,
      );
    }
    // A new delivery: its event age counts from now.
    const receivedAt = clock.now().getTime();
    const trace = traceHeader === undefined ? {} : { traceHeader };
    if (journal !== undefined) {
      // The event's deliveries still owed stay owed: the newer accepted line stands for the event.
      const key = { ruleId, functionId };
      const owed = journal.owed(event.id).filter((k) => k.ruleId !== ruleId || k.functionId !== functionId);
      await journal.accept([
        { event, busName: busNameOf(rule.busName), receivedAt, deliveries: [...owed, key], ...trace },
      ]);
    }
    dispatcher.dispatch(rule, event, receivedAt, [target], { ...trace, redriveOf: parkedId });
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
    redeliver: () => redeliver(),
    redrive: (delivery) => redrive(delivery),
    close: async () => {
      dispatcher.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      // What is still in flight stays owed in the journal: the next start delivers it again.
      await journal?.close();
    },
  };
}
