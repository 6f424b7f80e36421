import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { TABLE_KEY, TTL_ATTRIBUTE, TYPE_ATTRIBUTE } from '../../../../functions/runtime/conventions';
import { forwardRecords } from '../../../../functions/runtime/forwarder/forward';
import {
  CONFIG,
  dedupeItem,
  fakeTime,
  guardItem,
  insert,
  modify,
  PERSONAL,
  recordingLog,
  remove,
  userItem,
} from './fixtures';

const eb = mockClient(EventBridgeClient);
const client = new EventBridgeClient({ region: 'eu-west-1' });
const sqs = mockClient(SQSClient);
const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/users-forwarder-on-failure';
const parking = { client: new SQSClient({ region: 'eu-west-1' }), queueUrl: QUEUE_URL };

/** SQS accepts every message, unless `failing` says otherwise. */
function acceptParking(failing = false) {
  sqs.on(SendMessageBatchCommand).callsFake((input: { Entries: { Id: string }[] }) =>
    failing
      ? {
          Successful: [],
          Failed: input.Entries.map((e) => ({ Id: e.Id, Code: 'KMS.Throttling', SenderFault: false })),
        }
      : {
          Successful: input.Entries.map((e) => ({
            Id: e.Id,
            MessageId: `m-${e.Id}`,
            MD5OfMessageBody: '',
          })),
          Failed: [],
        },
  );
}

beforeEach(() => {
  eb.reset();
  sqs.reset();
  acceptParking();
});

const idOf = (entry: PutEventsRequestEntry) => (JSON.parse(entry.Detail ?? '{}') as { id: string }).id;

/** Accepts every entry except those whose id is in `failing` (answered with that code). */
function answer(failing: Record<string, string> = {}) {
  eb.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => {
    const Entries = input.Entries.map((entry, i) => {
      const code = failing[idOf(entry)];
      return code === undefined ? { EventId: `eb-${i}` } : { ErrorCode: code, ErrorMessage: 'no' };
    });
    return { Entries, FailedEntryCount: Entries.filter((e) => 'ErrorCode' in e).length };
  });
}

const batch = [
  insert(1, guardItem('ada@example.com', 'usr-1')),
  insert(2, userItem('usr-1', 1)),
  modify(3, userItem('usr-1', 1), userItem('usr-1', 2)),
  modify(4, userItem('usr-1', 2, 'h'), userItem('usr-1', 2, 'h', { [TTL_ATTRIBUTE]: 5 })),
  remove(5, dedupeItem('ev-x'), { ttl: true }),
  insert(6, userItem('usr-2', 1)),
  remove(7, userItem('usr-2', 1), { ttl: true }),
  insert(8, { [TABLE_KEY]: { S: 'usr-3' }, [TYPE_ATTRIBUTE]: { S: 'user' }, id: { S: 'usr-3' } }),
  remove(9, userItem('usr-1', 2)),
];

function options(log = recordingLog(), remainingTimeMs = 30_000) {
  const time = fakeTime();
  return {
    config: CONFIG,
    client,
    remainingTimeMs,
    clock: time.clock,
    sleep: time.sleep,
    random: () => 0.5,
    log,
    parking,
  };
}

it('sends an event per resource record, skips the rest, and summarises', async () => {
  answer();
  const log = recordingLog();
  const result = await forwardRecords(batch, options(log));
  expect(result.response).toEqual({ batchItemFailures: [] });
  expect(eb).toHaveReceivedCommandTimes(PutEventsCommand, 1);
  const entries = eb.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries ?? [];
  expect(entries.map((e) => [e.DetailType, idOf(e)])).toEqual([
    ['user.upserted', 'usr-1'],
    ['user.upserted', 'usr-1'],
    ['user.upserted', 'usr-2'],
    ['user.deleted', 'usr-2'],
    ['user.deleted', 'usr-1'],
  ]);
  expect(result.summary).toEqual({
    recordsReceived: 9,
    eventsPut: 5,
    entriesRetried: 0,
    entriesFailed: 0,
    entriesDeferred: 0,
    recordsSkipped: 4,
    recordsUnusable: 1,
    recordsParked: 1,
    putEventsCalls: 1,
    checkpoint: null,
    skippedByReason: { not_a_resource: 2, unchanged: 1, invalid_version: 1 },
    errorCodes: {},
    durationMs: 0,
  });
  expect(log.lines).toContainEqual({ level: 'info', message: 'forwarded batch', attributes: result.summary });
  expect(log.lines).toContainEqual({
    level: 'error',
    message: 'record cannot become an event; it is parked',
    attributes: {
      sequence_number: '000000000000000000008',
      event_id: 'ev-000000000000000000008',
      event_name: 'INSERT',
      reason: 'invalid_version',
      type: 'user',
    },
  });
  const logged = JSON.stringify(log.lines);
  for (const secret of Object.values(PERSONAL)) expect(logged).not.toContain(secret);
});

it('reports the lowest record that did not get through; later ones are not sent again', async () => {
  answer({ 'usr-2': 'AccessDeniedException' });
  const log = recordingLog();
  const result = await forwardRecords(batch, options(log));
  expect(result.response).toEqual({ batchItemFailures: [{ itemIdentifier: '000000000000000000006' }] });
  expect(result.summary).toMatchObject({
    eventsPut: 3, // usr-1 ×2 and usr-1's delete were accepted in the same call
    entriesFailed: 2, // both usr-2 events were in the call that was refused
    entriesDeferred: 0,
    checkpoint: '000000000000000000006',
    errorCodes: { AccessDeniedException: 2 },
  });
  expect(log.lines).toContainEqual(
    expect.objectContaining({
      level: 'warn',
      message: 'events given up',
      attributes: {
        count: 2,
        events: [
          {
            sequence_number: '000000000000000000006',
            event_id: 'ev-000000000000000000006',
            detail_type: 'user.upserted',
            id: 'usr-2',
            error_code: 'AccessDeniedException',
            cause: 'not_retryable',
            attempts: 1,
          },
          {
            sequence_number: '000000000000000000007',
            event_id: 'ev-000000000000000000007',
            detail_type: 'user.deleted',
            id: 'usr-2',
            error_code: 'AccessDeniedException',
            cause: 'not_retryable',
            attempts: 1,
          },
        ],
      },
    }),
  );
  expect(log.lines.at(-1)).toMatchObject({ level: 'warn', message: expect.stringContaining('partly') });
});

it('keeps a safety margin: with less time left than the margin nothing is sent and all is retried', async () => {
  answer();
  const result = await forwardRecords(batch, { ...options(recordingLog(), 1_500), safetyMarginMs: 2_000 });
  expect(eb).not.toHaveReceivedCommand(PutEventsCommand);
  expect(result.response).toEqual({ batchItemFailures: [{ itemIdentifier: '000000000000000000002' }] });
});

it('an empty batch is done', async () => {
  const result = await forwardRecords([], options());
  expect(result.response).toEqual({ batchItemFailures: [] });
  expect(eb).not.toHaveReceivedCommand(PutEventsCommand);
});

it('a batch of only skipped records is done without a call', async () => {
  const result = await forwardRecords(
    [insert(1, guardItem('x', 'y')), remove(2, dedupeItem('e'), { ttl: true })],
    options(),
  );
  expect(result.response).toEqual({ batchItemFailures: [] });
  expect(result.summary).toMatchObject({ recordsSkipped: 2, recordsUnusable: 0, putEventsCalls: 0 });
});

describe('records that cannot become events', () => {
  it('are parked at once with their reason and what to do, and the stream moves on', async () => {
    answer();
    const result = await forwardRecords(batch, options());
    expect(result.response).toEqual({ batchItemFailures: [] });
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 1);
    const input = sqs.commandCalls(SendMessageBatchCommand)[0]?.args[0].input;
    expect(input?.QueueUrl).toBe(QUEUE_URL);
    expect(input?.Entries).toHaveLength(1);
    const body = JSON.parse(input?.Entries?.[0]?.MessageBody ?? '{}');
    expect(body).toEqual({
      kind: 'unusable_stream_record',
      service: CONFIG.service,
      reason: 'invalid_version',
      explanation: expect.stringMatching(/no valid version.*dev republish/),
      sequence_number: '000000000000000000008',
      event_id: 'ev-000000000000000000008',
      event_name: 'INSERT',
      event_source_arn: expect.any(String),
      type: 'user',
      // `usr-3` is not an id of the minted shape: not carried.
      parked_at: expect.any(String),
    });
    for (const secret of Object.values(PERSONAL)) expect(JSON.stringify(input)).not.toContain(secret);
  });

  it('that cannot be parked are reported as not through, so the stream retries them', async () => {
    answer();
    acceptParking(true);
    const log = recordingLog();
    const result = await forwardRecords(batch, options(log));
    expect(result.response).toEqual({ batchItemFailures: [{ itemIdentifier: '000000000000000000008' }] });
    expect(result.summary).toMatchObject({ recordsUnusable: 1, recordsParked: 0 });
    expect(log.lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'unusable records could not be parked; the stream retries them',
      }),
    );
  });

  it('when SQS throws, are retried by the stream too', async () => {
    answer();
    sqs.reset();
    sqs.on(SendMessageBatchCommand).rejects(new Error('connect ECONNREFUSED'));
    const result = await forwardRecords(batch, options());
    expect(result.response).toEqual({ batchItemFailures: [{ itemIdentifier: '000000000000000000008' }] });
  });

  it('without a parking queue, are retried by the stream (whose on-failure destination parks them)', async () => {
    answer();
    const { parking: _none, ...withoutParking } = options();
    const result = await forwardRecords(batch, withoutParking);
    expect(result.response).toEqual({ batchItemFailures: [{ itemIdentifier: '000000000000000000008' }] });
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 0);
  });

  it('are parked 10 per call', async () => {
    answer();
    const unusable = Array.from({ length: 23 }, (_, i) =>
      insert(i + 1, {
        [TABLE_KEY]: { S: `usr-${i}` },
        [TYPE_ATTRIBUTE]: { S: 'user' },
        id: { S: `usr-${i}` },
      }),
    );
    const result = await forwardRecords(unusable, options());
    expect(result.response).toEqual({ batchItemFailures: [] });
    expect(
      sqs.commandCalls(SendMessageBatchCommand).map((call) => call.args[0].input.Entries?.length),
    ).toEqual([10, 10, 3]);
    expect(result.summary).toMatchObject({ recordsUnusable: 23, recordsParked: 23 });
  });
});
