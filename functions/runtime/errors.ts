/**
 * The error discipline of every HTTP handler.
 *
 * - Domain and adapter code throws an {@link HttpError} (built with the helpers below) for anything
 *   the client did wrong; anything else that escapes is a bug and becomes a 500.
 * - {@link toErrorResponse} turns whatever was thrown into an API Gateway HTTP API (payload v2)
 *   result whose body is a {@link GenericError}: `{ "code": "not_found", "messages": ["..."] }`.
 * - A 500 body is always the same fixed text: no stack trace, no error message, no input value.
 *   The handler logs the real error (the logger redacts personal data) before answering.
 * - Messages name fields and limits, never the values the client sent.
 */

/** The body of every error response: the spec's built-in `generic_error`. */
export interface GenericError {
  /** A stable machine word, e.g. `validation_failed`. */
  readonly code: string;
  /** Human-readable, one per problem. */
  readonly messages: readonly string[];
}

/** The HTTP status of each error code the runtime sends. */
export const ERROR_STATUS = Object.freeze({
  malformed_json: 400,
  malformed_request: 400,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  internal_error: 500,
  not_implemented: 501,
} as const);

export type ErrorCode = keyof typeof ERROR_STATUS;

/** What a handler returns to API Gateway (HTTP API, payload format 2.0). */
export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface HttpErrorOptions {
  /** Extra response headers, e.g. `allow` on a 405. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The underlying error, kept for logs; never sent to the client. */
  readonly cause?: unknown;
}

/** An error that maps to a 4xx (or the one 500) response. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly statusCode: number;
  readonly messages: readonly string[];
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    readonly code: ErrorCode,
    messages: readonly string[],
    options: HttpErrorOptions = {},
  ) {
    super(`${code}: ${messages.join('; ')}`, options.cause === undefined ? {} : { cause: options.cause });
    if (!Object.hasOwn(ERROR_STATUS, code)) throw new TypeError(`unknown error code ${JSON.stringify(code)}`);
    this.statusCode = ERROR_STATUS[code];
    this.messages = Object.freeze([...messages]);
    this.headers = Object.freeze({ ...options.headers });
  }

  /** The response body. A 500's is fixed whatever the error holds. */
  toBody(): GenericError {
    return this.code === 'internal_error'
      ? INTERNAL_ERROR_BODY
      : { code: this.code, messages: this.messages };
  }
}

export function isHttpError(error: unknown): error is HttpError {
  return error instanceof HttpError;
}

const INTERNAL_ERROR_BODY: GenericError = Object.freeze({
  code: 'internal_error',
  messages: Object.freeze(['internal error']),
});

/** 400: the body is not valid JSON. */
export function malformedJson(): HttpError {
  return new HttpError('malformed_json', ['body: is not valid JSON']);
}

/** 404: an unknown route (no argument) or a missing resource, e.g. `notFound('user')`. */
export function notFound(resource?: string): HttpError {
  return new HttpError('not_found', [resource === undefined ? 'no such route' : `${resource} not found`]);
}

/** 405: the route exists but not with this method; `allowed` fills the `allow` header (RFC 9110). */
export function methodNotAllowed(allowed: readonly string[]): HttpError {
  const methods = [...new Set(allowed.map((method) => method.toUpperCase()))].sort();
  return new HttpError(
    'method_not_allowed',
    [`method not allowed; allowed: ${methods.join(', ') || 'none'}`],
    {
      headers: { allow: methods.join(', ') },
    },
  );
}

/** 409: a concurrent write won, or a unique index already holds the value. */
export function conflict(
  message = 'the resource was changed concurrently; read it again and retry',
): HttpError {
  return new HttpError('conflict', [message]);
}

/** 413: the body is over `limitBytes`. */
export function payloadTooLarge(limitBytes: number): HttpError {
  return new HttpError('payload_too_large', [`body: must be at most ${limitBytes} bytes`]);
}

/** 415: the body is not `expected` (by its content-type). */
export function unsupportedMediaType(expected = 'application/json'): HttpError {
  return new HttpError('unsupported_media_type', [`content-type: must be ${expected}`]);
}

/** 422: the input is well-formed but invalid; one message per problem (see zod-issues.ts). */
export function validationFailed(messages: readonly string[]): HttpError {
  return new HttpError('validation_failed', messages.length > 0 ? messages : ['input is invalid']);
}

/**
 * 501: the operation is declared in the spec but its implementation is still the stub `dev generate`
 * scaffolded (`dev check` lists every stub in place).
 */
export function notImplemented(operationId: string): HttpError {
  return new HttpError('not_implemented', [`${operationId} is not implemented yet`]);
}

/** 500, for code that wants to fail explicitly; the response never shows `cause`. */
export function internalError(cause?: unknown): HttpError {
  return new HttpError('internal_error', ['internal error'], { cause });
}

/**
 * The HTTP API response for anything thrown by a handler: an {@link HttpError} becomes its status and
 * body; anything else becomes a 500 whose body is fixed, so nothing of the error leaks.
 */
export function toErrorResponse(error: unknown): HttpResponse {
  const httpError = isHttpError(error) ? error : internalError(error);
  return {
    statusCode: httpError.statusCode,
    headers: { ...httpError.headers, 'content-type': 'application/json' },
    body: JSON.stringify(httpError.toBody()),
  };
}
