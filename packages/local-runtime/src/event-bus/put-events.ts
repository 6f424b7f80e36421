/**
 * PutEvents as EventBridge checks it: the request as a whole (1 to 10 entries, at most 256 KB by
 * EventBridge's size formula), then each entry on its own (a failed entry gets an error code and
 * message in the response, the others go through), and the event each accepted entry becomes.
 *
 * An entry's `TraceHeader` (X-Ray's `X-Amzn-Trace-Id`) is kept with its event: EventBridge passes
 * it on to every target invocation (not in the event itself). As on AWS, one longer than 500
 * characters (or empty) fails the whole request's validation (`ValidationException`), and one
 * without a valid Root is dropped while the event is still accepted ("X-Ray validates trace
 * headers, and trace headers that aren't valid are dropped"). What is kept is rebuilt from the
 * header's valid fields (trace.ts).
 */
import { randomUUID } from 'node:crypto';
import { formatTraceHeader, MAX_TRACE_HEADER_LENGTH, parseTraceHeader } from '../trace';

export const MAX_ENTRIES = 10;
export const MAX_REQUEST_BYTES = 256 * 1024;
export const DEFAULT_BUS = 'default';

/** A problem with the whole request: EventBridge answers 400 with this error type. */
export class PutEventsRequestError extends Error {
  constructor(
    readonly type: 'ValidationException' | 'SerializationException',
    message: string,
  ) {
    super(message);
    this.name = 'PutEventsRequestError';
  }
}

/** The event a target receives (EventBridge's envelope). */
export interface BusEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: Readonly<Record<string, unknown>>;
}

/** What became of one entry, in the order of the request. */
export type EntryOutcome =
  | {
      readonly ok: true;
      readonly busName: string;
      readonly event: BusEvent;
      /** The entry's `TraceHeader`, when it had a valid one. */
      readonly traceHeader?: string;
    }
  | { readonly ok: false; readonly errorCode: string; readonly errorMessage: string };

export interface EnvelopeContext {
  readonly account: string;
  readonly region: string;
  /** The instant PutEvents received the entries (the event's `time` unless the entry sets one). */
  readonly now: Date;
  /** Whether a bus of that name exists. */
  readonly busExists: (name: string) => boolean;
  readonly newId?: () => string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function utf8Bytes(value: unknown): number {
  return typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : 0;
}

/** EventBridge's size of an entry: 14 bytes for Time when set, plus Source, DetailType, Detail, Resources. */
export function entrySize(entry: Record<string, unknown>): number {
  let size = entry.Time === undefined || entry.Time === null ? 0 : 14;
  size += utf8Bytes(entry.Source) + utf8Bytes(entry.DetailType) + utf8Bytes(entry.Detail);
  if (Array.isArray(entry.Resources)) for (const resource of entry.Resources) size += utf8Bytes(resource);
  return size;
}

/** The request's entries, when the request as a whole is acceptable; throws {@link PutEventsRequestError}. */
export function requestEntries(body: unknown): Record<string, unknown>[] {
  if (!isRecord(body))
    throw new PutEventsRequestError('SerializationException', 'Start of structure expected');
  const entries = body.Entries;
  if (entries === undefined || entries === null) {
    throw new PutEventsRequestError(
      'ValidationException',
      "1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null",
    );
  }
  if (!Array.isArray(entries))
    throw new PutEventsRequestError('SerializationException', 'Start of list expected');
  if (entries.length < 1 || entries.length > MAX_ENTRIES) {
    const bound =
      entries.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${String(MAX_ENTRIES)}`;
    throw new PutEventsRequestError(
      'ValidationException',
      `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length ${bound}`,
    );
  }
  const out: Record<string, unknown>[] = [];
  for (const [index, entry] of entries.entries()) {
    if (!isRecord(entry))
      throw new PutEventsRequestError('SerializationException', 'Start of structure expected');
    const trace = entry.TraceHeader;
    if (typeof trace === 'string' && (trace.length < 1 || trace.length > MAX_TRACE_HEADER_LENGTH)) {
      const bound =
        trace.length < 1
          ? 'greater than or equal to 1'
          : `less than or equal to ${String(MAX_TRACE_HEADER_LENGTH)}`;
      throw new PutEventsRequestError(
        'ValidationException',
        `1 validation error detected: Value at 'entries.${String(index + 1)}.member.traceHeader' failed to satisfy constraint: Member must have length ${bound}`,
      );
    }
    out.push(entry);
  }
  const total = out.reduce((sum, entry) => sum + entrySize(entry), 0);
  if (total > MAX_REQUEST_BYTES) {
    throw new PutEventsRequestError(
      'ValidationException',
      'Total size of the entries in the request is over the limit.',
    );
  }
  return out;
}

/** `my-bus` or `arn:aws:events:<region>:<account>:event-bus/my-bus` → `my-bus`; absent → `default`. */
export function busNameOf(nameOrArn: string | undefined): string {
  if (nameOrArn === undefined || nameOrArn === '') return DEFAULT_BUS;
  const arn = /^arn:[^:]+:events:[^:]*:[^:]*:event-bus\/(.+)$/.exec(nameOrArn);
  return arn?.[1] ?? nameOrArn;
}

/** EventBridge writes `time` to the second: `2026-01-01T00:00:00Z`. */
export function eventTime(at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z`;
}

function entryTime(value: unknown, fallback: Date): Date | undefined {
  if (value === undefined || value === null) return fallback;
  // The SDK's JSON protocol sends timestamps as epoch seconds (with a fraction).
  const date =
    typeof value === 'number'
      ? new Date(value * 1000)
      : typeof value === 'string'
        ? new Date(value)
        : undefined;
  return date === undefined || Number.isNaN(date.getTime()) ? undefined : date;
}

const invalidArgument = (parameter: string, reason: string): EntryOutcome => ({
  ok: false,
  errorCode: 'InvalidArgument',
  errorMessage: `Parameter ${parameter} is not valid. Reason: ${reason}`,
});

const required = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** Checks one entry and, when EventBridge would accept it, builds its event. */
export function acceptEntry(entry: Record<string, unknown>, context: EnvelopeContext): EntryOutcome {
  const { Source, DetailType, Detail, Resources, EventBusName } = entry;
  if (!required(Source)) return invalidArgument('Source', 'Source is a required argument.');
  if (!required(DetailType)) return invalidArgument('DetailType', 'DetailType is a required argument.');
  if (!required(Detail)) return invalidArgument('Detail', 'Detail is a required argument.');
  if (EventBusName !== undefined && EventBusName !== null && typeof EventBusName !== 'string') {
    return invalidArgument('EventBusName', 'EventBusName must be a string.');
  }
  if (
    Resources !== undefined &&
    Resources !== null &&
    !(Array.isArray(Resources) && Resources.every((r) => typeof r === 'string'))
  ) {
    return invalidArgument('Resources', 'Resources must be a list of strings.');
  }
  const time = entryTime(entry.Time, context.now);
  if (time === undefined) return invalidArgument('Time', 'Time is not a valid timestamp.');
  let detail: unknown;
  try {
    detail = JSON.parse(Detail);
  } catch {
    return { ok: false, errorCode: 'MalformedDetail', errorMessage: 'Detail is malformed.' };
  }
  // EventBridge wants a JSON object: `[]`, `"x"` or `1` are malformed too.
  if (!isRecord(detail))
    return { ok: false, errorCode: 'MalformedDetail', errorMessage: 'Detail is malformed.' };
  if (Source.startsWith('aws.')) {
    return {
      ok: false,
      errorCode: 'NotAuthorizedForSourceException',
      errorMessage: 'Not authorized for the source.',
    };
  }
  const busName = busNameOf(EventBusName ?? undefined);
  if (!context.busExists(busName)) {
    // Stricter than AWS (which has answered success for unknown buses): locally a typo in a bus
    // name is an error you see, not an event that silently vanishes.
    return {
      ok: false,
      errorCode: 'ResourceNotFoundException',
      errorMessage: `Event bus ${busName} does not exist.`,
    };
  }
  const trace = typeof entry.TraceHeader === 'string' ? parseTraceHeader(entry.TraceHeader) : undefined;
  return {
    ok: true,
    busName,
    ...(trace === undefined ? {} : { traceHeader: formatTraceHeader(trace) }),
    event: {
      version: '0',
      id: (context.newId ?? randomUUID)(),
      'detail-type': DetailType,
      source: Source,
      account: context.account,
      time: eventTime(time),
      region: context.region,
      resources: Array.isArray(Resources) ? (Resources as string[]) : [],
      detail,
    },
  };
}
