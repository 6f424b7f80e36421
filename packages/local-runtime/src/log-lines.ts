/**
 * What `dev up` says about the running system, one entry per thing that happened: a request one of
 * the HTTP APIs answered, an event delivery attempt of the bus, a line a function wrote, or a
 * message of dev up itself. Each entry is a line of text for people (by default) or a JSON object
 * for tools (`--json`); a function's DEBUG records, its EMF metric blobs and the REPORT lines are
 * shown only with `--verbose`, since the request and delivery lines already say what ran and how
 * long it took.
 */

/** How an event delivery attempt ended (event-bus/delivery.ts reports each). */
export type DeliveryOutcome = 'delivered' | 'retrying' | 'parked';

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
  | { readonly type: 'message'; readonly text: string }
  | {
      readonly type: 'request';
      readonly service: string;
      readonly method: string;
      /** As the access log may show it (http-api/logged-path.ts). */
      readonly path: string;
      readonly status: number;
      readonly ms: number;
      /** Why the gateway answered itself (a function error, a refused signature...). */
      readonly error?: string;
    }
  | {
      readonly type: 'delivery';
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
    }
  | {
      readonly type: 'function';
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
    };

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

/** A function's output line (without the runner's `[<id>] ` prefix) as an entry. */
export function functionLine(functionId: string, name: string, line: string): LogEntry {
  const base = { type: 'function', function: name, functionId } as const;
  if (REPORT_LINE.test(line)) return { ...base, kind: 'report', text: line };
  const record = jsonObject(line);
  if (record === undefined) return { ...base, kind: 'output', text: line };
  const aws = record._aws;
  if (typeof aws === 'object' && aws !== null && 'CloudWatchMetrics' in aws) {
    return { ...base, kind: 'metrics', record };
  }
  const { level, message } = record;
  if (typeof level === 'string' && typeof message === 'string') {
    return { ...base, kind: 'record', level: level.toUpperCase(), message, record };
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

/** Whether the entry is shown only with `--verbose`. */
export function verboseOnly(entry: LogEntry): boolean {
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

function deliveryText(entry: Extract<LogEntry, { type: 'delivery' }>): string {
  const head = `[event bus] ${entry.detailType} → ${entry.subscriber} (rule ${entry.rule}): `;
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

/** One line of text for people. */
export function textLine(entry: LogEntry): string {
  switch (entry.type) {
    case 'message':
      return entry.text;
    case 'request':
      return `[${entry.service} api] ${entry.method} ${entry.path} ${entry.status} ${entry.ms} ms${entry.error ? ` (${entry.error})` : ''}`;
    case 'delivery':
      return deliveryText(entry);
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
    if (!options.verbose && verboseOnly(entry)) return;
    options.write(formatEntry(entry, options.format));
  };
}
