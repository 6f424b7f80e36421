/**
 * Records that cannot become events are parked, never dropped (DESIGN: every record produces an
 * event, or is parked where an operator sees it). A record that is unusable (map-record.ts: no
 * image, no valid id or version, an unknown event name, an entry over the size limit) will not get
 * better on a retry, so it is not retried: it is sent at once, with its reason, to the forwarder's
 * parking queue (the queue its event source mapping sends what it gives up on, which an alarm and
 * `dev parked` watch), and the stream moves on.
 *
 * A record that could not be parked (SQS failed, or no queue is configured) is reported as not
 * through, like an event that failed: the stream delivers it again from there, and after its
 * retries the event source mapping parks it on the same queue. Either way nothing is lost.
 *
 * The parked message names the record (sequence number, event id, stream), the reason and what to
 * do; it carries no attribute of the item beyond an id of the minted shape, so nothing personal
 * is parked.
 */
import { SendMessageBatchCommand, type SendMessageBatchCommandOutput } from '@aws-sdk/client-sqs';
import type { DynamoDBRecord } from 'aws-lambda';
import type { Clock } from '../clock';
import type { UnusableReason, UnusableRecord } from './map-record';

/** The one SQS call parking needs; an `SQSClient` is one. */
export interface SendMessageBatchClient {
  send(command: SendMessageBatchCommand): Promise<SendMessageBatchCommandOutput>;
}

/** Where unusable records go: the forwarder's parking queue. */
export interface ParkingQueue {
  readonly client: SendMessageBatchClient;
  /** The queue's URL (the stack's on-failure queue, `PARKING_QUEUE_URL`). */
  readonly queueUrl: string;
}

/** The parked message's body. */
export interface ParkedRecord {
  readonly kind: 'unusable_stream_record';
  readonly service: string;
  readonly reason: UnusableReason;
  /** What the reason means and what to do. */
  readonly explanation: string;
  readonly sequence_number: string | undefined;
  readonly event_id: string | undefined;
  readonly event_name: string | undefined;
  readonly event_source_arn: string | undefined;
  /** The item's `_type`, when it could be read. */
  readonly type: string | undefined;
  /** The item's id, only when it has the minted shape (never another attribute value). */
  readonly id: string | undefined;
  readonly parked_at: string;
}

/** SQS takes at most 10 messages per SendMessageBatch. */
export const MAX_MESSAGES_PER_BATCH = 10;

const EXPLANATIONS: Readonly<Record<UnusableReason, string>> = {
  unknown_event_name: 'the stream record is neither INSERT, MODIFY nor REMOVE',
  no_event_id: 'the stream record has no eventID, which subscribers deduplicate on',
  no_image:
    'the record has no item image: the stream must be NEW_AND_OLD_IMAGES (check the table stream view type)',
  unreadable_image: 'the item image could not be read',
  invalid_id: 'the item has no valid id (a non-empty string of at most 2,048 bytes)',
  invalid_version:
    'the item has no valid version (a whole number from 1): it was not written by the repository',
  oversized: 'the event entry would be over the 256 KB EventBridge takes in one call',
};

const MINTED_ID = /^[a-z][a-z0-9]{0,9}-[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

/** The parked message of one unusable record. */
export function parkedRecord(
  record: UnusableRecord,
  source: DynamoDBRecord | undefined,
  service: string,
  clock: Clock,
): ParkedRecord {
  const keyValue = source?.dynamodb?.Keys?.pk?.S;
  return {
    kind: 'unusable_stream_record',
    service,
    reason: record.reason,
    explanation: `${EXPLANATIONS[record.reason]}. Fix the cause, then run \`dev republish ${service}\` to re-emit current state.`,
    sequence_number: record.sequenceNumber,
    event_id: record.eventId,
    event_name: record.eventName,
    event_source_arn: source?.eventSourceARN,
    type: record.type,
    id: typeof keyValue === 'string' && MINTED_ID.test(keyValue) ? keyValue : undefined,
    parked_at: clock.now().toISOString(),
  };
}

/**
 * Sends the unusable records to the parking queue, 10 per call, and returns the indexes (batch
 * positions) of those SQS accepted. Never throws: a failed call or a failed entry leaves its records
 * out of the result, for the stream to deliver again.
 */
export async function parkRecords(
  unusable: readonly UnusableRecord[],
  records: readonly DynamoDBRecord[],
  options: { readonly queue: ParkingQueue | undefined; readonly service: string; readonly clock: Clock },
): Promise<Set<number>> {
  const parked = new Set<number>();
  const { queue } = options;
  if (queue === undefined || unusable.length === 0) return parked;
  for (let start = 0; start < unusable.length; start += MAX_MESSAGES_PER_BATCH) {
    const chunk = unusable.slice(start, start + MAX_MESSAGES_PER_BATCH);
    try {
      const output = await queue.client.send(
        new SendMessageBatchCommand({
          QueueUrl: queue.queueUrl,
          Entries: chunk.map((record) => ({
            Id: String(record.index),
            MessageBody: JSON.stringify(
              parkedRecord(record, records[record.index], options.service, options.clock),
            ),
          })),
        }),
      );
      for (const entry of output.Successful ?? []) {
        const index = Number(entry.Id);
        if (chunk.some((record) => record.index === index)) parked.add(index);
      }
    } catch {
      // Not parked: reported as not through, so the stream delivers these records again.
    }
  }
  return parked;
}
