/**
 * Shared by the tests of the users service (a reference service) through its generated Lambdas:
 * dependencies over a mocked document client, stored items, errors.
 */
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { testClock } from '../../../functions/runtime/clock';
import { TABLE_KEY, TYPE_ATTRIBUTE } from '../../../functions/runtime/conventions';
import { hashCode } from '../../../functions/runtime/hash-code';
import { createDocumentClient } from '../../../functions/runtime/service-environment';
import { createUsersDeps } from '../../../functions/users/generated/service';
import { recordingLogger } from '../support/api-event';

export const TABLE = 'users-table';
export const ID = 'usr-01KAAAAAAAAAAAAAAAAAAAAAAA';
export const OTHER_ID = 'usr-01KBBBBBBBBBBBBBBBBBBBBBBB';
export const EMAIL = 'ada@example.com';
export const NOW = '2026-01-01T00:00:00.000Z';

/**
 * The generated users dependencies over a document client that aws-sdk-client-mock intercepts (mock
 * the class first), with a recording logger.
 */
export function testDeps() {
  const { logger, calls } = recordingLogger();
  const client = createDocumentClient(new DynamoDBClient({ region: 'local' }));
  const clock = testClock(NOW);
  const deps = createUsersDeps({ client, tableName: TABLE, clock, logger });
  return { deps, calls, clock };
}

export const CONTENT = {
  email: EMAIL,
  name: { first: 'Ada', last: 'Lovelace' },
  status: 'active',
} as const;

/** A user item as the table holds it (version 3). */
export function storedItem(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const content = { ...CONTENT, ...pick(overrides, ['email', 'name', 'status']) };
  const item: Record<string, unknown> = {
    [TABLE_KEY]: ID,
    [TYPE_ATTRIBUTE]: 'user',
    id: ID,
    ...content,
    version: 3,
    hash_code: hashCode(content),
    created_at: '2025-12-01T00:00:00.000Z',
    updated_at: '2025-12-02T00:00:00.000Z',
    ...(typeof content.email === 'string' ? { ix_user__email: content.email } : {}),
    ...overrides,
  };
  for (const [key, value] of Object.entries(item)) if (value === undefined) delete item[key];
  return item;
}

/** The user the API returns for {@link storedItem}. */
export function apiUser(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const {
    [TABLE_KEY]: _pk,
    _type,
    hash_code: _hash,
    ix_user__email: _ix,
    ...user
  } = storedItem(overrides) as Record<string, unknown> & {
    [TABLE_KEY]: unknown;
    [TYPE_ATTRIBUTE]: unknown;
    hash_code: unknown;
    ix_user__email?: unknown;
  };
  return user;
}

function pick(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(
    keys.filter((key) => Object.hasOwn(source, key)).map((key) => [key, source[key]]),
  );
}

/** The error DynamoDB returns when a single conditional write fails (with ALL_OLD, the old item). */
export function conditionFailed(oldItem?: { version: number }): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
    ...(oldItem === undefined ? {} : { Item: { version: { N: String(oldItem.version) } } }),
  });
}

/**
 * The error of a cancelled transaction, one reason per action in order: `None`,
 * `ConditionalCheckFailed`, `ConditionalCheckFailed+Item` (with the old item), `TransactionConflict`.
 */
export function cancelled(...codes: string[]): TransactionCanceledException {
  return new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: {},
    CancellationReasons: codes.map((code) =>
      code === 'ConditionalCheckFailed+Item'
        ? { Code: 'ConditionalCheckFailed', Item: { version: { N: '4' } } }
        : { Code: code },
    ),
  });
}

/** An outage: a DynamoDB error whose message carries input (which must not reach the client). */
export function outage(): Error {
  return Object.assign(new Error(`Throughput exceeded while writing ${EMAIL}`), {
    name: 'ProvisionedThroughputExceededException',
    $metadata: { httpStatusCode: 400 },
  });
}
