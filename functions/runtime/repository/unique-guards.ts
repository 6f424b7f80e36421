/**
 * Unique indexes, enforced with guard items: `{ pk: _unique#<index>#<value>, _type: _guard,
 * owner: <id> }`, one per value an item holds, written in the same transaction as the item.
 *
 * Why guard items rather than a query of the GSI: a GSI is eventually consistent and cannot carry a
 * condition, so two concurrent creates of one email would both find it free. A guard's put is
 * conditional on its key being free, in the item's own transaction: of two writers of one value
 * exactly one commits, and the other's cancellation reason names the index ({@link
 * UniqueConstraintError}, 409, naming the index's fields). A lookup by a unique value reads the guard
 * and then its owner, both strongly consistent, so it sees a value right after it was written.
 */
import { GUARD_TYPE, guardKey, OWNER_ATTRIBUTE, TABLE_KEY, TYPE_ATTRIBUTE } from '../conventions';
import type { IndexConfig, ResourceDefinition } from './definition';
import { indexValue } from './index-values';
import type { Item } from './table-store';
import type { Action, WriteFailure } from './writes';

/** Puts the guard item of a unique value; fails if any item holds it (even `owner` itself). */
export function claim(index: IndexConfig, value: string, owner: string): Action {
  return {
    role: { kind: 'claim', index },
    write: {
      kind: 'put',
      item: {
        [TABLE_KEY]: guardKey(index.name, value),
        [TYPE_ATTRIBUTE]: GUARD_TYPE,
        [OWNER_ATTRIBUTE]: owner,
      },
      condition: { kind: 'absent' },
    },
  };
}

/**
 * Deletes the guard item of a unique value the item held. Condition: the guard is ours, or missing.
 * (Adjustment to the plain `owner = :id`: a guard can be missing for items written before the
 * index became unique; insisting on it would make such items impossible to change or delete.)
 */
export function release(index: IndexConfig, value: string, owner: string): Action {
  return {
    role: { kind: 'release', index },
    write: {
      kind: 'delete',
      key: guardKey(index.name, value),
      condition: { kind: 'absent-or-owned-by', owner },
    },
  };
}

/** The guards a new item claims: one per unique index it has a value in. */
export function claimsOf(definition: ResourceDefinition<unknown>, content: Item, id: string): Action[] {
  return definition.uniqueIndexes.flatMap((index) => {
    const value = indexValue(index, content);
    return value === undefined ? [] : [claim(index, value, id)];
  });
}

/**
 * The guards a change moves: per unique index whose value changes, the old value's released and the
 * new one's claimed (a value kept needs no write; one removed is only released, one added only
 * claimed).
 */
export function guardChanges(
  definition: ResourceDefinition<unknown>,
  stored: Item,
  content: Item,
  id: string,
): Action[] {
  const actions: Action[] = [];
  for (const index of definition.uniqueIndexes) {
    const before = indexValue(index, stored);
    const after = indexValue(index, content);
    if (before === after) continue;
    if (before !== undefined) actions.push(release(index, before, id));
    if (after !== undefined) actions.push(claim(index, after, id));
  }
  return actions;
}

/** The guards a deleted item releases: every value it held. */
export function releasesOf(definition: ResourceDefinition<unknown>, stored: Item, id: string): Action[] {
  return definition.uniqueIndexes.flatMap((index) => {
    const value = indexValue(index, stored);
    return value === undefined ? [] : [release(index, value, id)];
  });
}

/** The id a guard item names as its value's owner; undefined when the item is not a guard. */
export function guardOwner(guard: Item | undefined): string | undefined {
  const owner = guard?.[OWNER_ATTRIBUTE];
  return guard?.[TYPE_ATTRIBUTE] === GUARD_TYPE && typeof owner === 'string' ? owner : undefined;
}

/**
 * Throws (a 500, not a client error) when a guard to release belonged to another item: the unique
 * index is inconsistent, and retrying cannot fix it.
 */
export function assertNoForeignGuards(resource: string, failure: WriteFailure, id: string): void {
  const index = failure.foreignGuards[0];
  if (index !== undefined) {
    throw new Error(
      `${resource} ${id}: the guard item of its ${index.name} value belongs to another item; ` +
        'the unique index is inconsistent and needs repair',
    );
  }
}
