/**
 * Splits outgoing entries into PutEvents calls: at most 10 entries and at most 256 KB (by
 * EventBridge's size formula) per call, keeping the stream order so that each call holds a run of
 * consecutive records.
 */
import { MAX_CALL_BYTES, MAX_ENTRIES_PER_CALL } from './entry-size';

export interface ChunkLimits {
  readonly maxEntries: number;
  readonly maxBytes: number;
}

export const PUT_EVENTS_LIMITS: ChunkLimits = Object.freeze({
  maxEntries: MAX_ENTRIES_PER_CALL,
  maxBytes: MAX_CALL_BYTES,
});

/**
 * Greedy, in order: a chunk is closed when the next item would take it past either limit.
 * An item bigger than `maxBytes` on its own could never be sent; mapping rules it out (see
 * map-record.ts), so meeting one here is a bug and throws `RangeError`.
 */
export function chunkBySize<T extends { readonly size: number }>(
  items: readonly T[],
  limits: ChunkLimits = PUT_EVENTS_LIMITS,
): T[][] {
  if (!(limits.maxEntries >= 1) || !(limits.maxBytes >= 1)) {
    throw new RangeError('chunk limits must be at least 1');
  }
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    if (item.size > limits.maxBytes) {
      throw new RangeError(`an entry of ${item.size} bytes exceeds the ${limits.maxBytes} bytes of a call`);
    }
    if (current.length === limits.maxEntries || bytes + item.size > limits.maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += item.size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
