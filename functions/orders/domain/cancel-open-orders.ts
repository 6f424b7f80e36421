/**
 * What the `user.deleted` subscriber does: cancel every open order of the user.
 *
 * Open means the lifecycle (status.ts) lets it move to `cancelled`: `pending` or `confirmed`; a
 * `shipped`, `delivered` or `cancelled` order is left as it is. Each cancellation is a replace conditional on the version read (no lost update): when another
 * writer got there first ({@link VersionConflictError}), the order is read again, strongly
 * consistent, and cancelled at its new version if it is still open, a few times at most.
 *
 * Idempotent: a second run finds nothing open and writes nothing (an order already cancelled is
 * not written again, so no event either). Safe to run while orders change: the listing pages
 * through the user's index, which a status change does not move an order out of.
 *
 * Limits: the index is eventually consistent, so an order placed in the last moments before the
 * user was deleted may not be listed yet; running again (a redelivered event) catches it.
 */
import { ItemNotFoundError, VersionConflictError } from '../../runtime/repository';
import { ORDER_STATUS_VALUES, type Order, type OrderStatus } from '../generated/models';
import type { OrderFields } from '../generated/repository';
import type { DomainLogger, OrderStore } from './ports';
import { canMove } from './status';

/** The statuses of an order that can still be cancelled: those the lifecycle (status.ts) moves to `cancelled`. */
export const OPEN_STATUSES: ReadonlySet<OrderStatus> = new Set<OrderStatus>(
  ORDER_STATUS_VALUES.filter((status) => status !== 'cancelled' && canMove(status, 'cancelled')),
);

export function isOpen(order: Pick<Order, 'status'>): boolean {
  return OPEN_STATUSES.has(order.status);
}

export interface CancelDeps {
  readonly orders: Pick<OrderStore, 'get' | 'replace' | 'findAllByUserId'>;
  readonly logger?: DomainLogger;
}

export interface CancelOptions {
  /** Writes tried per order when other writers keep winning; default 4. */
  readonly attempts?: number;
  /** Orders read per page; default 100 (the most a page holds). */
  readonly pageSize?: number;
  /** Cancellations written at once; default 8. */
  readonly concurrency?: number;
}

/** What a run found and did. `examined` = `cancelled` + `notOpen` + `gone`. */
export interface CancelResult {
  /** Orders of the user the listing returned. */
  examined: number;
  /** Orders this run moved to `cancelled`. */
  cancelled: number;
  /** Orders that were not open (already shipped, delivered or cancelled, maybe by another writer). */
  notOpen: number;
  /** Orders deleted before they could be cancelled. */
  gone: number;
}

/**
 * Some orders stayed open because other writers kept changing them. Every other order was dealt
 * with; running again (the subscriber's retry) finishes the job.
 */
export class CancelIncompleteError extends Error {
  override readonly name = 'CancelIncompleteError';

  constructor(
    readonly result: CancelResult,
    /** Ids of the orders that are still open. */
    readonly failed: readonly string[],
  ) {
    super(`${failed.length} order(s) could not be cancelled: they kept changing concurrently`);
  }
}

type Outcome = 'cancelled' | 'notOpen' | 'gone' | 'failed';

/**
 * Cancels the open orders of `userId`; returns the counts. Throws {@link CancelIncompleteError} when
 * some order could not be cancelled within `attempts`; any other failure (DynamoDB) is thrown as it
 * comes, and a rerun picks up where this one stopped.
 */
export async function cancelOpenOrdersOfUser(
  deps: CancelDeps,
  userId: string,
  options: CancelOptions = {},
): Promise<CancelResult> {
  const attempts = positive(options.attempts ?? 4, 'attempts');
  const pageSize = positive(options.pageSize ?? 100, 'pageSize');
  const concurrency = positive(options.concurrency ?? 8, 'concurrency');
  const result: CancelResult = { examined: 0, cancelled: 0, notOpen: 0, gone: 0 };
  const failed: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.orders.findAllByUserId(userId, {
      limit: pageSize,
      ...(cursor === undefined ? {} : { cursor }),
    });
    result.examined += page.items.length;
    const outcomes = await mapBounded(page.items, concurrency, (order) => cancelOne(deps, order, attempts));
    for (const [index, outcome] of outcomes.entries()) {
      if (outcome === 'failed') failed.push(page.items[index]?.id ?? '');
      else result[outcome] += 1;
    }
    cursor = page.cursor;
  } while (cursor !== undefined);
  deps.logger?.info('cancelled the open orders of a user', {
    user_id: userId,
    ...result,
    failed: failed.length,
  });
  if (failed.length > 0) throw new CancelIncompleteError(result, failed);
  return result;
}

/** Cancels one order if it is open, re-reading it after each lost race. */
async function cancelOne(deps: CancelDeps, listed: Order, attempts: number): Promise<Outcome> {
  let order: Order | undefined = listed;
  for (let attempt = 1; ; attempt++) {
    if (order === undefined) return 'gone';
    if (!isOpen(order)) return 'notOpen';
    try {
      await deps.orders.replace(order.id, cancelledFields(order), order.version);
      return 'cancelled';
    } catch (error) {
      if (error instanceof ItemNotFoundError) return 'gone';
      if (!(error instanceof VersionConflictError)) throw error;
      if (attempt >= attempts) {
        deps.logger?.warn('order kept changing while being cancelled', { order_id: order.id, attempts });
        return 'failed';
      }
    }
    // The listing's copy (from an eventually consistent index) or our last read was stale.
    order = await deps.orders.get(order.id);
  }
}

/** The order's fields with status `cancelled` (id and system attributes are the repository's). */
function cancelledFields(order: Order): OrderFields {
  return {
    user_id: order.user_id,
    status: 'cancelled',
    line_items: order.line_items,
    currency: order.currency,
    total: order.total,
  };
}

function positive(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`);
  return value;
}

/** `fn` over `items`, at most `limit` at a time, results in order; the first rejection rejects. */
async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
