/**
 * What the repository's writes put in the table's stream (DynamoDB Local's real streams): the
 * forwarder turns each resource record into an event, so a no-op replace must leave no record, and
 * failed writes none either. Guard items show up as records of their own (`_type` `_guard`), which
 * the forwarder skips.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb-streams';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { testClock } from '../../../../functions/runtime/clock';
import { guardKey, TABLE_KEY, TYPE_ATTRIBUTE } from '../../../../functions/runtime/conventions';
import { hashCode } from '../../../../functions/runtime/hash-code';
import { UniqueConstraintError, VersionConflictError } from '../../../../functions/runtime/repository';
import {
  createServiceTable,
  type DynamoDbLocal,
  localDynamoDbClient,
  startDynamoDbLocal,
} from '../../../support/dynamodb-local';
import { StreamReader, type StreamRecord } from '../../../support/dynamodb-stream';
import { USERS_LAYOUT, userForm, userRepository } from '../../../support/repository-fixture';

let local: DynamoDbLocal;
let doc: DynamoDBDocumentClient;

beforeAll(async () => {
  local = await startDynamoDbLocal();
  doc = DynamoDBDocumentClient.from(localDynamoDbClient(local));
  console.info(`DynamoDB Local answered after ${local.startupMillis} ms`);
}, 120_000);

afterAll(async () => {
  doc?.destroy();
  await local?.stop();
});

/** A record, short: `INSERT usr-… user v1`, `REMOVE _unique#ix_user__email#a@b _guard`. */
function summary(record: StreamRecord): string {
  const image: Record<string, AttributeValue> | undefined =
    record.eventName === 'REMOVE' ? record.dynamodb?.OldImage : record.dynamodb?.NewImage;
  const type = image?._type?.S;
  const version = image?.version?.N;
  const old = record.eventName === 'MODIFY' ? record.dynamodb?.OldImage?.version?.N : undefined;
  return [
    record.eventName,
    record.dynamodb?.Keys?.[TABLE_KEY]?.S,
    type,
    version === undefined ? '' : `v${old === undefined ? '' : `${old}→`}${version}`,
  ]
    .filter((part) => part !== '')
    .join(' ');
}

it('writes a record per real change only: INSERT on create, MODIFY on change, guards as their own records', async () => {
  const tableName = 'users-stream';
  const table = await createServiceTable(localDynamoDbClient(local), tableName, USERS_LAYOUT);
  expect(table.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
  const stream = new StreamReader(local.clientConfig, table.LatestStreamArn ?? '');
  const drain = async () => (await stream.drain()).map(summary).sort();
  const clock = testClock('2026-05-01T12:00:00.000Z');
  const repo = userRepository(doc, tableName, clock);
  const guard = (email: string) => guardKey('ix_user__email', email);

  try {
    // create: the item and its guard
    const ada = await repo.create(userForm({ email: 'ada@example.com' }));
    const created = await stream.drain();
    expect(created.map(summary).sort()).toEqual(
      [`INSERT ${ada.id} user v1`, `INSERT ${guard('ada@example.com')} _guard`].sort(),
    );
    const itemInsert = created.find((record) => record.dynamodb?.Keys?.[TABLE_KEY]?.S === ada.id);
    expect(itemInsert?.dynamodb?.NewImage).toMatchObject({
      [TYPE_ATTRIBUTE]: { S: 'user' },
      hash_code: { S: hashCode(userForm({ email: 'ada@example.com' })) },
      created_at: { S: '2026-05-01T12:00:00.000Z' },
    });

    // a no-op replace: nothing at all
    clock.advance(1_000);
    const same = await repo.replace(ada.id, userForm({ email: 'ada@example.com' }));
    expect(same).toEqual(ada);
    expect(await drain()).toEqual([]);

    // failed writes: nothing either
    await expect(repo.replace(ada.id, userForm({ status: 'inactive' }), 7)).rejects.toBeInstanceOf(
      VersionConflictError,
    );
    await expect(repo.create(userForm({ email: 'ada@example.com' }))).rejects.toBeInstanceOf(
      UniqueConstraintError,
    );
    expect(await drain()).toEqual([]);

    // a real change of a plain field: one MODIFY, the guard untouched
    await repo.replace(ada.id, userForm({ email: 'ada@example.com', name: { first: 'Augusta Ada' } }));
    expect(await drain()).toEqual([`MODIFY ${ada.id} user v1→2`]);

    // a change of the unique value: MODIFY, and the guards swap
    await repo.replace(ada.id, userForm({ email: 'countess@example.com', name: { first: 'Augusta Ada' } }));
    expect(await drain()).toEqual(
      [
        `MODIFY ${ada.id} user v2→3`,
        `REMOVE ${guard('ada@example.com')} _guard`,
        `INSERT ${guard('countess@example.com')} _guard`,
      ].sort(),
    );

    // without a unique value: just the item
    const bob = await repo.create(userForm({ name: { first: 'Bob' } }));
    await repo.replace(bob.id, userForm({ name: { first: 'Bob' } }));
    expect(await drain()).toEqual([`INSERT ${bob.id} user v1`]);

    // delete: the item and its guard go
    await repo.delete(ada.id);
    await repo.delete(ada.id); // already gone: nothing
    expect(await drain()).toEqual(
      [`REMOVE ${ada.id} user v3`, `REMOVE ${guard('countess@example.com')} _guard`].sort(),
    );
  } finally {
    stream.destroy();
  }
});
