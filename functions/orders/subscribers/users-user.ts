/**
 * Subscriber to the users service's `user` events (rule: `tributary.users`, `user.deleted`): cancels
 * the deleted user's open orders. One Lambda.
 *
 * - `user.deleted` → the users API is asked for the user first ({@link actOnOwnerState}): only its
 *   404 confirms the deletion, and then {@link cancelOpenOrdersOfUser} runs with the event's `id`.
 *   If users still has the user, the event is forged or false (an archive replay of another id, a
 *   forwarder's bug): nothing is cancelled, and a warning is logged. Any other answer of the users
 *   API throws, and the event is retried. Cancelling is idempotent (a second run finds nothing
 *   open), so a redelivery the dedupe record does not catch is harmless; orders that kept changing
 *   (CancelIncompleteError) and DynamoDB errors fail the invocation, and the retry finishes the job.
 * - `user.upserted` is acknowledged without any work, should the subscription ever include it.
 *
 * Idempotent on `event_id` through a dedupe record in the orders table (runtime/subscriber).
 */
import {
  actOnOwnerState,
  type DedupeStore,
  DynamoDbDedupe,
  lazySubscriber,
  type SubscriberHandler,
  type SubscriberLogger,
  subscriber,
} from '../../runtime/subscriber';
import { EVENT_SOURCE, eventDetailSchema, USER_DELETED, USER_UPSERTED } from '../../users/generated/events';
import { type CancelDeps, cancelOpenOrdersOfUser } from '../domain/cancel-open-orders';
import type { UserDirectory } from '../domain/ports';
import { defaultDeps, documentClient, tableNameFrom } from '../service';

/** The subscriber's name: its entry file's, and part of its dedupe records' keys. */
export const SUBSCRIBER_NAME = 'users-user';

export interface UsersUserSubscriberDeps {
  readonly orders: CancelDeps['orders'];
  /** The owner of users, asked whether the user is really gone (the generated client fits). */
  readonly users: UserDirectory;
  readonly dedupe: DedupeStore;
  readonly logger: SubscriberLogger;
}

export function makeUsersUserSubscriber(deps: UsersUserSubscriberDeps): SubscriberHandler {
  return subscriber({
    source: EVENT_SOURCE,
    detailTypes: [USER_DELETED],
    ignoredDetailTypes: [USER_UPSERTED],
    detailSchema: eventDetailSchema,
    dedupe: deps.dedupe,
    logger: deps.logger,
    handle: actOnOwnerState({
      fetch: (id) => deps.users.getUser(id),
      deleted: async (id) => {
        await cancelOpenOrdersOfUser({ orders: deps.orders, logger: deps.logger }, id);
      },
      logger: deps.logger,
    }),
  });
}

/** Built on the first invocation: a missing `TABLE_NAME` fails that invocation, not the import. */
export const handler = lazySubscriber(() => {
  const service = defaultDeps();
  return makeUsersUserSubscriber({
    orders: service.orders,
    users: service.users,
    logger: service.logger,
    dedupe: new DynamoDbDedupe({
      client: documentClient,
      tableName: () => tableNameFrom(),
      subscriber: SUBSCRIBER_NAME,
    }),
  });
});
