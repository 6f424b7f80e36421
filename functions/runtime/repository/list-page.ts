/**
 * One page of a resource's list: all its items, newest first, across its list shards.
 *
 * A resource's items spread over `listShards` partitions of the list index (`_list` =
 * `<resource>#<shard>`, conventions/table-layout.ts `listShard`), so that one type's writes are not
 * capped by one index partition. A page reads every shard newest first for one item more than the
 * page (in parallel) and merges them by id. A shard that may hold more (DynamoDB returned a
 * LastEvaluatedKey: the limit, or its 1 MB) bounds what the page may take: nothing older than the
 * oldest item it returned, which could still have unread neighbours in that shard. The cursor is
 * the page's last id and the shard count (list-cursor.ts): the next page asks every shard for ids
 * below that one, so each item comes exactly once, and a cursor made under another shard count is
 * refused.
 */
import { ID_ATTRIBUTE, LIST_INDEX, listPartition } from '../conventions';
import type { ResourceDefinition } from './definition';
import { decodeListCursor, encodeListCursor } from './list-cursor';
import { compareIdsNewestFirst, type PageRequest, pageLimit } from './paging';
import type { Item, TableStore } from './table-store';

/** A page of stored items (not yet resources) and the next page's cursor. */
export interface ItemPage {
  readonly items: Item[];
  readonly cursor?: string;
}

export async function readListPage(
  store: TableStore,
  definition: ResourceDefinition<unknown>,
  page: PageRequest,
): Promise<ItemPage> {
  const limit = pageLimit(page.limit);
  const after =
    page.cursor === undefined
      ? undefined
      : decodeListCursor(page.cursor, {
          resource: definition.resource,
          shards: definition.listShards,
          idPrefix: definition.idPrefix,
        });
  const shards = await Promise.all(
    Array.from({ length: definition.listShards }, (_, shard) =>
      store.queryNewestFirst({
        index: LIST_INDEX,
        partition: listPartition(definition.resource, shard),
        ...(after === undefined ? {} : { sortKeyBelow: after }),
        limit: limit + 1,
      }),
    ),
  );
  let bound: string | undefined;
  let more = false;
  const found: Item[] = [];
  for (const output of shards) {
    found.push(...output.items);
    if (output.lastKey === undefined) continue;
    more = true;
    const oldest = output.items[output.items.length - 1]?.[ID_ATTRIBUTE];
    if (typeof oldest !== 'string') throw new Error(`query ${LIST_INDEX.name} stopped before any item`);
    if (bound === undefined || oldest > bound) bound = oldest;
  }
  const merged = found
    .filter((item) => bound === undefined || String(item[ID_ATTRIBUTE]) >= bound)
    .sort((a, b) => compareIdsNewestFirst(String(a[ID_ATTRIBUTE]), String(b[ID_ATTRIBUTE])));
  const onPage = merged.slice(0, limit);
  const last = onPage[onPage.length - 1];
  if ((merged.length <= limit && !more) || last === undefined) return { items: onPage };
  const cursor = encodeListCursor({
    resource: definition.resource,
    shards: definition.listShards,
    after: String(last[ID_ATTRIBUTE]),
  });
  return { items: onPage, cursor };
}
