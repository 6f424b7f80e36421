/**
 * Delivering one event to a subscriber in a test, as the bus would: the EventBridge event the
 * stream forwarder's entry becomes (`source`, `detail-type`, `detail { id, event_id, version,
 * occurred_at }`), handed to the subscriber's generated `makeSubscriber(deps, dedupe)`, with the
 * test's dependencies (fakes: the publisher's fake client in `deps.clients`) and an in-memory dedupe
 * store. The generated `deliver<Publisher><Resource>` functions (generated/testing/deliver.ts) call
 * {@link deliver} with their subscription's names. Never imported by deployed code.
 */
import { randomUUID } from 'node:crypto';
import { type Clock, toInstant } from '../clock';
import type { ServiceLogger } from '../logger';
import type { DedupeStore, SubscriberEvent, SubscriberHandler } from '../subscriber';
import { FAKE_REGION } from './in-process-fetch';
import { MemoryDedupe } from './memory-dedupe';
import { type LogLine, MemoryLogger } from './memory-logger';

/** What a subscriber needs of the service's dependencies to be delivered to. */
export interface DeliverableDeps {
  readonly logger: ServiceLogger;
  readonly clock: Clock;
}

/** One subscription, as its generated deliver function names it. */
export interface SubscriptionTarget<Deps> {
  /** The subscriber's name (`users-user`), as its Lambda entry's `SUBSCRIBER_NAME`. */
  readonly subscriber: string;
  /** The Lambda entry's factory. */
  readonly makeSubscriber: (deps: Deps, dedupe: DedupeStore) => SubscriberHandler;
  /** The publisher's `EVENT_SOURCE`, e.g. `tributary.users`. */
  readonly source: string;
  /** The event's detail type, e.g. `user.deleted`. */
  readonly detailType: string;
  /** The names the subscribing service's logger redacts (what {@link Delivery.logs} redacts). */
  readonly personalFields: readonly string[];
}

export interface DeliverOptions<Deps> {
  /** The subscribing service's dependencies: a fake's `deps`, whose clients reach fakes of the publisher. */
  readonly deps: Deps;
  /** Where handled events are remembered: pass one store to several deliveries to see a redelivery skipped. Default: a new one. */
  readonly dedupe?: DedupeStore;
  /** Default: a new random id (a redelivery of one event reuses its id). */
  readonly eventId?: string;
  /** The version the event reports; default 1 (an `upserted` event of a later version than the owner's is retried). */
  readonly version?: number;
  /** When the change happened; default the deps' clock. */
  readonly occurredAt?: Date | string;
}

/** What the subscriber did with the event. */
export type DeliveryOutcome =
  /** It acted on the event and marked it handled (acting may have been deciding to do nothing). */
  | 'handled'
  /** The dedupe store had the event: a redelivery, skipped. */
  | 'duplicate'
  /** Its detail type is one the subscriber acknowledges without work. */
  | 'ignored';

export interface Delivery {
  /** The event as delivered. */
  readonly event: SubscriberEvent;
  readonly outcome: DeliveryOutcome;
  /** What the subscriber logged while handling it, redacted as deployed. */
  readonly logs: readonly LogLine[];
  /** The dedupe store used (the given one, or the new one). */
  readonly dedupe: DedupeStore;
}

/**
 * Delivers the event of `target` about `id` to the subscriber built with `options.deps`. Resolves
 * with what happened; rejects with the subscriber's error when it fails (the deployed invocation
 * fails then, and the event is retried), so a test cannot miss a failure.
 */
export async function deliver<Deps extends DeliverableDeps>(
  target: SubscriptionTarget<Deps>,
  id: string,
  options: DeliverOptions<Deps>,
): Promise<Delivery> {
  const { deps } = options;
  const dedupe = options.dedupe ?? new MemoryDedupe({ subscriber: target.subscriber, clock: deps.clock });
  let outcome: DeliveryOutcome = 'ignored';
  const observed: DedupeStore = {
    isHandled: async (eventId) => {
      const handled = await dedupe.isHandled(eventId);
      if (handled) outcome = 'duplicate';
      return handled;
    },
    markHandled: (eventId) => {
      outcome = 'handled';
      return dedupe.markHandled(eventId);
    },
  };
  const recorder = new MemoryLogger(target.personalFields);
  // Every line goes to the deps' own logger too, as it would without the recorder.
  const logger: ServiceLogger = {
    debug: (input, ...extra) => {
      recorder.debug(input, ...extra);
      deps.logger.debug(input, ...extra);
    },
    info: (input, ...extra) => {
      recorder.info(input, ...extra);
      deps.logger.info(input, ...extra);
    },
    warn: (input, ...extra) => {
      recorder.warn(input, ...extra);
      deps.logger.warn(input, ...extra);
    },
    error: (input, ...extra) => {
      recorder.error(input, ...extra);
      deps.logger.error(input, ...extra);
    },
  };
  const handler = target.makeSubscriber({ ...deps, logger }, observed);

  const occurred = toInstant(options.occurredAt ?? deps.clock.now());
  const event: SubscriberEvent = {
    version: '0',
    id: randomUUID(),
    'detail-type': target.detailType,
    source: target.source,
    account: '000000000000',
    // EventBridge's `time` has whole seconds.
    time: occurred.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: FAKE_REGION,
    resources: [],
    detail: {
      id,
      event_id: options.eventId ?? randomUUID(),
      version: options.version ?? 1,
      occurred_at: occurred.toISOString(),
    },
  };
  await handler(event);
  return { event, outcome, logs: recorder.lines, dedupe };
}
