/**
 * What the repository throws for what a client can cause. Each is an {@link HttpError}, so a handler
 * that lets it escape answers with the right status and a `generic_error` body, no mapping needed.
 * Messages name the resource or the fields, never a value (an email is personal data).
 *
 * Anything else the repository throws (AWS errors, a stored item `parse` rejects, a broken guard
 * item) is a bug or an outage and becomes a 500.
 */
import { HttpError } from '../errors';

/** 409: the item changed since it was read (or since the client read it: `expectedVersion`). */
export class VersionConflictError extends HttpError {
  constructor(
    readonly resource: string,
    readonly id: string,
    /** The version the write was conditional on. */
    readonly expectedVersion?: number,
    /** The stored version, when the repository knows it. */
    readonly actualVersion?: number,
    cause?: unknown,
  ) {
    super('conflict', [`the ${resource} was changed concurrently; read it again and retry`], { cause });
  }
}

/** 409: a unique index already holds the value (for another item). */
export class UniqueConstraintError extends HttpError {
  constructor(
    readonly resource: string,
    /** The index name, `ix_<resource>__<fields>`. */
    readonly index: string,
    readonly fields: readonly string[],
    cause?: unknown,
  ) {
    super(
      'conflict',
      [
        fields.length === 1
          ? `${fields[0]}: is already taken`
          : `${fields.join(', ')}: this combination is already taken`,
      ],
      { cause },
    );
  }
}

/** 404: no such item (of this resource). */
export class ItemNotFoundError extends HttpError {
  constructor(
    readonly resource: string,
    readonly id: string,
  ) {
    super('not_found', [`${resource} not found`]);
  }
}

/** 422: the cursor was not made by this query (malformed, tampered with, or from another listing). */
export class InvalidCursorError extends HttpError {
  constructor() {
    super('validation_failed', ['query.cursor: is not a valid cursor']);
  }
}

/** 422: a page size outside 1..100. */
export class InvalidLimitError extends HttpError {
  constructor(
    readonly min: number,
    readonly max: number,
  ) {
    super('validation_failed', [`query.limit: must be an integer from ${min} to ${max}`]);
  }
}

/** 413: the item would be over the size DynamoDB stores (400 KB); nothing was written. */
export class ItemTooLargeError extends HttpError {
  constructor(
    readonly resource: string,
    readonly sizeBytes: number,
    readonly maxBytes: number,
  ) {
    super('payload_too_large', [
      `${resource}: a stored ${resource} may be at most ${maxBytes} bytes (DynamoDB's item size)`,
    ]);
  }
}
