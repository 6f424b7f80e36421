/**
 * What an operation may answer besides the responses its spec declares: the runtime's HTTP adapter
 * refusing a request before the implementation runs (functions/runtime/http/handler.ts), the
 * runtime's conditional and idempotent requests (http/conditional.ts, http/idempotency.ts: a 304,
 * a malformed condition header's 400, a failed If-Match's 412, an Idempotency-Key in use's 409 and
 * reused key's 422), and API Gateway (an HTTP API, payload format 2.0) answering itself, before or
 * instead of the function.
 *
 * API Gateway's own answers, as HTTP APIs give them (REST APIs differ: their missing signature is
 * "Missing Authentication Token", their timeout a 504), every one a JSON `{"message": ...}` body
 * (`gateway_error`):
 * - 403 on a route with IAM auth: no signature (`Forbidden`), a bad one (`The request signature we
 *   calculated does not match...`, `The security token included in the request is invalid.`), or a
 *   caller whose policy does not allow `execute-api:Invoke` on the route (`User: ... is not
 *   authorized to perform: execute-api:Invoke ...`). The function is not called.
 * - 413 for a body over the HTTP API payload quota of 10 MB (`Request Entity Too Large`).
 * - 429 when the stage or account throttles the request (`Too Many Requests`).
 * - 500 when the function fails, crashes or times out, or returns what API Gateway cannot read
 *   (`Internal Server Error`).
 * - 503 when the function has not answered within the integration timeout, 30 s at most for an
 *   HTTP API (`Service Unavailable`): the request may still have taken effect.
 */
import { DEFAULT_MAX_BODY_BYTES } from '../../../functions/runtime/http/handler';
import { isIdempotent, pathParameterNames } from '../../contract/model';
import { GATEWAY_ERROR, GENERIC_ERROR } from './components/schemas';
import { honoursIfMatch, honoursIfNoneMatch, readsConditionHeader } from './conditions';
import { ETAG, headerObject, type OperationContext } from './headers';
import type { OpenApiObject } from './shared';

export type AnswerSource = 'runtime' | 'gateway';

/** One answer an operation may give that its spec does not declare. */
export interface StandardAnswer {
  readonly status: string;
  readonly source: AnswerSource;
  /**
   * What tells it from another answer of the same status and source (the runtime's error code: the
   * two 400s), in the name of its component; default its source.
   */
  readonly variant?: string;
  /** The component schema of its body; none for an answer without one (304). */
  readonly schema?: typeof GENERIC_ERROR | typeof GATEWAY_ERROR;
  /** What it means, one sentence that names where it comes from. */
  readonly description: string;
  /** The headers it always carries (the 304's ETag). */
  readonly headers?: Readonly<Record<string, OpenApiObject>>;
  /** Whether the operation can give it. */
  readonly applies: (context: OperationContext) => boolean;
}

/** `1 MiB` for 1048576, `1000 bytes` for 1000: the limit as people read it. */
export function byteSize(bytes: number): string {
  const mebibyte = 1024 * 1024;
  if (bytes >= mebibyte && bytes % mebibyte === 0) return `${bytes / mebibyte} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

const always = (): boolean => true;
const takesBody = ({ op }: OperationContext): boolean => op.operation.body !== undefined;
/** IAM is the default auth; only `auth: none` routes take unsigned requests. */
export const isIamRoute = ({ op }: OperationContext): boolean => op.operation.auth !== 'none';
/**
 * Whether the adapter validates anything besides a body: declared parameters, or path parameters
 * (always checked, e.g. for text that has no UTF-8 form).
 */
const validatesInput = (context: OperationContext): boolean =>
  takesBody(context) ||
  (context.op.operation.parameters ?? []).length > 0 ||
  pathParameterNames(context.op.path).length > 0;
/** An idempotent operation (an Idempotency-Key's 409 and 422). */
const keyed = ({ op }: OperationContext): boolean => isIdempotent(op);

/** In status order; within a status, the service's answer before API Gateway's. */
export const STANDARD_ANSWERS: readonly StandardAnswer[] = [
  {
    status: '304',
    source: 'runtime',
    // Not the ETag rule's object: that one speaks of the body, and a 304 has none.
    headers: {
      [ETAG.name]: headerObject({
        ...ETAG,
        description: 'The entity tag the resource is still at, one the If-None-Match listed.',
      }),
    },
    description:
      "The service: the request's If-None-Match lists the resource's current entity tag, so the client's copy is current; no body, the ETag again.",
    applies: honoursIfNoneMatch,
  },
  {
    // The body's envelope is checked before anything else (http/handler.ts), so this 400 comes first.
    status: '400',
    source: 'runtime',
    variant: 'malformed_json',
    schema: GENERIC_ERROR,
    description: 'The service: the body is not valid JSON (code malformed_json).',
    applies: takesBody,
  },
  {
    status: '400',
    source: 'runtime',
    variant: 'malformed_request',
    schema: GENERIC_ERROR,
    description:
      'The service: a condition header it reads (If-Match on a write, If-None-Match on a read) is not * or a list of entity tags (code malformed_request).',
    applies: readsConditionHeader,
  },
  {
    status: '403',
    source: 'gateway',
    schema: GATEWAY_ERROR,
    description:
      'API Gateway, without calling the service: the request is not signed with AWS SigV4 (message Forbidden), its signature does not match, or the signer may not call this route (execute-api:Invoke).',
    applies: isIamRoute,
  },
  {
    status: '409',
    source: 'runtime',
    schema: GENERIC_ERROR,
    description:
      'The service: a request with the same Idempotency-Key is still in progress (code conflict); retry it later.',
    applies: keyed,
  },
  {
    status: '412',
    source: 'runtime',
    schema: GENERIC_ERROR,
    description:
      'The service: the If-Match sent does not hold, the resource changed since the client read it or is gone (code precondition_failed); nothing was written.',
    applies: honoursIfMatch,
  },
  {
    status: '413',
    source: 'runtime',
    schema: GENERIC_ERROR,
    description: `The service: the body is over its limit of ${byteSize(DEFAULT_MAX_BODY_BYTES)} (code payload_too_large).`,
    applies: takesBody,
  },
  {
    status: '413',
    source: 'gateway',
    schema: GATEWAY_ERROR,
    description:
      'API Gateway, without calling the service: the body is over the HTTP API payload limit of 10 MB (message Request Entity Too Large).',
    applies: always,
  },
  {
    status: '415',
    source: 'runtime',
    schema: GENERIC_ERROR,
    description: 'The service: the body is not application/json in UTF-8 (code unsupported_media_type).',
    applies: takesBody,
  },
  {
    // One component for every operation, so it names no header only some have: what makes an
    // Idempotency-Key a 422 (empty, too long, reused with another body) is in its parameter's description.
    status: '422',
    source: 'runtime',
    schema: GENERIC_ERROR,
    description:
      'The service: the input is invalid (code validation_failed), with one message per invalid field, parameter or header.',
    applies: (context) => validatesInput(context) || keyed(context),
  },
  {
    status: '429',
    source: 'gateway',
    schema: GATEWAY_ERROR,
    description:
      'API Gateway, without calling the service: the request was throttled (message Too Many Requests); retry later, with backoff.',
    applies: always,
  },
  {
    status: '500',
    source: 'runtime',
    schema: GENERIC_ERROR,
    description: 'The service failed (code internal_error, a fixed message; the cause is in its logs).',
    applies: always,
  },
  {
    status: '500',
    source: 'gateway',
    schema: GATEWAY_ERROR,
    description:
      "API Gateway: the service's function failed or returned what API Gateway cannot read (message Internal Server Error).",
    applies: always,
  },
  {
    status: '503',
    source: 'gateway',
    schema: GATEWAY_ERROR,
    description:
      "API Gateway: the service's function did not answer within the integration timeout of 30 s (message Service Unavailable). The request may still have taken effect: read before retrying a write.",
    applies: always,
  },
];

/** The standard answers the operation can give, by status (statuses ascending, as in the table). */
export function standardAnswers(
  context: OperationContext,
  answers: readonly StandardAnswer[] = STANDARD_ANSWERS,
): Map<string, StandardAnswer[]> {
  const out = new Map<string, StandardAnswer[]>();
  for (const answer of answers) {
    if (!answer.applies(context)) continue;
    const seen = out.get(answer.status);
    if (seen) seen.push(answer);
    else out.set(answer.status, [answer]);
  }
  return out;
}
