import type { z } from 'zod';

/**
 * What the generated code tells the runtime about one operation of a spec, so the HTTP adapter
 * can route, parse and validate without hand-written glue. Generated into
 * functions/<service>/generated/operations.ts; consumed by functions/runtime/http/.
 */
export interface OperationDescriptor {
  /** Stable id, unique in the service: `<verb><Resource>`, e.g. `getUser`, `listUsers`, `createUser`, `replaceUser`, `deleteUser`. */
  readonly id: string;
  readonly service: string;
  readonly resource: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Full path with `:name` parameters, e.g. `/users/:id`. */
  readonly path: string;
  /** An object schema of the path parameters (values arrive as strings; the schema coerces). */
  readonly pathParameters: z.ZodType<Record<string, unknown>>;
  /** An object schema of the query parameters (strings coerced; defaults applied; unknown ones stripped). */
  readonly queryParameters: z.ZodType<Record<string, unknown>>;
  /** The request body schema (unknown fields stripped), when the operation takes a body. */
  readonly body?: z.ZodType;
  /** Status code to response body schema; `null` for `unit` (no body). */
  readonly responses: Readonly<Record<number, z.ZodType | null>>;
  /** The status a successful call returns (the lowest 2xx). */
  readonly successStatus: number;
  /** `iam` (SigV4, the default) or `none`. */
  readonly auth: 'iam' | 'none';
}

/** A request after the adapter parsed and validated it. */
export interface ParsedRequest<P = Record<string, unknown>, Q = Record<string, unknown>, B = unknown> {
  readonly operation: OperationDescriptor;
  readonly path: P;
  readonly query: Q;
  readonly body: B;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly requestId: string;
}

/** What a handler returns; the adapter serialises it. A `unit` response has no body. */
export interface OperationResult {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}
