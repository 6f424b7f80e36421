/**
 * One page of the items under one value of a storage index (`findAll`, and `findOne` on an index
 * that is not unique), newest first.
 *
 * The index is a GSI keyed by the attribute of its name (partition: the index value) and `id` (sort),
 * as conventions/table-layout.ts lays it out. A page asks for one item more than it holds, so the
 * last page comes without a cursor (no empty page at the end); the cursor is then the key of the
 * page's last item. When DynamoDB stops early (1 MB per query), the page is shorter and the cursor is
 * its LastEvaluatedKey. A cursor is checked against the query (cursor.ts): it must be a key of this
 * index under this value, so it cannot steer the query to another value or index.
 */
import { ID_ATTRIBUTE, TABLE_KEY } from '../conventions';
import { type CursorKey, type CursorShape, decodeCursor, encodeCursor } from './cursor';
import type { IndexConfig } from './definition';
import { InvalidCursorError } from './errors';
import type { ItemPage } from './list-page';
import { type PageRequest, pageLimit } from './paging';
import type { TableStore } from './table-store';

/** The page under `value`; an empty one when there is no value to look up (a sparse index). */
export async function readIndexPage(
  store: TableStore,
  index: IndexConfig,
  value: string | undefined,
  page: PageRequest,
): Promise<ItemPage> {
  const limit = pageLimit(page.limit);
  if (value === undefined) {
    // Nothing is indexed under a missing value, and no cursor can belong to this query.
    if (page.cursor !== undefined) throw new InvalidCursorError();
    return { items: [] };
  }
  const shape: CursorShape = {
    attributes: [TABLE_KEY, index.name, ID_ATTRIBUTE],
    fixed: { [index.name]: value },
    check: (key) => key[TABLE_KEY] === key[ID_ATTRIBUTE],
  };
  const start = page.cursor === undefined ? undefined : decodeCursor(page.cursor, shape);
  const output = await store.queryNewestFirst({
    index: { name: index.name, partitionKey: index.name, sortKey: ID_ATTRIBUTE },
    partition: value,
    limit: limit + 1,
    ...(start === undefined ? {} : { startKey: start }),
  });
  const items = output.items.slice(0, limit);
  let last: Readonly<Record<string, unknown>> | undefined;
  if (output.items.length > limit) last = items[items.length - 1];
  else if (output.lastKey !== undefined) last = output.lastKey;
  if (last === undefined) return { items };
  const key: Record<string, string> = {};
  for (const attribute of shape.attributes) {
    const part = last[attribute];
    if (typeof part !== 'string') throw new Error(`query ${index.name} returned a key without ${attribute}`);
    key[attribute] = part;
  }
  return { items, cursor: encodeCursor(key satisfies CursorKey) };
}
