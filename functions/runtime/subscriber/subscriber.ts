/**
 * The subscriber adapter: an EventBridge event (one rule target invocation) → the subscriber's
 * `handle`, at most once per `event_id` as far as the dedupe store can tell.
 *
 * Per invocation:
 * 1. `source` and `detail-type` must be what the subscriber is configured for. A mismatch is a
 *    deployment error (the rule's pattern and the code disagree): logged at `error` and thrown.
 *    Detail types in `ignoredDetailTypes` are acknowledged without any work (logged at `debug`).
 * 2. `detail` is parsed with the publisher's generated `eventDetailSchema`. An invalid detail cannot
 *    succeed on a retry, but it is still thrown (after an `error` log line naming the problems,
 *    never the values): after the retries it is parked in the dead-letter queue, where an operator
 *    sees it. Nothing is dropped silently.
 * 3. Dedupe: if the store has a live marker for `event_id`, the event is a duplicate: logged at
 *    `info` and acknowledged.
 * 4. `handle` runs. If it throws (the owner's API answered 5xx, the network failed, DynamoDB threw),
 *    the error is logged and rethrown, no marker is written, and the event is retried by Lambda /
 *    EventBridge, then dead-lettered.
 * 5. The marker is written, conditionally. If another delivery wrote it meanwhile, this one was a
 *    concurrent duplicate: fine, the work is done. If the write itself fails, the invocation still
 *    succeeds (logged at `warn`): the work is done, and a retry would only redo it.
 *
 * At least once, not exactly once. Two windows let one event be handled twice: two deliveries of it
 * running at the same time (both pass step 3 before either reaches step 5), and a marker write that
 * failed after a successful `handle`. So every `handle` must itself be idempotent (the reference
 * subscribers are: cancelling is a no-op on a cancelled order; a notification is recorded once per
 * order version). The marker makes redelivery cheap and quiet, it is not what makes it correct.
 */
import type { Context, EventBridgeEvent } from 'aws-lambda';
import type { z } from 'zod';
import { issueMessages } from '../zod-issues';
import type { DedupeStore } from './dedupe';

/** What the adapter receives: an EventBridge event whose detail is not trusted yet. */
export type SubscriberEvent = EventBridgeEvent<string, unknown>;

/** The Lambda handler of a subscriber; throwing fails the invocation (retry, then dead-letter queue). */
export type SubscriberHandler = (event: SubscriberEvent, context?: Context) => Promise<void>;

/** The logging the adapter does (Powertools' Logger fits). Attributes carry ids and codes only. */
export interface SubscriberLogger {
  debug(message: string, ...attributes: Record<string, unknown>[]): void;
  info(message: string, ...attributes: Record<string, unknown>[]): void;
  warn(message: string, ...attributes: Record<string, unknown>[]): void;
  error(message: string, ...attributes: Record<string, unknown>[]): void;
  /** Stamps the Lambda context on every line (Powertools' `addContext`). */
  addContext?(context: Context): void;
}

/** The minimum every event detail has (the generated `EventDetail` has more). */
export interface DetailShape {
  readonly id: string;
  readonly event_id: string;
}

/** One validated event, as `handle` gets it. */
export interface SubscriberMessage<D extends DetailShape> {
  readonly source: string;
  readonly detailType: string;
  readonly detail: D;
  /** EventBridge's id of the event (not the dedupe key: that is `detail.event_id`). */
  readonly eventBridgeId: string;
  /** EventBridge's `time` of the event. */
  readonly time: string;
}

export interface SubscriberOptions<D extends DetailShape> {
  /** The publisher's `EVENT_SOURCE` (generated events.ts), e.g. `tributary.users`. */
  readonly source: string;
  /** The detail types `handle` is for, e.g. `[USER_DELETED]`. */
  readonly detailTypes: readonly string[];
  /** Detail types acknowledged without any work (no dedupe read or write either). Default none. */
  readonly ignoredDetailTypes?: readonly string[];
  /** The publisher's generated `eventDetailSchema`. */
  readonly detailSchema: z.ZodType<D>;
  /** Acts on one event; what it returns (an outcome, for tests) is ignored. */
  readonly handle: (message: SubscriberMessage<D>) => Promise<unknown>;
  readonly dedupe: DedupeStore;
  readonly logger: SubscriberLogger;
}

/** The event is not one this subscriber is deployed for: its rule and its code disagree. */
export class SubscriberConfigError extends Error {
  override readonly name = 'SubscriberConfigError';
}

/** The event's detail is not a valid event detail; retrying cannot help (it ends in the DLQ). */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';

  constructor(
    /** One per problem, naming the field, never its value. */
    readonly problems: readonly string[],
  ) {
    super(`invalid event: ${problems.join('; ')}`);
  }
}

/** Builds the Lambda handler of a subscriber (see the module comment for what it does). */
export function subscriber<D extends DetailShape>(options: SubscriberOptions<D>): SubscriberHandler {
  const { source, detailSchema, handle, dedupe, logger } = options;
  if (source === '') throw new TypeError('a subscriber needs the source it listens to');
  if (options.detailTypes.length === 0) throw new TypeError('a subscriber needs at least one detail type');
  const handled = new Set(options.detailTypes);
  const ignored = new Set(options.ignoredDetailTypes ?? []);
  for (const type of ignored) {
    if (handled.has(type)) throw new TypeError(`detail type ${type} is both handled and ignored`);
  }

  return async (event, context) => {
    if (context !== undefined) logger.addContext?.(context);
    if (typeof event !== 'object' || event === null) {
      const error = new InvalidEventError(['event: must be an EventBridge event object']);
      logger.error('event rejected: not an EventBridge event', { problems: error.problems });
      throw error;
    }
    const envelope = {
      source: event.source,
      detail_type: event['detail-type'],
      eventbridge_id: event.id,
    };

    if (
      event.source !== source ||
      !(handled.has(event['detail-type']) || ignored.has(event['detail-type']))
    ) {
      const error = new SubscriberConfigError(
        `subscriber for ${source} (${[...handled].join(', ')}) received ${String(event.source)} ` +
          `${String(event['detail-type'])}: its rule's event pattern and its code disagree`,
      );
      logger.error('event rejected: not what this subscriber is configured for', {
        ...envelope,
        expected_source: source,
        expected_detail_types: [...handled, ...ignored],
      });
      throw error;
    }
    if (ignored.has(event['detail-type'])) {
      logger.debug('event ignored: this subscriber does not act on its detail type', envelope);
      return;
    }

    const parsed = detailSchema.safeParse(event.detail);
    if (!parsed.success) {
      const error = new InvalidEventError(
        issueMessages(parsed.error.issues, { root: 'detail', input: event.detail }),
      );
      logger.error('event rejected: invalid detail; it will end in the dead-letter queue', {
        ...envelope,
        problems: error.problems,
      });
      throw error;
    }
    const detail = parsed.data;
    const ids = { ...envelope, event_id: detail.event_id, resource_id: detail.id };

    if (await dedupe.isHandled(detail.event_id)) {
      logger.info('duplicate event skipped: it was handled already', ids);
      return;
    }

    try {
      await handle({
        source: event.source,
        detailType: event['detail-type'],
        detail,
        eventBridgeId: event.id,
        time: event.time,
      });
    } catch (error) {
      logger.error('event handling failed; it will be retried', { ...ids, error });
      throw error;
    }

    try {
      if ((await dedupe.markHandled(detail.event_id)) === 'already_marked') {
        logger.info('event handled concurrently by another delivery', ids);
        return;
      }
    } catch (error) {
      // The work is done; a retry would only redo it (handle is idempotent) to write the marker.
      logger.warn('event handled, but its dedupe record could not be written', { ...ids, error });
      return;
    }
    logger.debug('event handled', ids);
  };
}

/**
 * A handler whose dependencies are built on its first invocation, not at import: a missing
 * environment variable then fails an invocation (retried, dead-lettered, logged) instead of the
 * module's import, and tests can import the module to reach its factory.
 */
export function lazySubscriber(build: () => SubscriberHandler): SubscriberHandler {
  let built: SubscriberHandler | undefined;
  return async (event, context) => {
    built ??= build();
    return built(event, context);
  };
}
