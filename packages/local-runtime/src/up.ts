import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS, LocalKeyring } from './credentials';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb/launcher';
import { createLocalTables } from './dynamodb/tables';
import { EventJournal } from './event-bus/journal';
import type { BusEvent } from './event-bus/put-events';
import { type EventBus, startEventBus } from './event-bus/server';
import { type HttpApi, startHttpApi } from './http-api/server';
import { LambdaRunner, machineNodeBinaries, resolveNodeBinaries } from './lambda';
import { functionLine, type LogEntry, pollerMessage, shortName, textLine } from './log-lines';
import type { LocalSystem } from './model';
import { createParkingLot, type LocalParkingLot } from './parking-lot';
import { ensurePortsFree, portUnavailable, servicePorts } from './ports';
import { type Redriven, redriveParked } from './redrive';
import { startLocalSqs } from './sqs/server';
import { type CheckpointStore, FileCheckpointStore, StreamPollers } from './streams';
import { isCdkOutFresh, synthesize } from './synth';
import { type LocalResolver, loadLocalSystem, localFunctionName } from './template/index';
import { traceIdOf } from './trace';

/**
 * `dev up`: the synthesized app on one machine. DynamoDB Local (with its real streams) holds the
 * tables of the template; every Lambda runs from its synthesized asset in processes of its own on
 * the Node.js major its runtime declares, its SDK clients pointed at the local services through the
 * standard `AWS_ENDPOINT_URL_*` variables (so handler code has no local branch); stream mappings
 * poll the local streams; a local EventBridge endpoint matches the rules; one HTTP server per
 * service API turns requests into payload v2 events.
 */

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT = '000000000000';
/** The credentials local clients sign with (under `--iam`, functions sign with their own: credentials.ts). */
export { LOCAL_CREDENTIALS };
/** Where `dev up` keeps what it parks, for `dev parked` to show. */
export const PARKED_FILE = join('.tributary', 'parked.jsonl');
/** With `--persist DIR`: the bus's journal of accepted events (event-bus/journal.ts), in DIR. */
export const EVENT_JOURNAL_FILE = 'event-bus-journal.jsonl';
/** With `--persist DIR`: where each stream mapping got to, in DIR. */
export const STREAM_CHECKPOINTS_FILE = 'stream-checkpoints.json';

export interface UpOptions {
  /** The project root (cdk.json, api-specs/, functions/). */
  readonly root: string;
  /** The cloud assembly; default `<root>/cdk.out`. */
  readonly cdkOut?: string;
  /** `auto` (default): synthesize when cdk.out is missing or older than the sources. */
  readonly synth?: 'auto' | 'always' | 'never';
  /**
   * What the app is made from, relative to `root`: under `synth: 'auto'`, a change to any of it
   * synthesizes again.
   * @default everything under `root` but `cdk.out`, `node_modules` and dot-folders
   */
  readonly appSources?: readonly string[];
  /**
   * Keep DynamoDB Local's data in this directory instead of in memory, with what makes a restart
   * lose nothing: where the streams were read to, and the bus's journal of accepted events.
   */
  readonly persistDir?: string;
  /**
   * As on AWS: routes with IAM auth require a SigV4 signature, each function signs with credentials
   * of its own, and the bus allows a function only the PutEvents its role's policies allow.
   */
  readonly iam?: boolean;
  /**
   * The base of the HTTP APIs' ports: each service's port is derived from its name (ports.ts), so it
   * stays put when services come and go. 0 (default): free ports.
   */
  readonly basePort?: number;
  /** The parked-messages file; default `<root>/.tributary/parked.jsonl`. */
  readonly parkedFile?: string;
  /**
   * A parking lot the caller keeps across starts (watch keeps one across reloads, so what was
   * parked before a reload is still listed and can still be redriven).
   * @default a new one appending to `parkedFile`
   */
  readonly parking?: LocalParkingLot;
  /** Scaled-down delivery retries of the local bus (tests make them short). */
  readonly busRetry?: { readonly baseDelayMs?: number; readonly maxDelayMs?: number };
  /**
   * The item attribute in which the app keeps the trace header of the write that made an item
   * (Tributary's `_trace`): the stream entries of the feed give each record's trace from it.
   * @default undefined: no trace read from items
   */
  readonly traceAttribute?: string;
  /** Progress: dev up's own messages, a line at a time; default: nowhere. */
  readonly log?: (line: string) => void;
  /**
   * What the system does, an entry each (log-lines.ts): requests, events accepted, event
   * deliveries, stream batches, the functions' output. Default: each as a line of text to `log`
   * (every entry, verbose ones too).
   */
  readonly onLog?: (entry: LogEntry) => void;
  /** Told about every event the local bus accepted (tests, tools). */
  readonly onEvent?: (event: BusEvent) => void;
  /** A DynamoDB Local the caller started, used and left running (watch keeps one across reloads). */
  readonly dynamodb?: DynamoDbLocal;
  /** Where the stream mappings got to, when not in --persist's file (watch keeps it across reloads). */
  readonly checkpoints?: CheckpointStore;
  /** Service → its API's port before a reload (watch keeps the URLs); others as `basePort` says. */
  readonly apiPorts?: Readonly<Record<string, number>>;
}

export interface RunningSystem {
  readonly system: LocalSystem;
  /** Service name → its API's local URL. */
  readonly urls: Readonly<Record<string, string>>;
  readonly eventBusUrl: string;
  readonly dynamodbEndpoint: string;
  /** The functions' runner (watch replaces their code in it). */
  readonly runner: LambdaRunner;
  readonly parking: LocalParkingLot;
  readonly startupMs: number;
  /** A function's credentials under `iam` (what it signs with); undefined without `iam`. */
  credentialsOf(
    functionId: string,
  ): { readonly accessKeyId: string; readonly secretAccessKey: string } | undefined;
  /**
   * Delivers again an event delivery the bus gave up on, by its parked message's id, through the
   * bus's normal delivery path (its attempts are `delivery` entries with `redriveOf`), and marks the
   * message redriven (no longer in `parking.list()`). Resolves once the delivery has started;
   * rejects with RedriveError (redrive.ts): `unknown`, `not-parked` (redriven already),
   * `not-redrivable` (a stream batch, a message a function sent, a rule target no longer in the app).
   */
  redrive(id: string): Promise<Redriven>;
  /** Resolves when the streams are caught up and no event delivery is in flight (tests, benches). */
  idle(timeoutMs?: number): Promise<void>;
  /** What the event bus and the stream pollers did so far. */
  stats(): {
    readonly bus: ReturnType<EventBus['stats']>;
    readonly streams: ReturnType<StreamPollers['stats']>;
  };
  stop(): Promise<void>;
}

/** The parking lot a start uses: the caller's, else a new one appending to `parkedFile` (its default). */
export function parkingLotOf(options: Pick<UpOptions, 'root' | 'parkedFile' | 'parking'>): LocalParkingLot {
  return options.parking ?? createParkingLot({ file: options.parkedFile ?? join(options.root, PARKED_FILE) });
}

/** Who wants an API's port, as an error names it. */
const apiOwner = (service: string) => `the ${service} API`;

/** A free port of 127.0.0.1 that is none of `reserved` (the APIs' ports, taken later). */
async function freePort(reserved: ReadonlySet<number> = new Set()): Promise<number> {
  for (;;) {
    const port = await anyFreePort();
    if (!reserved.has(port)) return port;
  }
}

async function anyFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Stops what started, newest first, whatever fails on the way. */
class Stack {
  readonly #stops: Array<() => Promise<void> | void> = [];
  push(stop: () => Promise<void> | void): void {
    this.#stops.push(stop);
  }
  async unwind(): Promise<void> {
    for (const stop of this.#stops.splice(0).reverse()) {
      try {
        await stop();
      } catch {
        // keep stopping the rest
      }
    }
  }
}

/**
 * Starts the system the cloud assembly describes: DynamoDB Local with its tables and streams, the
 * event buses and their rules, the HTTP APIs, the queues and the functions, each as the template
 * says. Resolves once every part listens; `stop()` ends them.
 */
export async function up(options: UpOptions): Promise<RunningSystem> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const onLog = options.onLog ?? ((entry: LogEntry) => log(textLine(entry)));
  const now = () => new Date().toISOString();
  const cdkOut = options.cdkOut ?? join(options.root, 'cdk.out');
  const mode = options.synth ?? 'auto';
  if (mode === 'always' || (mode === 'auto' && !isCdkOutFresh(options.root, cdkOut, options.appSources))) {
    log(`Synthesizing the CDK app into ${cdkOut} ...`);
    synthesize(options.root, cdkOut);
  }

  // The APIs' ports first: other functions' environments name their URLs.
  const tableNames = (tableId: string) => tableId.replace(/[^A-Za-z0-9_.-]/g, '-');
  const probe = loadLocalSystem(cdkOut, {
    apiUrl: () => 'http://127.0.0.1:0',
    tableName: tableNames,
    region: LOCAL_REGION,
    accountId: LOCAL_ACCOUNT,
  });
  const apis = [...probe.apis].sort((a, b) => a.service.localeCompare(b.service));
  const ports = new Map<string, number>();
  const services = apis.map((api) => api.service);
  const derived = options.basePort ? servicePorts(options.basePort, services) : undefined;
  const kept = new Set(Object.values(options.apiPorts ?? {}));
  for (const api of apis) {
    const port = options.apiPorts?.[api.service] ?? derived?.get(api.service) ?? (await freePort(kept));
    ports.set(api.id, port);
  }
  // A derived port in use stops dev up here, before DynamoDB Local and the functions start.
  if (derived) {
    await ensurePortsFree(
      '127.0.0.1',
      new Map(apis.map((api) => [ports.get(api.id) ?? 0, apiOwner(api.service)])),
    );
  }
  const apiPorts = new Set(ports.values());
  const resolver: LocalResolver = {
    apiUrl: (apiId) => `http://127.0.0.1:${ports.get(apiId) ?? 0}`,
    tableName: tableNames,
    region: LOCAL_REGION,
    accountId: LOCAL_ACCOUNT,
  };
  const system = loadLocalSystem(cdkOut, resolver);
  // Log lines name functions and rules `<service>/<logical id>` (log-lines.ts).
  const serviceOfStack = new Map(system.apis.map((api) => [api.stack, api.service]));
  const nameOf = (id: string) => shortName(id, serviceOfStack);
  for (const warning of system.warnings ?? []) log(`warning: ${warning}`);
  // Before anything starts: a function with no Node.js of its runtime's major stops dev up here.
  const nodeBinaries = machineNodeBinaries();
  for (const [runtime, binary] of resolveNodeBinaries(system.functions.values(), nodeBinaries)) {
    const where = relative(options.root, binary.path);
    log(
      `Functions with Runtime ${runtime} run on Node.js ${binary.version} (${where.startsWith('..') ? binary.path : where})`,
    );
  }

  const stack = new Stack();
  try {
    let dynamodb = options.dynamodb;
    if (dynamodb === undefined) {
      log(
        `Starting DynamoDB Local${options.persistDir ? ` (data in ${options.persistDir})` : ' (in memory)'} ...`,
      );
      const own = await startDynamoDbLocal(options.persistDir ? { persistDir: options.persistDir } : {});
      stack.push(() => own.stop());
      dynamodb = own;
    }
    const client = new DynamoDBClient({ ...dynamodb.clientConfig });
    stack.push(() => client.destroy());
    await createLocalTables(client, [...system.tables.values()]);

    const parking = parkingLotOf(options);
    // What functions send to the app's queues (the forwarder parking records that cannot become
    // events) lands in the parking lot too, under the queue's id.
    const sqs = await startLocalSqs({
      host: '127.0.0.1',
      queues: new Map(
        [...system.queues.values()].map((queue) => [
          localFunctionName(queue.stack, queue.logicalId),
          queue.id,
        ]),
      ),
      parking,
    });
    stack.push(() => sqs.close());
    const busPort = await freePort(apiPorts);
    const busUrl = `http://127.0.0.1:${busPort}`;
    // Under --iam every function signs as itself (its keys in its environment), so the bus can
    // hold it to its role's policies; otherwise all sign with the one set nobody checks.
    const keyring = options.iam
      ? new LocalKeyring({ functions: system.functions, account: LOCAL_ACCOUNT })
      : undefined;
    const runner = new LambdaRunner(
      keyring ? keyring.functionsWithCredentials(system.functions) : system.functions,
      {
        accountId: LOCAL_ACCOUNT,
        // The runner prefixes every line with `[<function id>] `.
        log: (line) => {
          const prefixed = /^\[([^\]]+)\] ([\s\S]*)$/.exec(line);
          if (prefixed?.[1] === undefined || prefixed[2] === undefined)
            onLog({ type: 'message', at: now(), text: line });
          else onLog(functionLine(prefixed[1], nameOf(prefixed[1]), prefixed[2]));
        },
        nodeBinaries,
        extraEnvironment: {
          AWS_REGION: LOCAL_REGION,
          AWS_DEFAULT_REGION: LOCAL_REGION,
          ...(keyring
            ? {}
            : {
                AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
                AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
              }),
          AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
          AWS_ENDPOINT_URL_DYNAMODB_STREAMS: dynamodb.endpoint,
          AWS_ENDPOINT_URL_EVENTBRIDGE: busUrl,
          AWS_ENDPOINT_URL_SQS: sqs.url,
        },
      },
    );
    stack.push(() => runner.close());

    // With --persist, what the bus accepted outlives a crash: the stream checkpoints are already
    // past the records those events came from.
    let journal: EventJournal | undefined;
    if (options.persistDir) {
      journal = await EventJournal.open(join(options.persistDir, EVENT_JOURNAL_FILE), {
        onError: (error) =>
          log(`[event bus] journal: ${error instanceof Error ? error.message : String(error)}`),
      });
      const opened = journal;
      stack.push(() => opened.close());
      if (journal.recovered.skippedLines > 0) {
        log(`[event bus] journal: skipped ${journal.recovered.skippedLines} torn line(s) of ${journal.path}`);
      }
    }
    const bus: EventBus = await startEventBus({
      port: busPort,
      host: '127.0.0.1',
      rules: system.rules,
      buses: system.buses,
      invoker: runner,
      parking,
      region: LOCAL_REGION,
      account: LOCAL_ACCOUNT,
      ...(options.busRetry ? { retry: options.busRetry } : {}),
      ...(journal ? { journal } : {}),
      ...(keyring ? { iam: { principal: (accessKeyId: string) => keyring.principal(accessKeyId) } } : {}),
      onDelivery: (report) => {
        const traceId = traceIdOf(report.traceHeader);
        onLog({
          type: 'delivery',
          at: now(),
          detailType: report.detailType,
          source: report.source,
          rule: nameOf(report.ruleId),
          subscriber: nameOf(report.functionId),
          outcome: report.kind,
          attempt: report.attempts,
          ...(report.durationMs === undefined ? {} : { ms: Math.round(report.durationMs) }),
          ...(report.kind === 'retrying' ? { error: report.error, retryInMs: report.delayMs } : {}),
          ...(report.kind === 'parked' ? { error: report.reason, queue: report.queueId } : {}),
          eventId: report.eventId,
          ruleId: report.ruleId,
          functionId: report.functionId,
          ...(traceId === undefined ? {} : { traceId }),
          ...(report.kind === 'parked' && report.parkedId !== undefined ? { parkedId: report.parkedId } : {}),
          ...(report.redriveOf === undefined ? {} : { redriveOf: report.redriveOf }),
        });
      },
      onAccepted: (event, busName, accepted) => {
        const traceId = traceIdOf(accepted.traceHeader);
        onLog({
          type: 'event',
          at: now(),
          busName,
          source: event.source,
          detailType: event['detail-type'],
          eventId: event.id,
          detail: event.detail,
          ...(traceId === undefined ? {} : { traceId }),
          rules: accepted.ruleIds.map(nameOf),
          ruleIds: accepted.ruleIds,
        });
        options.onEvent?.(event);
      },
    });
    stack.push(() => bus.close());

    const servers: HttpApi[] = [];
    for (const api of apis) {
      const port = ports.get(api.id) ?? 0;
      const server = await startHttpApi({
        api,
        port,
        host: '127.0.0.1',
        invoker: runner,
        iam: options.iam ?? false,
        // The developer's credentials and, under --iam, every function's.
        credentials: keyring ? (accessKeyId: string) => keyring.credentials(accessKeyId) : LOCAL_CREDENTIALS,
        region: LOCAL_REGION,
        account: LOCAL_ACCOUNT,
        onRequest: (entry) =>
          onLog({
            type: 'request',
            at: now(),
            service: api.service,
            method: entry.method,
            path: entry.path,
            status: entry.status,
            ms: entry.durationMs,
            ...(entry.error === undefined ? {} : { error: entry.error }),
            ...(entry.traceId === undefined ? {} : { traceId: entry.traceId }),
          }),
      }).catch((error: unknown) => {
        throw portUnavailable(error, port, apiOwner(api.service)) ?? error;
      });
      stack.push(() => server.close());
      servers.push(server);
    }

    // What the last run accepted but did not finish delivering (after a crash), now that the
    // subscribers' APIs answer.
    const owed = bus.redeliver();
    if (owed.events > 0) {
      log(
        `[event bus] delivering again ${owed.deliveries} delivery(ies) of ${owed.events} event(s) the last run left unfinished`,
      );
    }

    const pollers = new StreamPollers({
      system,
      clientConfig: dynamodb.clientConfig,
      invoker: runner,
      parkingLot: parking,
      region: LOCAL_REGION,
      pollIntervalMs: 100,
      ...(options.traceAttribute === undefined ? {} : { traceAttribute: options.traceAttribute }),
      // What no batch report says (a shard that cannot be read, a stream gone, a batch parked for its
      // age before any invocation, a poller that stopped) is a message of its own; a failed
      // invocation is already the `stream` entry below.
      log: (entry) => {
        const text = pollerMessage(entry, nameOf);
        if (text !== undefined) onLog({ type: 'message', at: now(), text });
      },
      onBatch: (report) =>
        onLog({
          type: 'stream',
          at: now(),
          table: nameOf(report.tableId),
          tableId: report.tableId,
          function: nameOf(report.functionId),
          functionId: report.functionId,
          mappingId: report.mappingId,
          attempt: report.attempt,
          outcome: report.outcome,
          ms: Math.round(report.durationMs),
          ...(report.error === undefined ? {} : { error: report.error }),
          ...(report.retryInMs === undefined ? {} : { retryInMs: report.retryInMs }),
          ...(report.queueId === undefined ? {} : { queue: report.queueId }),
          ...(report.parkedId === undefined ? {} : { parkedId: report.parkedId }),
          records: report.records,
        }),
      // With persisted data, where each stream was read to survives a restart too (else TRIM_HORIZON
      // would deliver the last 24 hours again on every start).
      ...(options.persistDir
        ? { checkpoints: new FileCheckpointStore(join(options.persistDir, STREAM_CHECKPOINTS_FILE)) }
        : options.checkpoints
          ? { checkpoints: options.checkpoints }
          : {}),
    });
    await pollers.start();
    stack.push(() => pollers.stop());

    const urls = Object.fromEntries(apis.map((api, i) => [api.service, servers[i]?.url ?? '']));
    return {
      system,
      urls,
      eventBusUrl: bus.url,
      dynamodbEndpoint: dynamodb.endpoint,
      runner,
      parking,
      startupMs: Date.now() - started,
      credentialsOf: (functionId) => keyring?.ofFunction(functionId),
      redrive: (id) => redriveParked(parking, bus, id),
      async idle(timeoutMs = 30_000) {
        // Events cause writes cause stream records cause events: settle until both are quiet twice.
        const deadline = Date.now() + timeoutMs;
        let quiet = 0;
        while (quiet < 2) {
          if (Date.now() > deadline)
            throw new Error(`the local system did not settle within ${timeoutMs} ms`);
          await pollers.idle(Math.max(1, deadline - Date.now()));
          await bus.idle();
          const stats = bus.stats();
          quiet = stats.inFlight === 0 ? quiet + 1 : 0;
          await new Promise((r) => setTimeout(r, 150));
        }
      },
      stats: () => ({ bus: bus.stats(), streams: pollers.stats() }),
      stop: () => stack.unwind(),
    };
  } catch (error) {
    await stack.unwind();
    throw error;
  }
}
