/**
 * The answer to the event source mapping (ReportBatchItemFailures): the sequence number of the first
 * record, in stream order, that did not get through. The stream delivers the batch again from that
 * record, so nothing after it is skipped; the records after it that did get through are sent again,
 * which is safe (subscribers deduplicate on `event_id`). An empty list means the whole batch is done.
 *
 * A record without a `SequenceNumber` (never seen in a real stream) is reported with an empty
 * identifier, which Lambda treats as a failure of the whole batch: retried from its start, so again
 * nothing is skipped.
 */
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';

/** `notThrough`: indexes (positions in `records`) of records that did not get through. */
export function batchResponse(
  records: readonly DynamoDBRecord[],
  notThrough: Iterable<number>,
): DynamoDBBatchResponse {
  let lowest = Number.POSITIVE_INFINITY;
  for (const index of notThrough) {
    if (Number.isInteger(index) && index >= 0 && index < records.length) lowest = Math.min(lowest, index);
  }
  if (lowest === Number.POSITIVE_INFINITY) return { batchItemFailures: [] };
  return { batchItemFailures: [{ itemIdentifier: records[lowest]?.dynamodb?.SequenceNumber ?? '' }] };
}
