/**
 * Shared by the tests of the notifications service (a reference service): its generated
 * dependencies over a mocked document client, and stored items.
 */
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { createNotificationsDeps } from '../../../functions/notifications/generated/service';
import { testClock } from '../../../functions/runtime/clock';
import { GUARD_TYPE, TABLE_KEY, TYPE_ATTRIBUTE } from '../../../functions/runtime/conventions';
import { hashCode } from '../../../functions/runtime/hash-code';
import { createDocumentClient } from '../../../functions/runtime/service-environment';
import { recordingLogger } from '../support/api-event';

export const TABLE = 'notifications-table';
export const ID = 'ntf-01KAAAAAAAAAAAAAAAAAAAAAAA';
export const ORDER_ID = 'ord-01K0AAAAAAAAAAAAAAAAAAAAAA';
export const USER_ID = 'usr-01K0AAAAAAAAAAAAAAAAAAAAAA';
export const EMAIL = 'ada@example.com';
export const NOW = '2026-01-01T00:00:00.000Z';
/** The unique index on order_id + order_version, and the non-unique one on order_id. */
export const UNIQUE_INDEX = 'ix_notification__order_id__order_version';
export const ORDER_INDEX = 'ix_notification__order_id';

/**
 * The generated notifications dependencies over a document client that aws-sdk-client-mock
 * intercepts (mock the class first), with a recording logger; `repository` is the notification
 * repository on it.
 */
export function testDeps() {
  const { logger, calls } = recordingLogger();
  const client = createDocumentClient(new DynamoDBClient({ region: 'local' }));
  const clock = testClock(NOW);
  const deps = createNotificationsDeps({ client, tableName: TABLE, clock, logger });
  return { deps, repository: deps.repositories.notification, calls, clock };
}

/** A notification item as the table holds it. */
export function storedItem(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const id = typeof overrides.id === 'string' ? overrides.id : ID;
  const content = {
    order_id: ORDER_ID,
    order_version: 1,
    user_id: USER_ID,
    channel: 'email',
    recipient_email: EMAIL,
    subject: `Your order ${ORDER_ID} has been placed (total 10.00 EUR)`,
    sent_at: '2025-12-01T00:00:00.000Z',
    ...overrides,
  };
  delete (content as Record<string, unknown>).id;
  return {
    [TABLE_KEY]: id,
    [TYPE_ATTRIBUTE]: 'notification',
    id,
    ...content,
    version: 1,
    hash_code: hashCode(content),
    created_at: '2025-12-01T00:00:00.000Z',
    updated_at: '2025-12-01T00:00:00.000Z',
    [ORDER_INDEX]: content.order_id,
    [UNIQUE_INDEX]: `${content.order_id}#${content.order_version}`,
  };
}

/** The guard item of the unique index value `key` (its pk), held by `owner`. */
export function guardItem(key: string, owner = ID): Record<string, unknown> {
  return { [TABLE_KEY]: key, [TYPE_ATTRIBUTE]: GUARD_TYPE, owner };
}

/**
 * The error of a cancelled transaction, one reason per action in order (for `create`: the
 * notification's put, then the guard's put), e.g. `None`, `ConditionalCheckFailed`.
 */
export function cancelled(...codes: string[]): TransactionCanceledException {
  return new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: {},
    CancellationReasons: codes.map((code) => ({ Code: code })),
  });
}

/** The notification the API returns for {@link storedItem}. */
export function apiNotification(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const {
    [TABLE_KEY]: _pk,
    _type,
    hash_code: _hash,
    [ORDER_INDEX]: _ix,
    [UNIQUE_INDEX]: _unique,
    ...rest
  } = storedItem(overrides);
  return rest;
}

/** An outage whose message carries personal data (which must not reach the client). */
export function outage(): Error {
  return Object.assign(new Error(`Throughput exceeded for ${EMAIL}`), {
    name: 'ProvisionedThroughputExceededException',
  });
}
