/**
 * The repository base every generated repository extends: one resource in its service's one table,
 * laid out as conventions/table-layout.ts says, with the write rules of docs/design.md ("Writes,
 * versions and hash_code"). The item's shape is stored-item.ts's; this class is the rules:
 *
 * - `version` starts at 1 and grows by one per write; every write is conditional on the version read
 *   (create: on the id being free), so a concurrent writer gets {@link VersionConflictError} (409),
 *   never a lost update (writes.ts).
 * - `hash_code` (hash-code.ts) covers the fields other than id and the system attributes. A replace
 *   whose hash_code equals the stored one writes nothing (no stream record, so no event) and returns
 *   the stored item.
 * - Creates and replaces keep the trace of the request that made them (`_trace`, stored-item.ts),
 *   for the event the write becomes; a delete writes no attribute, so it keeps none. The trace is
 *   outside `hash_code`: it never makes a write on its own.
 * - Unique indexes are enforced with guard items written in the same transaction as the item
 *   (unique-guards.ts); a clash is a {@link UniqueConstraintError} (409) naming the index's fields.
 * - Listing queries each of the resource's list shards newest first and merges them by id
 *   (list-page.ts); finders query the index's GSI (index-page.ts), or, on a unique index, read the
 *   guard and its owner.
 *
 * Reads of single items are strongly consistent: subscribers fetch the resource named by an event
 * right after the write, and must see it. Listing and `findAll` query GSIs, which are eventually
 * consistent (DynamoDB offers nothing else on a GSI).
 *
 * It reads and writes through a {@link TableStore}: DynamoDB's (dynamodb-table-store.ts) when
 * configured with a document client and a table name, as deployed code is; the in-memory one
 * when given a store, as the test doubles are (testing/memory-repository.ts), so both run these very
 * rules.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Clock, systemClock } from '../clock';
import { guardKey, MAX_PARTITION_KEY_BYTES } from '../conventions';
import { newId } from '../ids';
import type { Page } from '../pagination';
import { currentTraceHeader } from '../trace-context';
import { defineResource, indexOf, type ResourceConfig, type ResourceDefinition } from './definition';
import { DynamoDbTableStore } from './dynamodb-table-store';
import { ItemNotFoundError, UniqueConstraintError, VersionConflictError } from './errors';
import { readIndexPage } from './index-page';
import { type IndexValues, indexValue, lookupValue } from './index-values';
import { readListPage } from './list-page';
import type { PageRequest } from './paging';
import {
  holdsContent,
  resourceItem,
  storableContent,
  storedCreatedAt,
  storedItem,
  storedVersion,
  toResource,
} from './stored-item';
import type { Item, TableStore } from './table-store';
import { assertNoForeignGuards, claimsOf, guardChanges, guardOwner, releasesOf } from './unique-guards';
import {
  type Action,
  atVersion,
  deleteItem,
  ID_IS_FREE,
  putItem,
  runWrites,
  type WriteFailure,
} from './writes';

/** A repository over the service's DynamoDB table: what the generated repositories are configured with. */
export interface RepositoryConfig<T> extends ResourceConfig<T> {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** A repository over another {@link TableStore} (the in-memory one of the test doubles). */
export interface StoreRepositoryConfig<T> extends ResourceConfig<T> {
  readonly store: TableStore;
}

/** What a create writes: the new item and its guards, and what its failure means. */
export interface CreatePlan {
  readonly id: string;
  readonly item: Item;
  readonly actions: readonly Action[];
}

/**
 * The writes of a create: a fresh id from the clock, version 1, the write's trace, conditional on the
 * id being free, with a guard claimed per unique value. Pure, so the in-memory repository's `seed`
 * runs the same create without waiting (testing/memory-repository.ts).
 */
export function planCreate(
  definition: ResourceDefinition<unknown>,
  fields: object,
  clock: Clock,
  trace: string | undefined,
): CreatePlan {
  const content = storableContent(definition, fields);
  const now = clock.now().toISOString();
  const id = newId(definition.idPrefix, clock);
  const item = storedItem(definition, content, { id, version: 1, createdAt: now, updatedAt: now, trace });
  return { id, item, actions: [putItem(item, ID_IS_FREE), ...claimsOf(definition, content, id)] };
}

/** What a create whose writes failed throws. */
export function createFailure(
  definition: ResourceDefinition<unknown>,
  id: string,
  failure: WriteFailure,
): Error {
  const clash = failure.clashes[0];
  if (clash !== undefined) return new UniqueConstraintError(definition.resource, clash.name, clash.fields);
  if (failure.itemCheckFailed) return new Error(`id ${id} is taken: ids must be unique`);
  return new VersionConflictError(definition.resource, id);
}

export class ResourceRepository<T extends { id: string; version: number }, F extends object> {
  readonly #store: TableStore;
  readonly #definition: ResourceDefinition<T>;
  readonly #clock: Clock;
  /** The trace header of the write being made, asked for per write (Lambda changes it per invocation). */
  readonly #traceHeader: () => string | undefined;

  constructor(config: RepositoryConfig<T> | StoreRepositoryConfig<T>) {
    if ('store' in config) {
      this.#definition = defineResource(config);
      this.#store = config.store;
    } else {
      this.#definition = defineResource(config, { tableName: config.tableName });
      this.#store = new DynamoDbTableStore(config.client, config.tableName);
    }
    this.#clock = config.clock ?? systemClock;
    this.#traceHeader = config.traceHeader ?? (() => currentTraceHeader());
  }

  /** The item with this id, or undefined (also for an id of another resource). */
  async get(id: string): Promise<T | undefined> {
    const stored = await this.#read(id);
    return stored === undefined ? undefined : toResource(this.#definition, stored);
  }

  /** Stores a new item: a fresh id, version 1. Throws {@link UniqueConstraintError}. */
  async create(fields: F): Promise<T> {
    const plan = planCreate(this.#definition, fields, this.#clock, this.#traceHeader());
    const failure = await runWrites(this.#store, plan.actions);
    if (failure !== undefined) throw createFailure(this.#definition, plan.id, failure);
    return toResource(this.#definition, plan.item);
  }

  /**
   * Replaces the fields of an item. Writes nothing and returns the stored item when the content is
   * unchanged. Throws {@link ItemNotFoundError}, {@link VersionConflictError} (also when
   * `expectedVersion` is given and is not the stored version), {@link UniqueConstraintError}.
   */
  async replace(id: string, fields: F, expectedVersion?: number): Promise<T> {
    const { resource } = this.#definition;
    const stored = await this.#read(id);
    if (stored === undefined) throw new ItemNotFoundError(resource, id);
    const readVersion = storedVersion(stored);
    if (expectedVersion !== undefined && expectedVersion !== readVersion) {
      throw new VersionConflictError(resource, id, expectedVersion, readVersion);
    }
    const content = storableContent(this.#definition, fields);
    if (holdsContent(stored, content)) return toResource(this.#definition, stored);

    const now = this.#clock.now().toISOString();
    const item = storedItem(this.#definition, content, {
      id,
      version: readVersion + 1,
      createdAt: storedCreatedAt(stored, now),
      updatedAt: now,
      trace: this.#traceHeader(),
    });
    const failure = await runWrites(this.#store, [
      putItem(item, atVersion(readVersion)),
      ...guardChanges(this.#definition, stored, content, id),
    ]);
    if (failure !== undefined) {
      if (failure.itemCheckFailed) {
        if (failure.itemGone) throw new ItemNotFoundError(resource, id);
        throw new VersionConflictError(resource, id, readVersion);
      }
      const clash = failure.clashes[0];
      if (clash !== undefined) throw new UniqueConstraintError(resource, clash.name, clash.fields);
      assertNoForeignGuards(resource, failure, id);
      throw new VersionConflictError(resource, id, readVersion);
    }
    return toResource(this.#definition, item);
  }

  /**
   * Deletes an item and its guard items; returns what was deleted, or undefined if there was no such
   * item. Throws {@link VersionConflictError} (also when `expectedVersion` is not the stored version).
   */
  async delete(id: string, expectedVersion?: number): Promise<T | undefined> {
    const { resource } = this.#definition;
    const stored = await this.#read(id);
    if (stored === undefined) return undefined;
    const readVersion = storedVersion(stored);
    if (expectedVersion !== undefined && expectedVersion !== readVersion) {
      throw new VersionConflictError(resource, id, expectedVersion, readVersion);
    }
    const failure = await runWrites(this.#store, [
      deleteItem(id, atVersion(readVersion)),
      ...releasesOf(this.#definition, stored, id),
    ]);
    if (failure !== undefined) {
      if (failure.itemCheckFailed && failure.itemGone) return undefined; // deleted concurrently
      assertNoForeignGuards(resource, failure, id);
      throw new VersionConflictError(resource, id, readVersion);
    }
    return toResource(this.#definition, stored);
  }

  /** All items, newest first (by id, which sorts by creation time), across the list shards (list-page.ts). */
  async list(page: PageRequest = {}): Promise<Page<T>> {
    return this.#resources(await readListPage(this.#store, this.#definition, page));
  }

  /**
   * The item whose index fields hold `values`, or undefined.
   *
   * On a unique index this reads the guard item and then its owner, both strongly consistent,
   * rather than querying the GSI: a lookup right after a create or a change (sign-up, then "find by
   * email") sees it, and the guard is what uniqueness is enforced by anyway. Two GetItems cost no
   * more than a strongly consistent read of the item plus a query. If the value moves between the
   * two reads, the guard is read again.
   *
   * On a non-unique index it queries the GSI (eventually consistent) and returns the newest match.
   */
  async findOne(index: string, values: IndexValues): Promise<T | undefined> {
    const config = indexOf(this.#definition, index);
    const value = lookupValue(config, values);
    if (value === undefined) return undefined;
    if (!config.unique) return (await this.findAll(index, values, { limit: 1 })).items[0];
    for (let attempt = 0; attempt < 3; attempt++) {
      const owner = guardOwner(await this.#store.getItem(guardKey(config.name, value)));
      if (owner === undefined) return undefined;
      const item = await this.#read(owner);
      if (item !== undefined && indexValue(config, item) === value) return toResource(this.#definition, item);
    }
    return undefined;
  }

  /** The items whose index fields hold `values`, newest first. */
  async findAll(index: string, values: IndexValues, page: PageRequest = {}): Promise<Page<T>> {
    const config = indexOf(this.#definition, index);
    return this.#resources(await readIndexPage(this.#store, config, lookupValue(config, values), page));
  }

  /** The stored item of this resource with this id (table attributes included), or undefined. */
  async #read(id: string): Promise<Item | undefined> {
    // Not a key DynamoDB would accept (it rejects "" and over-long keys with a 400 → 500): no item.
    if (typeof id !== 'string' || id === '' || Buffer.byteLength(id, 'utf8') > MAX_PARTITION_KEY_BYTES)
      return undefined;
    return resourceItem(this.#definition, await this.#store.getItem(id), id);
  }

  #resources(page: { readonly items: readonly Item[]; readonly cursor?: string }): Page<T> {
    const items = page.items.map((item) => toResource(this.#definition, item));
    return page.cursor === undefined ? { items } : { items, cursor: page.cursor };
  }
}
