/**
 * The trace a write keeps (`_trace`, stored-item.ts): read from the environment at each write
 * (trace-context.ts `currentTraceHeader`), stored with creates, replaces and seeds, never returned,
 * outside `hash_code` (a write that would change only the trace writes nothing, so no stream record
 * and no event), never written by a delete. The same cases on DynamoDB Local and on the in-memory
 * table store; then the stream records of DynamoDB Local through the forwarder's mapping, to the
 * event's TraceHeader.
 */
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { testClock } from '../../../../functions/runtime/clock';
import { TABLE_KEY, TRACE_ATTRIBUTE } from '../../../../functions/runtime/conventions';
import { forwarderConfig } from '../../../../functions/runtime/forwarder/config';
import { mapRecord } from '../../../../functions/runtime/forwarder/map-record';
import { hashCode } from '../../../../functions/runtime/hash-code';
import { ResourceRepository } from '../../../../functions/runtime/repository';
import type { Item } from '../../../../functions/runtime/repository/table-store';
import { MemoryRepository } from '../../../../functions/runtime/testing/memory-repository';
import { MemoryTableStore } from '../../../../functions/runtime/testing/memory-table-store';
import { currentTraceHeader } from '../../../../functions/runtime/trace-context';
import {
  createServiceTable,
  type DynamoDbLocal,
  localDynamoDbClient,
  startDynamoDbLocal,
} from '../../../support/dynamodb-local';
import { asLambdaRecord, StreamReader } from '../../../support/dynamodb-stream';
import {
  EMAIL_INDEX,
  USER_INDEXES,
  USERS_LAYOUT,
  type User,
  type UserForm,
  userForm,
  userSchema,
} from '../../../support/repository-fixture';

const ROOT = '1-5759e988-bd862e3fe1be46a994272793';
/** What Lambda sets: X-Ray's fields and more (Lineage), which the kept header leaves out. */
const LAMBDA_TRACE = `Root=${ROOT};Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a87bd80c:1`;
const KEPT = `Root=${ROOT};Parent=53995c3f42cd8ad8;Sampled=1`;
const OTHER_ROOT = '1-6759e988-cd862e3fe1be46a994272793';
const OTHER = `Root=${OTHER_ROOT};Parent=63995c3f42cd8ad8;Sampled=0`;

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

/** The environment the repository reads its trace from, changed by each test between writes. */
type Environment = Record<string, string | undefined>;

interface Subject {
  readonly repo: ResourceRepository<User, UserForm>;
  /** The stored item as the table has it, table attributes and all. */
  raw(id: string): Promise<Item | undefined>;
}

type Make = (env: Environment, traceHeader?: () => string | undefined) => Promise<Subject>;

function config(env: Environment, traceHeader?: () => string | undefined) {
  return {
    resource: 'user',
    idPrefix: 'usr',
    indexes: USER_INDEXES,
    parse: (item: unknown) => userSchema.parse(item),
    clock: testClock('2026-07-01T00:00:00.000Z'),
    traceHeader: traceHeader ?? (() => currentTraceHeader(env)),
  };
}

const onDynamoDb: Make = async (env, traceHeader) => {
  const tableName = `trace-${++tables}`;
  await createServiceTable(localDynamoDbClient(local), tableName, USERS_LAYOUT);
  return {
    repo: new ResourceRepository<User, UserForm>({ client: doc, tableName, ...config(env, traceHeader) }),
    raw: async (id) =>
      (
        await doc.send(
          new GetCommand({ TableName: tableName, Key: { [TABLE_KEY]: id }, ConsistentRead: true }),
        )
      ).Item,
  };
};

/** What MemoryRepository is: the repository over the in-memory store (here with the store in reach). */
const inMemory: Make = async (env, traceHeader) => {
  const store = new MemoryTableStore();
  return {
    repo: new ResourceRepository<User, UserForm>({ store, ...config(env, traceHeader) }),
    raw: (id) => store.getItem(id),
  };
};

describe.each([
  ['DynamoDB Local', onDynamoDb],
  ['the in-memory table store', inMemory],
] as const)('on %s', (_, make) => {
  it("keeps the write's trace on create and replace, each write its own; never returns it", async () => {
    const env: Environment = { _X_AMZN_TRACE_ID: LAMBDA_TRACE };
    const { repo, raw } = await make(env);
    const ada = await repo.create(userForm({ email: 'ada@example.com' }));
    expect(ada).not.toHaveProperty(TRACE_ATTRIBUTE);
    expect(await raw(ada.id)).toMatchObject({ [TRACE_ATTRIBUTE]: KEPT });

    env._X_AMZN_TRACE_ID = OTHER;
    const changed = await repo.replace(ada.id, userForm({ email: 'ada@example.com', team: 'core' }));
    expect(changed).not.toHaveProperty(TRACE_ATTRIBUTE);
    expect(await raw(ada.id)).toMatchObject({ version: 2, [TRACE_ATTRIBUTE]: OTHER });

    // Nothing returns it (the fixture's schema is strict: a leaked `_trace` would fail parse).
    await expect(repo.get(ada.id)).resolves.toEqual(changed);
    await expect(repo.findOne(EMAIL_INDEX, ['ada@example.com'])).resolves.toEqual(changed);
    await expect(repo.list()).resolves.toEqual({ items: [changed] });
    await expect(repo.delete(ada.id)).resolves.toEqual(changed);
  });

  it('keeps no attribute without a valid trace; a W3C TRACEPARENT is kept in the X-Ray form', async () => {
    const env: Environment = {};
    const { repo, raw } = await make(env);
    const bare = await repo.create(userForm());
    expect(await raw(bare.id)).not.toHaveProperty(TRACE_ATTRIBUTE);

    env._X_AMZN_TRACE_ID = 'Root=<not a trace>';
    const malformed = await repo.create(userForm());
    expect(await raw(malformed.id)).not.toHaveProperty(TRACE_ATTRIBUTE);

    env.TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const w3c = await repo.create(userForm());
    expect(await raw(w3c.id)).toMatchObject({
      [TRACE_ATTRIBUTE]: 'Root=1-4bf92f35-77b34da6a3ce929d0e0e4736;Parent=00f067aa0ba902b7;Sampled=1',
    });

    // A replace without a trace leaves none of the previous write's behind.
    delete env.TRACEPARENT;
    env._X_AMZN_TRACE_ID = KEPT;
    const traced = await repo.create(userForm());
    delete env._X_AMZN_TRACE_ID;
    await repo.replace(traced.id, userForm({ team: 'core' }));
    expect(await raw(traced.id)).not.toHaveProperty(TRACE_ATTRIBUTE);
  });

  it('is outside hash_code: a write that changes only the trace writes nothing', async () => {
    const env: Environment = { _X_AMZN_TRACE_ID: KEPT };
    const { repo, raw } = await make(env);
    const form = userForm({ email: 'ada@example.com' });
    const ada = await repo.create(form);
    const stored = await raw(ada.id);
    expect(stored?.hash_code).toBe(hashCode(form));

    env._X_AMZN_TRACE_ID = OTHER;
    await expect(repo.replace(ada.id, form)).resolves.toEqual(ada);
    expect(await raw(ada.id)).toEqual(stored);
  });

  it('asks for the trace at each create and replace that writes, never for a delete or a no-op', async () => {
    const traceHeader = jest.fn(() => KEPT);
    const { repo } = await make({}, traceHeader);
    const ada = await repo.create(userForm());
    await repo.replace(ada.id, userForm());
    expect(traceHeader).toHaveBeenCalledTimes(1);
    await repo.replace(ada.id, userForm({ team: 'core' }));
    expect(traceHeader).toHaveBeenCalledTimes(2);
    await repo.delete(ada.id);
    expect(traceHeader).toHaveBeenCalledTimes(2);
  });

  it('refuses a field named like the trace attribute, as it refuses the other table attributes', async () => {
    const { repo } = await make({ _X_AMZN_TRACE_ID: KEPT });
    await expect(repo.create({ ...userForm(), [TRACE_ATTRIBUTE]: OTHER } as UserForm)).rejects.toThrow(
      new TypeError(`field ${TRACE_ATTRIBUTE} clashes with a table attribute`),
    );
  });
});

describe('the default: the invocation’s trace, read from process.env at each write', () => {
  const saved = { xray: process.env._X_AMZN_TRACE_ID, w3c: process.env.TRACEPARENT };
  afterEach(() => {
    for (const [name, value] of [
      ['_X_AMZN_TRACE_ID', saved.xray],
      ['TRACEPARENT', saved.w3c],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('ResourceRepository on DynamoDB Local, and MemoryRepository.seed', async () => {
    delete process.env.TRACEPARENT;
    const tableName = `trace-${++tables}`;
    await createServiceTable(localDynamoDbClient(local), tableName, USERS_LAYOUT);
    const { traceHeader: _injected, ...withoutTrace } = config({});
    const repo = new ResourceRepository<User, UserForm>({ client: doc, tableName, ...withoutTrace });
    process.env._X_AMZN_TRACE_ID = LAMBDA_TRACE;
    const first = await repo.create(userForm());
    process.env._X_AMZN_TRACE_ID = OTHER;
    const second = await repo.create(userForm());
    const rawItem = async (id: string) =>
      (
        await doc.send(
          new GetCommand({ TableName: tableName, Key: { [TABLE_KEY]: id }, ConsistentRead: true }),
        )
      ).Item;
    expect((await rawItem(first.id))?.[TRACE_ATTRIBUTE]).toBe(KEPT);
    expect((await rawItem(second.id))?.[TRACE_ATTRIBUTE]).toBe(OTHER);

    // seed: the same writes as create, at once.
    const written = jest.spyOn(MemoryTableStore.prototype, 'writeNow');
    try {
      const memory = new MemoryRepository<User, UserForm>(withoutTrace);
      const seeded = memory.seed(userForm());
      expect(seeded).not.toHaveProperty(TRACE_ATTRIBUTE);
      expect(memory.all()).toEqual([seeded]);
      const [writes] = written.mock.calls.at(-1) ?? [];
      expect(writes?.[0]).toMatchObject({ kind: 'put', item: { id: seeded.id, [TRACE_ATTRIBUTE]: OTHER } });
    } finally {
      written.mockRestore();
    }
  });
});

it("on DynamoDB Local's stream: upserts carry their write's trace to the event's TraceHeader, a trace-only change makes no record, a deletion's event none", async () => {
  const tableName = `trace-stream-${++tables}`;
  const table = await createServiceTable(localDynamoDbClient(local), tableName, USERS_LAYOUT);
  const stream = new StreamReader(local.clientConfig, table.LatestStreamArn ?? '');
  const env: Environment = { _X_AMZN_TRACE_ID: LAMBDA_TRACE };
  const repo = new ResourceRepository<User, UserForm>({ client: doc, tableName, ...config(env) });
  const forwarder = forwarderConfig({ service: 'users', eventBusName: 'bus', resourceTypes: ['user'] });
  const clock = testClock('2026-07-01T00:00:00.000Z');
  /** The events the forwarder would put for what the stream holds since the last look: action and TraceHeader. */
  const events = async () =>
    (await stream.drain()).flatMap((record, index) => {
      const mapped = mapRecord(asLambdaRecord(record), index, forwarder, clock);
      return mapped.kind === 'event' ? [[mapped.action, mapped.entry.TraceHeader]] : [];
    });
  try {
    const ada = await repo.create(userForm());
    expect(await events()).toEqual([['upserted', KEPT]]);

    env._X_AMZN_TRACE_ID = OTHER;
    await repo.replace(ada.id, userForm());
    expect(await stream.drain()).toEqual([]); // no write at all, so no record

    await repo.replace(ada.id, userForm({ team: 'core' }));
    expect(await events()).toEqual([['upserted', OTHER]]);

    // The REMOVE's old image holds the previous write's trace; the deletion's event carries none.
    env._X_AMZN_TRACE_ID = KEPT;
    await repo.delete(ada.id);
    const removed = await stream.drain();
    expect(removed.map((record) => record.dynamodb?.OldImage?.[TRACE_ATTRIBUTE]?.S)).toEqual([OTHER]);
    const mapped = mapRecord(asLambdaRecord(removed[0] ?? {}), 0, forwarder, clock);
    expect(mapped).toMatchObject({ kind: 'event', action: 'deleted' });
    expect(mapped.kind === 'event' ? mapped.entry : {}).not.toHaveProperty('TraceHeader');
  } finally {
    stream.destroy();
  }
});
