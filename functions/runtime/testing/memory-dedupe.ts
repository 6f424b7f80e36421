/**
 * An in-memory {@link DedupeStore} for tests and fakes, with the rules of the deployed one
 * (subscriber/dedupe.ts): a marker per handled `event_id` that lives `ttlSeconds` by the clock (an
 * expired marker counts as absent), a second `markHandled` of a live marker is `already_marked`, and
 * an event id whose key DynamoDB could not store is a RangeError. Never imported by deployed code.
 */
import { type Clock, systemClock } from '../clock';
import { dedupeKey, MAX_PARTITION_KEY_BYTES } from '../conventions';
import { DEFAULT_DEDUPE_TTL_SECONDS, type DedupeStore } from '../subscriber/dedupe';

export interface MemoryDedupeOptions {
  /** The subscriber's name (`users-user`); part of the key, as in the deployed store. */
  readonly subscriber?: string;
  /** How long a marker lives; default {@link DEFAULT_DEDUPE_TTL_SECONDS}. */
  readonly ttlSeconds?: number;
  readonly clock?: Clock;
}

export class MemoryDedupe implements DedupeStore {
  readonly #subscriber: string;
  readonly #ttlSeconds: number;
  readonly #clock: Clock;
  /** Event id → when its marker expires (epoch seconds). */
  readonly #markers = new Map<string, number>();

  constructor(options: MemoryDedupeOptions = {}) {
    const ttl = options.ttlSeconds ?? DEFAULT_DEDUPE_TTL_SECONDS;
    if (!Number.isSafeInteger(ttl) || ttl < 1) throw new RangeError('ttlSeconds must be a positive integer');
    this.#subscriber = options.subscriber ?? 'subscriber';
    this.#ttlSeconds = ttl;
    this.#clock = options.clock ?? systemClock;
  }

  async isHandled(eventId: string): Promise<boolean> {
    this.#check(eventId);
    const expiresAt = this.#markers.get(eventId);
    return expiresAt !== undefined && expiresAt > this.#nowSeconds();
  }

  async markHandled(eventId: string): Promise<'marked' | 'already_marked'> {
    this.#check(eventId);
    const now = this.#nowSeconds();
    const expiresAt = this.#markers.get(eventId);
    if (expiresAt !== undefined && expiresAt > now) return 'already_marked';
    this.#markers.set(eventId, now + this.#ttlSeconds);
    return 'marked';
  }

  /** The event ids with a live marker. */
  handled(): string[] {
    const now = this.#nowSeconds();
    return [...this.#markers].filter(([, expiresAt]) => expiresAt > now).map(([eventId]) => eventId);
  }

  #check(eventId: string): void {
    if (
      eventId === '' ||
      Buffer.byteLength(dedupeKey(this.#subscriber, eventId), 'utf8') > MAX_PARTITION_KEY_BYTES
    ) {
      throw new RangeError(
        `event_id cannot be deduplicated: its key must be 1 to ${MAX_PARTITION_KEY_BYTES} bytes`,
      );
    }
  }

  #nowSeconds(): number {
    return Math.floor(this.#clock.now().getTime() / 1000);
  }
}
