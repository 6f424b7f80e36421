import type { Spec } from './schema';

/**
 * How a service's resources sit in its one DynamoDB table. The generated repository (run time)
 * and the CDK stack (infrastructure) both derive from this, so they cannot disagree.
 *
 * - Table key: `pk` (string) only. A resource item's pk is its id (ids carry a per-resource prefix).
 * - `_type` on every item: the resource name for resource items; `_guard` for unique-index guard
 *   items; `_dedupe` for subscriber idempotency records. The stream forwarder publishes only
 *   items whose `_type` is a resource of the service.
 * - List GSI `by_type`: partition `_type`, sort `id`; ids sort by creation time, so a descending
 *   query lists newest first.
 * - One GSI per spec index, named `ix_<resource>__<field>[__<field>...]`: partition key is an attribute of the
 *   same name holding the index's values joined by `#` (set only when every field has a value:
 *   a sparse index), sort key `id`.
 * - A unique index also writes a guard item per value, pk `_unique#<index name>#<value>`, with
 *   `owner` = the id, in the same transaction as the item.
 * - An index with `ignore_case` holds its string values case-folded (functions/runtime/repository.ts
 *   `foldIndexCase`), in its attribute and in its guard keys; the fields themselves are stored as given.
 */
export const TABLE_KEY = 'pk';
export const TYPE_ATTRIBUTE = '_type';
export const GUARD_TYPE = '_guard';
export const DEDUPE_TYPE = '_dedupe';
export const LIST_INDEX = { name: 'by_type', partitionKey: TYPE_ATTRIBUTE, sortKey: 'id' } as const;
/** Attribute holding the expiry (epoch seconds) of items DynamoDB TTL removes (dedupe records). */
export const TTL_ATTRIBUTE = 'expires_at';

export interface IndexLayout {
  /** GSI name, also the name of its partition-key attribute. */
  readonly name: string;
  readonly resource: string;
  readonly fields: readonly string[];
  readonly unique: boolean;
  /** Whether its string values are case-folded (the spec's `ignore_case`). */
  readonly ignoreCase: boolean;
  readonly partitionKey: string;
  readonly sortKey: 'id';
}

export interface ResourceLayout {
  readonly resource: string;
  readonly indexes: readonly IndexLayout[];
}

export interface TableLayout {
  readonly service: string;
  readonly resources: readonly ResourceLayout[];
  /** Every GSI of the table, list index first. */
  readonly globalSecondaryIndexes: ReadonlyArray<{
    readonly name: string;
    readonly partitionKey: string;
    readonly sortKey: string;
  }>;
}

export function indexName(resource: string, fields: readonly string[]): string {
  return `ix_${resource}__${fields.join('__')}`;
}

/** The guard item key of a unique index value. */
export function guardKey(index: string, value: string): string {
  return `_unique#${index}#${value}`;
}

/** The layout of a validated spec's table; resources without `storage` are not in it. */
export function tableLayout(spec: Spec): TableLayout {
  const resources: ResourceLayout[] = Object.entries(spec.resources ?? {})
    .filter(([, resource]) => resource.storage !== undefined)
    .map(([resource, definition]) => ({
      resource,
      indexes: (definition.storage?.indexes ?? []).map((index) => {
        const name = indexName(resource, index.fields);
        return {
          name,
          resource,
          fields: index.fields,
          unique: index.unique ?? false,
          ignoreCase: index.ignore_case ?? false,
          partitionKey: name,
          sortKey: 'id' as const,
        };
      }),
    }));
  return {
    service: spec.name,
    resources,
    globalSecondaryIndexes: [
      LIST_INDEX,
      ...resources.flatMap((r) =>
        r.indexes.map((i) => ({ name: i.name, partitionKey: i.partitionKey, sortKey: i.sortKey })),
      ),
    ],
  };
}
