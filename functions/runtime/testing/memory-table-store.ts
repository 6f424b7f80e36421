/**
 * A service table in memory, for the test doubles: the repository's {@link TableStore} with
 * DynamoDB's semantics, so that {@link MemoryRepository} is the real {@link ResourceRepository} with
 * only the table swapped. Never imported by deployed code.
 *
 * What it does as DynamoDB does:
 * - items by the table key (`pk`), stored and returned as copies (as the wire would), so nothing a
 *   caller mutates later changes what is stored;
 * - the GSIs of the layout (conventions/table-layout.ts): an item is in an index when it has the
 *   index's partition key attribute (sparse), read in descending sort key order (UTF-8 byte order,
 *   as DynamoDB orders strings), a page of at most `limit` items with a `lastKey` when it stopped
 *   at the limit, resumed after a `startKey`;
 * - conditional writes, a single one or several all or nothing, failing with one reason per write
 *   (whether the item existed is told for a `version` condition only, as `ALL_OLD` does);
 * - it refuses what DynamoDB or the AWS SDK refuse, before writing anything: a number beyond
 *   ±(2^53 - 1) (the document client's error, word for word), and as a {@link DynamoDbValidationError}
 *   a number closer to 0 than 1e-130, an empty attribute name or map key, values nested deeper than
 *   32 levels, a key (the table's, or a GSI's partition key) over 2,048 bytes.
 *
 * Not emulated: DynamoDB's 1 MB query pages (a real page may come back shorter than its limit),
 * eventual consistency of GSI reads (here every read sees every write at once), throttling, streams,
 * transaction conflicts (writes here happen one at a time, in the order they are made).
 */
import {
  INDEX_NAME_PREFIX,
  LIST_PARTITION_ATTRIBUTE,
  MAX_NESTING_LEVELS,
  MAX_PARTITION_KEY_BYTES,
  MIN_NUMBER_MAGNITUDE,
  OWNER_ATTRIBUTE,
  TABLE_KEY,
  VERSION_ATTRIBUTE,
} from '../conventions';
import type {
  IndexQuery,
  Item,
  QueryPage,
  TableStore,
  TableWrite,
  WriteCondition,
  WriteReason,
} from '../repository/table-store';

/**
 * What DynamoDB answers a write it cannot store (the AWS SDK's `ValidationException`): the real
 * repository lets it through, and the API answers 500.
 */
export class DynamoDbValidationError extends Error {
  override readonly name = 'ValidationException';
}

/** How deep maps and lists may nest in an attribute's value: DynamoDB's levels, less the item's own. */
const MAX_NESTING = MAX_NESTING_LEVELS - 1;

/** Orders strings as DynamoDB orders string keys: by their UTF-8 bytes. */
function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export class MemoryTableStore implements TableStore {
  /** The items by table key. */
  readonly #items = new Map<string, Item>();

  async getItem(key: string): Promise<Item | undefined> {
    const item = this.#items.get(key);
    return item === undefined ? undefined : structuredClone(item);
  }

  async queryNewestFirst(query: IndexQuery): Promise<QueryPage> {
    const { partitionKey, sortKey } = query.index;
    const below = query.sortKeyBelow;
    const after = query.startKey?.[sortKey];
    const sortOf = (item: Item): string => String(item[sortKey]);
    const matching = [...this.#items.values()]
      .filter(
        (item) =>
          item[partitionKey] === query.partition &&
          typeof item[sortKey] === 'string' &&
          (below === undefined || compareKeys(sortOf(item), below) < 0) &&
          (after === undefined || compareKeys(sortOf(item), after) < 0),
      )
      .sort((a, b) => compareKeys(sortOf(b), sortOf(a)));
    const items = matching.slice(0, query.limit).map((item) => structuredClone(item));
    const last = items.length === query.limit ? items[items.length - 1] : undefined;
    // DynamoDB stops at the limit without looking further: a page that fills it says where it
    // stopped even when nothing follows (the repository asks for one more item than it shows).
    if (last === undefined) return { items };
    return {
      items,
      lastKey: { [TABLE_KEY]: last[TABLE_KEY], [partitionKey]: query.partition, [sortKey]: last[sortKey] },
    };
  }

  async write(writes: readonly TableWrite[]): Promise<readonly WriteReason[] | undefined> {
    return this.writeNow(writes);
  }

  /**
   * {@link write}, at once: what a fake's seed data goes through, synchronously. Throws what DynamoDB
   * would refuse the call for; otherwise checks every condition against what is stored and writes
   * all or nothing.
   */
  writeNow(writes: readonly TableWrite[]): readonly WriteReason[] | undefined {
    for (const write of writes) {
      assertKey(TABLE_KEY, write.kind === 'put' ? write.item[TABLE_KEY] : write.key);
      if (write.kind === 'put') assertWritable(write.item);
    }
    const reasons = writes.map((write) =>
      this.#check(write.kind === 'put' ? write.item[TABLE_KEY] : write.key, write.condition),
    );
    if (reasons.some((reason) => reason.code !== 'None')) return reasons;
    for (const write of writes) {
      if (write.kind === 'put') this.#items.set(String(write.item[TABLE_KEY]), structuredClone(write.item));
      else this.#items.delete(write.key);
    }
    return undefined;
  }

  /** Every stored item, as copies. */
  items(): Item[] {
    return [...this.#items.values()].map((item) => structuredClone(item));
  }

  #check(key: unknown, condition: WriteCondition): WriteReason {
    const stored = this.#items.get(String(key));
    switch (condition.kind) {
      case 'absent':
        return stored === undefined
          ? { code: 'None' }
          : { code: 'ConditionalCheckFailed', itemExisted: false };
      case 'version':
        return stored !== undefined && stored[VERSION_ATTRIBUTE] === condition.version
          ? { code: 'None' }
          : { code: 'ConditionalCheckFailed', itemExisted: stored !== undefined };
      case 'absent-or-owned-by':
        return stored === undefined || stored[OWNER_ATTRIBUTE] === condition.owner
          ? { code: 'None' }
          : { code: 'ConditionalCheckFailed', itemExisted: false };
    }
  }
}

/** Throws what DynamoDB answers for a key it cannot take: not a non-empty string, or over 2,048 bytes. */
function assertKey(name: string, value: unknown): void {
  if (typeof value !== 'string' || value === '') {
    throw new DynamoDbValidationError(
      `One or more parameter values were invalid: the key attribute ${name} is not a non-empty string`,
    );
  }
  if (Buffer.byteLength(value, 'utf8') > MAX_PARTITION_KEY_BYTES) {
    throw new DynamoDbValidationError(
      `One or more parameter values were invalid: the ${name} key is over ${MAX_PARTITION_KEY_BYTES} bytes`,
    );
  }
}

/** Throws what the document client or DynamoDB throw for an item they will not write. */
function assertWritable(item: Item): void {
  assertMarshallable(item);
  assertStorable(item);
  for (const [name, value] of Object.entries(item)) {
    // A GSI's partition key: the list index's `_list`, and each storage index's attribute.
    if (name === LIST_PARTITION_ATTRIBUTE || name.startsWith(INDEX_NAME_PREFIX)) assertKey(name, value);
  }
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
function assertStorable(item: Item): void {
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
    for (const [name, element] of Object.entries(value)) {
      if (name === '' && !Array.isArray(value)) throw new DynamoDbValidationError('Empty attribute name');
      visit(element, depth + 1);
    }
  };
  for (const [name, value] of Object.entries(item)) {
    if (name === '') throw new DynamoDbValidationError('Empty attribute name');
    visit(value, 1);
  }
}
