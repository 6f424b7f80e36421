/**
 * DynamoDB's documented limits the code checks before sending, so a value over one is a 4xx (or a
 * record parked with its reason) instead of a request the table refuses with a 500
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html).
 */

/** The longest value of a partition key (the table's `pk`, a GSI's partition key), in UTF-8 bytes. */
export const MAX_PARTITION_KEY_BYTES = 2048;

/** The most one item may hold: its attributes' names and values (item-size.ts counts them). */
export const MAX_ITEM_BYTES = 400 * 1024;

/** The smallest non-zero magnitude of a number (DynamoDB's numbers go from 1E-130 to 9.99…E+125). */
export const MIN_NUMBER_MAGNITUDE = 1e-130;

/** How deep maps and lists may nest in an item, the item's own level included. */
export const MAX_NESTING_LEVELS = 32;
