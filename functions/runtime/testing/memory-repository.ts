/**
 * An in-memory stand-in for {@link ResourceRepository}, for tests and fakes: the same public API,
 * the same errors and the same behaviour, without DynamoDB. Never imported by deployed code.
 *
 * What it keeps of the real one (test/functions/runtime/testing/repository-contract.local.test.ts
 * runs the same cases against both, on DynamoDB Local, so the two cannot drift):
 * - ids `<prefix>-<ULID>` from the clock (functions/runtime/ids.ts), `version` 1 then +1 per write,
 *   `created_at` / `updated_at` from the clock, the stored content as JSON data (so a returned item
 *   is never the caller's object, and nothing the caller mutates later changes what is stored);
 * - `hash_code`: a replace whose content is unchanged writes nothing and returns the stored item;
 * - every write is conditional on the version read, and the write happens a turn after the read, as
 *   a network round trip would: concurrent writers of one version get {@link VersionConflictError};
 *   `expectedVersion` is checked the same way; {@link ItemNotFoundError} for a missing item;
 * - unique indexes ({@link UniqueConstraintError}, naming the index's fields), sparse indexes (a
 *   missing, null or empty value is in no index), multi-field index values escaped and joined by `#`,
 *   string values case-folded on an `ignoreCase` index ({@link foldIndexCase});
 * - listing and `findAll` newest first (by id), pages of 1..100 items ({@link InvalidLimitError}),
 *   cursors in the real one's format and checked as strictly ({@link InvalidCursorError}): a cursor
 *   of another listing, index value, resource or list shard count (`listShards`) is refused, no
 *   empty last page;
 * - what the AWS SDK or DynamoDB refuse, the real repository passes on as it comes (an API answers
 *   500). This refuses the same writes: a number beyond ±(2^53 - 1) (the document client's error,
 *   word for word), and as a {@link DynamoDbValidationError}: a number closer to 0 than 1e-130, an
 *   empty map key, values nested deeper than 32 levels, an index key over 2,048 bytes; an item over
 *   400 KB is refused before writing, as the real one does, with {@link ItemTooLargeError} (413).
 *
 * Not emulated: DynamoDB's 1 MB query pages (a real page may come back shorter than its limit),
 * eventual consistency of GSI reads (here every read sees every write at once), throttling, streams.
 */
import { canonicalJson } from '../canonical-json';
import { type Clock, systemClock } from '../clock';
import {
  assertListShards,
  CREATED_AT_ATTRIBUTE,
  DEFAULT_LIST_SHARDS,
  guardKey,
  HASH_CODE_ATTRIBUTE,
  ID_ATTRIBUTE,
  INDEX_NAME_PREFIX,
  indexName,
  joinIndexParts,
  LIST_PARTITION_ATTRIBUTE,
  listPartition,
  listShard,
  MAX_ITEM_BYTES,
  MAX_NESTING_LEVELS,
  MAX_PARTITION_KEY_BYTES,
  MIN_NUMBER_MAGNITUDE,
  TABLE_KEY,
  TYPE_ATTRIBUTE,
  UPDATED_AT_ATTRIBUTE,
  VERSION_ATTRIBUTE,
} from '../conventions';
import { type CursorKey, type CursorShape, decodeCursor, encodeCursor } from '../cursor';
import { HASH_EXCLUDED_FIELDS, hashCode } from '../hash-code';
import { assertIdPrefix, newId } from '../ids';
import { itemSizeBytes } from '../item-size';
import { decodeListCursor, encodeListCursor } from '../list-cursor';
import type { Page } from '../pagination';
import {
  compareIdsNewestFirst,
  DEFAULT_PAGE_LIMIT,
  foldIndexCase,
  type IndexConfig,
  type IndexValues,
  InvalidCursorError,
  InvalidLimitError,
  ItemNotFoundError,
  ItemTooLargeError,
  MAX_PAGE_LIMIT,
  type PageRequest,
  type RepositoryConfig,
  UniqueConstraintError,
  VersionConflictError,
} from '../repository';

/** What a memory repository needs: the real one's configuration, less the table it does not use. */
export type MemoryRepositoryConfig<T> = Omit<RepositoryConfig<T>, 'client' | 'tableName'>;

/**
 * What DynamoDB answers a write it cannot store (the AWS SDK's `ValidationException`): the real
 * repository lets it through, and the API answers 500.
 */
export class DynamoDbValidationError extends Error {
  override readonly name = 'ValidationException';
}

/** How deep maps and lists may nest in an attribute's value: DynamoDB's levels, less the item's own. */
const MAX_NESTING = MAX_NESTING_LEVELS - 1;

type Item = Record<string, unknown>;

/** One stored item: its content (JSON data) and what the repository maintains. */
interface Stored {
  readonly id: string;
  readonly content: Item;
  readonly version: number;
  readonly hash: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The item's value in each index it is in (by index name). */
  readonly indexValues: ReadonlyMap<string, string>;
}

/** Lets the caller's turn end between a write's read and its write, as a network round trip does. */
function nextTurn(): Promise<void> {
  return Promise.resolve();
}

export class MemoryRepository<T extends { id: string; version: number }, F extends object> {
  readonly #resource: string;
  readonly #idPrefix: string;
  readonly #indexes: ReadonlyMap<string, IndexConfig>;
  readonly #uniqueIndexes: readonly IndexConfig[];
  readonly #parse: (item: unknown) => T;
  readonly #clock: Clock;
  readonly #indexAttributePrefix: string;
  readonly #listShards: number;
  /** The items by id. */
  readonly #items = new Map<string, Stored>();
  /** Per unique index, the owner of each value: what the real one's guard items hold. */
  readonly #guards = new Map<string, Map<string, string>>();

  constructor(config: MemoryRepositoryConfig<T>) {
    assertIdPrefix(config.idPrefix);
    assertListShards(config.listShards ?? DEFAULT_LIST_SHARDS);
    if (config.resource === '') throw new TypeError('a repository needs a resource name');
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
    this.#resource = config.resource;
    this.#idPrefix = config.idPrefix;
    this.#indexes = indexes;
    this.#uniqueIndexes = [...indexes.values()].filter((index) => index.unique);
    for (const index of this.#uniqueIndexes) this.#guards.set(index.name, new Map());
    this.#parse = config.parse;
    this.#clock = config.clock ?? systemClock;
    this.#indexAttributePrefix = `${INDEX_NAME_PREFIX}${config.resource}__`;
    this.#listShards = config.listShards ?? DEFAULT_LIST_SHARDS;
  }

  // ---- the public API of ResourceRepository ---------------------------------------------------

  /** The item with this id, or undefined. */
  async get(id: string): Promise<T | undefined> {
    const stored = this.#read(id);
    return stored === undefined ? undefined : this.#toResource(stored);
  }

  /** Stores a new item: a fresh id, version 1. Throws {@link UniqueConstraintError}. */
  async create(fields: F): Promise<T> {
    const content = storableContent(fields, this.#indexAttributePrefix);
    const now = this.#clock.now().toISOString();
    const id = newId(this.#idPrefix, this.#clock);
    const stored = this.#stored(id, content, 1, now, now);
    await nextTurn();
    this.#write(stored, undefined);
    return this.#toResource(stored);
  }

  /**
   * Replaces the fields of an item. Writes nothing and returns the stored item when the content is
   * unchanged. Throws {@link ItemNotFoundError}, {@link VersionConflictError} (also when
   * `expectedVersion` is given and is not the stored version), {@link UniqueConstraintError}.
   */
  async replace(id: string, fields: F, expectedVersion?: number): Promise<T> {
    const read = this.#read(id);
    if (read === undefined) throw new ItemNotFoundError(this.#resource, id);
    if (expectedVersion !== undefined && expectedVersion !== read.version) {
      throw new VersionConflictError(this.#resource, id, expectedVersion, read.version);
    }
    const content = storableContent(fields, this.#indexAttributePrefix);
    if (hashCode(content) === read.hash) return this.#toResource(read);
    const now = this.#clock.now().toISOString();
    const stored = this.#stored(id, content, read.version + 1, read.createdAt, now);
    await nextTurn();
    const current = this.#items.get(id);
    if (current === undefined) throw new ItemNotFoundError(this.#resource, id);
    if (current.version !== read.version) throw new VersionConflictError(this.#resource, id, read.version);
    this.#write(stored, current);
    return this.#toResource(stored);
  }

  /**
   * Deletes an item; returns what was deleted, or undefined if there was no such item. Throws
   * {@link VersionConflictError} (also when `expectedVersion` is not the stored version).
   */
  async delete(id: string, expectedVersion?: number): Promise<T | undefined> {
    const read = this.#read(id);
    if (read === undefined) return undefined;
    if (expectedVersion !== undefined && expectedVersion !== read.version) {
      throw new VersionConflictError(this.#resource, id, expectedVersion, read.version);
    }
    await nextTurn();
    const current = this.#items.get(id);
    if (current === undefined) return undefined; // deleted concurrently
    if (current.version !== read.version) throw new VersionConflictError(this.#resource, id, read.version);
    this.#release(current);
    this.#items.delete(id);
    return this.#toResource(read);
  }

  /** All items, newest first (by id, which sorts by creation time); the real one's list cursor. */
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
    const found = newestFirst([...this.#items.values()])
      .filter((stored) => after === undefined || stored.id < after)
      .slice(0, limit + 1);
    const onPage = found.slice(0, limit);
    const resources = onPage.map((stored) => this.#toResource(stored));
    const last = onPage[onPage.length - 1];
    if (found.length <= limit || last === undefined) return { items: resources };
    const cursor = encodeListCursor({ resource: this.#resource, shards: this.#listShards, after: last.id });
    return { items: resources, cursor };
  }

  /** The item whose index fields hold `values` (the newest, on a non-unique index), or undefined. */
  async findOne(index: string, values: IndexValues): Promise<T | undefined> {
    const config = this.#index(index);
    const value = lookupValue(config, values);
    if (value === undefined) return undefined;
    if (!config.unique) return (await this.findAll(index, values, { limit: 1 })).items[0];
    const owner = this.#guards.get(config.name)?.get(value);
    const stored = owner === undefined ? undefined : this.#items.get(owner);
    return stored === undefined ? undefined : this.#toResource(stored);
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
    const matching = [...this.#items.values()].filter(
      (stored) => stored.indexValues.get(config.name) === value,
    );
    return this.#page(matching, shape, page, (stored) => ({
      [TABLE_KEY]: stored.id,
      [config.name]: value,
      [ID_ATTRIBUTE]: stored.id,
    }));
  }

  // ---- for tests: what the real repository has no use for --------------------------------------

  /**
   * Stores a new item at once (no turn passes): what a fake's seed data goes through. The same
   * rules as {@link create}: a fresh id from the clock, version 1, unique indexes enforced.
   */
  seed(fields: F): T {
    const content = storableContent(fields, this.#indexAttributePrefix);
    const now = this.#clock.now().toISOString();
    const stored = this.#stored(newId(this.#idPrefix, this.#clock), content, 1, now, now);
    this.#write(stored, undefined);
    return this.#toResource(stored);
  }

  /** Every item, newest first. */
  all(): T[] {
    return newestFirst([...this.#items.values()]).map((stored) => this.#toResource(stored));
  }

  /** How many items there are. */
  get size(): number {
    return this.#items.size;
  }

  // ---- internals ---------------------------------------------------------------------------------

  #read(id: string): Stored | undefined {
    if (typeof id !== 'string' || id === '' || Buffer.byteLength(id, 'utf8') > MAX_PARTITION_KEY_BYTES)
      return undefined;
    return this.#items.get(id);
  }

  #index(name: string): IndexConfig {
    const index = this.#indexes.get(name);
    if (index === undefined) {
      const known = [...this.#indexes.keys()].join(', ') || 'none';
      throw new TypeError(`${this.#resource} has no index ${name}; its indexes: ${known}`);
    }
    return index;
  }

  #stored(id: string, content: Item, version: number, createdAt: string, updatedAt: string): Stored {
    assertMarshallable(content);
    assertStorable(content);
    const hash = hashCode(content);
    const indexValues = new Map<string, string>();
    for (const index of this.#indexes.values()) {
      const value = indexValue(index, content);
      if (value === undefined) continue;
      // The guard item's key on a unique index, the GSI's key otherwise.
      const key = index.unique ? guardKey(index.name, value) : value;
      if (Buffer.byteLength(key, 'utf8') > MAX_PARTITION_KEY_BYTES) {
        throw new DynamoDbValidationError(
          `One or more parameter values were invalid: the ${index.name} key is over ${MAX_PARTITION_KEY_BYTES} bytes`,
        );
      }
      indexValues.set(index.name, value);
    }
    // The item as the real repository writes it: the content and the table's own attributes.
    const item: Item = {
      ...content,
      [TABLE_KEY]: id,
      [TYPE_ATTRIBUTE]: this.#resource,
      [LIST_PARTITION_ATTRIBUTE]: listPartition(this.#resource, listShard(id, this.#listShards)),
      [ID_ATTRIBUTE]: id,
      [VERSION_ATTRIBUTE]: version,
      [HASH_CODE_ATTRIBUTE]: hash,
      [CREATED_AT_ATTRIBUTE]: createdAt,
      [UPDATED_AT_ATTRIBUTE]: updatedAt,
      ...Object.fromEntries(indexValues),
    };
    const size = itemSizeBytes(item);
    if (size > MAX_ITEM_BYTES) throw new ItemTooLargeError(this.#resource, size, MAX_ITEM_BYTES);
    return { id, content, version, hash, createdAt, updatedAt, indexValues };
  }

  /** Stores `stored` in place of `previous` (or as a new item), claiming and releasing unique values. */
  #write(stored: Stored, previous: Stored | undefined): void {
    for (const index of this.#uniqueIndexes) {
      const value = stored.indexValues.get(index.name);
      if (value === undefined || value === previous?.indexValues.get(index.name)) continue;
      if (this.#guards.get(index.name)?.has(value)) {
        throw new UniqueConstraintError(this.#resource, index.name, index.fields);
      }
    }
    if (previous !== undefined) this.#release(previous);
    for (const index of this.#uniqueIndexes) {
      const value = stored.indexValues.get(index.name);
      if (value !== undefined) this.#guards.get(index.name)?.set(value, stored.id);
    }
    this.#items.set(stored.id, stored);
  }

  #release(stored: Stored): void {
    for (const index of this.#uniqueIndexes) {
      const value = stored.indexValues.get(index.name);
      const guards = this.#guards.get(index.name);
      if (value !== undefined && guards?.get(value) === stored.id) guards.delete(value);
    }
  }

  /** One page of `items`, newest first, after the cursor's item: the real query's paging. */
  #page(
    items: readonly Stored[],
    shape: CursorShape,
    page: PageRequest,
    keyOf: (stored: Stored) => CursorKey,
  ): Page<T> {
    const limit = pageLimit(page.limit);
    const start = page.cursor === undefined ? undefined : decodeCursor(page.cursor, shape);
    const after = start?.[ID_ATTRIBUTE];
    const found = newestFirst(items)
      .filter((stored) => after === undefined || stored.id < after)
      .slice(0, limit + 1);
    const onPage = found.slice(0, limit);
    const resources = onPage.map((stored) => this.#toResource(stored));
    const last = onPage[onPage.length - 1];
    if (found.length <= limit || last === undefined) return { items: resources };
    return { items: resources, cursor: encodeCursor(keyOf(last)) };
  }

  /** A stored item as the resource: its content, id and system attributes, then `parse`. */
  #toResource(stored: Stored): T {
    const item: Item = {
      ...structuredClone(stored.content),
      [ID_ATTRIBUTE]: stored.id,
      [VERSION_ATTRIBUTE]: stored.version,
      [CREATED_AT_ATTRIBUTE]: stored.createdAt,
      [UPDATED_AT_ATTRIBUTE]: stored.updatedAt,
    };
    return this.#parse(item);
  }
}

// ---- helpers: the real repository's rules for contents and index values ---------------------------

function newestFirst(items: readonly Stored[]): Stored[] {
  return [...items].sort((a, b) => compareIdsNewestFirst(a.id, b.id));
}

/**
 * The fields as they are stored and hashed: id and system attributes dropped, made JSON data.
 * Throws TypeError for a field named like a table attribute.
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

/** Throws what the document client throws for a number it will not send (it would lose precision). */
function assertMarshallable(value: unknown): void {
  if (typeof value === 'number') {
    if (value > Number.MAX_SAFE_INTEGER) {
      throw new Error(
        `Number ${String(value)} is greater than Number.MAX_SAFE_INTEGER. Use NumberValue from @aws-sdk/lib-dynamodb.`,
      );
    }
    if (value < Number.MIN_SAFE_INTEGER) {
      throw new Error(
        `Number ${String(value)} is lesser than Number.MIN_SAFE_INTEGER. Use NumberValue from @aws-sdk/lib-dynamodb.`,
      );
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) assertMarshallable(item);
  }
}

/** Throws what DynamoDB answers for content it cannot store: tiny numbers, empty map keys, deep nesting. */
function assertStorable(content: Item): void {
  const visit = (value: unknown, depth: number): void => {
    if (typeof value === 'number') {
      if (value !== 0 && Math.abs(value) < MIN_NUMBER_MAGNITUDE) {
        throw new DynamoDbValidationError(
          'Number underflow. Attempting to store a number with magnitude smaller than supported range',
        );
      }
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    if (depth > MAX_NESTING) {
      throw new DynamoDbValidationError('Nesting Levels have exceeded supported limits');
    }
    for (const [name, item] of Object.entries(value)) {
      if (name === '' && !Array.isArray(value)) throw new DynamoDbValidationError('Empty attribute name');
      visit(item, depth + 1);
    }
  };
  for (const [name, value] of Object.entries(content)) {
    if (name === '') throw new DynamoDbValidationError('Empty attribute name');
    visit(value, 1);
  }
}

/**
 * An item's size as DynamoDB counts it: attribute names and strings in UTF-8 bytes, a number about
 * one byte per two significant digits plus one, booleans and nulls one byte, a map or list three
 * bytes plus one per element plus its elements (and a map's keys).
 */
/** One index field's value as index text (a string's case folded when the index ignores case), or undefined when it has none. */
function indexPart(index: IndexConfig, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const json: unknown = JSON.parse(canonicalJson(value));
  if (json === null) return undefined;
  if (typeof json !== 'string') return canonicalJson(json);
  return index.ignoreCase === true ? foldIndexCase(json) : json;
}

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
