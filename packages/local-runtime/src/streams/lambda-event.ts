/**
 * A DynamoDB Streams record as Lambda hands it to a function (`DynamoDBStreamEvent.Records[i]`):
 * the fields in Lambda's order, attribute values as JSON (binary as base64, like the service's JSON),
 * `ApproximateCreationDateTime` in epoch seconds, and the stream's ARN as `eventSourceARN`.
 *
 * DynamoDB Local truncates `ApproximateCreationDateTime` to the minute, where the real service has
 * the second. The poller reads a record within a poll interval of its write, so the time it first
 * saw the record, when that lies inside the record's minute, is the better estimate (to the second,
 * as in AWS); otherwise (a backlog read after a restart) the record's own value stands.
 */
import type { _Record, AttributeValue as SdkAttributeValue } from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

export type { DynamoDBRecord, DynamoDBStreamEvent };

/** How far DynamoDB Local's `ApproximateCreationDateTime` may lie before the real write time. */
const LOCAL_TIME_GRANULARITY_MS = 60_000;

/**
 * When the record was written, in epoch milliseconds, as well as can be told (see the file comment):
 * `receivedAtMs` is when the poller read it.
 */
export function recordCreatedAtMs(record: _Record, receivedAtMs: number): number {
  const approximate = record.dynamodb?.ApproximateCreationDateTime?.getTime();
  if (approximate === undefined || Number.isNaN(approximate)) return receivedAtMs;
  if (receivedAtMs >= approximate && receivedAtMs < approximate + LOCAL_TIME_GRANULARITY_MS)
    return receivedAtMs;
  return approximate;
}

export interface LambdaRecordContext {
  /** The stream's ARN: the event's `eventSourceARN`. */
  readonly streamArn: string;
  /** The record's `awsRegion` unless given (DynamoDB Local says `ddblocal`). */
  readonly region?: string;
  /** See {@link recordCreatedAtMs}. */
  readonly createdAtMs: number;
}

/** The record as Lambda delivers it. */
export function toLambdaRecord(record: _Record, context: LambdaRecordContext): DynamoDBRecord {
  const stream = record.dynamodb;
  const dynamodb: NonNullable<DynamoDBRecord['dynamodb']> = {
    ApproximateCreationDateTime: Math.floor(context.createdAtMs / 1000),
  };
  if (stream?.Keys !== undefined) dynamodb.Keys = toJsonMap(stream.Keys);
  if (stream?.NewImage !== undefined) dynamodb.NewImage = toJsonMap(stream.NewImage);
  if (stream?.OldImage !== undefined) dynamodb.OldImage = toJsonMap(stream.OldImage);
  if (stream?.SequenceNumber !== undefined) dynamodb.SequenceNumber = stream.SequenceNumber;
  if (stream?.SizeBytes !== undefined) dynamodb.SizeBytes = stream.SizeBytes;
  if (stream?.StreamViewType !== undefined)
    dynamodb.StreamViewType = stream.StreamViewType as NonNullable<
      DynamoDBRecord['dynamodb']
    >['StreamViewType'];

  const lambdaRecord: DynamoDBRecord = {};
  if (record.eventID !== undefined) lambdaRecord.eventID = record.eventID;
  if (record.eventName !== undefined)
    lambdaRecord.eventName = record.eventName as DynamoDBRecord['eventName'];
  lambdaRecord.eventVersion = record.eventVersion ?? '1.1';
  lambdaRecord.eventSource = 'aws:dynamodb';
  const region = context.region ?? record.awsRegion;
  if (region !== undefined) lambdaRecord.awsRegion = region;
  lambdaRecord.dynamodb = dynamodb;
  lambdaRecord.eventSourceARN = context.streamArn;
  // TTL deletes: { type: 'Service', principalId: 'dynamodb.amazonaws.com' }.
  if (record.userIdentity?.Type !== undefined && record.userIdentity.PrincipalId !== undefined) {
    lambdaRecord.userIdentity = {
      type: record.userIdentity.Type,
      principalId: record.userIdentity.PrincipalId,
    };
  }
  return lambdaRecord;
}

function toJsonMap(map: Record<string, SdkAttributeValue>): Record<string, AttributeValue> {
  const result: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(map)) result[name] = toJsonValue(value);
  return result;
}

/** An SDK attribute value (binary as bytes) as the JSON Lambda sends (binary as base64). */
export function toJsonValue(value: SdkAttributeValue): AttributeValue {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.SS !== undefined) return { SS: [...value.SS] };
  if (value.NS !== undefined) return { NS: [...value.NS] };
  if (value.BS !== undefined) return { BS: value.BS.map(base64) };
  if (value.M !== undefined) return { M: toJsonMap(value.M) };
  if (value.L !== undefined) return { L: value.L.map(toJsonValue) };
  throw new Error(`unsupported attribute value in a stream record: ${JSON.stringify(Object.keys(value))}`);
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
