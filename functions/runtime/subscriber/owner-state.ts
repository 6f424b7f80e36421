/**
 * A subscriber acts on what the owner says now, never on what an event claims (DESIGN: "fetch
 * current state from the owner; a 404 means deleted"). An event is only a hint that something
 * changed: it may be late, replayed from the bus archive, redelivered, or forged by whoever may put
 * events on the bus. So, per event:
 *
 * - `<resource>.upserted`: fetch the resource by the event's `id`.
 *   - The owner has it at the event's version or later → `upserted(current)`: the subscriber acts on
 *     the current state (which may already include later changes; their own events will find it
 *     handled).
 *   - The owner has it at an older version than the event → {@link StaleOwnerStateError} is thrown:
 *     the owner's read has not caught up (or the event is forged with a version from the future);
 *     the event is retried, then parked in the dead-letter queue, and nothing changes meanwhile.
 *   - The owner answers 404 → the resource was deleted since: `deleted(id)` when the subscriber acts
 *     on deletions, else nothing.
 * - `<resource>.deleted`: fetch the resource by the event's `id`.
 *   - 404 → confirmed: `deleted(id)`.
 *   - The owner still has it → the event is false (forged, or about another id): nothing changes,
 *     logged at `warn` with ids only. Ids are never reused, so no later state can make it true.
 *
 * Anything else the owner answers (5xx, 403, a body that breaks its contract, the network) throws
 * from `fetch`: the invocation fails and the event is retried, then dead-lettered. Handlers must be
 * idempotent (the subscriber adapter deduplicates on `event_id`, at least once).
 */
import type { DetailShape, SubscriberLogger, SubscriberMessage } from './subscriber';

/** What every event detail carries beyond the id: the version the owner wrote. */
export interface VersionedDetail extends DetailShape {
  readonly version: number;
}

/** The owner's resource as its API returns it: at least an id and a version. */
export interface OwnedResource {
  readonly id: string;
  readonly version: number;
}

export interface OwnerStateOptions<R extends OwnedResource, D extends VersionedDetail> {
  /** The owner's current resource (its generated client's get), `undefined` on 404. */
  readonly fetch: (id: string) => Promise<R | undefined>;
  /** Acts on the owner's current resource; required when the subscriber receives `upserted`. */
  readonly upserted?: (current: R, message: SubscriberMessage<D>) => Promise<unknown>;
  /** Acts on a deletion the owner confirmed (404); required when the subscriber receives `deleted`. */
  readonly deleted?: (id: string, message: SubscriberMessage<D>) => Promise<unknown>;
  readonly logger: Pick<SubscriberLogger, 'info' | 'warn'>;
}

/** The owner returned the resource at an older version than the event reports: retry until it catches up. */
export class StaleOwnerStateError extends Error {
  override readonly name = 'StaleOwnerStateError';

  constructor(
    readonly resourceId: string,
    readonly eventVersion: number,
    readonly ownerVersion: number,
  ) {
    super(
      `the owner returned ${resourceId} at version ${ownerVersion}, older than the event's ${eventVersion}`,
    );
  }
}

/** What handling one event came to (for logs and tests). */
export type OwnerStateOutcome =
  | 'upserted'
  | 'deleted'
  | 'gone_since'
  | 'deletion_contradicted'
  | 'not_handled';

/** The event's kind, from its detail type (`user.deleted` → `deleted`). */
export function eventKindOf(detailType: string): 'upserted' | 'deleted' | undefined {
  if (detailType.endsWith('.upserted')) return 'upserted';
  if (detailType.endsWith('.deleted')) return 'deleted';
  return undefined;
}

/**
 * The `handle` of a subscriber that acts on the owner's current state (see the module comment).
 * Throws `TypeError` at once when neither `upserted` nor `deleted` is given.
 */
export function actOnOwnerState<R extends OwnedResource, D extends VersionedDetail>(
  options: OwnerStateOptions<R, D>,
): (message: SubscriberMessage<D>) => Promise<OwnerStateOutcome> {
  const { fetch, upserted, deleted, logger } = options;
  if (upserted === undefined && deleted === undefined) {
    throw new TypeError('a subscriber acts on upserted, deleted, or both');
  }
  return async (message) => {
    const { detail } = message;
    const ids = { event_id: detail.event_id, resource_id: detail.id, event_version: detail.version };
    const kind = eventKindOf(message.detailType);
    if (kind === undefined) throw new TypeError(`not a resource event: ${message.detailType}`);
    const current = await fetch(detail.id);

    if (kind === 'deleted') {
      if (current !== undefined) {
        logger.warn('deleted event contradicted by the owner, which still has the resource: nothing done', {
          ...ids,
          owner_version: current.version,
        });
        return 'deletion_contradicted';
      }
      if (deleted === undefined) return 'not_handled';
      await deleted(detail.id, message);
      return 'deleted';
    }

    if (current === undefined) {
      logger.info('resource not found at its owner: deleted since the event', ids);
      if (deleted === undefined) return 'gone_since';
      await deleted(detail.id, message);
      return 'deleted';
    }
    if (current.version < detail.version) {
      throw new StaleOwnerStateError(detail.id, detail.version, current.version);
    }
    if (upserted === undefined) return 'not_handled';
    await upserted(current, message);
    return 'upserted';
  };
}

/** What a written subscriber function is given besides the resource (or its id): the service's dependencies and the event. */
export interface SubscriberContext<Deps, D extends VersionedDetail = VersionedDetail> {
  readonly deps: Deps;
  readonly message: SubscriberMessage<D>;
}
