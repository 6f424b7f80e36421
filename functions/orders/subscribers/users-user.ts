/**
 * orders: what happens when a user is deleted. The generated wiring (generated/lambdas/on-users-user.ts)
 * has already asked the users API: only its 404 confirms the deletion, so a forged or replayed
 * `user.deleted` of a live user never gets here.
 *
 * Cancels the user's open orders ({@link cancelOpenOrdersOfUser}). Idempotent: a second run finds
 * nothing open, so a redelivery the dedupe record does not catch is harmless; orders that kept
 * changing (CancelIncompleteError) and DynamoDB errors fail the invocation, and the retry finishes
 * the job.
 */
import type { SubscriberContext } from '../../runtime/subscriber';
import { cancelOpenOrdersOfUser } from '../domain/cancel-open-orders';
import type { OrdersDeps } from '../generated/service';

export async function onDeleted(id: string, { deps }: SubscriberContext<OrdersDeps>): Promise<void> {
  await cancelOpenOrdersOfUser({ orders: deps.repositories.order, logger: deps.logger }, id);
}
