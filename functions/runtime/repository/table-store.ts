/**
 * The narrow interface over a service's table that the repository works through: strongly
 * consistent reads of one item by key, newest-first queries of one GSI partition, and conditional
 * writes (one alone, or several in one transaction). Nothing else: the repository's whole DynamoDB
 * surface is these three (table-access.ts grants exactly their actions), and describing them as
 * data rather than as SDK commands is what lets one repository run over two stores:
 *
 * - dynamodb-table-store.ts, the deployed one: each call is one GetItem, Query, PutItem, DeleteItem
 *   or TransactWriteItems, its conditions as DynamoDB condition expressions;
 * - testing/memory-table-store.ts, the test doubles' one: the same semantics in a Map.
 *
 * Every rule of the repository (versions, hash_code, guards, paging, errors) is above this line, in
 * one place, so the in-memory repository cannot drift from the real one; what differs below it is
 * only what DynamoDB itself does.
 */

/** One stored item: the table's attributes and the resource's, as the document client has them. */
export type Item = Record<string, unknown>;

/** A GSI, by the attributes of its key. */
export interface IndexKeySchema {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

/** One page of one GSI partition, in descending sort key order (the repository lists newest first). */
export interface IndexQuery {
  readonly index: IndexKeySchema;
  /** The partition read: the value of the index's partition key. */
  readonly partition: string;
  /** Only items whose sort key is strictly below this one (a key condition, not a filter). */
  readonly sortKeyBelow?: string;
  /** At most this many items. */
  readonly limit: number;
  /** Where a previous page stopped (its `lastKey`): the page starts after it. */
  readonly startKey?: Readonly<Record<string, string>>;
}

export interface QueryPage {
  readonly items: readonly Item[];
  /**
   * Set when the query stopped before the partition's end (at `limit`, or at DynamoDB's 1 MB), as
   * DynamoDB's `LastEvaluatedKey`: the last item's table and index key attributes.
   */
  readonly lastKey?: Readonly<Record<string, unknown>>;
}

/** What a conditional write requires of the item stored under its key. */
export type WriteCondition =
  /** No item has the key (a fresh id, a free unique value). */
  | { readonly kind: 'absent' }
  /**
   * The item's `version` is this one. When it fails, the failure tells whether there was an item at
   * all (DynamoDB's `ReturnValuesOnConditionCheckFailure: ALL_OLD`): changed, or gone.
   */
  | { readonly kind: 'version'; readonly version: number }
  /** No item has the key, or the item's `owner` is this id (a guard item of ours, or none). */
  | { readonly kind: 'absent-or-owned-by'; readonly owner: string };

export type TableWrite =
  | { readonly kind: 'put'; readonly item: Item; readonly condition: WriteCondition }
  | { readonly kind: 'delete'; readonly key: string; readonly condition: WriteCondition };

/** Why one write of a failed call did not happen: DynamoDB's cancellation reason codes. */
export type WriteReason =
  | { readonly code: 'None' }
  | {
      readonly code: 'ConditionalCheckFailed';
      /** Whether the item was there (only known for a `version` condition). */
      readonly itemExisted: boolean;
    }
  /** Another transaction was in flight on the item: the same writes may succeed later. */
  | { readonly code: 'TransactionConflict' };

export interface TableStore {
  /** The item with this table key, read strongly consistently; undefined when there is none. */
  getItem(key: string): Promise<Item | undefined>;
  /** One page of a GSI partition, newest (highest sort key) first. Eventually consistent. */
  queryNewestFirst(query: IndexQuery): Promise<QueryPage>;
  /**
   * Writes all or nothing: a single write alone, several as one transaction. Resolves undefined when
   * they happened, or one {@link WriteReason} per write, in order, when conditions or a concurrent
   * transaction stopped them. Anything else (throttling, validation, the network) is thrown as it
   * came.
   */
  write(writes: readonly TableWrite[]): Promise<readonly WriteReason[] | undefined>;
}
