/**
 * The Idempotency-Key conventions (http/idempotency.ts), apart from the Powertools machinery so the
 * toolchain (OpenAPI, grants) can name them without loading it.
 */

/** The request header naming one logical request across retries. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** The longest key accepted (a UUID is 36 characters; room for other schemes). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** How every idempotency record's key starts (`idempotency#users.createUser#<hash>`): IAM scopes their grant by it. */
export const IDEMPOTENCY_KEY_PREFIX = 'idempotency#';
