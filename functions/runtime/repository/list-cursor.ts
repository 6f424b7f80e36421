/**
 * The cursor of a resource list, whose items come from several list shards merged newest first
 * (conventions/table-layout.ts `listShard`). Its JSON, base64url as every cursor (cursor.ts):
 *
 *   { "list": <resource>, "shards": "<shard count>", "after": <id of the page's last item> }
 *
 * One id is every shard's position: the merge orders all items by id, and ids are unique, so after a
 * page each shard resumes strictly below that same id (an `ExclusiveStartKey` per shard built from
 * it). The shard count is in the cursor so that a cursor made under another layout (the spec's
 * `list_shards` changed) is refused with {@link InvalidCursorError} (422) rather than read against
 * partitions it never described.
 */
import { MAX_PARTITION_KEY_BYTES } from '../conventions';
import { decodeCursor, encodeCursor } from './cursor';
import { InvalidCursorError } from './errors';

export interface ListPosition {
  readonly resource: string;
  readonly shards: number;
  /** The id of the last item listed: the next page holds only older (smaller) ids. */
  readonly after: string;
}

const LIST = 'list';
const SHARDS = 'shards';
const AFTER = 'after';

export function encodeListCursor(position: ListPosition): string {
  return encodeCursor({
    [LIST]: position.resource,
    [SHARDS]: String(position.shards),
    [AFTER]: position.after,
  });
}

/**
 * The id a list cursor resumes after; throws {@link InvalidCursorError} unless the cursor is one of
 * this resource's lists under this shard count, its id one of the resource's (`<idPrefix>-...`).
 */
export function decodeListCursor(
  cursor: string,
  expected: { readonly resource: string; readonly shards: number; readonly idPrefix: string },
): string {
  const key = decodeCursor(cursor, {
    attributes: [LIST, SHARDS, AFTER],
    fixed: { [LIST]: expected.resource, [SHARDS]: String(expected.shards) },
    check: (decoded) => {
      const after = decoded[AFTER] ?? '';
      return (
        after.startsWith(`${expected.idPrefix}-`) &&
        Buffer.byteLength(after, 'utf8') <= MAX_PARTITION_KEY_BYTES
      );
    },
  });
  const after = key[AFTER];
  if (after === undefined) throw new InvalidCursorError();
  return after;
}
