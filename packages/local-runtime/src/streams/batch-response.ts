/**
 * What a function's answer means for a stream batch when the mapping has `ReportBatchItemFailures`,
 * as Lambda reads it:
 * - complete success: no answer (null/undefined), an answer that is not an object, an object without
 *   `batchItemFailures`, or `batchItemFailures` null or empty;
 * - partial success: every `itemIdentifier` is the sequence number of a record in the batch; the
 *   batch is checkpointed before the lowest of them and retried from there;
 * - complete failure (the whole batch is retried): `batchItemFailures` that is not a list, or an
 *   entry whose `itemIdentifier` is missing, null, empty or not the sequence number of a record of
 *   the batch.
 * Without `ReportBatchItemFailures` every answer of a successful invocation is a complete success.
 */

export type BatchOutcome =
  | { readonly kind: 'success' }
  /** `index`: position in the batch of the first record to retry (at least 0). */
  | { readonly kind: 'partial'; readonly index: number }
  | { readonly kind: 'failure'; readonly reason: string };

/** `sequenceNumbers`: the batch's records' sequence numbers, in order. */
export function batchOutcome(answer: unknown, sequenceNumbers: readonly string[]): BatchOutcome {
  if (answer === null || typeof answer !== 'object' || Array.isArray(answer)) return { kind: 'success' };
  const failures = (answer as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return { kind: 'success' };
  if (!Array.isArray(failures)) return { kind: 'failure', reason: 'batchItemFailures is not a list' };
  if (failures.length === 0) return { kind: 'success' };
  const positions = new Map(sequenceNumbers.map((sequence, index) => [sequence, index]));
  let lowest = Number.POSITIVE_INFINITY;
  for (const failure of failures) {
    const identifier =
      failure !== null && typeof failure === 'object'
        ? (failure as { itemIdentifier?: unknown }).itemIdentifier
        : undefined;
    if (typeof identifier !== 'string' || identifier === '') {
      return { kind: 'failure', reason: `batchItemFailures has an entry without an itemIdentifier` };
    }
    const index = positions.get(identifier);
    if (index === undefined) {
      return {
        kind: 'failure',
        reason: `batchItemFailures names ${JSON.stringify(identifier)}, not a sequence number of the batch`,
      };
    }
    lowest = Math.min(lowest, index);
  }
  return { kind: 'partial', index: lowest };
}
