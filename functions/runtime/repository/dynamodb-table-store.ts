/**
 * The table store over DynamoDB, through the document client: the repository's reads and writes
 * as the commands it has always sent, one each.
 *
 * - `getItem`: GetItem, `ConsistentRead` (a subscriber fetching the item an event names right after
 *   the write must see it).
 * - `queryNewestFirst`: Query on the GSI, `ScanIndexForward: false`, the key condition `#k = :k`
 *   (and `#id < :after` for a sort key bound). GSIs offer only eventually consistent reads.
 * - `write`: one write alone is a conditional PutItem or DeleteItem; several are one
 *   TransactWriteItems with a fresh `ClientRequestToken` per call, which makes the SDK's own retries
 *   of that call idempotent (a retry of a transaction that did commit must not fail its conditions
 *   and report a false conflict). A failure is read by dynamodb-failures.ts.
 *
 * Conditions: a free key is `attribute_not_exists(#pk)`; the version read is `#version = :version`
 * with `ReturnValuesOnConditionCheckFailure: ALL_OLD` (the old item tells "changed" from "gone"); a
 * guard to release is `attribute_not_exists(#pk) OR #owner = :owner`.
 */
import { randomUUID } from 'node:crypto';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { OWNER_ATTRIBUTE, TABLE_KEY, VERSION_ATTRIBUTE } from '../conventions';
import { cancellationReasons, singleWriteReasons } from './dynamodb-failures';
import type {
  IndexQuery,
  Item,
  QueryPage,
  TableStore,
  TableWrite,
  WriteCondition,
  WriteReason,
} from './table-store';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The condition parts of a Put or Delete. */
interface ConditionParts {
  readonly ConditionExpression: string;
  readonly ExpressionAttributeNames: Record<string, string>;
  readonly ExpressionAttributeValues?: Record<string, unknown>;
  readonly ReturnValuesOnConditionCheckFailure?: 'ALL_OLD';
}

/** A condition as the expression parts of a Put or Delete. */
function conditionExpression(condition: WriteCondition): ConditionParts {
  switch (condition.kind) {
    case 'absent':
      return {
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': TABLE_KEY },
      };
    case 'version':
      return {
        ConditionExpression: '#version = :version',
        ExpressionAttributeNames: { '#version': VERSION_ATTRIBUTE },
        ExpressionAttributeValues: { ':version': condition.version },
        // Tells "changed" from "gone" when the condition fails.
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      };
    case 'absent-or-owned-by':
      return {
        ConditionExpression: 'attribute_not_exists(#pk) OR #owner = :owner',
        ExpressionAttributeNames: { '#pk': TABLE_KEY, '#owner': OWNER_ATTRIBUTE },
        ExpressionAttributeValues: { ':owner': condition.owner },
      };
  }
}

export class DynamoDbTableStore implements TableStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.#client = client;
    this.#table = tableName;
  }

  async getItem(key: string): Promise<Item | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: { [TABLE_KEY]: key }, ConsistentRead: true }),
    );
    return Item;
  }

  async queryNewestFirst(query: IndexQuery): Promise<QueryPage> {
    const below = query.sortKeyBelow;
    const output = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        IndexName: query.index.name,
        KeyConditionExpression: below === undefined ? '#k = :k' : '#k = :k AND #id < :after',
        ExpressionAttributeNames: {
          '#k': query.index.partitionKey,
          ...(below === undefined ? {} : { '#id': query.index.sortKey }),
        },
        ExpressionAttributeValues: {
          ':k': query.partition,
          ...(below === undefined ? {} : { ':after': below }),
        },
        ScanIndexForward: false,
        Limit: query.limit,
        ...(query.startKey === undefined ? {} : { ExclusiveStartKey: query.startKey }),
      }),
    );
    return {
      items: output.Items ?? [],
      ...(output.LastEvaluatedKey === undefined ? {} : { lastKey: output.LastEvaluatedKey }),
    };
  }

  async write(writes: readonly TableWrite[]): Promise<readonly WriteReason[] | undefined> {
    const [only] = writes;
    if (writes.length === 1 && only !== undefined) {
      try {
        if (only.kind === 'put') await this.#client.send(new PutCommand(this.#put(only)));
        else await this.#client.send(new DeleteCommand(this.#delete(only)));
        return undefined;
      } catch (error) {
        const reasons = singleWriteReasons(error);
        if (reasons === undefined) throw error;
        return reasons;
      }
    }
    try {
      await this.#client.send(
        new TransactWriteCommand({
          // A new token per call of ours: the SDK's retries of this call reuse it.
          ClientRequestToken: randomUUID(),
          TransactItems: writes.map((write) => this.#transactItem(write)),
        }),
      );
      return undefined;
    } catch (error) {
      const reasons = cancellationReasons(error, writes.length);
      if (reasons === undefined) throw error;
      return reasons;
    }
  }

  /** A put as DynamoDB takes it, alone (PutItem) or in a transaction. */
  #put(write: Extract<TableWrite, { kind: 'put' }>) {
    return { TableName: this.#table, Item: write.item, ...conditionExpression(write.condition) };
  }

  /** A delete as DynamoDB takes it, alone (DeleteItem) or in a transaction. */
  #delete(write: Extract<TableWrite, { kind: 'delete' }>) {
    return {
      TableName: this.#table,
      Key: { [TABLE_KEY]: write.key },
      ...conditionExpression(write.condition),
    };
  }

  #transactItem(write: TableWrite): TransactItem {
    return write.kind === 'put' ? { Put: this.#put(write) } : { Delete: this.#delete(write) };
  }
}
