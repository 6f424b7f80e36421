/**
 * The trace context of a request, read from what a client or AWS sent and written as the one form
 * that crosses every hop of the system: an AWS X-Ray trace header (`X-Amzn-Trace-Id`), which is
 * what API Gateway passes to a Lambda, what Lambda puts in `_X_AMZN_TRACE_ID`, and the only form
 * EventBridge takes as a PutEvents entry's `TraceHeader`.
 *
 * Read: `X-Amzn-Trace-Id` (`Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1`)
 * or, when it is absent, W3C `traceparent` (`00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>`),
 * which maps onto X-Ray's ids as X-Ray itself maps them (the first 8 hex digits of the trace id are
 * the Root's time part). Anything malformed is ignored, never echoed: a header is client input.
 */

/** A trace, in X-Ray's terms. */
export interface TraceContext {
  /** `1-<8 hex>-<24 hex>`. */
  readonly traceId: string;
  /** The caller's segment: 16 hex digits. */
  readonly parentId?: string;
  /** Whether the trace is sampled; undefined when the caller left the decision open. */
  readonly sampled?: boolean;
}

/** The HTTP header X-Ray reads and writes (API Gateway, Lambda, the SDKs). */
export const XRAY_TRACE_HEADER = 'x-amzn-trace-id';
/** The W3C Trace Context header. */
export const W3C_TRACEPARENT_HEADER = 'traceparent';
/** The variable Lambda sets to the invocation's trace header. */
export const LAMBDA_TRACE_VARIABLE = '_X_AMZN_TRACE_ID';
/**
 * The variable OpenTelemetry's environment carrier uses for a W3C `traceparent` (a process started
 * inside a W3C trace, e.g. a tool or a test run under an OTel-instrumented parent).
 */
export const W3C_TRACEPARENT_VARIABLE = 'TRACEPARENT';
/** The longest PutEvents `TraceHeader` EventBridge takes. */
export const MAX_TRACE_HEADER_LENGTH = 500;

const ROOT = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/;
const PARENT = /^[0-9a-f]{16}$/;
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?:-.*)?$/;

/** An X-Ray trace header's Root, Parent and Sampled; undefined when it has no valid Root. */
export function parseXRayHeader(text: string): TraceContext | undefined {
  if (text.length > MAX_TRACE_HEADER_LENGTH) return undefined;
  const fields = new Map<string, string>();
  for (const part of text.split(';')) {
    const equals = part.indexOf('=');
    if (equals > 0) fields.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
  }
  const root = fields.get('Root')?.toLowerCase();
  if (root === undefined || !ROOT.test(root)) return undefined;
  const parent = fields.get('Parent')?.toLowerCase();
  const sampled = fields.get('Sampled');
  return {
    traceId: root,
    ...(parent !== undefined && PARENT.test(parent) ? { parentId: parent } : {}),
    ...(sampled === '1' ? { sampled: true } : sampled === '0' ? { sampled: false } : {}),
  };
}

/**
 * A W3C `traceparent` as X-Ray sees it; undefined when malformed, or when its trace id or parent id
 * is all zeros (invalid in W3C) or its version is `ff` (forbidden).
 */
export function parseTraceparent(text: string): TraceContext | undefined {
  const match = TRACEPARENT.exec(text.trim().toLowerCase());
  if (match === null) return undefined;
  const [, version, traceId, parentId, flags] = match as unknown as [string, string, string, string, string];
  if (version === 'ff' || /^0+$/.test(traceId) || /^0+$/.test(parentId)) return undefined;
  // Version 00 is exactly 55 characters; a later version may append fields after a dash.
  if (version === '00' && text.trim().length !== 55) return undefined;
  return {
    traceId: `1-${traceId.slice(0, 8)}-${traceId.slice(8)}`,
    parentId,
    sampled: (Number.parseInt(flags, 16) & 1) === 1,
  };
}

/** The trace of a request from its headers (names lower case, as API Gateway's payload 2.0 has them). */
export function traceContextOfHeaders(
  headers: Readonly<Record<string, string | undefined>>,
): TraceContext | undefined {
  const xray = headers[XRAY_TRACE_HEADER];
  const fromXRay = xray === undefined ? undefined : parseXRayHeader(xray);
  if (fromXRay !== undefined) return fromXRay;
  const traceparent = headers[W3C_TRACEPARENT_HEADER];
  return traceparent === undefined ? undefined : parseTraceparent(traceparent);
}

/** The X-Ray trace header of a context: what PutEvents' `TraceHeader` and `X-Amzn-Trace-Id` take. */
export function formatXRayHeader(context: TraceContext): string {
  return [
    `Root=${context.traceId}`,
    ...(context.parentId === undefined ? [] : [`Parent=${context.parentId}`]),
    ...(context.sampled === undefined ? [] : [`Sampled=${context.sampled ? '1' : '0'}`]),
  ].join(';');
}

/** The trace the running Lambda invocation belongs to (`_X_AMZN_TRACE_ID`), if any. */
export function invocationTraceContext(
  environment: Readonly<Record<string, string | undefined>> = process.env,
): TraceContext | undefined {
  const header = environment[LAMBDA_TRACE_VARIABLE];
  return header === undefined ? undefined : parseXRayHeader(header);
}

/**
 * The X-Ray trace header of what is running now, for a write to keep (the repository's `_trace`):
 * Lambda's `_X_AMZN_TRACE_ID` (set per invocation, so read at each call, never cached), else a W3C
 * `TRACEPARENT` mapped onto X-Ray's ids; undefined when neither holds a valid trace. Always the one
 * X-Ray form ({@link formatXRayHeader}), whatever it was read from: a malformed value is never kept.
 */
export function currentTraceHeader(
  environment: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  const traceparent = environment[W3C_TRACEPARENT_VARIABLE];
  const context =
    invocationTraceContext(environment) ??
    (traceparent === undefined ? undefined : parseTraceparent(traceparent));
  return context === undefined ? undefined : formatXRayHeader(context);
}
