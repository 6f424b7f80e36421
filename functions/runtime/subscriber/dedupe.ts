/**
 * Idempotency of subscribers on `event_id`: a dedupe record per handled event, in the service's own
 * table (conventions/table-layout.ts), removed by DynamoDB's TTL.
 *
 *   { pk: `_dedupe#<subscriber>#<event_id>`, _type: `_dedupe`, subscriber, event_id, handled_at,
 *     expires_at: <epoch seconds> }
 *
 * - `_type` `_dedupe` is not a resource, so the stream forwarder skips the record's INSERT (and the
 *   REMOVE its TTL deletion makes): dedupe records never become events. They have no `_list`, so they
 *   are not in the list index either.
 * - The marker is written *after* the event was handled (see subscriber.ts): a failed handling
 *   leaves no marker, so the retry handles the event again. The write is conditional
 *   (`attribute_not_exists(pk)`, or an expired marker), so of two deliveries that handled the same
 *   event at the same time exactly one writes it; the other learns it was a duplicate.
 * - A marker whose `expires_at` has passed counts as absent, whether or not TTL has removed it yet
 *   (TTL deletes expired items lazily, typically within days).
 * - Reads are strongly consistent: a marker written a moment ago is seen.
 *
 * Retention ({@link DEFAULT_DEDUPE_TTL_SECONDS}, 7 days) covers every redelivery of one event: the
 * rule's and Lambda's retries (at most 24 hours), and an operator redriving the dead-letter queue
 * within the week. A redelivery after that is handled again, which the handlers must tolerate anyway
 * (see subscriber.ts, "at least once").
 */
import { Buffer } from 'node:buffer';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type Clock, systemClock } from '../clock';
import {
  DEDUPE_TYPE,
  dedupeKey,
  MAX_PARTITION_KEY_BYTES,
  TABLE_KEY,
  TTL_ATTRIBUTE,
  TYPE_ATTRIBUTE,
} from '../conventions';

/** Where a subscriber remembers the events it handled. */
export interface DedupeStore {
  /** Whether the event was handled already (a live marker exists). */
  isHandled(eventId: string): Promise<boolean>;
  /**
   * Marks the event handled. `already_marked` when a live marker was there already: another
   * delivery of the same event handled it concurrently.
   */
  markHandled(eventId: string): Promise<'marked' | 'already_marked'>;
}

/** Seven days, in seconds: how long a dedupe record lives. */
export const DEFAULT_DEDUPE_TTL_SECONDS = 7 * 24 * 60 * 60;

/** A subscriber's name: what its entry file is called, `<publisher service>-<resource>`. */
const SUBSCRIBER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

export interface DynamoDbDedupeOptions {
  readonly client: DynamoDBDocumentClient;
  /**
   * The service's table, or a function that names it: called on first use, so a handler module can
   * build its store at import time and a missing `TABLE_NAME` fails the invocation, not the import.
   */
  readonly tableName: string | (() => string);
  /**
   * The subscriber's name, unique within its service: `<publisher service>-<resource>`, as its entry
   * file (`functions/<service>/subscribers/<name>.ts`). Part of the key, so two subscribers of one
   * service never share markers.
   */
  readonly subscriber: string;
  /** How long a record lives; default {@link DEFAULT_DEDUPE_TTL_SECONDS}. */
  readonly ttlSeconds?: number;
  readonly clock?: Clock;
}

/** The {@link DedupeStore} of the deployed subscribers: records in the service's DynamoDB table. */
export class DynamoDbDedupe implements DedupeStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string | (() => string);
  readonly #subscriber: string;
  readonly #ttlSeconds: number;
  readonly #clock: Clock;
  #resolvedTable: string | undefined;

  constructor(options: DynamoDbDedupeOptions) {
    if (!SUBSCRIBER_NAME.test(options.subscriber)) {
      throw new TypeError(
        `subscriber name ${JSON.stringify(options.subscriber)} must be letters, digits, '.', '_' and '-' (no '#')`,
      );
    }
    const ttl = options.ttlSeconds ?? DEFAULT_DEDUPE_TTL_SECONDS;
    if (!Number.isSafeInteger(ttl) || ttl < 1) throw new RangeError('ttlSeconds must be a positive integer');
    if (typeof options.tableName === 'string' && options.tableName === '') {
      throw new TypeError('a dedupe store needs a table name');
    }
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#subscriber = options.subscriber;
    this.#ttlSeconds = ttl;
    this.#clock = options.clock ?? systemClock;
  }

  async isHandled(eventId: string): Promise<boolean> {
    const output = await this.#client.send(
      new GetCommand({
        TableName: this.#table(),
        Key: { [TABLE_KEY]: this.#key(eventId) },
        ConsistentRead: true,
      }),
    );
    const item = output.Item;
    if (item === undefined || item[TYPE_ATTRIBUTE] !== DEDUPE_TYPE) return false;
    return !isExpired(item[TTL_ATTRIBUTE], this.#nowSeconds());
  }

  async markHandled(eventId: string): Promise<'marked' | 'already_marked'> {
    const key = this.#key(eventId);
    const now = this.#clock.now();
    const nowSeconds = Math.floor(now.getTime() / 1000);
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table(),
          Item: {
            [TABLE_KEY]: key,
            [TYPE_ATTRIBUTE]: DEDUPE_TYPE,
            subscriber: this.#subscriber,
            event_id: eventId,
            handled_at: now.toISOString(),
            [TTL_ATTRIBUTE]: nowSeconds + this.#ttlSeconds,
          },
          // Absent, or expired but not yet removed by TTL.
          ConditionExpression: 'attribute_not_exists(#pk) OR #expires <= :now',
          ExpressionAttributeNames: { '#pk': TABLE_KEY, '#expires': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':now': nowSeconds },
        }),
      );
      return 'marked';
    } catch (error) {
      if (isConditionalCheckFailed(error)) return 'already_marked';
      throw error;
    }
  }

  #key(eventId: string): string {
    const key = dedupeKey(this.#subscriber, eventId);
    // An event id this long is no stream record id; DynamoDB would refuse the key.
    if (eventId === '' || Buffer.byteLength(key, 'utf8') > MAX_PARTITION_KEY_BYTES) {
      throw new RangeError(
        `event_id cannot be deduplicated: its key must be 1 to ${MAX_PARTITION_KEY_BYTES} bytes`,
      );
    }
    return key;
  }

  #table(): string {
    if (this.#resolvedTable !== undefined) return this.#resolvedTable;
    const name = typeof this.#tableName === 'string' ? this.#tableName : this.#tableName();
    if (name === '') throw new TypeError('a dedupe store needs a table name');
    this.#resolvedTable = name;
    return name;
  }

  #nowSeconds(): number {
    return Math.floor(this.#clock.now().getTime() / 1000);
  }
}

/** A marker without a numeric `expires_at` never expires (it was not written by this store). */
function isExpired(expiresAt: unknown, nowSeconds: number): boolean {
  return typeof expiresAt === 'number' && expiresAt <= nowSeconds;
}

function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
