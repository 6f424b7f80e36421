/**
 * What Lambda sends to a stream mapping's on-failure destination when it gives up on records: their
 * position (shard, first and last sequence number, stream), not the records themselves. `dev` parks
 * it in the mapping's on-failure queue with a reason people can read.
 */
import { randomUUID } from 'node:crypto';

export type OnFailureCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

export interface DdbStreamBatchInfo {
  readonly shardId: string;
  readonly startSequenceNumber: string;
  readonly endSequenceNumber: string;
  readonly approximateArrivalOfFirstRecord: string;
  readonly approximateArrivalOfLastRecord: string;
  readonly batchSize: number;
  readonly streamArn: string;
}

export interface OnFailureRecord {
  readonly requestContext: {
    readonly requestId: string;
    readonly functionArn: string;
    readonly condition: OnFailureCondition;
    readonly approximateInvokeCount: number;
  };
  /** The last invocation's response; absent when the records were never sent (too old at once). */
  readonly responseContext?: {
    readonly statusCode: number;
    readonly executedVersion: string;
    readonly functionError?: string;
  };
  readonly version: '1.0';
  readonly timestamp: string;
  readonly DDBStreamBatchInfo: DdbStreamBatchInfo;
}

export interface OnFailureInput {
  readonly functionArn: string;
  readonly condition: OnFailureCondition;
  readonly invokeCount: number;
  /** Whether the last invocation ended in a function error (rather than a partial batch response). */
  readonly functionError: boolean;
  readonly shardId: string;
  readonly streamArn: string;
  /** The records given up on, in stream order (at least one). */
  readonly records: ReadonlyArray<{ readonly sequenceNumber: string; readonly createdAtMs: number }>;
  readonly nowMs: number;
}

export function onFailureRecord(input: OnFailureInput): OnFailureRecord {
  const first = input.records[0];
  const last = input.records.at(-1);
  if (first === undefined || last === undefined) throw new Error('an on-failure record needs records');
  return {
    requestContext: {
      requestId: randomUUID(),
      functionArn: input.functionArn,
      condition: input.condition,
      approximateInvokeCount: input.invokeCount,
    },
    ...(input.invokeCount > 0
      ? {
          responseContext: {
            statusCode: 200,
            executedVersion: '$LATEST',
            ...(input.functionError ? { functionError: 'Unhandled' } : {}),
          },
        }
      : {}),
    version: '1.0',
    timestamp: new Date(input.nowMs).toISOString(),
    DDBStreamBatchInfo: {
      shardId: input.shardId,
      startSequenceNumber: first.sequenceNumber,
      endSequenceNumber: last.sequenceNumber,
      approximateArrivalOfFirstRecord: isoSeconds(first.createdAtMs),
      approximateArrivalOfLastRecord: isoSeconds(last.createdAtMs),
      batchSize: input.records.length,
      streamArn: input.streamArn,
    },
  };
}

/** `2019-11-14T00:38:04Z`, as in Lambda's records. */
function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
