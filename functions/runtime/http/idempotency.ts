/**
 * Idempotent creates: a client that retries a `POST` (its first attempt timed out, or the network
 * dropped the answer) sends the same `Idempotency-Key` header, and gets the first attempt's answer
 * instead of a second item and a second event. Built on Powertools' idempotency utility (records in
 * the service's own table, next to its items; the forwarder skips them as not resources), per
 * operation that the spec marks idempotent (every create by default):
 *
 * - same key, same body: the stored answer of the first attempt (no second write, no second event);
 * - same key, another body: 422 `validation_failed` (the key names another request);
 * - same key while the first attempt still runs: 409 `conflict` (retry later);
 * - only successes are remembered: a 4xx or a failure leaves nothing, so a retry runs again;
 * - keys expire (24 h by default), then the key may be used afresh;
 * - no key: the request runs as it is (clients that do not retry need not send one).
 */
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { idempotencyKeyPrefix, TABLE_KEY, TTL_ATTRIBUTE } from '../conventions';
import { conflict, validationFailed } from '../errors';
import type { OperationResult } from '../operation';
import { IDEMPOTENCY_KEY_HEADER, MAX_IDEMPOTENCY_KEY_LENGTH } from './idempotency-key';

export { IDEMPOTENCY_KEY_HEADER, MAX_IDEMPOTENCY_KEY_LENGTH };

/** How long a key is remembered, by default. */
export const DEFAULT_IDEMPOTENCY_SECONDS = 24 * 60 * 60;

export interface IdempotencyOptions {
  /**
   * Where records are kept: a Powertools persistence layer (the service's table, in deployed code),
   * or a function making it on first use (so the table's name is read then, not at import).
   */
  readonly store: BasePersistenceLayer | (() => BasePersistenceLayer);
  /** How long a key is remembered. Default {@link DEFAULT_IDEMPOTENCY_SECONDS}. */
  readonly expiresAfterSeconds?: number;
}

/** What one call hashes: the key names the request, the body is what must be the same on a retry. */
interface IdempotentInput {
  readonly key: string;
  readonly body: unknown;
}

/** Runs requests of one operation at most once per `Idempotency-Key` (see the module comment). */
export type IdempotentRunner = (
  key: string | undefined,
  body: unknown,
  context: Context | undefined,
  run: () => Promise<OperationResult>,
) => Promise<OperationResult>;

/** The runner of one operation; `service.operationId` keeps its keys apart from every other's. */
export function idempotentRunner(
  options: IdempotencyOptions,
  service: string,
  operationId: string,
): IdempotentRunner {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'key',
    payloadValidationJmesPath: 'body',
    expiresAfterSeconds: options.expiresAfterSeconds ?? DEFAULT_IDEMPOTENCY_SECONDS,
    throwOnNoIdempotencyKey: true,
  });
  let once:
    | ((input: IdempotentInput, run: () => Promise<OperationResult>) => Promise<OperationResult>)
    | undefined;
  const wrapped = () => {
    once ??= makeIdempotent(
      async (_input: IdempotentInput, run: () => Promise<OperationResult>): Promise<OperationResult> => run(),
      {
        persistenceStore: typeof options.store === 'function' ? options.store() : options.store,
        config,
        dataIndexArgument: 0,
        keyPrefix: idempotencyKeyPrefix(service, operationId),
      },
    );
    return once;
  };
  return async (key, body, context, run) => {
    if (key === undefined) return run();
    if (key.trim() === '' || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
      throw validationFailed([
        `headers.idempotency-key: must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`,
      ]);
    }
    // Bounds how long a record stays "in progress" if this invocation dies: its remaining time.
    if (context !== undefined) config.registerLambdaContext(context);
    try {
      return await wrapped()({ key, body }, run);
    } catch (error) {
      if (error instanceof IdempotencyValidationError) {
        throw validationFailed([
          'headers.idempotency-key: was already used with another request body; send a new key for a new request',
        ]);
      }
      if (error instanceof IdempotencyAlreadyInProgressError) {
        throw conflict('a request with this Idempotency-Key is still in progress; retry it later');
      }
      throw error;
    }
  };
}

/**
 * Idempotency records in a service's own table (deployed code): keyed by the table's partition key,
 * expiring through the table's TTL attribute, written through `client` (the function's guarded
 * client, so its TABLE_ACCESS grant holds). The table's name is read on first use.
 */
export function idempotencyOnTable(client: DynamoDBClient, tableName: () => string): IdempotencyOptions {
  return {
    store: () =>
      new DynamoDBPersistenceLayer({
        tableName: tableName(),
        keyAttr: TABLE_KEY,
        expiryAttr: TTL_ATTRIBUTE,
        awsSdkV3Client: client,
      }),
  };
}
