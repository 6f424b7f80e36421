/**
 * A mocked document client's answer to the list-shard queries of ResourceRepository.list: each
 * query gets the items whose id hashes to its `_list` partition (and, after a cursor, only ids below
 * it), as DynamoDB's list index would hold them.
 */
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_LIST_SHARDS, listPartition, listShard } from '../../functions/runtime/conventions';

export function byListShard(
  items: readonly Record<string, unknown>[],
  resource: string,
  shards = DEFAULT_LIST_SHARDS,
): (input: QueryCommandInput) => { Items: Record<string, unknown>[] } {
  return (input) => {
    const partition = input.ExpressionAttributeValues?.[':k'];
    const after = input.ExpressionAttributeValues?.[':after'];
    return {
      Items: items.filter(
        (item) =>
          partition === listPartition(resource, listShard(String(item.id), shards)) &&
          (after === undefined || String(item.id) < String(after)),
      ),
    };
  };
}
