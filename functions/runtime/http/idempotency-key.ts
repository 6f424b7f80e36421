/**
 * The Idempotency-Key header's conventions (http/idempotency.ts), apart from the Powertools
 * machinery so the toolchain (OpenAPI) can name them without loading it. How the records' keys are
 * laid out in the table is conventions/table-layout.ts's.
 */

/** The request header naming one logical request across retries. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** The longest key accepted (a UUID is 36 characters; room for other schemes). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;
