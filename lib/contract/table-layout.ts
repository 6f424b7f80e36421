import { DEFAULT_LIST_SHARDS, indexName, LIST_INDEX } from '../../functions/runtime/conventions';
import type { Spec } from './schema';

/**
 * The layout of one spec's table: its resources' storage indexes and every GSI, derived from the
 * spec by the conventions every item follows (functions/runtime/conventions/table-layout.ts: the
 * table key, `_type`, the list index, index names and values, guard items). The generators
 * (lib/codegen) and the CDK stack (lib/infra) both take the table from here, so they cannot
 * disagree.
 */

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
  /** How many list-index partitions its items spread over: the spec's `list_shards`, or the default. */
  readonly listShards: number;
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

/** The layout of a validated spec's table; resources without `storage` are not in it. */
export function tableLayout(spec: Spec): TableLayout {
  const resources: ResourceLayout[] = Object.entries(spec.resources ?? {})
    .filter(([, resource]) => resource.storage !== undefined)
    .map(([resource, definition]) => ({
      resource,
      listShards: definition.storage?.list_shards ?? DEFAULT_LIST_SHARDS,
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
