/**
 * All the stream mappings of the system, for `dev up`: one {@link StreamPoller} each, sharing one
 * DynamoDB and one DynamoDB Streams client for DynamoDB Local.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { LocalClientConfig } from '../dynamodb/launcher';
import type { LocalSystem } from '../model';
import { StreamPoller, type StreamPollerOptions, type StreamPollerStats } from './poller';

export interface StreamPollersOptions
  extends Omit<StreamPollerOptions, 'mapping' | 'tableName' | 'dynamodb' | 'streams'> {
  readonly system: Pick<LocalSystem, 'mappings' | 'tables'>;
  /** DynamoDB Local's client settings (DynamoDbLocal.clientConfig). */
  readonly clientConfig: LocalClientConfig;
}

export class StreamPollers {
  readonly pollers: readonly StreamPoller[];
  readonly #dynamodb: DynamoDBClient;
  readonly #streams: DynamoDBStreamsClient;

  constructor(options: StreamPollersOptions) {
    const { system, clientConfig, ...shared } = options;
    this.#dynamodb = new DynamoDBClient({ ...clientConfig });
    this.#streams = new DynamoDBStreamsClient({ ...clientConfig });
    this.pollers = system.mappings.map((mapping) => {
      const table = system.tables.get(mapping.tableId);
      if (table === undefined) {
        throw new Error(
          `event source mapping ${mapping.id} reads table ${mapping.tableId}, which is not in the template`,
        );
      }
      return new StreamPoller({
        ...shared,
        mapping,
        tableName: table.tableName,
        dynamodb: this.#dynamodb,
        streams: this.#streams,
      });
    });
  }

  async start(): Promise<void> {
    await Promise.all(this.pollers.map((poller) => poller.start()));
  }

  async stop(): Promise<void> {
    await Promise.all(this.pollers.map((poller) => poller.stop()));
    this.#dynamodb.destroy();
    this.#streams.destroy();
  }

  /** See {@link StreamPoller.idle}: every poller caught up. */
  async idle(timeoutMs?: number): Promise<void> {
    await Promise.all(this.pollers.map((poller) => poller.idle(timeoutMs)));
  }

  /** Per mapping id. */
  stats(): Map<string, StreamPollerStats> {
    return new Map(this.pollers.map((poller) => [poller.mapping.id, poller.stats]));
  }
}
