/**
 * PutEvents limits and EventBridge's formula for the size of an entry
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html): 14 bytes for
 * `Time` when set, plus the UTF-8 bytes of `Source`, `DetailType`, `Detail` and each `Resources` ARN.
 * A call may carry at most 10 entries whose sizes add up to at most 256 KB.
 */
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';

export const MAX_ENTRIES_PER_CALL = 10;
export const MAX_CALL_BYTES = 256 * 1024;

const TIME_BYTES = 14;

function utf8Bytes(text: string | undefined): number {
  return text === undefined ? 0 : Buffer.byteLength(text, 'utf8');
}

/** The size EventBridge counts for `entry` against the 256 KB of a call. */
export function entrySize(entry: PutEventsRequestEntry): number {
  let size = entry.Time === undefined ? 0 : TIME_BYTES;
  size += utf8Bytes(entry.Source);
  size += utf8Bytes(entry.DetailType);
  size += utf8Bytes(entry.Detail);
  for (const resource of entry.Resources ?? []) size += utf8Bytes(resource);
  return size;
}
