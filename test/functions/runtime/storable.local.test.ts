/**
 * What the HTTP adapter and the repository refuse so that DynamoDB never has to (a 500 after the
 * request was accepted): proven against DynamoDB Local, which refuses the same values when they are
 * written past our checks.
 */
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { testClock } from '../../../functions/runtime/clock';
import { MAX_ITEM_BYTES, TABLE_KEY } from '../../../functions/runtime/conventions';
import { MAX_BODY_DEPTH } from '../../../functions/runtime/http';
import { itemSizeBytes } from '../../../functions/runtime/item-size';
import { ItemTooLargeError } from '../../../functions/runtime/repository';
import { prototypeKeyMessages, unstorableValueMessages } from '../../../functions/runtime/storable';
import {
  createServiceTable,
  type DynamoDbLocal,
  localDynamoDbClient,
  startDynamoDbLocal,
} from '../../support/dynamodb-local';
import { USERS_LAYOUT, userForm, userRepository } from '../../support/repository-fixture';

let local: DynamoDbLocal;
let doc: DynamoDBDocumentClient;
let tables = 0;

beforeAll(async () => {
  local = await startDynamoDbLocal();
  doc = DynamoDBDocumentClient.from(localDynamoDbClient(local), {
    marshallOptions: { removeUndefinedValues: true },
  });
}, 120_000);
afterAll(async () => {
  doc?.destroy();
  await local?.stop();
});

async function freshTable(): Promise<string> {
  const tableName = `storable-${++tables}`;
  await createServiceTable(localDynamoDbClient(local), tableName, USERS_LAYOUT);
  return tableName;
}

/** `depth` objects inside one another around a leaf. */
function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describe('item size', () => {
  it('refuses a write over 400 KB with a 413 before sending it, and DynamoDB would have refused it too', async () => {
    const tableName = await freshTable();
    const repo = userRepository(doc, tableName, testClock('2026-01-01T00:00:00.000Z'));
    const big = userForm({ name: { first: 'x'.repeat(MAX_ITEM_BYTES) } });
    await expect(repo.create(big)).rejects.toThrow(ItemTooLargeError);
    await expect(repo.create(big)).rejects.toMatchObject({ statusCode: 413 });
    expect((await repo.list()).items).toEqual([]);
    await expect(
      doc.send(
        new PutCommand({
          TableName: tableName,
          Item: { [TABLE_KEY]: 'x', blob: 'x'.repeat(MAX_ITEM_BYTES) },
        }),
      ),
    ).rejects.toThrow(/size/i);
  });

  it('stores an item just under the limit, as counted', async () => {
    const tableName = await freshTable();
    const repo = userRepository(doc, tableName, testClock('2026-01-01T00:00:00.000Z'));
    const created = await repo.create(userForm({ name: { first: 'x'.repeat(MAX_ITEM_BYTES - 2_000) } }));
    expect(created.name.first?.length).toBe(MAX_ITEM_BYTES - 2_000);
  });

  it.each([
    ['a string', { s: 'héllo' }, 1 + 6],
    ['a number', { n: 12345 }, 1 + 4],
    ['a boolean and a null', { b: true, z: null }, 2 + 2],
    ['a list', { l: ['ab', 1] }, 1 + 3 + 2 + 2 + 2],
    ['a map', { m: { k: 'v' } }, 1 + 3 + 1 + 1 + 1],
  ])('counts %s as DynamoDB documents it', (_title, item, bytes) => {
    expect(itemSizeBytes(item)).toBe(bytes);
  });
});

describe('nesting', () => {
  it(`stores a value nested as deep as a body may be (${MAX_BODY_DEPTH} levels)`, async () => {
    const tableName = await freshTable();
    await expect(
      doc.send(
        new PutCommand({
          TableName: tableName,
          Item: { [TABLE_KEY]: 'deep', value: nested(MAX_BODY_DEPTH - 1) },
        }),
      ),
    ).resolves.toBeDefined();
  });

  it('DynamoDB refuses what is deeper than 32 levels, which no accepted body reaches', async () => {
    const tableName = await freshTable();
    await expect(
      doc.send(new PutCommand({ TableName: tableName, Item: { [TABLE_KEY]: 'deeper', value: nested(40) } })),
    ).rejects.toThrow();
  });
});

describe('values the schema accepts and DynamoDB refuses', () => {
  it.each([
    [
      'a whole number beyond 2^53',
      { n: 2 ** 60 },
      ['body.n: must be between -9007199254740991 and 9007199254740991'],
    ],
    [
      'a negative one',
      { l: [-(2 ** 60)] },
      ['body.l[0]: must be between -9007199254740991 and 9007199254740991'],
    ],
    [
      'a magnitude under 1e-130',
      { x: { y: 1e-200 } },
      ['body.x.y: must be 0 or at least 1e-130 in magnitude'],
    ],
    ['an empty key', { m: { '': 1 } }, ['body.m: must not have an empty key']],
    ['storable values', { n: 2 ** 53 - 1, x: 1.5, z: 0, m: { k: 1e-130 } }, []],
  ])('%s', (_title, value, want) => {
    expect(unstorableValueMessages(value, 'body')).toEqual(want);
  });

  it('names a __proto__ key in the raw body (a schema would drop it silently)', () => {
    expect(prototypeKeyMessages(JSON.parse('{"a":{"__proto__":{"x":1}}}'), 'body')).toEqual([
      'body.a: must not have the key "__proto__"',
    ]);
    expect(prototypeKeyMessages({ a: { b: 1 } }, 'body')).toEqual([]);
  });

  it('DynamoDB (through the SDK) refuses each of them indeed', async () => {
    const tableName = await freshTable();
    const raw = localDynamoDbClient(local);
    await expect(
      doc.send(new PutCommand({ TableName: tableName, Item: { [TABLE_KEY]: 'a', n: 2 ** 60 } })),
    ).rejects.toThrow();
    await expect(
      doc.send(new PutCommand({ TableName: tableName, Item: { [TABLE_KEY]: 'b', n: 1e-200 } })),
    ).rejects.toThrow();
    await expect(
      raw.send(
        new PutItemCommand({
          TableName: tableName,
          Item: { [TABLE_KEY]: { S: 'c' }, m: { M: { '': { N: '1' } } } },
        }),
      ),
    ).rejects.toThrow();
  });
});
