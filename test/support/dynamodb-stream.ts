/**
 * Reads a table's DynamoDB stream from the start (TRIM_HORIZON) in tests: each `drain()` returns the
 * records that arrived since the previous one, over every shard.
 */
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  type DynamoDBStreamsClientConfig,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';

export type { StreamRecord };

/** A stream record as the forwarder's Lambda receives it (ApproximateCreationDateTime in epoch seconds). */
export function asLambdaRecord(record: StreamRecord): DynamoDBRecord {
  const { ApproximateCreationDateTime, ...dynamodb } = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: {
      ...dynamodb,
      ...(ApproximateCreationDateTime === undefined
        ? {}
        : { ApproximateCreationDateTime: ApproximateCreationDateTime.getTime() / 1000 }),
    },
  } as DynamoDBRecord;
}

export class StreamReader {
  readonly #client: DynamoDBStreamsClient;
  readonly #streamArn: string;
  /** Shard id → the iterator to read next (undefined once a closed shard is exhausted). */
  readonly #iterators = new Map<string, string | undefined>();

  constructor(config: DynamoDBStreamsClientConfig, streamArn: string) {
    this.#client = new DynamoDBStreamsClient(config);
    this.#streamArn = streamArn;
  }

  /** The records written since the last drain, in stream order per shard. */
  async drain(): Promise<StreamRecord[]> {
    const { StreamDescription } = await this.#client.send(
      new DescribeStreamCommand({ StreamArn: this.#streamArn }),
    );
    for (const shard of StreamDescription?.Shards ?? []) {
      const shardId = shard.ShardId;
      if (shardId === undefined || this.#iterators.has(shardId)) continue;
      const { ShardIterator } = await this.#client.send(
        new GetShardIteratorCommand({
          StreamArn: this.#streamArn,
          ShardId: shardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      this.#iterators.set(shardId, ShardIterator);
    }
    const records: StreamRecord[] = [];
    for (const [shardId, start] of this.#iterators) {
      let iterator = start;
      while (iterator !== undefined) {
        const output = await this.#client.send(
          new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }),
        );
        const batch = output.Records ?? [];
        records.push(...batch);
        iterator = output.NextShardIterator;
        if (batch.length === 0) break; // caught up with an open shard (or the end of a closed one)
      }
      this.#iterators.set(shardId, iterator);
    }
    return records;
  }

  destroy(): void {
    this.#client.destroy();
  }
}
