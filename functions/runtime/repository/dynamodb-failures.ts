/**
 * What a failed DynamoDB write says, read into the store's {@link WriteReason}s (one per write, in
 * order), or undefined when it is not about conditions or conflicts at all (throttling, validation,
 * a cancellation without reasons...): the store then rethrows the error as it came, and the request
 * fails with a 500, which is what those are.
 *
 * - A lone PutItem or DeleteItem fails with `ConditionalCheckFailedException` (carrying the old item
 *   when the write asked for it) or `TransactionConflictException` (a transaction in flight on the
 *   item).
 * - TransactWriteItems fails with `TransactionCanceledException`, whose `CancellationReasons` hold
 *   one reason per action, by position: `None`, `ConditionalCheckFailed` (with `Item` when asked for),
 *   `TransactionConflict`, or another code (`ThrottlingError`, `ValidationError`...) which makes the
 *   whole error one to rethrow.
 */
import type { WriteReason } from './table-store';

/** The `name` of an SDK error (its exception type), if it has one. */
export function errorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string'
    ? error.name
    : undefined;
}

/** Whether a ConditionalCheckFailed error (or cancellation reason) carries the old item. */
function hasItem(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'Item' in value && value.Item != null;
}

/** The reason a lone conditional Put or Delete failed with, or undefined to rethrow. */
export function singleWriteReasons(error: unknown): readonly WriteReason[] | undefined {
  switch (errorName(error)) {
    case 'ConditionalCheckFailedException':
      return [{ code: 'ConditionalCheckFailed', itemExisted: hasItem(error) }];
    case 'TransactionConflictException':
      return [{ code: 'TransactionConflict' }];
    default:
      return undefined;
  }
}

/**
 * The reasons of a TransactionCanceledException of `count` actions, or undefined to rethrow: when it
 * is another error, its reasons are missing or not one per action, a reason has another code, or no
 * reason explains the failure.
 */
export function cancellationReasons(error: unknown, count: number): readonly WriteReason[] | undefined {
  if (errorName(error) !== 'TransactionCanceledException') return undefined;
  const reasons: unknown =
    typeof error === 'object' && error !== null && 'CancellationReasons' in error
      ? error.CancellationReasons
      : undefined;
  if (!Array.isArray(reasons) || reasons.length !== count) return undefined;
  const read: WriteReason[] = [];
  for (const reason of reasons as unknown[]) {
    const code =
      typeof reason === 'object' && reason !== null && 'Code' in reason && typeof reason.Code === 'string'
        ? reason.Code
        : 'None';
    if (code === 'None') read.push({ code: 'None' });
    else if (code === 'TransactionConflict') read.push({ code: 'TransactionConflict' });
    else if (code === 'ConditionalCheckFailed')
      read.push({ code: 'ConditionalCheckFailed', itemExisted: hasItem(reason) });
    else return undefined;
  }
  return read.every((reason) => reason.code === 'None') ? undefined : read;
}
