import {
  AccessDeniedException,
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
  type PutEventsResultEntry,
  ThrottlingException,
} from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { mapRecords, type OutgoingEvent } from '../../../../functions/runtime/forwarder/map-record';
import { type SendOptions, sendEvents } from '../../../../functions/runtime/forwarder/send';
import { CONFIG, fakeTime, insert, recordingLog, userItem } from './fixtures';

const eb = mockClient(EventBridgeClient);
const client = new EventBridgeClient({ region: 'eu-west-1' });

beforeEach(() => eb.reset());

function events(count: number): OutgoingEvent[] {
  const records = Array.from({ length: count }, (_, i) => insert(i + 1, userItem(`usr-${i + 1}`, 1)));
  return mapRecords(records, CONFIG, fakeTime().clock).filter((m): m is OutgoingEvent => m.kind === 'event');
}

const ok = (i: number): PutEventsResultEntry => ({ EventId: `eb-${i}` });
const failed = (ErrorCode: string): PutEventsResultEntry => ({ ErrorCode, ErrorMessage: ErrorCode });
const idOf = (entry: PutEventsRequestEntry) => (JSON.parse(entry.Detail ?? '{}') as { id: string }).id;
const sentIds = (call: number) =>
  ((eb.commandCalls(PutEventsCommand)[call]?.args[0].input.Entries ?? []) as PutEventsRequestEntry[]).map(
    idOf,
  );

function setup(overrides: Partial<SendOptions> = {}) {
  const time = fakeTime();
  const log = recordingLog();
  const options: SendOptions = {
    client,
    deadline: time.clock.now().getTime() + 60_000,
    clock: time.clock,
    sleep: time.sleep,
    random: () => 0.5,
    retryPolicy: { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 2_000 },
    log,
    ...overrides,
  };
  return { time, log, options };
}

/** Answers each entry by `answer(entryIndexInCall, callNumber)`. */
function answerWith(answer: (entry: PutEventsRequestEntry, call: number) => PutEventsResultEntry) {
  let call = 0;
  eb.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => {
    const n = call++;
    const Entries = input.Entries.map((entry) => answer(entry, n));
    return { Entries, FailedEntryCount: Entries.filter((e) => e.ErrorCode !== undefined).length };
  });
}

it('sends 10 entries per call and reads every answer', async () => {
  answerWith((entry) => ok(Number(idOf(entry).slice(4))));
  const { options } = setup();
  const report = await sendEvents(events(25), options);
  expect(eb).toHaveReceivedCommandTimes(PutEventsCommand, 3);
  expect([0, 1, 2].map((c) => sentIds(c).length)).toEqual([10, 10, 5]);
  expect(report.calls).toBe(3);
  expect([...report.outcomes.values()].every((o) => o.status === 'delivered')).toBe(true);
  expect(report.outcomes.get(0)).toEqual({ status: 'delivered', attempts: 1, eventBridgeId: 'eb-1' });
  expect(report.entriesRetried).toBe(0);
});

it('retries throttled entries only, after an exponential, jittered wait, then succeeds', async () => {
  answerWith((entry, call) =>
    call === 0 && ['usr-2', 'usr-4'].includes(idOf(entry)) ? failed('ThrottlingException') : ok(1),
  );
  const { options, time } = setup();
  const report = await sendEvents(events(5), options);
  expect(eb).toHaveReceivedCommandTimes(PutEventsCommand, 2);
  expect(sentIds(1)).toEqual(['usr-2', 'usr-4']);
  expect(time.sleeps).toEqual([50]); // random 0.5 × min(2000, 100 × 2^0)
  expect(report.entriesRetried).toBe(2);
  expect(report.errorCodes).toEqual({ ThrottlingException: 2 });
  expect(report.outcomes.get(1)).toMatchObject({ status: 'delivered', attempts: 2 });
});

it('retries InternalFailure with growing waits', async () => {
  answerWith((_entry, call) => (call < 3 ? failed('InternalFailure') : ok(1)));
  const { options, time } = setup();
  const report = await sendEvents(events(1), options);
  expect(eb).toHaveReceivedCommandTimes(PutEventsCommand, 4);
  expect(time.sleeps).toEqual([50, 100, 200]);
  expect(report.outcomes.get(0)).toMatchObject({ status: 'delivered', attempts: 4 });
});

it('does not retry other error codes (AccessDeniedException), and defers later entries', async () => {
  answerWith((entry) =>
    idOf(entry) === 'usr-3' ? failed('AccessDeniedException') : failed('ThrottlingException'),
  );
  const { options, log } = setup();
  const report = await sendEvents(events(5), options);
  // First call: all 5; 3 is rejected for good; the throttled 1, 2 are retried, 4, 5 are after the
  // failure: the stream will deliver them again, so they are not sent again.
  expect(sentIds(0)).toEqual(['usr-1', 'usr-2', 'usr-3', 'usr-4', 'usr-5']);
  expect(
    eb
      .commandCalls(PutEventsCommand)
      .slice(1)
      .flatMap((_, c) => sentIds(c + 1)),
  ).not.toContain('usr-3');
  expect(sentIds(1)).toEqual(['usr-1', 'usr-2']);
  expect(report.outcomes.get(2)).toEqual({
    status: 'failed',
    attempts: 1,
    code: 'AccessDeniedException',
    cause: 'not_retryable',
  });
  expect(report.outcomes.get(3)).toMatchObject({ status: 'deferred' });
  expect(report.outcomes.get(0)).toMatchObject({ status: 'failed', cause: 'retries_exhausted', attempts: 5 });
  expect(log.lines.some((l) => l.message === 'PutEvents rejected entries that will not be retried')).toBe(
    true,
  );
});

it('gives up after maxAttempts', async () => {
  answerWith(() => failed('ThrottlingException'));
  const { options } = setup();
  const report = await sendEvents(events(1), options);
  expect(eb).toHaveReceivedCommandTimes(PutEventsCommand, 5);
  expect(report.outcomes.get(0)).toEqual({
    status: 'failed',
    attempts: 5,
    code: 'ThrottlingException',
    cause: 'retries_exhausted',
  });
});

describe('a call that throws', () => {
  it('is retried whole when throttled', async () => {
    eb.on(PutEventsCommand)
      .rejectsOnce(new ThrottlingException({ message: 'rate', $metadata: { httpStatusCode: 400 } }))
      .resolves({ Entries: [ok(1), ok(2)], FailedEntryCount: 0 });
    const { options, log } = setup();
    const report = await sendEvents(events(2), options);
    expect(eb).toHaveReceivedCommandTimes(PutEventsCommand, 2);
    expect(eb).toHaveReceivedNthSpecificCommandWith(2, PutEventsCommand, {
      Entries: [expect.objectContaining({ DetailType: 'user.upserted' }), expect.anything()],
    });
    expect([...report.outcomes.values()].map((o) => o.status)).toEqual(['delivered', 'delivered']);
    expect(log.lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'PutEvents call failed',
        attributes: expect.objectContaining({ error_name: 'ThrottlingException', retryable: true }),
      }),
    );
  });

  it('is retried on a network error', async () => {
    eb.on(PutEventsCommand)
      .rejectsOnce(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
      .resolves({ Entries: [ok(1)], FailedEntryCount: 0 });
    const report = await sendEvents(events(1), setup().options);
    expect(report.outcomes.get(0)).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('is not retried when the error is not transient', async () => {
    eb.on(PutEventsCommand).rejects(
      new AccessDeniedException({ message: 'no', $metadata: { httpStatusCode: 400 } }),
    );
    const report = await sendEvents(events(3), setup().options);
    expect(eb).toHaveReceivedCommandTimes(PutEventsCommand, 1);
    expect(report.outcomes.get(0)).toEqual({
      status: 'failed',
      attempts: 1,
      code: 'AccessDeniedException',
      cause: 'not_retryable',
    });
  });

  it('is abandoned after callTimeoutMs and retried', async () => {
    eb.on(PutEventsCommand)
      .callsFakeOnce(() => new Promise(() => {}))
      .resolves({ Entries: [ok(1)], FailedEntryCount: 0 });
    const report = await sendEvents(events(1), { ...setup().options, callTimeoutMs: 20 });
    expect(report.outcomes.get(0)).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(report.errorCodes).toEqual({ CallTimeout: 1 });
  });
});

describe('the deadline', () => {
  it('stops retrying when the next wait would end after it, and reports the entries failed', async () => {
    answerWith(() => failed('ThrottlingException'));
    const { time, options } = setup();
    const deadline = time.clock.now().getTime() + 120;
    const report = await sendEvents(events(1), {
      ...options,
      deadline,
      retryPolicy: { maxAttempts: 100, baseDelayMs: 100, maxDelayMs: 100_000 },
    });
    // waits 50, then 100 would cross the deadline (50 + 100 ≥ 120)
    expect(time.sleeps).toEqual([50]);
    expect(eb).toHaveReceivedCommandTimes(PutEventsCommand, 2);
    expect(report.outcomes.get(0)).toMatchObject({
      status: 'failed',
      cause: 'out_of_time',
      code: 'ThrottlingException',
    });
    expect(time.clock.now().getTime()).toBeLessThan(deadline);
  });

  it('starts no call after it: slow calls use the time up', async () => {
    const { time, options } = setup();
    eb.on(PutEventsCommand).callsFake(async (input: { Entries: unknown[] }) => {
      await time.sleep(1_000);
      return { Entries: input.Entries.map((_, i) => ok(i)), FailedEntryCount: 0 };
    });
    const report = await sendEvents(events(50), {
      ...options,
      concurrency: 1,
      deadline: time.clock.now().getTime() + 2_500,
    });
    expect(eb).toHaveReceivedCommandTimes(PutEventsCommand, 3);
    expect([...report.outcomes.values()].map((o) => o.status)).toEqual([
      ...Array(30).fill('delivered'),
      ...Array(10).fill('failed'),
      ...Array(10).fill('deferred'),
    ]);
    expect(report.outcomes.get(30)).toMatchObject({ cause: 'out_of_time', attempts: 0 });
  });

  it('already passed: nothing is sent', async () => {
    const { time, options } = setup();
    const report = await sendEvents(events(15), { ...options, deadline: time.clock.now().getTime() });
    expect(eb).not.toHaveReceivedCommand(PutEventsCommand);
    expect(report.outcomes.get(0)).toMatchObject({ status: 'failed', cause: 'out_of_time' });
    expect(report.outcomes.get(9)).toMatchObject({ status: 'failed', cause: 'out_of_time' });
    expect(report.outcomes.get(10)).toMatchObject({ status: 'deferred' });
  });
});

it('runs calls concurrently, never more than the bound', async () => {
  let inFlight = 0;
  let most = 0;
  eb.on(PutEventsCommand).callsFake(async (input: { Entries: unknown[] }) => {
    inFlight += 1;
    most = Math.max(most, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 5));
    inFlight -= 1;
    return { Entries: input.Entries.map((_, i) => ok(i)), FailedEntryCount: 0 };
  });
  const report = await sendEvents(events(200), { ...setup().options, concurrency: 4 });
  expect(report.calls).toBe(20);
  expect(most).toBe(4);
});

describe('reading the response', () => {
  it('an entry left unanswered is retried (MissingResult), and the mismatch logged', async () => {
    eb.on(PutEventsCommand)
      .resolvesOnce({ Entries: [ok(1)], FailedEntryCount: 0 })
      .resolves({ Entries: [ok(2)], FailedEntryCount: 0 });
    const { options, log } = setup();
    const report = await sendEvents(events(2), options);
    expect(sentIds(1)).toEqual(['usr-2']);
    expect(report.outcomes.get(1)).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(log.lines.map((l) => l.message)).toContain('PutEvents response does not match the request');
  });

  it('an entry with both EventId and ErrorCode is a failure', async () => {
    eb.on(PutEventsCommand).resolves({
      Entries: [{ EventId: 'eb-1', ErrorCode: 'MalformedDetail' }],
      FailedEntryCount: 1,
    });
    const report = await sendEvents(events(1), setup().options);
    expect(report.outcomes.get(0)).toMatchObject({
      status: 'failed',
      code: 'MalformedDetail',
      cause: 'not_retryable',
    });
  });

  it('a FailedEntryCount that disagrees with the entries is logged', async () => {
    eb.on(PutEventsCommand).resolves({ Entries: [ok(1)], FailedEntryCount: 1 });
    const { options, log } = setup();
    await sendEvents(events(1), options);
    expect(log.lines).toContainEqual(
      expect.objectContaining({
        message: 'PutEvents response does not match the request',
        attributes: expect.objectContaining({ failed_entry_count: 1, failed_entries_read: 0 }),
      }),
    );
  });
});
