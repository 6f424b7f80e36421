/**
 * The repository contract: the same cases against ResourceRepository on DynamoDB Local and against
 * MemoryRepository, so the in-memory one the fakes use cannot drift from the real one. Then random
 * sequences of operations run on both side by side must give the same results, step by step.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { type Clock, type TestClock, testClock } from '../../../../functions/runtime/clock';
import {
  DEFAULT_LIST_SHARDS,
  guardKey,
  indexName,
  LIST_INDEX,
  TABLE_KEY,
  TYPE_ATTRIBUTE,
} from '../../../../functions/runtime/conventions';
import { HttpError, isHttpError } from '../../../../functions/runtime/errors';
import { idTime } from '../../../../functions/runtime/ids';
import type { Page } from '../../../../functions/runtime/pagination';
import {
  type IndexConfig,
  InvalidCursorError,
  InvalidLimitError,
  ItemNotFoundError,
  ItemTooLargeError,
  ResourceRepository,
  UniqueConstraintError,
  VersionConflictError,
} from '../../../../functions/runtime/repository';
import { encodeCursor } from '../../../../functions/runtime/repository/cursor';
import { encodeListCursor } from '../../../../functions/runtime/repository/list-cursor';
import { MemoryRepository } from '../../../../functions/runtime/testing/memory-repository';
import type { TableLayout } from '../../../../lib/contract/table-layout';
import {
  createServiceTable,
  type DynamoDbLocal,
  localDynamoDbClient,
  startDynamoDbLocal,
} from '../../../support/dynamodb-local';
import {
  EMAIL_INDEX,
  TEAM_INDEX,
  TEAM_STATUS_INDEX,
  USER_INDEXES,
  USERS_LAYOUT,
  type User,
  type UserForm,
  userForm,
  userRepository,
  userSchema,
} from '../../../support/repository-fixture';

/** What the contract covers: the public API of ResourceRepository. */
type Repository<T extends { id: string; version: number }, F extends object> = Pick<
  ResourceRepository<T, F>,
  'get' | 'create' | 'replace' | 'delete' | 'list' | 'findOne' | 'findAll'
>;

/**
 * A second resource for what the strict `user` fixture cannot hold: any content (numbers, dates),
 * a unique index on `code` and a plain one on `tag`; and indexes that ignore letter case: a unique
 * one on `handle`, a plain two-field one on `maker` + `model`.
 */
interface Gizmo {
  readonly id: string;
  readonly version: number;
  readonly [field: string]: unknown;
}
const GIZMO_INDEXES: readonly IndexConfig[] = [
  { name: indexName('gizmo', ['code']), fields: ['code'], unique: true },
  { name: indexName('gizmo', ['tag']), fields: ['tag'], unique: false },
  { name: indexName('gizmo', ['handle']), fields: ['handle'], unique: true, ignoreCase: true },
  {
    name: indexName('gizmo', ['maker', 'model']),
    fields: ['maker', 'model'],
    unique: false,
    ignoreCase: true,
  },
];
const HANDLE_INDEX = indexName('gizmo', ['handle']);
const MAKER_MODEL_INDEX = indexName('gizmo', ['maker', 'model']);
const GIZMO_LAYOUT: TableLayout = {
  service: 'gizmos',
  resources: [
    {
      resource: 'gizmo',
      listShards: DEFAULT_LIST_SHARDS,
      indexes: GIZMO_INDEXES.map((index) => ({
        ...index,
        ignoreCase: index.ignoreCase === true,
        resource: 'gizmo',
        partitionKey: index.name,
        sortKey: 'id' as const,
      })),
    },
  ],
  globalSecondaryIndexes: [
    LIST_INDEX,
    ...GIZMO_INDEXES.map((index) => ({ name: index.name, partitionKey: index.name, sortKey: 'id' })),
  ],
};
const parseGizmo = (item: unknown): Gizmo => item as Gizmo;

interface Implementation {
  users(clock: Clock, listShards?: number): Promise<Repository<User, UserForm>>;
  gizmos(clock: Clock): Promise<Repository<Gizmo, Record<string, unknown>>>;
}

let local: DynamoDbLocal;
let doc: DynamoDBDocumentClient;
let tables = 0;

beforeAll(async () => {
  local = await startDynamoDbLocal();
  doc = DynamoDBDocumentClient.from(localDynamoDbClient(local));
}, 120_000);

afterAll(async () => {
  doc?.destroy();
  await local?.stop();
});

const dynamodb: Implementation = {
  async users(clock, listShards) {
    const tableName = `contract-users-${++tables}`;
    await createServiceTable(localDynamoDbClient(local), tableName, USERS_LAYOUT);
    if (listShards === undefined) return userRepository(doc, tableName, clock);
    return new ResourceRepository<User, UserForm>({
      client: doc,
      tableName,
      resource: 'user',
      idPrefix: 'usr',
      indexes: USER_INDEXES,
      parse: (item) => userSchema.parse(item),
      clock,
      listShards,
    });
  },
  async gizmos(clock) {
    const tableName = `contract-gizmos-${++tables}`;
    await createServiceTable(localDynamoDbClient(local), tableName, GIZMO_LAYOUT);
    return new ResourceRepository<Gizmo, Record<string, unknown>>({
      client: doc,
      tableName,
      resource: 'gizmo',
      idPrefix: 'gzm',
      indexes: GIZMO_INDEXES,
      parse: parseGizmo,
      clock,
    });
  },
};

const memory: Implementation = {
  async users(clock, listShards) {
    return new MemoryRepository<User, UserForm>({
      resource: 'user',
      idPrefix: 'usr',
      indexes: USER_INDEXES,
      parse: (item) => userSchema.parse(item),
      clock,
      ...(listShards === undefined ? {} : { listShards }),
    });
  },
  async gizmos(clock) {
    return new MemoryRepository<Gizmo, Record<string, unknown>>({
      resource: 'gizmo',
      idPrefix: 'gzm',
      indexes: GIZMO_INDEXES,
      parse: parseGizmo,
      clock,
    });
  },
};

const START = '2026-01-01T00:00:00.000Z';

async function walk<T extends { id: string }>(
  read: (cursor?: string) => Promise<Page<T>>,
): Promise<{ pages: number[]; ids: string[] }> {
  const pages: number[] = [];
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    pages.push(page.items.length);
    ids.push(...page.items.map((item) => item.id));
    cursor = page.cursor;
  } while (cursor !== undefined && pages.length < 100);
  return { pages, ids };
}

describe.each([
  ['ResourceRepository on DynamoDB Local', dynamodb],
  ['MemoryRepository', memory],
] as const)('%s', (_, implementation) => {
  let clock: TestClock;
  let repo: Repository<User, UserForm>;

  beforeEach(async () => {
    clock = testClock(START);
    repo = await implementation.users(clock);
  });

  describe('writes', () => {
    it('creates with a fresh id of the clock, version 1 and the timestamps; get returns it', async () => {
      const created = await repo.create(userForm({ email: 'ada@example.com', team: 'core' }));
      expect(created).toEqual({
        id: expect.stringMatching(/^usr-[0-7][0-9A-HJKMNP-TV-Z]{25}$/),
        version: 1,
        email: 'ada@example.com',
        name: { first: 'Ada', last: 'Lovelace' },
        team: 'core',
        status: 'active',
        created_at: START,
        updated_at: START,
      });
      expect(idTime(created.id).toISOString()).toBe(START);
      await expect(repo.get(created.id)).resolves.toEqual(created);
    });

    it('gives ids made in the same millisecond in order', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await repo.create(userForm())).id);
      expect([...ids].sort()).toEqual(ids);
      expect(new Set(ids).size).toBe(5);
    });

    it('replaces: version + 1, created_at kept, updated_at new, a field left out is gone', async () => {
      const created = await repo.create(userForm({ team: 'core' }));
      clock.advance(60_000);
      const replaced = await repo.replace(created.id, userForm({ status: 'inactive' }), 1);
      expect(replaced).toEqual({
        id: created.id,
        version: 2,
        name: { first: 'Ada', last: 'Lovelace' },
        status: 'inactive',
        created_at: START,
        updated_at: '2026-01-01T00:01:00.000Z',
      });
      await expect(repo.get(created.id)).resolves.toEqual(replaced);
    });

    it('writes nothing for the same content (key order and undefined members aside)', async () => {
      const created = await repo.create(userForm({ email: 'ada@example.com' }));
      clock.advance(1_000);
      const same = await repo.replace(created.id, {
        status: 'active',
        team: undefined,
        email: 'ada@example.com',
        name: { last: 'Lovelace', first: 'Ada' },
      });
      expect(same).toEqual(created);
      await expect(repo.get(created.id)).resolves.toEqual(created);
    });

    it('refuses a replace or delete of another version with VersionConflictError (409)', async () => {
      const created = await repo.create(userForm());
      const replace = repo.replace(created.id, userForm({ team: 'x' }), 5);
      await expect(replace).rejects.toBeInstanceOf(VersionConflictError);
      await expect(replace).rejects.toMatchObject({
        statusCode: 409,
        code: 'conflict',
        resource: 'user',
        id: created.id,
        expectedVersion: 5,
        actualVersion: 1,
        messages: ['the user was changed concurrently; read it again and retry'],
      });
      await expect(repo.delete(created.id, 2)).rejects.toMatchObject({
        name: 'HttpError',
        statusCode: 409,
        expectedVersion: 2,
        actualVersion: 1,
      });
      await expect(repo.get(created.id)).resolves.toEqual(created);
    });

    it('deletes: returns what it deleted, then there is nothing', async () => {
      const created = await repo.create(userForm({ email: 'ada@example.com' }));
      await expect(repo.delete(created.id, 1)).resolves.toEqual(created);
      await expect(repo.get(created.id)).resolves.toBeUndefined();
      await expect(repo.delete(created.id)).resolves.toBeUndefined();
      const missing = repo.replace(created.id, userForm());
      await expect(missing).rejects.toBeInstanceOf(ItemNotFoundError);
      await expect(missing).rejects.toMatchObject({ statusCode: 404, messages: ['user not found'] });
      await expect(repo.findOne(EMAIL_INDEX, ['ada@example.com'])).resolves.toBeUndefined();
    });

    it('finds nothing for ids no item can have', async () => {
      await repo.create(userForm({ email: 'ada@example.com' }));
      await expect(repo.get('usr-01JD3QZ8V5K2W7G9X4M6N8P0RT')).resolves.toBeUndefined();
      await expect(repo.get('')).resolves.toBeUndefined();
      await expect(repo.get('x'.repeat(3000))).resolves.toBeUndefined();
      await expect(repo.get(guardKey('ix_user__email', 'ada@example.com'))).resolves.toBeUndefined();
      await expect(repo.delete('x'.repeat(3000))).resolves.toBeUndefined();
    });

    it('returns copies: changing a returned item or the fields given changes nothing stored', async () => {
      const fields = userForm({ name: { first: 'Ada' } });
      const created = await repo.create(fields);
      fields.name.first = 'Eve';
      (created.name as { first?: string }).first = 'Mallory';
      await expect(repo.get(created.id)).resolves.toMatchObject({ name: { first: 'Ada' } });
    });

    it('refuses fields named like table attributes and fields that are not an object', async () => {
      for (const name of [TABLE_KEY, TYPE_ATTRIBUTE, 'ix_user__email']) {
        await expect(repo.create({ ...userForm(), [name]: 'x' } as UserForm)).rejects.toThrow(
          new TypeError(`field ${name} clashes with a table attribute`),
        );
      }
      await expect(repo.create(null as unknown as UserForm)).rejects.toThrow(
        new TypeError('fields must be an object'),
      );
      await expect(repo.create([] as unknown as UserForm)).rejects.toBeInstanceOf(TypeError);
    });
  });

  describe('unique index', () => {
    it('refuses a taken value with UniqueConstraintError (409) naming the field', async () => {
      const ada = await repo.create(userForm({ email: 'ada@example.com' }));
      const clash = repo.create(userForm({ email: 'ada@example.com', team: 'other' }));
      await expect(clash).rejects.toBeInstanceOf(UniqueConstraintError);
      await expect(clash).rejects.toMatchObject({
        statusCode: 409,
        code: 'conflict',
        index: EMAIL_INDEX,
        fields: ['email'],
        messages: ['email: is already taken'],
      });
      const bob = await repo.create(userForm({ email: 'bob@example.com' }));
      await expect(repo.replace(bob.id, userForm({ email: 'ada@example.com' }))).rejects.toBeInstanceOf(
        UniqueConstraintError,
      );
      await expect(repo.get(bob.id)).resolves.toEqual(bob);
      await expect(repo.findOne(EMAIL_INDEX, ['ada@example.com'])).resolves.toEqual(ada);
    });

    it('frees a value that is changed, removed or deleted; an item keeps its own through changes', async () => {
      const ada = await repo.create(userForm({ email: 'ada@example.com' }));
      await expect(
        repo.replace(ada.id, userForm({ email: 'ada@example.com', team: 'x' })),
      ).resolves.toMatchObject({ version: 2 });
      await repo.replace(ada.id, userForm({ email: 'countess@example.com' }));
      const bob = await repo.create(userForm({ email: 'ada@example.com' }));
      await repo.replace(ada.id, userForm());
      const carl = await repo.create(userForm({ email: 'countess@example.com' }));
      await repo.delete(carl.id);
      const dora = await repo.create(userForm({ email: 'countess@example.com' }));
      await expect(repo.findOne(EMAIL_INDEX, { email: 'ada@example.com' })).resolves.toMatchObject({
        id: bob.id,
      });
      await expect(repo.findOne(EMAIL_INDEX, ['countess@example.com'])).resolves.toMatchObject({
        id: dora.id,
      });
    });

    it('is sparse: items without the value never clash, and are found by nothing', async () => {
      await repo.create(userForm());
      await repo.create(userForm());
      await repo.create(userForm({ email: '', team: '' }));
      await repo.create(userForm({ email: '', team: '' }));
      await expect(repo.findAll(TEAM_INDEX, [''])).resolves.toEqual({ items: [] });
      await expect(repo.findOne(EMAIL_INDEX, [undefined])).resolves.toBeUndefined();
      await expect(repo.findOne(EMAIL_INDEX, [null])).resolves.toBeUndefined();
      await expect(repo.findOne(EMAIL_INDEX, { email: '' })).resolves.toBeUndefined();
    });
  });

  describe("index that ignores letter case (ignoreCase: the spec's ignore_case)", () => {
    let gizmos: Repository<Gizmo, Record<string, unknown>>;

    beforeEach(async () => {
      gizmos = await implementation.gizmos(clock);
    });

    it('a value that differs only in case clashes (409), and the item keeps the value as given', async () => {
      const first = await gizmos.create({ handle: 'D@Example.com' });
      expect(first).toMatchObject({ handle: 'D@Example.com' });
      for (const handle of ['d@example.com', 'D@EXAMPLE.COM', 'd@Example.Com']) {
        const clash = gizmos.create({ handle });
        await expect(clash).rejects.toBeInstanceOf(UniqueConstraintError);
        await expect(clash).rejects.toMatchObject({
          statusCode: 409,
          index: HANDLE_INDEX,
          fields: ['handle'],
        });
      }
      const other = await gizmos.create({ handle: 'e@example.com' });
      await expect(gizmos.replace(other.id, { handle: 'd@EXAMPLE.com' })).rejects.toBeInstanceOf(
        UniqueConstraintError,
      );
      await expect(gizmos.get(first.id)).resolves.toMatchObject({ handle: 'D@Example.com', version: 1 });
    });

    it('finds an item under its value in any case, and nothing under another value', async () => {
      const first = await gizmos.create({ handle: 'D@Example.com' });
      for (const handle of ['d@example.com', 'D@EXAMPLE.COM', 'D@Example.com']) {
        await expect(gizmos.findOne(HANDLE_INDEX, [handle])).resolves.toMatchObject({
          id: first.id,
          handle: 'D@Example.com',
        });
      }
      await expect(gizmos.findOne(HANDLE_INDEX, { handle: 'd@example.co' })).resolves.toBeUndefined();
    });

    it('an item may change the case of its own value; a value changed or deleted is free in every case', async () => {
      const first = await gizmos.create({ handle: 'D@Example.com' });
      const recased = await gizmos.replace(first.id, { handle: 'd@example.com' }, 1);
      expect(recased).toMatchObject({ handle: 'd@example.com', version: 2 });
      await expect(gizmos.findOne(HANDLE_INDEX, ['D@EXAMPLE.COM'])).resolves.toMatchObject({ version: 2 });
      await gizmos.replace(first.id, { handle: 'x@example.com' });
      const second = await gizmos.create({ handle: 'D@EXAMPLE.COM' });
      await gizmos.delete(second.id);
      await expect(gizmos.create({ handle: 'd@example.COM' })).resolves.toMatchObject({ version: 1 });
      await expect(gizmos.create({ handle: 'X@EXAMPLE.COM' })).rejects.toBeInstanceOf(UniqueConstraintError);
    });

    it('folds with toLowerCase: É and é are one value; ß and SS, σ and ς stay apart (documented)', async () => {
      await gizmos.create({ handle: 'ÉCOLE' });
      await expect(gizmos.create({ handle: 'école' })).rejects.toBeInstanceOf(UniqueConstraintError);
      await gizmos.create({ handle: 'STRASSE' });
      await expect(gizmos.create({ handle: 'straße' })).resolves.toMatchObject({ version: 1 });
      await gizmos.create({ handle: 'ΟΔΟΣ' }); // lower-cased with a final sigma: οδος
      await expect(gizmos.create({ handle: 'οδοσ' })).resolves.toMatchObject({ version: 1 });
      await expect(gizmos.create({ handle: 'οδος' })).rejects.toBeInstanceOf(UniqueConstraintError);
    });

    it('a plain index of two fields finds every item whose values differ only in case, newest first', async () => {
      const a = await gizmos.create({ maker: 'ACME', model: 'Rocket#1' });
      const b = await gizmos.create({ maker: 'acme', model: 'rocket#1' });
      await gizmos.create({ maker: 'acme#rocket', model: '1' });
      const found = await gizmos.findAll(MAKER_MODEL_INDEX, ['Acme', 'ROCKET#1']);
      expect(found.items.map((item) => item.id)).toEqual([b.id, a.id]);
      expect(found.items.map((item) => item.maker)).toEqual(['acme', 'ACME']);
    });

    it('an index without it still tells case apart', async () => {
      await repo.create(userForm({ email: 'ada@example.com' }));
      await expect(repo.create(userForm({ email: 'Ada@Example.com' }))).resolves.toMatchObject({
        version: 1,
      });
      await expect(repo.findOne(EMAIL_INDEX, ['ADA@EXAMPLE.COM'])).resolves.toBeUndefined();
    });
  });

  describe('concurrent writes', () => {
    const N = 8;

    it('of one expected version: exactly one wins, the others conflict', async () => {
      const { id } = await repo.create(userForm({ team: 'start' }));
      const results = await Promise.allSettled(
        Array.from({ length: N }, (_, i) => repo.replace(id, userForm({ team: `team-${i}` }), 1)),
      );
      const won = results.filter((result) => result.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(VersionConflictError);
      }
      await expect(repo.get(id)).resolves.toMatchObject({ version: 2 });
    });

    it('each on the version it read: the winners get consecutive versions, the others conflict', async () => {
      const { id } = await repo.create(userForm({ team: 'start' }));
      const results = await Promise.allSettled(
        Array.from({ length: N }, (_, i) => repo.replace(id, userForm({ team: `team-${i}` }))),
      );
      const won = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value.version] : []));
      for (const result of results) {
        if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(VersionConflictError);
      }
      expect(won.length).toBeGreaterThanOrEqual(1);
      expect(won.length).toBeLessThan(N); // all read version 1 before any wrote
      expect([...won].sort((a, b) => a - b)).toEqual(won.map((_, i) => 2 + i));
      await expect(repo.get(id)).resolves.toMatchObject({ version: 1 + won.length });
    });

    it('creates of one unique value: exactly one takes it', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: N }, (_, i) =>
          repo.create(userForm({ email: 'same@example.com', team: `t${i}` })),
        ),
      );
      const won = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      expect(won).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(UniqueConstraintError);
      }
      await expect(repo.findOne(EMAIL_INDEX, ['same@example.com'])).resolves.toEqual(won[0]);
    });

    it('deletes: one returns the item, the others find it gone or changed', async () => {
      const created = await repo.create(userForm());
      const results = await Promise.allSettled(Array.from({ length: N }, () => repo.delete(created.id)));
      const deleted = results.flatMap((result) =>
        result.status === 'fulfilled' && result.value !== undefined ? [result.value] : [],
      );
      expect(deleted).toEqual([created]);
      for (const result of results) {
        if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(VersionConflictError);
      }
      await expect(repo.get(created.id)).resolves.toBeUndefined();
    });
  });

  describe('list and find', () => {
    it('lists newest first, each item once, no empty last page', async () => {
      const created: string[] = [];
      for (let i = 0; i < 13; i++) {
        if (i % 4 === 0) clock.advance(1);
        created.push((await repo.create(userForm({ email: `u${i}@example.com` }))).id);
      }
      const walked = await walk((cursor) => repo.list({ limit: 5, cursor }));
      expect(walked.pages).toEqual([5, 5, 3]);
      expect(walked.ids).toEqual([...created].reverse());
      const exact = await walk((cursor) => repo.list({ limit: 13, cursor }));
      expect(exact.pages).toEqual([13]);
      await expect(repo.list({ limit: 100 })).resolves.toEqual({ items: expect.any(Array) });
    });

    it('pages 25 items by default', async () => {
      for (let i = 0; i < 26; i++) await repo.create(userForm());
      const first = await repo.list();
      expect(first.items).toHaveLength(25);
      expect(first.cursor).toEqual(expect.any(String));
      const second = await repo.list({ cursor: first.cursor });
      expect(second).toEqual({ items: [expect.objectContaining({ version: 1 })] });
    });

    it('an empty repository lists nothing', async () => {
      await expect(repo.list()).resolves.toEqual({ items: [] });
    });

    it('finds by a plain index, one or two fields, by position or by name, newest first', async () => {
      const core: User[] = [];
      for (let i = 0; i < 5; i++) {
        core.push(await repo.create(userForm({ team: 'core', status: i % 2 === 0 ? 'active' : 'inactive' })));
        await repo.create(userForm({ team: 'edge' }));
      }
      await repo.create(userForm());
      const byTeam = await walk((cursor) => repo.findAll(TEAM_INDEX, ['core'], { limit: 2, cursor }));
      expect(byTeam.pages).toEqual([2, 2, 1]);
      expect(byTeam.ids).toEqual(core.map((user) => user.id).reverse());
      const active = await walk((cursor) =>
        repo.findAll(TEAM_STATUS_INDEX, { team: 'core', status: 'active' }, { limit: 10, cursor }),
      );
      expect(active.ids).toEqual([core[4]?.id, core[2]?.id, core[0]?.id]);
      await expect(repo.findOne(TEAM_INDEX, { team: 'core' })).resolves.toEqual(core[4]);
      await expect(repo.findOne(TEAM_STATUS_INDEX, ['core', 'inactive'])).resolves.toEqual(core[3]);
      await expect(repo.findAll(TEAM_INDEX, ['nobody'])).resolves.toEqual({ items: [] });
      await expect(repo.findAll(TEAM_INDEX, [undefined])).resolves.toEqual({ items: [] });
    });

    it('refuses a page size outside 1..100 with InvalidLimitError (422), before the cursor', async () => {
      await repo.create(userForm({ team: 'core' }));
      for (const limit of [0, 101, 1.5, -1, Number.NaN]) {
        await expect(repo.list({ limit })).rejects.toBeInstanceOf(InvalidLimitError);
        await expect(repo.findAll(TEAM_INDEX, ['core'], { limit })).rejects.toBeInstanceOf(InvalidLimitError);
        await expect(repo.findAll(TEAM_INDEX, [undefined], { limit })).rejects.toBeInstanceOf(
          InvalidLimitError,
        );
      }
      await expect(repo.list({ limit: 0, cursor: 'garbage' })).rejects.toMatchObject({
        statusCode: 422,
        messages: ['query.limit: must be an integer from 1 to 100'],
      });
    });

    it('refuses a cursor not made by this listing with InvalidCursorError (422)', async () => {
      for (let i = 0; i < 3; i++) {
        await repo.create(userForm({ team: 'core' }));
        await repo.create(userForm({ team: 'edge' }));
      }
      const listed = await repo.list({ limit: 1 });
      const core = await repo.findAll(TEAM_INDEX, ['core'], { limit: 1 });
      const invalid = { statusCode: 422, messages: ['query.cursor: is not a valid cursor'] };
      await expect(repo.list({ cursor: 'not a cursor' })).rejects.toMatchObject(invalid);
      await expect(repo.list({ cursor: 'bm9wZQ' })).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(repo.list({ cursor: core.cursor })).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(repo.findAll(TEAM_INDEX, ['core'], { cursor: listed.cursor })).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
      await expect(repo.findAll(TEAM_INDEX, ['edge'], { cursor: core.cursor })).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
      await expect(repo.findAll(TEAM_INDEX, [undefined], { cursor: core.cursor })).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
      const id = listed.items[0]?.id ?? '';
      const otherResource = encodeCursor({ [TABLE_KEY]: id, [TYPE_ATTRIBUTE]: 'order', id });
      await expect(repo.list({ cursor: otherResource })).rejects.toBeInstanceOf(InvalidCursorError);
      const otherItem = encodeCursor({ [TABLE_KEY]: 'usr-0', [TYPE_ATTRIBUTE]: 'user', id });
      await expect(repo.list({ cursor: otherItem })).rejects.toBeInstanceOf(InvalidCursorError);
      // The real cursor goes on where the page ended.
      const rest = await repo.list({ cursor: listed.cursor, limit: 100 });
      expect(rest.items.map((user) => user.id)).not.toContain(listed.items[0]?.id);
      expect(rest.items).toHaveLength(5);
    });

    it.each([1, 3, DEFAULT_LIST_SHARDS])(
      'lists the same under %i list shard(s): newest first, each once',
      async (shards) => {
        const sharded = await implementation.users(clock, shards);
        const ids: string[] = [];
        for (let i = 0; i < 7; i++) {
          clock.advance(1);
          ids.push((await sharded.create(userForm())).id);
        }
        const walked = await walk((cursor) => sharded.list({ limit: 2, ...(cursor ? { cursor } : {}) }));
        expect(walked).toEqual({ pages: [2, 2, 2, 1], ids: ids.reverse() });
      },
    );

    it('refuses (422) a list cursor made under another shard count, and a list shard count outside 1..32', async () => {
      const three = await implementation.users(clock, 3);
      for (let i = 0; i < 3; i++) await three.create(userForm());
      const page = await three.list({ limit: 1 });
      const id = page.items[0]?.id ?? '';
      expect(page.cursor).toBe(encodeListCursor({ resource: 'user', shards: 3, after: id }));
      const five = await implementation.users(clock, 5);
      await expect(five.list({ cursor: page.cursor })).rejects.toMatchObject({ statusCode: 422 });
      await expect(
        three.list({
          cursor: encodeListCursor({ resource: 'user', shards: DEFAULT_LIST_SHARDS, after: id }),
        }),
      ).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(implementation.users(clock, 0)).rejects.toThrow(RangeError);
      await expect(implementation.users(clock, 33)).rejects.toThrow(RangeError);
    });

    it('refuses an index it does not have and values that do not fit the index (TypeError)', async () => {
      await expect(repo.findAll('ix_user__nope', ['x'])).rejects.toThrow(
        new TypeError(
          `user has no index ix_user__nope; its indexes: ${EMAIL_INDEX}, ${TEAM_INDEX}, ${TEAM_STATUS_INDEX}`,
        ),
      );
      await expect(repo.findOne(TEAM_STATUS_INDEX, ['core'])).rejects.toThrow(
        new TypeError(`${TEAM_STATUS_INDEX} takes 2 value(s), got 1`),
      );
      await expect(repo.findAll(TEAM_INDEX, 'core' as unknown as string[])).rejects.toThrow(
        new TypeError(`${TEAM_INDEX} takes values`),
      );
    });
  });

  describe('contents', () => {
    let gizmos: Repository<Gizmo, Record<string, unknown>>;

    beforeEach(async () => {
      gizmos = await implementation.gizmos(clock);
    });

    it('stores JSON data: dates as text, undefined members dropped, numbers and nesting kept', async () => {
      const created = await gizmos.create({
        when: new Date(0),
        gone: undefined,
        n: 0.1,
        big: 9_007_199_254_740_991,
        nested: { a: [1, 'two', null, { b: true }], c: undefined },
      });
      const expected = {
        id: created.id,
        version: 1,
        when: '1970-01-01T00:00:00.000Z',
        n: 0.1,
        big: 9_007_199_254_740_991,
        nested: { a: [1, 'two', null, { b: true }] },
        created_at: START,
        updated_at: START,
      };
      expect(created).toEqual(expected);
      await expect(gizmos.get(created.id)).resolves.toEqual(expected);
    });

    it('indexes the JSON text of a non-string value: a number and its text are the same value', async () => {
      const one = await gizmos.create({ tag: 7 });
      const other = await gizmos.create({ tag: '7' });
      const found = await gizmos.findAll(indexName('gizmo', ['tag']), [7]);
      expect(found.items.map((item) => item.id)).toEqual([other.id, one.id]);
      await expect(gizmos.create({ code: true })).resolves.toMatchObject({ code: true });
      await expect(gizmos.create({ code: 'true' })).rejects.toBeInstanceOf(UniqueConstraintError);
    });

    it('refuses, as the document client does, a number beyond the safe integers (an API answers 500)', async () => {
      await expect(gizmos.create({ n: 2 ** 53 })).rejects.toThrow(
        'Number 9007199254740992 is greater than Number.MAX_SAFE_INTEGER. Use NumberValue from @aws-sdk/lib-dynamodb.',
      );
      await expect(gizmos.create({ nested: { list: [1, -1e200] } })).rejects.toThrow(
        'Number -1e+200 is lesser than Number.MIN_SAFE_INTEGER. Use NumberValue from @aws-sdk/lib-dynamodb.',
      );
      await expect(
        gizmos.create({ n: Number.MAX_SAFE_INTEGER, m: Number.MIN_SAFE_INTEGER }),
      ).resolves.toMatchObject({
        version: 1,
      });
    });

    it('refuses what DynamoDB refuses: tiny numbers, empty map keys, deep nesting, long keys, big items', async () => {
      const nest = (depth: number): unknown => (depth === 0 ? 1 : { a: nest(depth - 1) });
      const nestLists = (depth: number): unknown => (depth === 0 ? 1 : [nestLists(depth - 1)]);
      const guardPrefix = `_unique#${indexName('gizmo', ['code'])}#`;
      const refused: Record<string, unknown>[] = [
        { n: 1e-200 },
        { n: -9e-131 },
        { m: { '': 1 } },
        { l: [{ '': 2 }] },
        { deep: nest(32) },
        { deep: nestLists(32) },
        { tag: 'x'.repeat(2049) },
        { code: 'x'.repeat(2049 - guardPrefix.length) },
      ];
      for (const fields of refused) {
        const error = await gizmos.create(fields).then(
          () => undefined,
          (thrown: unknown) => thrown,
        );
        // An AWS error, not an HttpError: the API answers 500.
        expect({ fields: Object.keys(fields), error }).toEqual({
          fields: Object.keys(fields),
          error: expect.any(Error),
        });
        expect(isHttpError(error)).toBe(false);
      }
      // An item over 400 KB is refused before it is sent: a 413 naming the limit, nothing written.
      for (const fields of [{ big: 'x'.repeat(410_000) }, { code: 'c', big: 'x'.repeat(410_000) }]) {
        await expect(gizmos.create(fields)).rejects.toThrow(ItemTooLargeError);
        await expect(gizmos.create(fields)).rejects.toMatchObject({ statusCode: 413 });
      }
      await expect(gizmos.list()).resolves.toEqual({ items: [] });

      const taken: Record<string, unknown>[] = [
        { n: 1e-130, m: -1e-130 },
        { m: { a: {} }, l: [] },
        { deep: nest(31), lists: nestLists(31) },
        { tag: 'x'.repeat(2048), code: 'y'.repeat(2048 - guardPrefix.length) },
        { big: 'y'.repeat(399_000) },
        { big: 'é'.repeat(199_500) },
      ];
      for (const fields of taken) {
        const stored = await gizmos.create(fields);
        await expect(gizmos.get(stored.id)).resolves.toEqual(stored);
      }
      const [first] = (await gizmos.list({ limit: 100 })).items.slice(-1);
      await expect(gizmos.replace(first?.id ?? '', { n: 1e-300 })).rejects.not.toBeInstanceOf(HttpError);
      await expect(gizmos.get(first?.id ?? '')).resolves.toEqual(first);
      await expect(gizmos.findOne(indexName('gizmo', ['code']), ['z'.repeat(3000)])).resolves.toBeUndefined();
    });
  });
});

// ---- side by side ---------------------------------------------------------------------------------

const EMAILS = ['a@example.com', 'b@example.com', undefined] as const;
const TEAMS = ['red', 'blue', undefined] as const;
const STATUSES = ['active', 'inactive'] as const;

const formArb = fc
  .record({
    email: fc.constantFrom(...EMAILS),
    team: fc.constantFrom(...TEAMS),
    status: fc.constantFrom(...STATUSES),
    first: fc.constantFrom('Ada', 'Bob'),
  })
  .map(({ first, ...rest }): UserForm => ({ ...rest, name: { first } }));

/** An item by its position among the items created so far (any number: modulo), or an id no item has. */
const refArb = fc.oneof({ weight: 5, arbitrary: fc.nat(20) }, { weight: 1, arbitrary: fc.constant(-1) });
const versionArb = fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined });

type Step =
  | { readonly op: 'create'; readonly form: UserForm }
  | { readonly op: 'replace'; readonly ref: number; readonly form: UserForm; readonly version?: number }
  | { readonly op: 'delete'; readonly ref: number; readonly version?: number }
  | { readonly op: 'get'; readonly ref: number }
  | { readonly op: 'list'; readonly limit: number }
  | {
      readonly op: 'findAll';
      readonly team: string | undefined;
      readonly status?: string;
      readonly limit: number;
    }
  | { readonly op: 'findOne'; readonly email: string | undefined }
  | { readonly op: 'tick'; readonly millis: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: formArb.map((form) => ({ op: 'create' as const, form })) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('replace' as const),
      ref: refArb,
      form: formArb,
      version: versionArb,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('delete' as const), ref: refArb, version: versionArb }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('get' as const), ref: refArb }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('list' as const), limit: fc.integer({ min: 1, max: 4 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        op: fc.constant('findAll' as const),
        team: fc.constantFrom(...TEAMS),
        status: fc.constantFrom(...STATUSES),
        limit: fc.integer({ min: 1, max: 3 }),
      },
      { requiredKeys: ['op', 'team', 'limit'] },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('findOne' as const), email: fc.constantFrom(...EMAILS) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('tick' as const), millis: fc.constantFrom(0, 1, 1000) }),
  },
);

/** Runs the steps on one repository; ids are replaced by their creation order so two runs compare. */
async function run(
  repo: Repository<User, UserForm>,
  clock: TestClock,
  steps: readonly Step[],
): Promise<unknown[]> {
  const ids: string[] = [];
  const alias = (value: unknown): unknown =>
    JSON.parse(
      JSON.stringify(value ?? null).replace(/usr-[0-9A-Z]{26}/g, (id) => {
        const position = ids.indexOf(id);
        return position < 0 ? 'unknown-id' : `#${position}`;
      }),
    );
  const idOf = (ref: number) =>
    ref < 0 || ids.length === 0 ? 'usr-01JD3QZ8V5K2W7G9X4M6N8P0RT' : (ids[ref % ids.length] ?? '');
  const outcome = async (action: () => Promise<unknown>): Promise<unknown> => {
    try {
      return { ok: alias(await action()) };
    } catch (error) {
      const e = error as Record<string, unknown>;
      return {
        error: e.constructor?.name,
        statusCode: e.statusCode,
        messages: e.messages,
        expectedVersion: e.expectedVersion,
        actualVersion: e.actualVersion,
      };
    }
  };
  const results: unknown[] = [];
  for (const step of steps) {
    switch (step.op) {
      case 'create':
        results.push(
          await outcome(async () => {
            const created = await repo.create(step.form);
            ids.push(created.id);
            return created;
          }),
        );
        break;
      case 'replace':
        results.push(await outcome(() => repo.replace(idOf(step.ref), step.form, step.version)));
        break;
      case 'delete':
        results.push(await outcome(() => repo.delete(idOf(step.ref), step.version)));
        break;
      case 'get':
        results.push(await outcome(() => repo.get(idOf(step.ref))));
        break;
      case 'list':
        results.push(await outcome(() => walk((cursor) => repo.list({ limit: step.limit, cursor }))));
        break;
      case 'findAll':
        results.push(
          await outcome(() =>
            step.status === undefined
              ? walk((cursor) => repo.findAll(TEAM_INDEX, [step.team], { limit: step.limit, cursor }))
              : walk((cursor) =>
                  repo.findAll(TEAM_STATUS_INDEX, [step.team, step.status], { limit: step.limit, cursor }),
                ),
          ),
        );
        break;
      case 'findOne':
        results.push(await outcome(() => repo.findOne(EMAIL_INDEX, [step.email])));
        break;
      case 'tick':
        clock.advance(step.millis);
        break;
    }
  }
  return results;
}

describe('side by side: random sequences of operations give the same results on both', () => {
  it('step by step, ids aside', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 5, maxLength: 40 }), async (steps) => {
        const realClock = testClock(START);
        const memoryClock = testClock(START);
        const real = await run(await dynamodb.users(realClock), realClock, steps);
        const inMemory = await run(await memory.users(memoryClock), memoryClock, steps);
        expect(inMemory).toEqual(real);
      }),
      { numRuns: 25, seed: 20260101 },
    );
  });
});
