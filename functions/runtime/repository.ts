/**
 * The repository base every generated repository uses: one resource in its service's one table,
 * laid out as conventions/table-layout.ts says, with the write rules of DESIGN.md ("Run-time rules").
 *
 * Stored resource item:
 *
 *   { pk: <id>, _type: <resource>, _list: <resource>#<shard>, id, ...fields, version, hash_code,
 *     created_at, updated_at,
 *     ix_<resource>__<fields>: <index value>   (per index, only when every field has a value) }
 *
 * - `version` starts at 1 and grows by one per write; every write is conditional on the version read
 *   (create: on the id being free), so a concurrent writer gets {@link VersionConflictError} (409),
 *   never a lost update.
 * - `hash_code` (hash-code.ts) covers the fields other than id and the system attributes. A replace
 *   whose hash_code equals the stored one writes nothing (no stream record, so no event) and returns
 *   the stored item.
 * - Unique indexes are enforced with guard items `{ pk: _unique#<index>#<value>, _type: _guard,
 *   owner: <id> }`, written in the same TransactWriteItems as the item; a clash is a
 *   {@link UniqueConstraintError} (409) naming the index's fields.
 * - `pk`, `_type`, `_list`, `hash_code` and the index attributes are stripped on the way out, before
 *   `parse`.
 * - Listing queries each of the resource's list shards (`_list`, conventions/table-layout.ts
 *   `listShard`) newest first, in parallel, and merges them by id; the cursor is list-cursor.ts's.
 *
 * Index values: a field's value is its JSON value (strings as they are, numbers and booleans as
 * their JSON text); the values of a multi-field index are escaped and joined by `#` as the layout
 * says (conventions/table-layout.ts `joinIndexParts`), so two different value combinations never
 * share a guard item. A missing or null field leaves the item out of the index (sparse); so does an
 * empty value, which DynamoDB does not allow as a key.
 *
 * An index with `ignoreCase` (the spec's `ignore_case`) folds the letter case of each string value
 * with {@link foldIndexCase} before it becomes the index value, so the GSI attribute, the guard
 * item's key and every lookup hold the folded text: `D@Example.com` and `d@example.com` are one value
 * (a clash on a unique index, a match when finding), while the item keeps the field as it was given.
 *
 * Reads of single items are strongly consistent: subscribers fetch the resource named by an event
 * right after the write, and must see it. Listing and `findAll` query GSIs, which are eventually
 * consistent (DynamoDB offers nothing else on a GSI).
 */
import { randomUUID } from 'node:crypto';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { canonicalJson } from './canonical-json';
import { type Clock, systemClock } from './clock';
import {
  assertListShards,
  CREATED_AT_ATTRIBUTE,
  DEFAULT_LIST_SHARDS,
  GUARD_TYPE,
  guardKey,
  HASH_CODE_ATTRIBUTE,
  ID_ATTRIBUTE,
  INDEX_NAME_PREFIX,
  indexName,
  joinIndexParts,
  LIST_INDEX,
  LIST_PARTITION_ATTRIBUTE,
  listPartition,
  listShard,
  MAX_ITEM_BYTES,
  MAX_PARTITION_KEY_BYTES,
  OWNER_ATTRIBUTE,
  TABLE_KEY,
  TYPE_ATTRIBUTE,
  UPDATED_AT_ATTRIBUTE,
  VERSION_ATTRIBUTE,
} from './conventions';
import { type CursorKey, type CursorShape, decodeCursor, encodeCursor } from './cursor';
import { HASH_EXCLUDED_FIELDS, hashCode } from './hash-code';
import { assertIdPrefix, newId } from './ids';
import { itemSizeBytes } from './item-size';
import { decodeListCursor, encodeListCursor } from './list-cursor';
import type { Page } from './pagination';
import {
  InvalidCursorError,
  InvalidLimitError,
  ItemNotFoundError,
  ItemTooLargeError,
  UniqueConstraintError,
  VersionConflictError,
} from './repository-errors';

export {
  InvalidCursorError,
  InvalidLimitError,
  ItemNotFoundError,
  ItemTooLargeError,
  UniqueConstraintError,
  VersionConflictError,
} from './repository-errors';

export interface IndexConfig {
  /** The GSI name, `ix_<resource>__<field>[__<field>...]` (see `indexName` in table-layout.ts). */
  readonly name: string;
  readonly fields: readonly string[];
  readonly unique: boolean;
  /** Whether values that differ only in letter case are the same index value ({@link foldIndexCase}); default false. */
  readonly ignoreCase?: boolean;
}

/**
 * How an `ignoreCase` index folds a string: `String.prototype.toLowerCase`, Unicode's default
 * lower-case mapping, the same on every machine (it never depends on a locale, unlike
 * `toLocaleLowerCase`; a Turkish `I` still folds to `i`). It is not Unicode case folding, which no
 * built-in offers: `STRASSE` and `straße` stay different, as do the final and the medial sigma
 * written in lower case (`ς`, `σ`), and strings are not normalized (a precomposed `é` differs from
 * `e` + combining accent). Changing it changes every stored index value: `dev diff` reports turning
 * `ignore_case` on or off (`index-ignore-case-changed`) for that reason.
 */
export function foldIndexCase(text: string): string {
  return text.toLowerCase();
}

export interface RepositoryConfig<T> {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** The resource name, also the `_type` of its items. */
  readonly resource: string;
  /** The id prefix, e.g. `usr`. */
  readonly idPrefix: string;
  readonly indexes: ReadonlyArray<IndexConfig>;
  /** Turns a stored item (system attributes included, table attributes stripped) into a `T`. */
  readonly parse: (item: unknown) => T;
  readonly clock?: Clock;
  /** How many list shards the resource's items spread over (the spec's `list_shards`); default {@link DEFAULT_LIST_SHARDS}. */
  readonly listShards?: number;
}

export type { Page } from './pagination';

export interface PageRequest {
  /** 1..100, default 25. */
  limit?: number;
  cursor?: string;
}

/**
 * The values to look up in an index: in the order of the index's fields, or by field name.
 * A missing (undefined or null) value matches nothing: the index is sparse.
 */
export type IndexValues = readonly unknown[] | Readonly<Record<string, unknown>>;

export const DEFAULT_PAGE_LIMIT = 25;
export const MAX_PAGE_LIMIT = 100;

/** Writes cancelled by `TransactionConflict` (another transaction on the same item) are retried. */
const CONFLICT_ATTEMPTS = 4;
const CONFLICT_BACKOFF_MS = 15;

type Item = Record<string, unknown>;

/** Why each action of a transaction is there; cancellation reasons are read by position. */
type Role =
  | { readonly kind: 'item' }
  | { readonly kind: 'claim'; readonly index: IndexConfig }
  | { readonly kind: 'release'; readonly index: IndexConfig };

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

type Action = { readonly role: Role; readonly write: TransactItem };

/** What a failed conditional write tells us. */
interface WriteFailure {
  /** The item's own condition failed (version changed, item gone, or id taken on create). */
  readonly itemCheckFailed: boolean;
  /** ...and the item was not there any more (ReturnValuesOnConditionCheckFailure ALL_OLD). */
  readonly itemGone: boolean;
  /** Unique indexes whose value another item holds. */
  readonly clashes: readonly IndexConfig[];
  /** Guards we meant to release that belong to another item (a broken invariant). */
  readonly foreignGuards: readonly IndexConfig[];
  /** Another transaction was in flight on one of the items: retrying may succeed. */
  readonly transient: boolean;
}

export class ResourceRepository<T extends { id: string; version: number }, F extends object> {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #resource: string;
  readonly #idPrefix: string;
  readonly #indexes: ReadonlyMap<string, IndexConfig>;
  readonly #uniqueIndexes: readonly IndexConfig[];
  readonly #parse: (item: unknown) => T;
  readonly #clock: Clock;
  /** Every index attribute of this resource starts with it (also those of indexes since removed). */
  readonly #indexAttributePrefix: string;
  readonly #listShards: number;

  constructor(config: RepositoryConfig<T>) {
    assertIdPrefix(config.idPrefix);
    assertListShards(config.listShards ?? DEFAULT_LIST_SHARDS);
    if (config.resource === '' || config.tableName === '') {
      throw new TypeError('a repository needs a resource name and a table name');
    }
    const indexes = new Map<string, IndexConfig>();
    for (const index of config.indexes) {
      if (index.fields.length === 0) throw new TypeError(`index ${index.name} has no fields`);
      const expected = indexName(config.resource, index.fields);
      if (index.name !== expected) {
        throw new TypeError(
          `index on ${index.fields.join(', ')} must be named ${expected}, got ${index.name}`,
        );
      }
      if (indexes.has(index.name)) throw new TypeError(`index ${index.name} is configured twice`);
      indexes.set(index.name, {
        name: index.name,
        fields: Object.freeze([...index.fields]),
        unique: index.unique,
        ignoreCase: index.ignoreCase === true,
      });
    }
    this.#client = config.client;
    this.#table = config.tableName;
    this.#resource = config.resource;
    this.#idPrefix = config.idPrefix;
    this.#indexes = indexes;
    this.#uniqueIndexes = [...indexes.values()].filter((index) => index.unique);
    this.#parse = config.parse;
    this.#clock = config.clock ?? systemClock;
    this.#indexAttributePrefix = `${INDEX_NAME_PREFIX}${config.resource}__`;
    this.#listShards = config.listShards ?? DEFAULT_LIST_SHARDS;
  }

  /** The item with this id, or undefined (also for an id of another resource). */
  async get(id: string): Promise<T | undefined> {
    const stored = await this.#read(id);
    return stored === undefined ? undefined : this.#toResource(stored);
  }

  /** Stores a new item: a fresh id, version 1. Throws {@link UniqueConstraintError}. */
  async create(fields: F): Promise<T> {
    const content = storableContent(fields, this.#indexAttributePrefix);
    const now = this.#clock.now().toISOString();
    const id = newId(this.#idPrefix, this.#clock);
    const item = this.#sized(this.#item(id, content, 1, now, now));
    const condition = {
      ConditionExpression: 'attribute_not_exists(#pk)',
      ExpressionAttributeNames: { '#pk': TABLE_KEY },
    };
    const claims = this.#uniqueIndexes.flatMap((index) => {
      const value = indexValue(index, content);
      return value === undefined ? [] : [this.#claim(index, value, id)];
    });
    const failure = await this.#write([
      { role: { kind: 'item' }, write: { Put: { TableName: this.#table, Item: item, ...condition } } },
      ...claims,
    ]);
    if (failure !== undefined) {
      const clash = failure.clashes[0];
      if (clash !== undefined) throw new UniqueConstraintError(this.#resource, clash.name, clash.fields);
      if (failure.itemCheckFailed) throw new Error(`id ${id} is taken: ids must be unique`);
      throw new VersionConflictError(this.#resource, id);
    }
    return this.#toResource(item);
  }

  /**
   * Replaces the fields of an item. Writes nothing and returns the stored item when the content is
   * unchanged. Throws {@link ItemNotFoundError}, {@link VersionConflictError} (also when
   * `expectedVersion` is given and is not the stored version), {@link UniqueConstraintError}.
   */
  async replace(id: string, fields: F, expectedVersion?: number): Promise<T> {
    const stored = await this.#read(id);
    if (stored === undefined) throw new ItemNotFoundError(this.#resource, id);
    const readVersion = storedVersion(stored);
    if (expectedVersion !== undefined && expectedVersion !== readVersion) {
      throw new VersionConflictError(this.#resource, id, expectedVersion, readVersion);
    }
    const content = storableContent(fields, this.#indexAttributePrefix);
    if (hashCode(content) === stored[HASH_CODE_ATTRIBUTE]) return this.#toResource(stored);

    const now = this.#clock.now().toISOString();
    const createdAt = typeof stored[CREATED_AT_ATTRIBUTE] === 'string' ? stored[CREATED_AT_ATTRIBUTE] : now;
    const item = this.#sized(this.#item(id, content, readVersion + 1, createdAt, now));
    const actions: Action[] = [
      {
        role: { kind: 'item' },
        write: { Put: { TableName: this.#table, Item: item, ...this.#versionCondition(readVersion) } },
      },
    ];
    for (const index of this.#uniqueIndexes) {
      const before = indexValue(index, stored);
      const after = indexValue(index, content);
      if (before === after) continue;
      if (before !== undefined) actions.push(this.#release(index, before, id));
      if (after !== undefined) actions.push(this.#claim(index, after, id));
    }
    const failure = await this.#write(actions);
    if (failure !== undefined) {
      if (failure.itemCheckFailed) {
        if (failure.itemGone) throw new ItemNotFoundError(this.#resource, id);
        throw new VersionConflictError(this.#resource, id, readVersion);
      }
      const clash = failure.clashes[0];
      if (clash !== undefined) throw new UniqueConstraintError(this.#resource, clash.name, clash.fields);
      this.#throwIfForeignGuards(failure, id);
      throw new VersionConflictError(this.#resource, id, readVersion);
    }
    return this.#toResource(item);
  }

  /**
   * Deletes an item and its guard items; returns what was deleted, or undefined if there was no such
   * item. Throws {@link VersionConflictError} (also when `expectedVersion` is not the stored version).
   */
  async delete(id: string, expectedVersion?: number): Promise<T | undefined> {
    const stored = await this.#read(id);
    if (stored === undefined) return undefined;
    const readVersion = storedVersion(stored);
    if (expectedVersion !== undefined && expectedVersion !== readVersion) {
      throw new VersionConflictError(this.#resource, id, expectedVersion, readVersion);
    }
    const actions: Action[] = [
      {
        role: { kind: 'item' },
        write: {
          Delete: {
            TableName: this.#table,
            Key: { [TABLE_KEY]: id },
            ...this.#versionCondition(readVersion),
          },
        },
      },
    ];
    for (const index of this.#uniqueIndexes) {
      const value = indexValue(index, stored);
      if (value !== undefined) actions.push(this.#release(index, value, id));
    }
    const failure = await this.#write(actions);
    if (failure !== undefined) {
      if (failure.itemCheckFailed && failure.itemGone) return undefined; // deleted concurrently
      this.#throwIfForeignGuards(failure, id);
      throw new VersionConflictError(this.#resource, id, readVersion);
    }
    return this.#toResource(stored);
  }

  /**
   * All items, newest first (by id, which sorts by creation time): each list shard queried newest
   * first for one page more than the page (in parallel), merged by id. A shard that may hold more
   * (DynamoDB returned a LastEvaluatedKey) bounds what the page may take: nothing older than the
   * oldest item it returned, which could still have unread neighbours in that shard. The next page
   * asks every shard for ids below the page's last one (list-cursor.ts).
   */
  async list(page: PageRequest = {}): Promise<Page<T>> {
    const limit = pageLimit(page.limit);
    const after =
      page.cursor === undefined
        ? undefined
        : decodeListCursor(page.cursor, {
            resource: this.#resource,
            shards: this.#listShards,
            idPrefix: this.#idPrefix,
          });
    const shards = await Promise.all(
      Array.from({ length: this.#listShards }, (_, shard) =>
        this.#client.send(
          new QueryCommand({
            TableName: this.#table,
            IndexName: LIST_INDEX.name,
            KeyConditionExpression: after === undefined ? '#k = :k' : '#k = :k AND #id < :after',
            ExpressionAttributeNames: {
              '#k': LIST_PARTITION_ATTRIBUTE,
              ...(after === undefined ? {} : { '#id': ID_ATTRIBUTE }),
            },
            ExpressionAttributeValues: {
              ':k': listPartition(this.#resource, shard),
              ...(after === undefined ? {} : { ':after': after }),
            },
            ScanIndexForward: false,
            Limit: limit + 1,
          }),
        ),
      ),
    );
    let bound: string | undefined;
    let more = false;
    const found: Item[] = [];
    for (const output of shards) {
      const items = output.Items ?? [];
      found.push(...items);
      if (output.LastEvaluatedKey === undefined) continue;
      more = true;
      const oldest = items[items.length - 1]?.[ID_ATTRIBUTE];
      if (typeof oldest !== 'string') throw new Error(`query ${LIST_INDEX.name} stopped before any item`);
      if (bound === undefined || oldest > bound) bound = oldest;
    }
    const merged = found
      .filter((item) => bound === undefined || String(item[ID_ATTRIBUTE]) >= bound)
      .sort((a, b) => compareIdsNewestFirst(String(a[ID_ATTRIBUTE]), String(b[ID_ATTRIBUTE])));
    const onPage = merged.slice(0, limit);
    const resources = onPage.map((item) => this.#toResource(item));
    const last = onPage[onPage.length - 1];
    if ((merged.length <= limit && !more) || last === undefined) return { items: resources };
    const cursor = encodeListCursor({
      resource: this.#resource,
      shards: this.#listShards,
      after: String(last[ID_ATTRIBUTE]),
    });
    return { items: resources, cursor };
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
    const config = this.#index(index);
    const value = lookupValue(config, values);
    if (value === undefined) return undefined;
    if (!config.unique) return (await this.findAll(index, values, { limit: 1 })).items[0];
    for (let attempt = 0; attempt < 3; attempt++) {
      const guard = await this.#getItem(guardKey(config.name, value));
      const owner = guard?.[OWNER_ATTRIBUTE];
      if (guard === undefined || guard[TYPE_ATTRIBUTE] !== GUARD_TYPE || typeof owner !== 'string')
        return undefined;
      const item = await this.#read(owner);
      if (item !== undefined && indexValue(config, item) === value) return this.#toResource(item);
    }
    return undefined;
  }

  /** The items whose index fields hold `values`, newest first. */
  async findAll(index: string, values: IndexValues, page: PageRequest = {}): Promise<Page<T>> {
    const config = this.#index(index);
    const value = lookupValue(config, values);
    if (value === undefined) {
      // Nothing is indexed under a missing value, and no cursor can belong to this query.
      pageLimit(page.limit);
      if (page.cursor !== undefined) throw new InvalidCursorError();
      return { items: [] };
    }
    const shape: CursorShape = {
      attributes: [TABLE_KEY, config.name, ID_ATTRIBUTE],
      fixed: { [config.name]: value },
      check: (key) => key[TABLE_KEY] === key[ID_ATTRIBUTE],
    };
    return this.#query(
      {
        IndexName: config.name,
        KeyConditionExpression: '#k = :k',
        ExpressionAttributeNames: { '#k': config.name },
        ExpressionAttributeValues: { ':k': value },
      },
      shape,
      page,
    );
  }

  // ---- reading ---------------------------------------------------------------------------------

  async #getItem(pk: string): Promise<Item | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: { [TABLE_KEY]: pk }, ConsistentRead: true }),
    );
    return Item;
  }

  /** The stored item of this resource with this id (table attributes included), or undefined. */
  async #read(id: string): Promise<Item | undefined> {
    // Not a key DynamoDB would accept (it rejects "" and over-long keys with a 400 → 500): no item.
    if (typeof id !== 'string' || id === '' || Buffer.byteLength(id, 'utf8') > MAX_PARTITION_KEY_BYTES)
      return undefined;
    const item = await this.#getItem(id);
    return item !== undefined && item[TYPE_ATTRIBUTE] === this.#resource && item[ID_ATTRIBUTE] === id
      ? item
      : undefined;
  }

  /**
   * One page of a GSI query, newest first. Asks for one item more than the page holds, so the last
   * page comes without a cursor (no empty page at the end); the cursor is then the key of the page's
   * last item. When DynamoDB stops early (1 MB per query), the page is shorter and the cursor is its
   * LastEvaluatedKey.
   */
  async #query(
    input: Pick<
      QueryCommandInput,
      'IndexName' | 'KeyConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
    >,
    shape: CursorShape,
    page: PageRequest,
  ): Promise<Page<T>> {
    const limit = pageLimit(page.limit);
    const start = page.cursor === undefined ? undefined : decodeCursor(page.cursor, shape);
    const output = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        ...input,
        ScanIndexForward: false,
        Limit: limit + 1,
        ...(start === undefined ? {} : { ExclusiveStartKey: start }),
      }),
    );
    const found = output.Items ?? [];
    const items = found.slice(0, limit);
    let last: Item | undefined;
    if (found.length > limit) last = items[items.length - 1];
    else if (output.LastEvaluatedKey !== undefined) last = output.LastEvaluatedKey;
    const resources = items.map((item) => this.#toResource(item));
    if (last === undefined) return { items: resources };
    const key: Record<string, string> = {};
    for (const attribute of shape.attributes) {
      const value = last[attribute];
      if (typeof value !== 'string')
        throw new Error(`query ${input.IndexName} returned a key without ${attribute}`);
      key[attribute] = value;
    }
    return { items: resources, cursor: encodeCursor(key satisfies CursorKey) };
  }

  /** A stored item as the resource: table attributes stripped, then `parse`. */
  #toResource(stored: Item): T {
    const resource: Item = {};
    for (const [name, value] of Object.entries(stored)) {
      if (
        name === TABLE_KEY ||
        name === TYPE_ATTRIBUTE ||
        name === LIST_PARTITION_ATTRIBUTE ||
        name === HASH_CODE_ATTRIBUTE ||
        name.startsWith(this.#indexAttributePrefix)
      ) {
        continue;
      }
      resource[name] = value;
    }
    return this.#parse(resource);
  }

  #index(name: string): IndexConfig {
    const index = this.#indexes.get(name);
    if (index === undefined) {
      const known = [...this.#indexes.keys()].join(', ') || 'none';
      throw new TypeError(`${this.#resource} has no index ${name}; its indexes: ${known}`);
    }
    return index;
  }

  // ---- writing ---------------------------------------------------------------------------------

  /** The item, unless DynamoDB would refuse it for its size: then ItemTooLargeError (413), nothing written. */
  #sized(item: Item): Item {
    const size = itemSizeBytes(item);
    if (size > MAX_ITEM_BYTES) throw new ItemTooLargeError(this.#resource, size, MAX_ITEM_BYTES);
    return item;
  }

  #item(id: string, content: Item, version: number, createdAt: string, updatedAt: string): Item {
    const item: Item = {
      ...content,
      [TABLE_KEY]: id,
      [TYPE_ATTRIBUTE]: this.#resource,
      [LIST_PARTITION_ATTRIBUTE]: listPartition(this.#resource, listShard(id, this.#listShards)),
      [ID_ATTRIBUTE]: id,
      [VERSION_ATTRIBUTE]: version,
      [HASH_CODE_ATTRIBUTE]: hashCode(content),
      [CREATED_AT_ATTRIBUTE]: createdAt,
      [UPDATED_AT_ATTRIBUTE]: updatedAt,
    };
    for (const index of this.#indexes.values()) {
      const value = indexValue(index, content);
      if (value !== undefined) item[index.name] = value;
    }
    return item;
  }

  #versionCondition(version: number) {
    return {
      ConditionExpression: '#version = :version',
      ExpressionAttributeNames: { '#version': VERSION_ATTRIBUTE },
      ExpressionAttributeValues: { ':version': version },
      // Tells "changed" from "gone" when the condition fails.
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    };
  }

  /** Puts the guard item of a unique value; fails if any item holds it (even `owner` itself). */
  #claim(index: IndexConfig, value: string, owner: string): Action {
    return {
      role: { kind: 'claim', index },
      write: {
        Put: {
          TableName: this.#table,
          Item: {
            [TABLE_KEY]: guardKey(index.name, value),
            [TYPE_ATTRIBUTE]: GUARD_TYPE,
            [OWNER_ATTRIBUTE]: owner,
          },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': TABLE_KEY },
        },
      },
    };
  }

  /**
   * Deletes the guard item of a unique value the item held. Condition: the guard is ours, or missing.
   * (Adjustment to the plain `owner = :id`: a guard can be missing for items written before the
   * index became unique; insisting on it would make such items impossible to change or delete.)
   */
  #release(index: IndexConfig, value: string, owner: string): Action {
    return {
      role: { kind: 'release', index },
      write: {
        Delete: {
          TableName: this.#table,
          Key: { [TABLE_KEY]: guardKey(index.name, value) },
          ConditionExpression: 'attribute_not_exists(#pk) OR #owner = :owner',
          ExpressionAttributeNames: { '#pk': TABLE_KEY, '#owner': OWNER_ATTRIBUTE },
          ExpressionAttributeValues: { ':owner': owner },
        },
      },
    };
  }

  #throwIfForeignGuards(failure: WriteFailure, id: string): void {
    const index = failure.foreignGuards[0];
    if (index !== undefined) {
      throw new Error(
        `${this.#resource} ${id}: the guard item of its ${index.name} value belongs to another item; ` +
          'the unique index is inconsistent and needs repair',
      );
    }
  }

  /**
   * Runs the actions: one action as a plain conditional Put/Delete, several as one transaction.
   * Returns undefined on success, or why the conditions failed. Retries writes that lost to a
   * concurrent transaction (TransactionConflict); their conditions make a retry safe. Any other
   * failure is thrown as it came.
   */
  async #write(actions: readonly Action[]): Promise<WriteFailure | undefined> {
    for (let attempt = 1; ; attempt++) {
      const failure = await this.#writeOnce(actions);
      if (failure === undefined || !failure.transient || failure.itemCheckFailed) return failure;
      if (failure.clashes.length > 0 || failure.foreignGuards.length > 0) return failure;
      if (attempt >= CONFLICT_ATTEMPTS) return failure;
      await sleep(Math.random() * CONFLICT_BACKOFF_MS * 2 ** attempt);
    }
  }

  async #writeOnce(actions: readonly Action[]): Promise<WriteFailure | undefined> {
    const [only] = actions;
    if (actions.length === 1 && only !== undefined) {
      try {
        if (only.write.Put !== undefined) await this.#client.send(new PutCommand(only.write.Put));
        else if (only.write.Delete !== undefined)
          await this.#client.send(new DeleteCommand(only.write.Delete));
        else throw new TypeError('a single write is a Put or a Delete');
        return undefined;
      } catch (error) {
        if (errorName(error) === 'ConditionalCheckFailedException') {
          return singleFailure(only.role, { conflict: false, gone: !hasItem(error) });
        }
        if (errorName(error) === 'TransactionConflictException') {
          return singleFailure(only.role, { conflict: true, gone: false });
        }
        throw error;
      }
    }
    try {
      await this.#client.send(
        new TransactWriteCommand({
          // Makes the SDK's own retries idempotent: a retry of a transaction that did succeed must
          // not fail its conditions and report a false conflict. A new token per attempt of ours.
          ClientRequestToken: randomUUID(),
          TransactItems: actions.map((action) => action.write),
        }),
      );
      return undefined;
    } catch (error) {
      const failure =
        errorName(error) === 'TransactionCanceledException' ? cancellation(error, actions) : undefined;
      if (failure === undefined) throw error;
      return failure;
    }
  }
}

// ---- helpers -----------------------------------------------------------------------------------

/**
 * The fields as they are stored and hashed: id and system attributes dropped (they are the
 * repository's), made JSON data (undefined members dropped, Dates as strings...), so the stored item
 * holds exactly what the hash covers. Throws TypeError for a field named like a table attribute.
 */
function storableContent(fields: object, indexAttributePrefix: string): Item {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    throw new TypeError('fields must be an object');
  }
  const content: Item = {};
  for (const [name, value] of Object.entries(fields)) {
    if (HASH_EXCLUDED_FIELDS.has(name) || value === undefined) continue;
    if (
      name === TABLE_KEY ||
      name === TYPE_ATTRIBUTE ||
      name === LIST_PARTITION_ATTRIBUTE ||
      name.startsWith(indexAttributePrefix)
    ) {
      throw new TypeError(`field ${name} clashes with a table attribute`);
    }
    content[name] = value;
  }
  return JSON.parse(canonicalJson(content)) as Item;
}

/** Sorts ids newest first: descending in code-unit order, DynamoDB's order of string sort keys for ids' ASCII. */
export function compareIdsNewestFirst(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}

/** One index field's value as index text (a string's case folded when the index ignores case), or undefined when it has none. */
function indexPart(index: IndexConfig, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const json: unknown = JSON.parse(canonicalJson(value));
  if (json === null) return undefined;
  if (typeof json !== 'string') return canonicalJson(json);
  return index.ignoreCase === true ? foldIndexCase(json) : json;
}

/** The index value of an item's (or a form's) fields; undefined when a field has no value. */
function indexValue(index: IndexConfig, item: Item): string | undefined {
  const parts: string[] = [];
  for (const field of index.fields) {
    const part = indexPart(index, item[field]);
    if (part === undefined) return undefined;
    parts.push(part);
  }
  return joinIndexParts(parts);
}

/** The index value to look up; throws TypeError for values that do not fit the index. */
function lookupValue(index: IndexConfig, values: IndexValues): string | undefined {
  const value = lookupValueOf(index, values);
  if (value === undefined) return undefined;
  // No item is indexed under a value whose key DynamoDB would refuse (the guard's key on a unique
  // index, the GSI key otherwise): nothing to look up, rather than a request that fails.
  const key = index.unique ? guardKey(index.name, value) : value;
  return Buffer.byteLength(key, 'utf8') > MAX_PARTITION_KEY_BYTES ? undefined : value;
}

function lookupValueOf(index: IndexConfig, values: IndexValues): string | undefined {
  if (Array.isArray(values)) {
    if (values.length !== index.fields.length) {
      throw new TypeError(`${index.name} takes ${index.fields.length} value(s), got ${values.length}`);
    }
    const parts: string[] = [];
    for (const value of values as readonly unknown[]) {
      const part = indexPart(index, value);
      if (part === undefined) return undefined;
      parts.push(part);
    }
    return joinIndexParts(parts);
  }
  if (typeof values !== 'object' || values === null) throw new TypeError(`${index.name} takes values`);
  return indexValue(index, values as Item);
}

function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT)
    throw new InvalidLimitError(1, MAX_PAGE_LIMIT);
  return limit;
}

function storedVersion(item: Item): number {
  const version = item.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new Error(`stored item ${String(item[TABLE_KEY])} has no valid version`);
  }
  return version;
}

function errorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string'
    ? error.name
    : undefined;
}

/** Whether a ConditionalCheckFailed error (or cancellation reason) carries the old item. */
function hasItem(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'Item' in value && value.Item != null;
}

function singleFailure(role: Role, how: { conflict: boolean; gone: boolean }): WriteFailure {
  const failed = !how.conflict;
  return {
    itemCheckFailed: failed && role.kind === 'item',
    itemGone: failed && role.kind === 'item' && how.gone,
    clashes: failed && role.kind === 'claim' ? [role.index] : [],
    foreignGuards: failed && role.kind === 'release' ? [role.index] : [],
    transient: how.conflict,
  };
}

/**
 * Reads a TransactionCanceledException's CancellationReasons (one per action, in order). Returns
 * undefined when they do not explain the failure by conditions or conflicts (throttling, validation,
 * missing reasons): the caller rethrows the error then.
 */
function cancellation(error: unknown, actions: readonly Action[]): WriteFailure | undefined {
  const reasons: unknown =
    typeof error === 'object' && error !== null && 'CancellationReasons' in error
      ? error.CancellationReasons
      : undefined;
  if (!Array.isArray(reasons) || reasons.length !== actions.length) return undefined;
  let itemCheckFailed = false;
  let itemGone = false;
  let transient = false;
  const clashes: IndexConfig[] = [];
  const foreignGuards: IndexConfig[] = [];
  for (const [position, reason] of (reasons as unknown[]).entries()) {
    const code =
      typeof reason === 'object' && reason !== null && 'Code' in reason && typeof reason.Code === 'string'
        ? reason.Code
        : 'None';
    const role = actions[position]?.role;
    if (code === 'None' || role === undefined) continue;
    if (code === 'TransactionConflict') {
      transient = true;
    } else if (code === 'ConditionalCheckFailed') {
      if (role.kind === 'item') {
        itemCheckFailed = true;
        itemGone = !hasItem(reason);
      } else if (role.kind === 'claim') {
        clashes.push(role.index);
      } else {
        foreignGuards.push(role.index);
      }
    } else {
      return undefined;
    }
  }
  if (!itemCheckFailed && !transient && clashes.length === 0 && foreignGuards.length === 0) return undefined;
  return { itemCheckFailed, itemGone, clashes, foreignGuards, transient };
}

function sleep(millis: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, millis));
}
