/**
 * What `dev up` says about the running system, one entry per thing that happened: a request one of
 * the HTTP APIs answered, an event the bus accepted, an event delivery attempt, a stream batch
 * invocation, a line a function wrote, or a message of dev up itself. It is the feed a console
 * shows: every entry has its time (`at`), and the entries of one trace share a `traceId` (the
 * X-Ray Root: a request's, the events its writes put, their deliveries, the functions' records,
 * the stream records written in it).
 *
 * Each entry is a line of text for people (by default) or a JSON object for tools (`--json`).
 * Shown only with `--verbose`: a function's DEBUG records, its EMF metric blobs and the REPORT
 * lines (the request and delivery lines already say what ran and how long it took), and, as text,
 * the events the bus accepted (their delivery lines follow) and the stream batches processed (the
 * ones that failed or were parked are shown). `--json` gives every event and stream entry: a tool
 * or a console wants the feed whole.
 */
import { traceIdOf } from './trace';

/** How an event delivery attempt ended (event-bus/delivery.ts reports each). */
export type DeliveryOutcome = 'delivered' | 'retrying' | 'parked';

/** What a stream batch invocation came to (streams/delivery-policy.ts InvocationOutcome). */
export type StreamOutcome = 'processed' | 'partial' | 'retrying' | 'parked';

/** One record of a stream batch. */
export interface StreamRecordEntry {
  /** `INSERT`, `MODIFY` or `REMOVE`. */
  readonly eventName: string;
  /** The item's key attributes as plain strings. */
  readonly keys: Readonly<Record<string, string>>;
  readonly sequenceNumber: string;
  /** The trace the write was made in (`up({ traceAttribute })`), when the item says. */
  readonly traceId?: string;
}

/** What a function's output line is. */
export type FunctionLineKind =
  /** A structured log record (Powertools' JSON: `level`, `message`, attributes). */
  | 'record'
  /** A CloudWatch embedded metric format blob (`_aws.CloudWatchMetrics`). */
  | 'metrics'
  /** The runtime's `START` / `END` / `REPORT RequestId: ...` line. */
  | 'report'
  /** Anything else: console output, a crash, a timeout. */
  | 'output';

export type LogEntry =
  | { readonly type: 'message'; readonly at: string; readonly text: string }
  | {
      readonly type: 'request';
      /** When it was answered (ISO 8601), as on every entry. */
      readonly at: string;
      readonly service: string;
      readonly method: string;
      /** As the access log may show it (http-api/logged-path.ts). */
      readonly path: string;
      readonly status: number;
      readonly ms: number;
      /** Why the gateway answered itself (a function error, a refused signature...). */
      readonly error?: string;
      /** The request's trace (the caller's X-Ray or W3C trace when valid, else a new one). */
      readonly traceId?: string;
    }
  | {
      readonly type: 'delivery';
      readonly at: string;
      readonly detailType: string;
      readonly source: string;
      /** Short names (see {@link shortName}); the template's ids are `ruleId` and `functionId`. */
      readonly rule: string;
      readonly subscriber: string;
      readonly outcome: DeliveryOutcome;
      /** 1 for the first attempt. */
      readonly attempt: number;
      /** How long the subscriber ran, when it ran. */
      readonly ms?: number;
      /** Why the attempt failed (retrying, parked). */
      readonly error?: string;
      readonly retryInMs?: number;
      /** Where a parked event is (`dev parked --queue <id>`). */
      readonly queue?: string;
      readonly eventId: string;
      readonly ruleId: string;
      readonly functionId: string;
      /** The event's trace (its PutEvents entry's `TraceHeader`), when it had one. */
      readonly traceId?: string;
      /** The parked message's id (`parked`): what `redrive` takes. */
      readonly parkedId?: string;
      /** The parked message this delivery is a redrive of. */
      readonly redriveOf?: string;
    }
  | {
      readonly type: 'event';
      /** When the bus accepted it. */
      readonly at: string;
      readonly busName: string;
      readonly source: string;
      readonly detailType: string;
      readonly eventId: string;
      /** The event's detail, as put. */
      readonly detail: Readonly<Record<string, unknown>>;
      readonly traceId?: string;
      /** Short names of the rules it matched (see {@link shortName}); their ids are `ruleIds`. */
      readonly rules: readonly string[];
      readonly ruleIds: readonly string[];
    }
  | {
      readonly type: 'stream';
      /** When the invocation's outcome was known. */
      readonly at: string;
      /** Short names (see {@link shortName}) of the table and the function; ids `tableId`, `functionId`. */
      readonly table: string;
      readonly tableId: string;
      readonly function: string;
      readonly functionId: string;
      readonly mappingId: string;
      /** The invocations of these records so far, this one included (1 for the first). */
      readonly attempt: number;
      readonly outcome: StreamOutcome;
      /** How long the function ran. */
      readonly ms: number;
      /** What failed (all outcomes but `processed`). */
      readonly error?: string;
      /** The wait before the records are tried again (`partial`, `retrying`; none when bisected). */
      readonly retryInMs?: number;
      /** Where the records given up on are (`parked`), and the parked message's id. */
      readonly queue?: string;
      readonly parkedId?: string;
      readonly records: readonly StreamRecordEntry[];
    }
  | {
      readonly type: 'function';
      /** When the line was written. */
      readonly at: string;
      /** Short name (see {@link shortName}); the template's id is `functionId`. */
      readonly function: string;
      readonly functionId: string;
      readonly kind: FunctionLineKind;
      /** A record's level, upper case (`INFO`). */
      readonly level?: string;
      /** A record's message. */
      readonly message?: string;
      /** A record or a metric blob, parsed. */
      readonly record?: Readonly<Record<string, unknown>>;
      /** The line as written (report and output lines). */
      readonly text?: string;
      /** The trace of a record with a valid `xray_trace_id` (Powertools writes it on every record). */
      readonly traceId?: string;
    };

/** The entries of one type: `LogEntryOf<'stream'>`. */
export type LogEntryOf<T extends LogEntry['type']> = Extract<LogEntry, { readonly type: T }>;

export type LogFormat = 'text' | 'json';

/**
 * `<service>/<logical id without CDK's hash>` for a function or rule id `<stack>/<logical id>`:
 * `tributary-dev-notifications/OnOrdersOrderFunction5AA93734` → `notifications/OnOrdersOrderFunction`.
 * A stack that holds no service API keeps its name.
 */
export function shortName(id: string, serviceOfStack: ReadonlyMap<string, string>): string {
  const slash = id.indexOf('/');
  if (slash < 0) return id;
  const stack = id.slice(0, slash);
  const logicalId = id.slice(slash + 1).replace(/(?<=.)[0-9A-F]{8}$/, '');
  return `${serviceOfStack.get(stack) ?? stack}/${logicalId}`;
}

/** Lambda's own lines, which the request and delivery lines already sum up. */
const REPORT_LINE = /^(?:START|END|REPORT) RequestId: /;

/** A function's output line (without the runner's `[<id>] ` prefix) as an entry, written `at`. */
export function functionLine(
  functionId: string,
  name: string,
  line: string,
  at: Date = new Date(),
): LogEntryOf<'function'> {
  const base = { type: 'function', at: at.toISOString(), function: name, functionId } as const;
  if (REPORT_LINE.test(line)) return { ...base, kind: 'report', text: line };
  const record = jsonObject(line);
  if (record === undefined) return { ...base, kind: 'output', text: line };
  const xray = record.xray_trace_id;
  const traceId = typeof xray === 'string' ? traceIdOf(xray) : undefined;
  const traced = traceId === undefined ? {} : { traceId };
  const aws = record._aws;
  if (typeof aws === 'object' && aws !== null && 'CloudWatchMetrics' in aws) {
    return { ...base, kind: 'metrics', record, ...traced };
  }
  const { level, message } = record;
  if (typeof level === 'string' && typeof message === 'string') {
    return { ...base, kind: 'record', level: level.toUpperCase(), message, record, ...traced };
  }
  return { ...base, kind: 'output', text: line };
}

function jsonObject(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const VERBOSE_LEVELS = new Set(['DEBUG', 'TRACE']);

/** Whether the entry is shown only with `--verbose` (as text; `--json` keeps events and stream batches). */
export function verboseOnly(entry: LogEntry): boolean {
  // The event's delivery lines follow it; a batch that failed is news, one processed is not.
  if (entry.type === 'event') return true;
  if (entry.type === 'stream') return entry.outcome === 'processed';
  if (entry.type !== 'function') return false;
  if (entry.kind === 'metrics' || entry.kind === 'report') return true;
  return entry.kind === 'record' && VERBOSE_LEVELS.has(entry.level ?? '');
}

/**
 * Powertools' envelope of every record (logger.ts): the same on every line of a function, so the
 * text line leaves it out and shows what the code passed.
 */
const ENVELOPE = new Set([
  'level',
  'message',
  'timestamp',
  'service',
  'cold_start',
  'function_arn',
  'function_memory_size',
  'function_name',
  'function_request_id',
  'sampling_rate',
  'xray_trace_id',
  'tenant_id',
]);

function attributes(record: Readonly<Record<string, unknown>>): string {
  return Object.entries(record)
    .filter(([key, value]) => !ENVELOPE.has(key) && value !== undefined)
    .map(([key, value]) => ` ${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('');
}

function deliveryText(entry: LogEntryOf<'delivery'>): string {
  const redrive = entry.redriveOf === undefined ? '' : `, redrive of ${entry.redriveOf}`;
  const head = `[event bus] ${entry.detailType} → ${entry.subscriber} (rule ${entry.rule}${redrive}): `;
  const ms = entry.ms === undefined ? '' : `, ${entry.ms} ms`;
  switch (entry.outcome) {
    case 'delivered':
      return `${head}delivered, attempt ${entry.attempt}${ms}`;
    case 'retrying':
      return `${head}failed, attempt ${entry.attempt}${ms}, retrying in ${entry.retryInMs ?? 0} ms: ${entry.error ?? ''}`;
    case 'parked':
      return `${head}parked in ${entry.queue ?? '?'} after attempt ${entry.attempt}${ms} (npx dev parked): ${entry.error ?? ''}`;
  }
}

function eventText(entry: LogEntryOf<'event'>): string {
  const rules = entry.rules.length === 0 ? 'matched no rule' : `matched ${entry.rules.join(', ')}`;
  return `[event bus] ${entry.detailType} from ${entry.source} accepted on ${entry.busName}: ${rules}`;
}

function streamText(entry: LogEntryOf<'stream'>): string {
  const count = entry.records.length;
  const head = `[stream ${entry.table}] ${count} record${count === 1 ? '' : 's'} → ${entry.function}: `;
  const attempt = `attempt ${entry.attempt}, ${entry.ms} ms`;
  const error = entry.error ?? '';
  switch (entry.outcome) {
    case 'processed':
      return `${head}processed, ${attempt}`;
    case 'partial':
      return `${head}partly failed, ${attempt}, retrying the rest in ${entry.retryInMs ?? 0} ms: ${error}`;
    case 'retrying':
      return `${head}failed, ${attempt}, ${entry.retryInMs === undefined ? 'retrying in halves' : `retrying in ${entry.retryInMs} ms`}: ${error}`;
    case 'parked':
      return `${head}parked in ${entry.queue ?? '?'} after ${attempt} (npx dev parked): ${error}`;
  }
}

/** One line of text for people. */
export function textLine(entry: LogEntry): string {
  switch (entry.type) {
    case 'message':
      return entry.text;
    case 'request':
      return `[${entry.service} api] ${entry.method} ${entry.path} ${entry.status} ${entry.ms} ms${entry.error ? ` (${entry.error})` : ''}`;
    case 'delivery':
      return deliveryText(entry);
    case 'event':
      return eventText(entry);
    case 'stream':
      return streamText(entry);
    case 'function':
      if (entry.kind === 'record') {
        return `[${entry.function}] ${entry.level} ${entry.message}${attributes(entry.record ?? {})}`;
      }
      return `[${entry.function}] ${entry.kind === 'metrics' ? JSON.stringify(entry.record) : (entry.text ?? '')}`;
  }
}

/** The entry as one line in `format`. */
export function formatEntry(entry: LogEntry, format: LogFormat): string {
  return format === 'json' ? JSON.stringify(entry) : textLine(entry);
}

/** Whether `format` without `--verbose` leaves the entry out (JSON keeps events and stream batches). */
function leftOut(entry: LogEntry, format: LogFormat): boolean {
  if (format === 'json' && (entry.type === 'event' || entry.type === 'stream')) return false;
  return verboseOnly(entry);
}

/**
 * Where `dev up` writes what happens: every entry that `verbose` lets through, one line each in
 * `format`.
 */
export function logSink(options: {
  readonly format: LogFormat;
  readonly verbose: boolean;
  readonly write: (line: string) => void;
}): (entry: LogEntry) => void {
  return (entry) => {
    if (!options.verbose && leftOut(entry, options.format)) return;
    options.write(formatEntry(entry, options.format));
  };
}

/**
 * What `dev up` says of a stream poller's own log line, or undefined for one it leaves out: info
 * lines, and a failed invocation (the batch's `stream` entry already says it). What stays is what
 * no batch report tells: a shard that cannot be read, a stream gone, a batch parked for its age
 * before any invocation, a poller that stopped.
 */
export function pollerMessage(
  entry: { readonly level: 'info' | 'warn' | 'error'; readonly mappingId: string; readonly message: string },
  nameOf: (id: string) => string,
): string | undefined {
  if (entry.level === 'info' || / failed on /.test(entry.message)) return undefined;
  return `[stream ${nameOf(entry.mappingId)}] ${entry.level}: ${entry.message}`;
}
