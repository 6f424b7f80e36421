import { DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import {
  DEFAULT_LIST_SHARDS,
  GUARD_TYPE,
  guardKey,
  LIST_PARTITION_ATTRIBUTE,
  listPartition,
  listShard,
  TABLE_KEY,
  TYPE_ATTRIBUTE,
} from '../../../../functions/runtime/conventions';
import { hashCode } from '../../../../functions/runtime/hash-code';
import { isId } from '../../../../functions/runtime/ids';
import { makeHandler } from '../../../../functions/users/generated/lambdas/create-user';
import { createUserOperation } from '../../../../functions/users/generated/operations';
import { bodyOf, INTERNAL_ERROR_BODY, routeEvent } from '../../support/api-event';
import { cancelled, conditionFailed, EMAIL, NOW, outage, TABLE, testDeps } from '../support';

const ddb = mockClient(DynamoDBDocumentClient);

beforeEach(() => ddb.reset());

function setup() {
  const { deps, calls } = testDeps();
  return { handle: makeHandler(deps), calls };
}

const form = { email: EMAIL, name: { first: 'Ada', last: 'Lovelace' } };

function messagesOf(result: { body?: string }): string[] {
  return (JSON.parse(result.body ?? '{}') as { messages: string[] }).messages;
}

describe('users (reference service): POST /users, the standard create through the generated createUser Lambda', () => {
  it('answers 201 with the stored user: a new id, version 1, status defaulted to active', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const result = await setup().handle(routeEvent(createUserOperation, { body: form }));
    expect(result.statusCode).toBe(201);
    const user = bodyOf(result) as Record<string, unknown>;
    expect(user).toEqual({
      id: expect.any(String),
      ...form,
      status: 'active',
      version: 1,
      created_at: NOW,
      updated_at: NOW,
    });
    expect(isId('usr', user.id)).toBe(true);
    expect(result.headers.location).toBe(`/users/${user.id}`);
  });

  it('writes the item and the email guard in one transaction, both conditional', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const result = await setup().handle(routeEvent(createUserOperation, { body: form }));
    const { id } = bodyOf(result) as { id: string };
    const content = { ...form, status: 'active' };
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    expect(ddb).toHaveReceivedCommandWith(TransactWriteCommand, {
      TransactItems: [
        {
          Put: {
            TableName: TABLE,
            Item: {
              [TABLE_KEY]: id,
              [TYPE_ATTRIBUTE]: 'user',
              [LIST_PARTITION_ATTRIBUTE]: listPartition('user', listShard(id, DEFAULT_LIST_SHARDS)),
              id,
              ...content,
              version: 1,
              hash_code: hashCode(content),
              created_at: NOW,
              updated_at: NOW,
              ix_user__email: EMAIL,
            },
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': TABLE_KEY },
          },
        },
        {
          Put: {
            TableName: TABLE,
            Item: { [TABLE_KEY]: guardKey('ix_user__email', EMAIL), [TYPE_ATTRIBUTE]: GUARD_TYPE, owner: id },
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': TABLE_KEY },
          },
        },
      ],
    });
  });

  it('writes a single conditional put for a user without an email, and keeps the given status', async () => {
    ddb.on(PutCommand).resolves({});
    const result = await setup().handle(
      routeEvent(createUserOperation, { body: { name: { first: 'Grace' }, status: 'pending' } }),
    );
    expect(result.statusCode).toBe(201);
    expect(bodyOf(result)).toMatchObject({ name: { first: 'Grace' }, status: 'pending', version: 1 });
    expect(bodyOf(result)).not.toHaveProperty('email');
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      TableName: TABLE,
      ConditionExpression: 'attribute_not_exists(#pk)',
    });
  });

  it('drops fields the form does not declare', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const result = await setup().handle(
      routeEvent(createUserOperation, { body: { ...form, id: 'usr-mine', version: 9, admin: true } }),
    );
    expect(result.statusCode).toBe(201);
    const user = bodyOf(result) as Record<string, unknown>;
    expect(user.id).not.toBe('usr-mine');
    expect(user.version).toBe(1);
    expect(user).not.toHaveProperty('admin');
  });

  it('answers 409 when another user has the email, naming the field but not the value', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed'));
    const { handle, calls } = setup();
    const result = await handle(routeEvent(createUserOperation, { body: form }));
    expect(result.statusCode).toBe(409);
    expect(bodyOf(result)).toEqual({ code: 'conflict', messages: ['email: is already taken'] });
    expect(result.body).not.toContain(EMAIL);
    expect(calls.map((call) => call.level)).toEqual(['debug']);
  });

  it('answers 400 for malformed JSON, before validating anything', async () => {
    const result = await setup().handle(
      routeEvent(createUserOperation, { body: '{"name":', headers: { 'content-type': 'application/json' } }),
    );
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({ code: 'malformed_json', messages: ['body: is not valid JSON'] });
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('answers 400 for malformed base64', async () => {
    const result = await setup().handle(
      routeEvent(createUserOperation, {
        body: 'not*base64',
        isBase64Encoded: true,
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(result.statusCode).toBe(400);
    expect((bodyOf(result) as { code: string }).code).toBe('malformed_json');
  });

  it.each([['text/plain'], ['application/xml'], ['application/json; charset=latin1']])(
    'answers 415 for content-type %s',
    async (type) => {
      const result = await setup().handle(
        routeEvent(createUserOperation, { body: JSON.stringify(form), headers: { 'content-type': type } }),
      );
      expect(result.statusCode).toBe(415);
      expect(bodyOf(result)).toEqual({
        code: 'unsupported_media_type',
        messages: ['content-type: must be application/json'],
      });
    },
  );

  it('answers 415 for a body without a content-type', async () => {
    const result = await setup().handle(routeEvent(createUserOperation, { body: JSON.stringify(form) }));
    expect(result.statusCode).toBe(415);
  });

  it('answers 413 for a body over 1 MiB', async () => {
    const body = JSON.stringify({ ...form, padding: 'x'.repeat(1024 * 1024) });
    const result = await setup().handle(
      routeEvent(createUserOperation, { body, headers: { 'content-type': 'application/json' } }),
    );
    expect(result.statusCode).toBe(413);
    expect(bodyOf(result)).toEqual({
      code: 'payload_too_large',
      messages: ['body: must be at most 1048576 bytes'],
    });
  });

  it.each<[string, unknown, string[]]>([
    ['a missing body', undefined, ['body: is required']],
    ['a missing name', { email: EMAIL }, ['body.name: is required']],
    ['a name that is not an object', { name: 'Ada' }, ['body.name: expected object, received string']],
    [
      'an email that is not a string',
      { ...form, email: 42 },
      ['body.email: expected string, received number'],
    ],
    [
      'an email that is not an email address',
      { ...form, email: 'ada.example.com' },
      ['body.email: must be a valid email'],
    ],
    [
      'an email that is too long',
      { ...form, email: `${'a'.repeat(250)}@x.io` },
      ['body.email: must have at most 254 characters'],
    ],
    [
      'a first name that is too long',
      { name: { first: 'A'.repeat(101) } },
      ['body.name.first: must have at most 100 characters'],
    ],
    [
      'an unknown status',
      { ...form, status: 'banned' },
      ['body.status: must be one of "pending", "active", "inactive"'],
    ],
    ['a JSON array', [form], ['body: expected object, received array']],
    ['JSON null', null, ['body: expected object, received null']],
    [
      'several problems',
      { email: false, status: 1 },
      [
        'body.email: expected string, received boolean',
        'body.name: is required',
        'body.status: must be one of "pending", "active", "inactive"',
      ],
    ],
  ])('answers 422 naming the field for %s', async (_, body, messages) => {
    const event =
      body === undefined
        ? routeEvent(createUserOperation)
        : routeEvent(createUserOperation, {
            body: JSON.stringify(body),
            headers: { 'content-type': 'application/json' },
          });
    const result = await setup().handle(event);
    expect(result.statusCode).toBe(422);
    expect(bodyOf(result)).toEqual({ code: 'validation_failed', messages: expect.any(Array) });
    expect(new Set(messagesOf(result))).toEqual(new Set(messages));
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('answers 422, not 500, for text that cannot be stored (a lone surrogate)', async () => {
    const body = '{"name":{"first":"Ada\\ud800"},"email":"\\udc00@example.com"}';
    const result = await setup().handle(
      routeEvent(createUserOperation, { body, headers: { 'content-type': 'application/json' } }),
    );
    expect(result.statusCode).toBe(422);
    expect(messagesOf(result).sort()).toEqual([
      'body.email: must be a valid email', // its format (api-specs/users.json): an ASCII address
      'body.email: must be valid Unicode text',
      'body.name.first: must be valid Unicode text',
    ]);
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('does not echo a rejected value', async () => {
    const result = await setup().handle(
      routeEvent(createUserOperation, { body: { email: 'x'.repeat(300), name: { first: 'Secret' } } }),
    );
    expect(result.statusCode).toBe(422);
    expect(result.body).not.toContain('xxxx');
    expect(result.body).not.toContain('Secret');
  });

  it('answers 500 with the fixed body when DynamoDB fails, leaking neither stack nor input', async () => {
    ddb.on(TransactWriteCommand).rejects(outage());
    const { handle, calls } = setup();
    const result = await handle(routeEvent(createUserOperation, { body: form }));
    expect(result.statusCode).toBe(500);
    expect(result.body).toBe(JSON.stringify(INTERNAL_ERROR_BODY));
    expect(result.body).not.toContain(EMAIL);
    expect(result.body).not.toContain('Lovelace');
    expect(result.body).not.toMatch(/\bat\b|\.ts:/);
    expect(calls.map((call) => call.level)).toEqual(['error']);
  });

  it('answers 500 when a cancelled transaction carries no reasons it can read', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'ThrottlingError'));
    const result = await setup().handle(routeEvent(createUserOperation, { body: form }));
    expect(result.statusCode).toBe(500);
  });

  it('answers 500 when a fresh id is already taken (ids are unique: a bug, not the client)', async () => {
    ddb.on(PutCommand).rejects(conditionFailed({ version: 1 }));
    const result = await setup().handle(routeEvent(createUserOperation, { body: { name: {} } }));
    expect(result.statusCode).toBe(500);
    expect(bodyOf(result)).toEqual(INTERNAL_ERROR_BODY);
  });
});
