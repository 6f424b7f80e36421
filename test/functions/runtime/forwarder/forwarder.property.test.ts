/**
 * Fault injection: random batches (INSERT / MODIFY / REMOVE / TTL REMOVE of resource items, no-op
 * MODIFYs, guard and dedupe items, items of other services) against a mocked EventBridge that fails
 * entries at random, throttles, throws, answers short and is slow, with random time left and
 * concurrency. Whatever happens, the forwarder's guarantees hold.
 */
import {
  AccessDeniedException,
  EventBridgeClient,
  InternalException,
  PutEventsCommand,
  type PutEventsRequestEntry,
  type PutEventsResultEntry,
  ThrottlingException,
} from '@aws-sdk/client-eventbridge';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import {
  DETAIL_KEYS,
  TABLE_KEY,
  TTL_ATTRIBUTE,
  TYPE_ATTRIBUTE,
} from '../../../../functions/runtime/conventions';
import { createForwarderHandler } from '../../../../functions/runtime/forwarder/create-handler';
import {
  entrySize,
  MAX_CALL_BYTES,
  MAX_ENTRIES_PER_CALL,
} from '../../../../functions/runtime/forwarder/entry-size';
import {
  CONFIG,
  dedupeItem,
  fakeTime,
  guardItem,
  image,
  lambdaContext,
  PERSONAL,
  recordingLog,
  streamRecord,
  userItem,
} from './fixtures';

const eb = mockClient(EventBridgeClient);
const client = new EventBridgeClient({ region: 'eu-west-1' });

type Op =
  | {
      readonly op: 'insert' | 'modify' | 'remove' | 'ttl_remove' | 'noop_modify';
      readonly user: number;
      readonly version: number;
    }
  | { readonly op: 'guard_insert' | 'guard_remove' | 'dedupe_ttl_remove' | 'foreign' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constantFrom('insert', 'modify', 'remove', 'ttl_remove', 'noop_modify'),
      user: fc.integer({ min: 0, max: 4 }),
      version: fc.integer({ min: 1, max: 50 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constantFrom('guard_insert', 'guard_remove', 'dedupe_ttl_remove', 'foreign'),
    }),
  },
);

/** EventBridge's documented entry codes; only the first two may be retried. */
const RETRYABLE_CODES = ['ThrottlingException', 'InternalFailure'];
const ENTRY_CODES = [...RETRYABLE_CODES, 'AccessDeniedException', 'InvalidArgument', 'MalformedDetail'];
const codeArb = fc.oneof(
  { weight: 8, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom(...ENTRY_CODES) },
);
const THROWN = {
  throttle: () => new ThrottlingException({ message: 'rate', $metadata: { httpStatusCode: 400 } }),
  internal: () => new InternalException({ message: 'oops', $metadata: { httpStatusCode: 500 } }),
  network: () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
  denied: () => new AccessDeniedException({ message: 'no', $metadata: { httpStatusCode: 400 } }),
  validation: () =>
    Object.assign(new Error('bad'), { name: 'ValidationException', $metadata: { httpStatusCode: 400 } }),
} as const;
const RETRYABLE_THROWN = new Set(['throttle', 'internal', 'network']);

type Behaviour =
  | { readonly kind: 'answer'; readonly codes: readonly (string | null)[]; readonly slowMs: number }
  | { readonly kind: 'throw'; readonly error: keyof typeof THROWN; readonly slowMs: number }
  | { readonly kind: 'short'; readonly slowMs: number };

const slowArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 4_000 }) },
);
const behaviourArb: fc.Arbitrary<Behaviour> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('answer' as const),
      codes: fc.array(codeArb, { minLength: 10, maxLength: 10 }),
      slowMs: slowArb,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('throw' as const),
      error: fc.constantFrom(...(Object.keys(THROWN) as (keyof typeof THROWN)[])),
      slowMs: slowArb,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('short' as const), slowMs: slowArb }) },
);

interface Expected {
  readonly index: number;
  readonly eventId: string;
  readonly detailType: string;
  readonly id: string;
  readonly version: number;
}

/** The record of one op, and the event a correct forwarder must publish for it, if any (the model). */
function recordOf(
  op: Op,
  index: number,
): { record: DynamoDBRecord; publishes?: Omit<Expected, 'index' | 'eventId'> } {
  const seq = index + 1;
  if (!('user' in op)) {
    switch (op.op) {
      case 'guard_insert':
        return {
          record: streamRecord('INSERT', { seq, newImage: guardItem(`u${seq}@example.com`, 'usr-0') }),
        };
      case 'guard_remove':
        return {
          record: streamRecord('REMOVE', { seq, oldImage: guardItem(`u${seq}@example.com`, 'usr-0') }),
        };
      case 'dedupe_ttl_remove':
        return { record: streamRecord('REMOVE', { seq, oldImage: dedupeItem(`ev-${seq}`), ttl: true }) };
      case 'foreign': {
        const newImage = image({
          [TABLE_KEY]: `ord-${seq}`,
          [TYPE_ATTRIBUTE]: 'order',
          id: `ord-${seq}`,
          version: 1,
        });
        return { record: streamRecord('INSERT', { seq, newImage }) };
      }
    }
  }
  const id = `usr-${op.user}`;
  const before = userItem(id, op.version);
  const after = userItem(id, op.version + 1);
  const upserted = { detailType: 'user.upserted', id, version: op.version + 1 };
  const deleted = { detailType: 'user.deleted', id, version: op.version };
  switch (op.op) {
    case 'insert':
      return { record: streamRecord('INSERT', { seq, newImage: after }), publishes: upserted };
    case 'modify':
      return {
        record: streamRecord('MODIFY', { seq, oldImage: before, newImage: after }),
        publishes: upserted,
      };
    case 'noop_modify': {
      const touched = userItem(id, op.version, `h${op.version}`, { [TTL_ATTRIBUTE]: 9 });
      return { record: streamRecord('MODIFY', { seq, oldImage: before, newImage: touched }) };
    }
    case 'remove':
      return { record: streamRecord('REMOVE', { seq, oldImage: before }), publishes: deleted };
    case 'ttl_remove':
      return { record: streamRecord('REMOVE', { seq, oldImage: before, ttl: true }), publishes: deleted };
  }
}

/** The batch, and the events a correct forwarder must publish, by event id. */
function build(ops: readonly Op[]): { records: DynamoDBRecord[]; expected: Map<string, Expected> } {
  const expected = new Map<string, Expected>();
  const records = ops.map((op, index) => {
    const { record, publishes } = recordOf(op, index);
    const eventId = record.eventID ?? '';
    if (publishes !== undefined) expected.set(eventId, { ...publishes, index, eventId });
    return record;
  });
  return { records, expected };
}

const eventIdOf = (entry: PutEventsRequestEntry) =>
  (JSON.parse(entry.Detail ?? '{}') as { event_id: string }).event_id;

it('keeps every guarantee under random faults', async () => {
  const seen = { complete: 0, partial: 0, retried: 0 };
  await fc.assert(
    fc.asyncProperty(
      fc.array(opArb, { maxLength: 70, size: 'max' }),
      fc.array(behaviourArb, { maxLength: 40, size: 'max' }),
      fc.integer({ min: 1_000, max: 40_000 }),
      fc.integer({ min: 1, max: 6 }),
      fc.double({ min: 0, max: 0.999, noNaN: true }),
      async (ops, behaviours, remainingMs, concurrency, jitter) => {
        eb.reset();
        const { records, expected } = build(ops);
        const time = fakeTime();
        const deadline = time.clock.now().getTime() + remainingMs - 2_000;

        const accepted = new Map<string, number>();
        const refused = new Set<string>(); // answered with a code (or error) that is not retryable
        const problems: string[] = [];
        let callNumber = 0;
        let inFlight = 0;
        let mostInFlight = 0;

        eb.on(PutEventsCommand).callsFake(async (input: { Entries: PutEventsRequestEntry[] }) => {
          const entries = input.Entries;
          const ids = entries.map(eventIdOf);
          const startedAt = time.clock.now().getTime();
          if (startedAt >= deadline)
            problems.push(`call started at the deadline or after (${startedAt - deadline} ms)`);
          if (entries.length > MAX_ENTRIES_PER_CALL) problems.push(`call with ${entries.length} entries`);
          if (entries.reduce((sum, entry) => sum + entrySize(entry), 0) > MAX_CALL_BYTES)
            problems.push('call over 256 KB');
          for (const id of ids) {
            if (refused.has(id)) problems.push(`${id} sent again after a non-retryable failure`);
            if (accepted.has(id)) problems.push(`${id} sent again after it was accepted`);
          }
          for (const entry of entries) {
            const detail = JSON.parse(entry.Detail ?? '{}') as Record<string, unknown>;
            const want = expected.get(String(detail.event_id));
            if (want === undefined) problems.push(`unexpected event ${entry.Detail}`);
            else {
              expect(Object.keys(detail)).toEqual([...DETAIL_KEYS]);
              expect(detail).toMatchObject({ id: want.id, version: want.version });
              expect(entry).toMatchObject({ Source: 'tributary.users', DetailType: want.detailType });
            }
            const sent = JSON.stringify(entry);
            for (const secret of Object.values(PERSONAL))
              if (sent.includes(secret)) problems.push('personal data sent');
          }

          const behaviour: Behaviour = behaviours[callNumber++] ?? { kind: 'answer', codes: [], slowMs: 0 };
          inFlight += 1;
          mostInFlight = Math.max(mostInFlight, inFlight);
          try {
            if (behaviour.slowMs > 0) await time.sleep(behaviour.slowMs);
            if (behaviour.kind === 'throw') {
              if (!RETRYABLE_THROWN.has(behaviour.error)) for (const id of ids) refused.add(id);
              throw THROWN[behaviour.error]();
            }
            const answered = behaviour.kind === 'short' ? ids.slice(0, -1) : ids;
            const results: PutEventsResultEntry[] = answered.map((id, i) => {
              const code = behaviour.kind === 'answer' ? behaviour.codes[i] : null;
              if (code === null || code === undefined) {
                accepted.set(id, (accepted.get(id) ?? 0) + 1);
                return { EventId: `eb-${id}` };
              }
              if (!RETRYABLE_CODES.includes(code)) refused.add(id);
              return { ErrorCode: code, ErrorMessage: code };
            });
            return {
              Entries: results,
              FailedEntryCount: results.filter((r) => r.ErrorCode !== undefined).length,
            };
          } finally {
            inFlight -= 1;
          }
        });

        const metrics: Array<[string, number]> = [];
        const handler = createForwarderHandler({
          config: CONFIG,
          client,
          log: recordingLog(),
          metrics: {
            addMetric: (name, _unit, value) => void metrics.push([name, value]),
            publishStoredMetrics: () => {},
          },
          clock: time.clock,
          sleep: (ms) => {
            if (time.clock.now().getTime() + ms >= deadline)
              problems.push(`a wait of ${ms} ms ends after the deadline`);
            return time.sleep(ms);
          },
          random: () => jitter,
          concurrency,
        });
        // Never throws (REMOVE and TTL REMOVE records included).
        const response: DynamoDBBatchResponse = await handler(
          { Records: records },
          lambdaContext(remainingMs),
        );

        expect(problems).toEqual([]);
        expect(mostInFlight).toBeLessThanOrEqual(concurrency);

        // The checkpoint is exactly the first record (stream order) whose event was not accepted;
        // every resource record before it was accepted by EventBridge in some call.
        const firstMissing = [...expected.values()]
          .sort((a, b) => a.index - b.index)
          .find((want) => !accepted.has(want.eventId));
        expect(response).toEqual({
          batchItemFailures:
            firstMissing === undefined
              ? []
              : [{ itemIdentifier: records[firstMissing.index]?.dynamodb?.SequenceNumber }],
        });
        expect(Object.fromEntries(metrics)).toMatchObject({
          RecordsReceived: records.length,
          EventsPut: accepted.size,
          RecordsSkipped: records.length - expected.size,
          RecordsUnusable: 0,
        });
        seen[firstMissing === undefined ? 'complete' : 'partial'] += 1;
        if (metrics.some(([name, value]) => name === 'EntriesRetried' && value > 0)) seen.retried += 1;
      },
    ),
    { numRuns: 300 },
  );
  // The runs covered both outcomes, and retries.
  console.info(`fault injection: ${JSON.stringify(seen)} of 300 runs`);
  expect(seen.complete).toBeGreaterThan(30);
  expect(seen.partial).toBeGreaterThan(30);
  expect(seen.retried).toBeGreaterThan(30);
});
