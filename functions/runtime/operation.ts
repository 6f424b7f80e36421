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
  /** Honours `Idempotency-Key` (http/idempotency.ts): the spec's `idempotent`, default for creates. */
  readonly idempotent?: boolean;
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

// ---- types inferred from a generated descriptor ---------------------------------------------
// A generated descriptor is declared `as const satisfies OperationDescriptor`, so its schemas and
// its response statuses are known to the type checker: an implementation's request and result
// types follow from it, and a wrong status or body is a compile error, not a 500 at run time.

/** The parsed request of an operation: its path, query and body types. */
export type RequestOf<Op extends OperationDescriptor> = ParsedRequest<
  z.output<Op['pathParameters']>,
  z.output<Op['queryParameters']>,
  Op extends { readonly body: infer B extends z.ZodType } ? z.output<B> : undefined
>;

/** One declared response: its status and, unless it is `unit`, a body the status's schema accepts. */
type ResponseOf<Status extends number, Schema> = Schema extends z.ZodType
  ? {
      readonly status: Status;
      readonly body: z.input<Schema>;
      readonly headers?: Readonly<Record<string, string>>;
    }
  : {
      readonly status: Status;
      readonly body?: undefined;
      readonly headers?: Readonly<Record<string, string>>;
    };

/** What an implementation of the operation may return: one of its declared responses. */
export type ResultOf<Op extends OperationDescriptor> = {
  [Status in keyof Op['responses'] & number]: ResponseOf<Status, Op['responses'][Status]>;
}[keyof Op['responses'] & number];

/**
 * An operation's implementation: the parsed request and the service's dependencies in, one of the
 * declared responses out (4xx may also be thrown as HttpErrors, see errors.ts).
 */
export type OperationImplementation<Op extends OperationDescriptor, Deps> = (
  request: RequestOf<Op>,
  deps: Deps,
) => Promise<ResultOf<Op>>;

/**
 * An implementation with its dependencies bound, as the HTTP adapter calls it. `deps` may be a
 * function (a service's lazy `defaultDeps`), called per request. The adapter has validated the
 * request against this operation's schemas, which is what makes the typed view of it true.
 */
export function withDeps<Op extends OperationDescriptor, Deps>(
  implementation: OperationImplementation<Op, Deps>,
  deps: Deps | (() => Deps),
): (request: ParsedRequest) => Promise<OperationResult> {
  const resolve = typeof deps === 'function' ? (deps as () => Deps) : () => deps;
  return (request) => implementation(request as unknown as RequestOf<Op>, resolve());
}

/**
 * The public members of a class, as a type: what a generated client or repository offers, without
 * its private fields, so a test's fake (an object literal) can stand in for it.
 */
export type Api<T> = { readonly [K in keyof T]: T[K] };
