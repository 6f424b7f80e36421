/**
 * The repository's writes: each a conditional put or delete with the reason it is there (its
 * {@link Role}), run together as one all-or-nothing call, and what a failure of that call means.
 *
 * Every write of an item is conditional on what was read: a create on the id being free, a
 * replace or delete on the version read. So a concurrent writer makes the condition fail instead of
 * overwriting (no lost update), and the failure is read back by position (the store answers one
 * reason per write): the item's own condition (changed or gone), a guard claimed by another item (a
 * unique value taken), a guard to release that belongs to another item (a broken index).
 *
 * Writes that lost to another transaction in flight on one of their items (TransactionConflict) are
 * run again, at most {@link CONFLICT_ATTEMPTS} times with a short random backoff: their conditions
 * make a retry safe, since a retry after the other transaction changed the item fails its condition.
 */
import type { IndexConfig } from './definition';
import type { Item, TableStore, TableWrite, WriteCondition, WriteReason } from './table-store';

/** Writes cancelled by `TransactionConflict` (another transaction on the same item) are retried. */
const CONFLICT_ATTEMPTS = 4;
const CONFLICT_BACKOFF_MS = 15;

/** Why each write of a call is there; a failure's reasons are read by position against it. */
export type Role =
  | { readonly kind: 'item' }
  | { readonly kind: 'claim'; readonly index: IndexConfig }
  | { readonly kind: 'release'; readonly index: IndexConfig };

export interface Action {
  readonly role: Role;
  readonly write: TableWrite;
}

/** What a failed conditional write tells us. */
export interface WriteFailure {
  /** The item's own condition failed (version changed, item gone, or id taken on create). */
  readonly itemCheckFailed: boolean;
  /** ...and the item was not there any more. */
  readonly itemGone: boolean;
  /** Unique indexes whose value another item holds. */
  readonly clashes: readonly IndexConfig[];
  /** Guards we meant to release that belong to another item (a broken invariant). */
  readonly foreignGuards: readonly IndexConfig[];
  /** Another transaction was in flight on one of the items: retrying may succeed. */
  readonly transient: boolean;
}

/** The item's key must be free: a create, whose id is new. */
export const ID_IS_FREE: WriteCondition = { kind: 'absent' };

/** The item must still be at the version read. */
export function atVersion(version: number): WriteCondition {
  return { kind: 'version', version };
}

/** Puts the resource item itself. */
export function putItem(item: Item, condition: WriteCondition): Action {
  return { role: { kind: 'item' }, write: { kind: 'put', item, condition } };
}

/** Deletes the resource item itself. */
export function deleteItem(key: string, condition: WriteCondition): Action {
  return { role: { kind: 'item' }, write: { kind: 'delete', key, condition } };
}

/** What the store's reasons (one per action, in order) mean for the repository. */
export function writeFailure(actions: readonly Action[], reasons: readonly WriteReason[]): WriteFailure {
  let itemCheckFailed = false;
  let itemGone = false;
  let transient = false;
  const clashes: IndexConfig[] = [];
  const foreignGuards: IndexConfig[] = [];
  for (const [position, reason] of reasons.entries()) {
    const role = actions[position]?.role;
    if (role === undefined || reason.code === 'None') continue;
    if (reason.code === 'TransactionConflict') {
      transient = true;
    } else if (role.kind === 'item') {
      itemCheckFailed = true;
      itemGone = !reason.itemExisted;
    } else if (role.kind === 'claim') {
      clashes.push(role.index);
    } else {
      foreignGuards.push(role.index);
    }
  }
  return { itemCheckFailed, itemGone, clashes, foreignGuards, transient };
}

/**
 * Runs the actions through the store, all or nothing. Resolves undefined on success, or why the
 * conditions failed. Retries only a failure that is nothing but a lost race with another
 * transaction; anything the store throws is thrown as it came.
 */
export async function runWrites(
  store: TableStore,
  actions: readonly Action[],
): Promise<WriteFailure | undefined> {
  for (let attempt = 1; ; attempt++) {
    const reasons = await store.write(actions.map((action) => action.write));
    if (reasons === undefined) return undefined;
    const failure = writeFailure(actions, reasons);
    if (!failure.transient || failure.itemCheckFailed) return failure;
    if (failure.clashes.length > 0 || failure.foreignGuards.length > 0) return failure;
    if (attempt >= CONFLICT_ATTEMPTS) return failure;
    await sleep(Math.random() * CONFLICT_BACKOFF_MS * 2 ** attempt);
  }
}

function sleep(millis: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, millis));
}
