/**
 * X-Ray trace headers as the local services pass them on, the way AWS does it: API Gateway keeps a
 * caller's `X-Amzn-Trace-Id` (or makes one), Lambda puts the invocation's header in
 * `_X_AMZN_TRACE_ID` (a fresh one when the invocation came with none), EventBridge carries a
 * PutEvents entry's `TraceHeader` to every target invocation of the event. Nothing here is sent to
 * X-Ray: the headers only tie together what the local feed shows (log-lines.ts `traceId`).
 *
 * A header is `Root=1-<8 hex>-<24 hex>;Parent=<16 hex>;Sampled=1` (fields in any order, more fields
 * allowed); it counts when its Root is valid. A W3C `traceparent` (`00-<32 hex>-<16 hex>-<2 hex>`)
 * maps onto X-Ray's ids as X-Ray maps them (the first 8 hex digits of the trace id are the Root's
 * time part). Headers are client input: what is passed on is rebuilt from the validated fields,
 * never the text as received.
 */
import { randomBytes } from 'node:crypto';

/** A trace, in X-Ray's terms. */
export interface TraceContext {
  /** The Root: `1-<8 hex>-<24 hex>`. */
  readonly root: string;
  /** The caller's segment: 16 hex digits. */
  readonly parent?: string;
  /** The sampling decision; undefined when the caller left it open. */
  readonly sampled?: '0' | '1';
}

/** The longest header taken (PutEvents' `TraceHeader` limit; longer ones are not parsed). */
export const MAX_TRACE_HEADER_LENGTH = 500;

const ROOT = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/;
const PARENT = /^[0-9a-f]{16}$/;
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?:-.*)?$/;

/** Whether `value` is an X-Ray trace id (a Root): `1-5759e988-bd862e3fe1be46a994272793`. */
export function isTraceRoot(value: string): boolean {
  return ROOT.test(value);
}

/** An X-Ray trace header's Root, Parent and Sampled; undefined when it has no valid Root. */
export function parseTraceHeader(text: string): TraceContext | undefined {
  if (text.length > MAX_TRACE_HEADER_LENGTH) return undefined;
  const fields = new Map<string, string>();
  for (const part of text.split(';')) {
    const equals = part.indexOf('=');
    const key = part.slice(0, equals).trim();
    if (equals > 0 && !fields.has(key)) fields.set(key, part.slice(equals + 1).trim());
  }
  const root = fields.get('Root')?.toLowerCase();
  if (root === undefined || !ROOT.test(root)) return undefined;
  const parent = fields.get('Parent')?.toLowerCase();
  const sampled = fields.get('Sampled');
  return {
    root,
    ...(parent !== undefined && PARENT.test(parent) ? { parent } : {}),
    ...(sampled === '0' || sampled === '1' ? { sampled } : {}),
  };
}

/**
 * A W3C `traceparent` as X-Ray sees it; undefined when malformed, when its trace id or parent id is
 * all zeros (invalid in W3C) or its version is `ff` (forbidden).
 */
export function parseTraceparent(text: string): TraceContext | undefined {
  const trimmed = text.trim();
  const match = TRACEPARENT.exec(trimmed.toLowerCase());
  if (match === null) return undefined;
  const [, version, traceId, parent, flags] = match as unknown as [string, string, string, string, string];
  if (version === 'ff' || /^0+$/.test(traceId) || /^0+$/.test(parent)) return undefined;
  // Version 00 is exactly 55 characters; a later version may append fields after a dash.
  if (version === '00' && trimmed.length !== 55) return undefined;
  return {
    root: `1-${traceId.slice(0, 8)}-${traceId.slice(8)}`,
    parent,
    sampled: (Number.parseInt(flags, 16) & 1) === 1 ? '1' : '0',
  };
}

/** The header of a trace: `Root=...[;Parent=...][;Sampled=...]`. */
export function formatTraceHeader(context: TraceContext): string {
  return [
    `Root=${context.root}`,
    ...(context.parent === undefined ? [] : [`Parent=${context.parent}`]),
    ...(context.sampled === undefined ? [] : [`Sampled=${context.sampled}`]),
  ].join(';');
}

/** A new Root, its time part `now` in epoch seconds, as X-Ray makes them. */
export function newTraceRoot(now: Date = new Date()): string {
  return `1-${Math.floor(now.getTime() / 1000)
    .toString(16)
    .padStart(8, '0')}-${randomBytes(12).toString('hex')}`;
}

/** A new segment id (a Parent). */
export function newSegmentId(): string {
  return randomBytes(8).toString('hex');
}

/**
 * The trace id (Root) of `value`: a trace header's Root, or `value` itself when it is a bare Root
 * (Powertools logs `xray_trace_id` so); undefined when neither.
 */
export function traceIdOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const bare = value.trim().toLowerCase();
  if (ROOT.test(bare)) return bare;
  return parseTraceHeader(value)?.root;
}

/**
 * What the invocation's `_X_AMZN_TRACE_ID` is, as Lambda sets it: the given header's trace with a
 * Parent and a sampling decision (a new segment id, and sampled: nothing is dropped locally, when
 * the header has none), or a new trace when no valid header was given (Lambda always sets it).
 */
export function invocationTraceHeader(given: string | undefined, now: Date = new Date()): string {
  const context = given === undefined ? undefined : parseTraceHeader(given);
  return formatTraceHeader({
    root: context?.root ?? newTraceRoot(now),
    parent: context?.parent ?? newSegmentId(),
    sampled: context?.sampled ?? '1',
  });
}

/**
 * The trace header API Gateway passes on for a request with these headers (lower-case names, as
 * received): a valid `x-amzn-trace-id` kept (rebuilt from its fields), else a valid `traceparent`
 * mapped to X-Ray's form, else a new Root. Only the first value of a repeated header counts.
 */
export function requestTraceHeader(
  headers: Readonly<Record<string, readonly string[] | string | undefined>>,
  now: Date = new Date(),
): string {
  const first = (name: string): string | undefined => {
    const value = headers[name];
    return typeof value === 'string' ? value : value?.[0];
  };
  const xray = first('x-amzn-trace-id');
  const fromXray = xray === undefined ? undefined : parseTraceHeader(xray);
  if (fromXray !== undefined) return formatTraceHeader(fromXray);
  const traceparent = first('traceparent');
  const fromW3c = traceparent === undefined ? undefined : parseTraceparent(traceparent);
  if (fromW3c !== undefined) return formatTraceHeader(fromW3c);
  return formatTraceHeader({ root: newTraceRoot(now) });
}
