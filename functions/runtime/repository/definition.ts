/**
 * What a resource's storage is, as the repository needs it: its name (also its items' `_type`), its
 * id prefix, its indexes, how many list shards it spreads over, and how a stored item becomes the
 * resource (`parse`). The generated repository passes these (lib/codegen/repository.ts) and
 * {@link defineResource} checks them once, at construction, against the table layout
 * (conventions/table-layout.ts): an index named otherwise than the layout names it would read a GSI
 * the stack never created, so it is refused before any request rather than failing on the first.
 *
 * Both table stores (DynamoDB, and the in-memory one of the test doubles) are driven from the same
 * definition, which is what keeps them behaving alike.
 */
import type { Clock } from '../clock';
import { assertListShards, DEFAULT_LIST_SHARDS, INDEX_NAME_PREFIX, indexName } from '../conventions';
import { assertIdPrefix } from '../ids';

export interface IndexConfig {
  /** The GSI name, `ix_<resource>__<field>[__<field>...]` (see `indexName` in table-layout.ts). */
  readonly name: string;
  readonly fields: readonly string[];
  readonly unique: boolean;
  /** Whether values that differ only in letter case are the same index value (`foldIndexCase`); default false. */
  readonly ignoreCase?: boolean;
}

/** What a repository is configured with, whatever table it is over. */
export interface ResourceConfig<T> {
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
  /**
   * The X-Ray trace header each write keeps (`_trace`), asked for at every write; undefined for none.
   * Default: the running invocation's, read from the environment at each write (trace-context.ts
   * `currentTraceHeader`: Lambda sets `_X_AMZN_TRACE_ID` per invocation). Tests inject it, e.g.
   * `() => currentTraceHeader({ _X_AMZN_TRACE_ID: '...' })`.
   */
  readonly traceHeader?: () => string | undefined;
}

/** A checked {@link ResourceConfig}: indexes by name, the unique ones apart, defaults applied. */
export interface ResourceDefinition<T> {
  readonly resource: string;
  readonly idPrefix: string;
  readonly indexes: ReadonlyMap<string, IndexConfig>;
  readonly uniqueIndexes: readonly IndexConfig[];
  readonly parse: (item: unknown) => T;
  /** Every index attribute of this resource starts with it (also those of indexes since removed). */
  readonly indexAttributePrefix: string;
  readonly listShards: number;
}

/**
 * Checks a configuration and resolves its defaults. Throws TypeError for a bad id prefix, a missing
 * resource name (or table name, when the repository has one), an index without fields, named
 * otherwise than the layout names it, or configured twice; RangeError for a list shard count
 * outside 1..32.
 */
export function defineResource<T>(
  config: ResourceConfig<T>,
  table: { readonly tableName?: string } = {},
): ResourceDefinition<T> {
  assertIdPrefix(config.idPrefix);
  assertListShards(config.listShards ?? DEFAULT_LIST_SHARDS);
  if (config.resource === '' || table.tableName === '') {
    throw new TypeError(
      table.tableName === undefined
        ? 'a repository needs a resource name'
        : 'a repository needs a resource name and a table name',
    );
  }
  const indexes = new Map<string, IndexConfig>();
  for (const index of config.indexes) {
    if (index.fields.length === 0) throw new TypeError(`index ${index.name} has no fields`);
    const expected = indexName(config.resource, index.fields);
    if (index.name !== expected) {
      throw new TypeError(`index on ${index.fields.join(', ')} must be named ${expected}, got ${index.name}`);
    }
    if (indexes.has(index.name)) throw new TypeError(`index ${index.name} is configured twice`);
    indexes.set(index.name, {
      name: index.name,
      fields: Object.freeze([...index.fields]),
      unique: index.unique,
      ignoreCase: index.ignoreCase === true,
    });
  }
  return {
    resource: config.resource,
    idPrefix: config.idPrefix,
    indexes,
    uniqueIndexes: [...indexes.values()].filter((index) => index.unique),
    parse: config.parse,
    indexAttributePrefix: `${INDEX_NAME_PREFIX}${config.resource}__`,
    listShards: config.listShards ?? DEFAULT_LIST_SHARDS,
  };
}

/** The configured index of this name; a TypeError (a programming error) naming the ones there are. */
export function indexOf(definition: ResourceDefinition<unknown>, name: string): IndexConfig {
  const index = definition.indexes.get(name);
  if (index === undefined) {
    const known = [...definition.indexes.keys()].join(', ') || 'none';
    throw new TypeError(`${definition.resource} has no index ${name}; its indexes: ${known}`);
  }
  return index;
}
