import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EVENT_SOURCE as NOTIFICATIONS_SOURCE } from '../../functions/notifications/generated/events';
import { listNotificationsOperation } from '../../functions/notifications/generated/operations';
import {
  LINE_ITEM_UNIT_PRICE_PRECISION,
  LINE_ITEM_UNIT_PRICE_SCALE,
  lineItemSchema,
  ORDER_FORM_TOTAL_PRECISION,
  ORDER_FORM_TOTAL_SCALE,
  orderFormSchema,
  orderSchema,
} from '../../functions/orders/generated/models';
import { ORDER_INDEXES, OrderRepository } from '../../functions/orders/generated/repository';
import { TABLE_KEY } from '../../functions/runtime/conventions';
import { ResourceRepository } from '../../functions/runtime/repository';
import { issueMessages } from '../../functions/runtime/zod-issues';
import * as users from '../../functions/users/generated';
import { specSchema } from '../../lib/contract/schema';
import { tableLayout } from '../../lib/contract/table-layout';
import { fixtureSpecText, generate, TempProject, validSpecs } from './helpers';

/** Behaviour of the generated schemas with real values: what they accept, reject and fill in. */

const NOW = '2026-11-22T14:00:00.000Z';
const user = {
  id: 'usr-01JD3QZ8V5K2W7G9X4M6N8P0RT',
  email: 'ada@example.com',
  name: { first: 'Ada', last: 'Lovelace' },
  status: 'active',
  version: 1,
  created_at: NOW,
  updated_at: NOW,
};

function issuesOf(result: {
  success: boolean;
  error?: { issues: Array<{ path: PropertyKey[]; code: string }> };
}) {
  return (result.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.code}`);
}

describe('users models', () => {
  it('accepts a user and strips unknown keys', () => {
    const parsed = users.userSchema.parse({ ...user, hash_code: 'abc', [TABLE_KEY]: 'usr-1', extra: true });
    expect(parsed).toEqual(user);
  });

  it('applies defaults', () => {
    const { status: _, ...withoutStatus } = user;
    expect(users.userSchema.parse(withoutStatus).status).toBe('active');
  });

  it('rejects enum values, lengths and types it does not allow', () => {
    expect(issuesOf(users.userSchema.safeParse({ ...user, status: 'gone' }))).toEqual([
      'status: invalid_value',
    ]);
    expect(issuesOf(users.userSchema.safeParse({ ...user, email: `${'a'.repeat(250)}@x.io` }))).toEqual([
      'email: too_big',
    ]);
    expect(issuesOf(users.userSchema.safeParse({ ...user, version: 0 }))).toEqual(['version: too_small']);
    expect(issuesOf(users.userSchema.safeParse({ ...user, version: 1.5 }))).toEqual([
      'version: invalid_type',
    ]);
    expect(issuesOf(users.userSchema.safeParse({ ...user, created_at: '2026-11-22' }))).toEqual([
      'created_at: invalid_format',
    ]);
    expect(issuesOf(users.userSchema.safeParse({ ...user, name: undefined }))).toEqual([
      'name: invalid_type',
    ]);
  });

  it('accepts only email addresses as emails, and says so without the value', () => {
    for (const email of ['ada@example.com', 'a.b+c@sub.example.org']) {
      expect(users.userFormSchema.safeParse({ email, name: {} }).success).toBe(true);
    }
    for (const email of ['ada.example.com', 'ada@example', 'ada @example.com', '@example.com', '']) {
      expect(issuesOf(users.userFormSchema.safeParse({ email, name: {} }))).toEqual([
        'email: invalid_format',
      ]);
    }
    const result = users.createUserOperation.body.safeParse({ email: 'secret-not-an-email', name: {} });
    expect(issueMessages(result.error?.issues ?? [], { root: 'body' })).toEqual([
      'body.email: must be a valid email',
    ]);
  });

  it('exposes the spec values domain code needs: the id prefix, its guard, the email length', () => {
    expect(users.USER_ID_PREFIX).toBe('usr');
    expect(users.isUserId(user.id)).toBe(true);
    for (const value of ['ord-01JD3QZ8V5K2W7G9X4M6N8P0RT', 'usr-1', 'usr-', user.id.toLowerCase(), 1]) {
      expect(users.isUserId(value)).toBe(false);
    }
    expect(users.USER_EMAIL_MAX_LENGTH).toBe(254);
    expect(users.userSchema.safeParse({ ...user, email: `${'a'.repeat(242)}@example.com` }).success).toBe(
      true,
    );
  });

  it('exposes the enum values, and the personal data field names', () => {
    expect(users.USER_STATUS_VALUES).toEqual(['pending', 'active', 'inactive']);
    expect(users.userStatusSchema.options).toEqual(['pending', 'active', 'inactive']);
    expect([...users.PERSONAL_DATA_FIELDS]).toEqual(['email', 'name']);
  });

  it('parses the built-in generic_error', () => {
    expect(users.genericErrorSchema.parse({ code: 'conflict', messages: ['x'], stack: 'no' })).toEqual({
      code: 'conflict',
      messages: ['x'],
    });
  });
});

describe('orders models', () => {
  const item = { sku: 'SKU-1', quantity: 2, unit_price: '12.50' };
  const form = { user_id: 'usr-1', line_items: [item], currency: 'EUR', total: '25.00' };

  it('accepts decimals written as strings, and only those', () => {
    for (const price of ['0', '12.50', '3.1', '0.005', '000.005', '999999999999.999']) {
      expect(lineItemSchema.safeParse({ ...item, unit_price: price }).success).toBe(true);
    }
    for (const price of [12.5, '12.', '.5', '1e3', '12,50', ' 1', '']) {
      expect(lineItemSchema.safeParse({ ...item, unit_price: price }).success).toBe(false);
    }
  });

  it("exports each decimal field's precision and scale for domain code", () => {
    expect([LINE_ITEM_UNIT_PRICE_PRECISION, LINE_ITEM_UNIT_PRICE_SCALE]).toEqual([15, 3]);
    expect([ORDER_FORM_TOTAL_PRECISION, ORDER_FORM_TOTAL_SCALE]).toEqual([21, 3]);
  });

  it('refuses amounts below the minimum or with more digits than the precision and scale, naming only the rule', () => {
    const messages = (price: string) => {
      const result = lineItemSchema.safeParse({ ...item, unit_price: price });
      return result.success ? [] : issueMessages(result.error.issues, { root: 'body' });
    };
    expect(messages('-3.1')).toEqual(['body.unit_price: must be >= 0']);
    expect(messages('-0.0001')).toEqual([
      'body.unit_price: must be >= 0',
      'body.unit_price: must have at most 3 digits after the point',
    ]);
    expect(messages('12.5000')).toEqual(['body.unit_price: must have at most 3 digits after the point']);
    expect(messages('1000000000000000')).toEqual([
      'body.unit_price: must have at most 15 significant digits',
    ]);
    expect(messages('1'.repeat(42))).toEqual(['body.unit_price: must have at most 15 significant digits']);
    // The total allows more significant digits than a price: 100 lines of 10,000 at the largest price.
    expect(orderFormSchema.safeParse({ ...form, total: '999999999999999000.000' }).success).toBe(true);
    expect(issuesOf(orderFormSchema.safeParse({ ...form, total: '9999999999999999990.000' }))).toEqual([
      'total: custom',
    ]);
    expect(issuesOf(orderSchema.safeParse({ total: '1.0001' })).filter((i) => i.startsWith('total'))).toEqual(
      ['total: custom'],
    );
  });

  it('keeps integers 32-bit and within their bounds', () => {
    expect(lineItemSchema.safeParse({ ...item, quantity: 10000 }).success).toBe(true);
    expect(issuesOf(lineItemSchema.safeParse({ ...item, quantity: 10001 }))).toEqual(['quantity: too_big']);
    expect(issuesOf(lineItemSchema.safeParse({ ...item, quantity: 0 }))).toEqual(['quantity: too_small']);
    expect(issuesOf(lineItemSchema.safeParse({ ...item, quantity: 2.5 }))).toEqual([
      'quantity: invalid_type',
    ]);
  });

  it('bounds list sizes and exact string lengths', () => {
    expect(issuesOf(orderFormSchema.safeParse({ ...form, line_items: [] }))).toEqual([
      'line_items: too_small',
    ]);
    expect(
      issuesOf(orderFormSchema.safeParse({ ...form, line_items: Array.from({ length: 101 }, () => item) })),
    ).toEqual(['line_items: too_big']);
    // A wrong length breaks the pattern too (three upper-case letters): both are reported.
    expect(issuesOf(orderFormSchema.safeParse({ ...form, currency: 'EURO' }))).toEqual([
      'currency: too_big',
      'currency: invalid_format',
    ]);
    expect(issuesOf(orderFormSchema.safeParse({ ...form, currency: 'EU' }))).toEqual([
      'currency: too_small',
      'currency: invalid_format',
    ]);
  });

  it('takes a currency of three upper-case letters only, naming the pattern and not the value', () => {
    for (const currency of ['eur', 'EU1', 'ÉUR']) {
      const result = orderFormSchema.safeParse({ ...form, currency });
      expect(issuesOf(result)).toEqual(['currency: invalid_format']);
      expect(issueMessages(result.error?.issues ?? [], { root: 'body' })).toEqual([
        'body.currency: must match /^[A-Z]{3}$/u',
      ]);
    }
    expect(
      orderSchema.safeParse({
        ...form,
        currency: 'usd',
        id: 'ord-1',
        version: 1,
        created_at: NOW,
        updated_at: NOW,
      }).success,
    ).toBe(false);
  });

  it('strips unknown keys at every level and leaves optional fields out', () => {
    const parsed = orderFormSchema.parse({ ...form, line_items: [{ ...item, color: 'red' }], admin: true });
    expect(parsed).toEqual(form);
    expect('status' in parsed).toBe(false);
  });

  it('fills the status default of a stored order', () => {
    const order = { ...form, id: 'ord-1', version: 3, created_at: NOW, updated_at: NOW };
    expect(orderSchema.parse(order).status).toBe('pending');
  });
});

describe('operations', () => {
  it('describes every operation, with ids after the conventions', () => {
    expect(users.OPERATIONS.map((op) => `${op.id} ${op.method} ${op.path} ${op.successStatus}`)).toEqual([
      'getUser GET /users/:id 200',
      'listUsers GET /users 200',
      'createUser POST /users 201',
      'replaceUser PUT /users/:id 200',
      'deleteUser DELETE /users/:id 204',
    ]);
    expect(users.OPERATIONS_BY_ID.getUser).toBe(users.getUserOperation);
    expect(users.getUserOperation.auth).toBe('iam');
    expect(users.deleteUserOperation.responses).toEqual({ 204: null, 404: null });
    expect(users.createUserOperation.body).toBe(users.userFormSchema);
    expect(users.createUserOperation.responses[201]).toBe(users.userSchema);
  });

  it('reads query numbers from strings, applies defaults and strips unknown parameters', () => {
    const query = users.listUsersOperation.queryParameters;
    expect(query.parse({})).toEqual({ limit: 25 });
    expect(query.parse({ limit: '7', cursor: 'abc', debug: '1' })).toEqual({ limit: 7, cursor: 'abc' });
    expect(query.parse({ email: 'a@b.c' })).toEqual({ email: 'a@b.c', limit: 25 });
    for (const limit of ['abc', '', '0', '101', '2.5', '0x10', ['1', '2']]) {
      expect(query.safeParse({ limit }).success).toBe(false);
    }
  });

  it('requires required query parameters', () => {
    const query = listNotificationsOperation.queryParameters;
    expect(issuesOf(query.safeParse({}))).toEqual(['order_id: invalid_type']);
    expect(query.parse({ order_id: 'ord-1', limit: '100' })).toEqual({ order_id: 'ord-1', limit: 100 });
  });

  it('takes undeclared path parameters as strings', () => {
    expect(users.getUserOperation.pathParameters.parse({ id: 'usr-1', other: 'x' })).toEqual({ id: 'usr-1' });
    expect(users.getUserOperation.pathParameters.safeParse({}).success).toBe(false);
  });
});

describe('events', () => {
  it('names the source and detail types', () => {
    expect(users.EVENT_SOURCE).toBe('tributary.users');
    expect(NOTIFICATIONS_SOURCE).toBe('tributary.notifications');
    expect(users.SYSTEM).toBe('tributary');
    expect(users.USER_UPSERTED).toBe('user.upserted');
    expect(users.USER_DELETED).toBe('user.deleted');
    expect(users.DETAIL_TYPES).toEqual(['user.upserted', 'user.deleted']);
    expect(users.RESOURCE_EVENTS).toEqual({ user: { upserted: 'user.upserted', deleted: 'user.deleted' } });
  });

  it('parses an event detail: identifiers and metadata only', () => {
    const detail = { id: 'usr-1', event_id: 'e-1', version: 3, occurred_at: NOW };
    expect(users.eventDetailSchema.parse({ ...detail, email: 'leak@example.com' })).toEqual(detail);
    expect(users.eventDetailSchema.safeParse({ ...detail, version: '3' }).success).toBe(false);
    expect(users.eventDetailSchema.safeParse({ ...detail, occurred_at: 'yesterday' }).success).toBe(false);
  });
});

describe('repositories', () => {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }));

  it('configure the run-time repository from the spec', () => {
    const repository = new users.UserRepository({ client, tableName: 'users' });
    expect(repository).toBeInstanceOf(ResourceRepository);
    expect(users.USER_INDEXES).toEqual([
      { name: 'ix_user__email', fields: ['email'], unique: true, ignoreCase: true },
    ]);
    // ignoreCase is written only where the spec says ignore_case, as is the table layout's.
    expect(ORDER_INDEXES).toEqual([{ name: 'ix_order__user_id', fields: ['user_id'], unique: false }]);
    const usersSpec = specSchema.parse(
      JSON.parse(readFileSync(join(__dirname, '../../api-specs/users.json'), 'utf8')),
    );
    expect(tableLayout(usersSpec).resources[0]?.indexes).toEqual([
      expect.objectContaining({ name: 'ix_user__email', unique: true, ignoreCase: true }),
    ]);
  });

  it('find by their indexes', async () => {
    const repository = new users.UserRepository({ client, tableName: 'users' });
    const findOne = jest.spyOn(ResourceRepository.prototype, 'findOne').mockResolvedValue(undefined);
    await repository.findByEmail('ada@example.com');
    expect(findOne).toHaveBeenCalledWith('ix_user__email', { email: 'ada@example.com' });
    findOne.mockRestore();

    const orders = new OrderRepository({ client, tableName: 'orders' });
    const findAll = jest.spyOn(ResourceRepository.prototype, 'findAll').mockResolvedValue({ items: [] });
    await orders.findAllByUserId('usr-1', { limit: 5 });
    expect(findAll).toHaveBeenCalledWith('ix_order__user_id', { user_id: 'usr-1' }, { limit: 5 });
    findAll.mockRestore();
  });

  it('have a fields schema without the id and system attributes', () => {
    const fields = users.userFieldsSchema.parse({ ...user });
    expect(fields).toEqual({ email: user.email, name: user.name, status: 'active' });
    expect(users.userFieldsSchema.parse({ name: {} })).toEqual({ name: {}, status: 'active' });
  });
});

describe('the kitchen-sink fixture: every type, recursion, text parameters', () => {
  const project = new TempProject();
  let models: any;
  let operations: any;
  let repository: any;

  beforeAll(() => {
    project.write(generate(validSpecs([fixtureSpecText('kitchen_sink')])));
    const dir = 'functions/kitchen_sink/generated';
    models = require(project.path(`${dir}/models.ts`));
    operations = require(project.path(`${dir}/operations.ts`));
    repository = require(project.path(`${dir}/repository.ts`));
  });

  afterAll(() => project.cleanup());

  const gadget = { id: 'gdg-1', label: 'ab' };

  it('parses recursive models, directly and through a cycle of two', () => {
    const tree = {
      name: 'root',
      children: [{ name: 'leaf', children: [], junk: 1 }],
      by_name: { x: { name: 'x' } },
      owner: { email: 'e@x.io', favorite: { name: 'fav', children: [{ name: 'deep' }] } },
    };
    const parsed = models.categorySchema.parse(tree);
    expect(parsed.children[0]).toEqual({ name: 'leaf', children: [], by_name: {} });
    expect(parsed.owner.favorite.children[0].name).toBe('deep');
    expect(models.categorySchema.safeParse({ name: 'r', children: [{ name: 3 }] }).success).toBe(false);
    expect(models.personSchema.safeParse({ email: 'e', favorite: { children: [] } }).success).toBe(false);
    const wide = { name: 'w', children: Array.from({ length: 51 }, (_, i) => ({ name: `c${i}` })) };
    expect(models.categorySchema.safeParse(wide).success).toBe(false);
  });

  it('applies defaults, including a model default whose own defaults apply', () => {
    const parsed = models.gadgetSchema.parse(gadget);
    expect(parsed).toEqual({
      ...gadget,
      enabled: true,
      tags: [],
      dims: { width: 1, height: 2 },
      code: 'AB-123',
    });
    expect(models.gadgetSchema.parse({ ...gadget, dims: { width: 5 } }).dims).toEqual({
      width: 5,
      height: 2,
    });
  });

  it.each([
    ['label', 'a', false],
    ['label', 'abcdefghij', true],
    ['label', 'abcdefghijk', false],
    ['count', 5, true],
    ['count', 6, false],
    ['count', -5, true],
    ['big', Number.MAX_SAFE_INTEGER, true],
    ['big', 2 ** 53, false],
    ['big', 1.5, false],
    ['ratio', 0.25, true],
    ['ratio', 1.01, false],
    ['ratio', Number.POSITIVE_INFINITY, false],
    ['price', '999.99', true],
    ['price', '1000.01', false],
    ['price', '-0.01', false],
    // Compared as decimals: a double would round both to the bound and accept them.
    ['price', '1000.0000000000000001', false],
    ['price', '-0.0000000000000000001', false],
    ['price', '1000.0000000000000000', true],
    ['site', 'https://example.com/a%20b?q=1#top', true],
    ['site', 'mailto:ada@example.com', true],
    ['site', 'urn:isbn:0451450523', true],
    ['site', '/relative/path', false],
    ['site', 'https://example.com/a b', false],
    ['site', ' https://example.com', false],
    ['site', 'https://exa\nmple.com', false],
    ['site', 'https://example.com/ü', false],
    ['site', 'https://[::1', false],
    ['contact', 'ada@example.com', true],
    ['contact', 'ada@example', false],
    ['contact', `${'a'.repeat(20)}@example.com`, false],
    ['token', '3f2b8c1e-4a5d-4e6f-8a9b-0c1d2e3f4a5b', true],
    ['token', '3f2b8c1e-4a5d-0e6f-8a9b-0c1d2e3f4a5b', false],
    ['made_on', '2024-02-29', true],
    ['made_on', '2026-02-29', false],
    ['made_at', '2026-11-22T14:00:00Z', true],
    ['made_at', '2026-11-22 14:00:00Z', false],
    ['code', 'XY-007', true],
    ['code', 'xy-007', false],
    ['code', 'XY-007 ', false],
    ['glyph', 'Ä', true],
    ['glyph', 'ä', false],
    ['price', 5, false],
    ['ref', '3f2b8c1e-4a5d-4e6f-8a9b-0c1d2e3f4a5b', true],
    ['ref', '3f2b8c1e4a5d4e6f8a9b0c1d2e3f4a5b', false],
    ['day', '2026-02-28', true],
    ['day', '2026-02-30', false],
    ['at', '2026-11-22T14:00:00+01:00', true],
    ['at', '2026-11-22T14:00:00', false],
    ['extra', { a: [1] }, true],
    ['extra', [1], false],
    ['anything', [1, 'x', null, { a: true }], true],
    ['tags', ['a', 'b', 'c'], true],
    ['tags', ['a', 'b', 'c', 'd'], false],
    ['scores', { a: 1 }, true],
    ['scores', { a: 2 ** 31 }, false],
    ['colors', ['red', 'blue'], true],
    ['colors', ['pink'], false],
  ])('%s = %p is accepted: %s', (field, value, accepted) => {
    expect(models.gadgetSchema.safeParse({ ...gadget, [field]: value }).success).toBe(accepted);
  });

  it('reads booleans, numbers and lists from query strings', () => {
    const query = operations.listGadgetsOperation.queryParameters;
    expect(query.parse({ label: 'x', enabled: 'true', ratio: '0.5', big: '9007199254740991' })).toEqual({
      label: 'x',
      enabled: true,
      ratio: 0.5,
      big: 9007199254740991,
      limit: 25,
    });
    expect(query.parse({ label: 'x', enabled: 'false' }).enabled).toBe(false);
    expect(query.parse({ label: 'x', colors: 'red' }).colors).toEqual(['red']);
    expect(query.parse({ label: 'x', colors: ['red', 'green'] }).colors).toEqual(['red', 'green']);
    expect(query.parse({ label: 'x', counts: ['1', '2'] }).counts).toEqual([1, 2]);
    expect(query.parse({ label: 'x', price: '1.50' }).price).toBe('1.50');
    expect(query.parse({ label: 'x', price: '0.5' }).price).toBe('0.5');
    expect(query.parse({ label: 'x', code: 'Q' }).code).toBe('Q');
    for (const bad of [
      { enabled: 'yes' },
      { enabled: '1' },
      { ratio: '-1' },
      { big: '1.5' },
      { colors: 'pink' },
      { counts: ['1', '2', '3'] },
      { counts: ['x'] },
      { price: '1e3' },
      { price: '0.4999999999999999999' },
      { code: 'q' },
    ]) {
      expect(query.safeParse({ label: 'x', ...bad }).success).toBe(false);
    }
  });

  it('reads declared path parameters from strings', () => {
    const path = operations.getGadgetsByNumberByNumberOperation.pathParameters;
    expect(path.parse({ number: '42' })).toEqual({ number: 42 });
    expect(path.safeParse({ number: 'x' }).success).toBe(false);
  });

  it('says what failed in a format, a pattern and a decimal bound, never the value', () => {
    const result = models.gadgetSchema.safeParse({
      ...gadget,
      site: 'not a uri',
      code: 'secret',
      price: '1000.5',
      contact: 'nope',
    });
    expect(issueMessages(result.error?.issues ?? [], { root: 'body' })).toEqual([
      'body.price: must be <= 1000',
      'body.site: must be a valid URI',
      'body.contact: must be a valid email',
      'body.code: must match /^[A-Z]{2}-\\d{3}$/u',
    ]);
  });

  it('exposes a declared id prefix, used by the guard and the repository', () => {
    expect(models.GADGET_ID_PREFIX).toBe('gad');
    expect(models.isGadgetId('gad-01JD3QZ8V5K2W7G9X4M6N8P0RT')).toBe(true);
    expect(models.isGadgetId('gdg-01JD3QZ8V5K2W7G9X4M6N8P0RT')).toBe(false);
    expect(models.NOTE_ID_PREFIX).toBe('not');
    expect(models.GADGET_CONTACT_MAX_LENGTH).toBe(30);
    const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }));
    const gadgets = new repository.GadgetRepository({ client, tableName: 'kitchen' });
    expect(gadgets).toBeInstanceOf(ResourceRepository);
  });

  it('derives ids for other shapes, takes declared names, and keeps auth none', () => {
    expect(Object.keys(operations.OPERATIONS_BY_ID)).toEqual([
      'getGadget',
      'listGadgets',
      'archiveGadget',
      'updateGadget',
      'getGadgetsByNumberByNumber',
      'createNote',
    ]);
    expect(operations.updateGadgetOperation.auth).toBe('none');
    expect(operations.archiveGadgetOperation.body.parse({ a: 'b' })).toEqual({ a: 'b' });
    expect(operations.archiveGadgetOperation.id).toBe('archiveGadget');
  });

  it('adds the system attributes a stored model does not declare to its record', () => {
    const record = { ...gadget, version: 2, created_at: NOW, updated_at: NOW };
    expect(repository.gadgetRecordSchema.parse(record).version).toBe(2);
    expect(repository.gadgetRecordSchema.safeParse(gadget).success).toBe(false);
    expect(repository.GADGET_INDEXES).toEqual([
      { name: 'ix_gadget__label', fields: ['label'], unique: true },
      { name: 'ix_gadget__color_key__count', fields: ['color_key', 'count'], unique: false },
    ]);
    expect(typeof repository.GadgetRepository.prototype.findByLabel).toBe('function');
    expect(typeof repository.GadgetRepository.prototype.findAllByColorKeyAndCount).toBe('function');
    expect(repository.NoteRepository).toBeUndefined(); // not stored
  });

  it('collects personal data from fields and parameters', () => {
    expect([...models.PERSONAL_DATA_FIELDS]).toEqual(['email', 'label']);
  });
});
