/**
 * The stream poller's delivery policy on its own: a scripted function (each invocation's answer
 * given in order) and a recorder of what the policy did, without Java or DynamoDB Local.
 */

import type { InvokeResult } from '../../src/model';
import {
  backoffDelayMs,
  type DeliveryPolicy,
  deliverBatch,
  expiredPrefix,
  invocationOutcome,
  retriesExhausted,
  STREAM_RETENTION_SECONDS,
} from '../../src/streams/delivery-policy';

const NOW = Date.parse('2026-12-02T12:00:00Z');

interface TestRecord {
  readonly sequenceNumber: string;
  readonly createdAtMs: number;
}

const records = (count: number, createdAtMs = NOW): TestRecord[] =>
  Array.from({ length: count }, (_, i) => ({ sequenceNumber: String(100 + i), createdAtMs }));

const POLICY: DeliveryPolicy = {
  reportBatchItemFailures: false,
  bisectBatchOnFunctionError: false,
  maximumRetryAttempts: 2,
  maximumRecordAgeInSeconds: -1,
  backoff: { initial: 250, max: 1_000 },
};

const ok = (value: unknown = null): InvokeResult => ({ ok: true, value, durationMs: 1, coldStart: false });
const error: InvokeResult = {
  ok: false,
  error: { errorType: 'Error', errorMessage: 'boom' },
  durationMs: 1,
  coldStart: false,
  timedOut: false,
};
const itemFailures = (...ids: string[]) =>
  ok({ batchItemFailures: ids.map((itemIdentifier) => ({ itemIdentifier })) });

/** Runs the policy with `answers` (the last repeats), returning every effect in order as text. */
async function run(
  policy: DeliveryPolicy,
  batch: readonly TestRecord[],
  answers: ReadonlyArray<InvokeResult | ((records: readonly TestRecord[]) => InvokeResult)>,
): Promise<string[]> {
  const seen: string[] = [];
  const span = (rs: readonly TestRecord[]) => rs.map((r) => r.sequenceNumber).join(',');
  let call = 0;
  await deliverBatch(policy, batch, {
    invoke: async (pending) => {
      seen.push(`invoke ${span(pending)}`);
      const answer = answers[Math.min(call++, answers.length - 1)];
      if (answer === undefined) throw new Error('no answer scripted');
      return typeof answer === 'function' ? answer(pending) : answer;
    },
    taken: (taken) => seen.push(`taken ${span(taken)}`),
    park: (parked) =>
      seen.push(
        `park ${span(parked.records)} ${parked.condition} after ${parked.invokes}${parked.functionError ? ' (function error)' : ''}`,
      ),
    failed: (pending) => seen.push(`failed ${span(pending)}`),
    retry: async (retry, delayMs) => {
      seen.push(`retry ${retry} in ${delayMs} ms`);
    },
    now: () => NOW,
    checkStopped: () => undefined,
  });
  return seen;
}

describe('deliverBatch', () => {
  it.each<
    [
      string,
      DeliveryPolicy,
      TestRecord[],
      Array<InvokeResult | ((rs: readonly TestRecord[]) => InvokeResult)>,
      string[],
    ]
  >([
    [
      'a success takes the whole batch',
      POLICY,
      records(3),
      [ok()],
      ['invoke 100,101,102', 'taken 100,101,102'],
    ],
    [
      'a function error retries with backoff, then parks when retries are exhausted',
      POLICY,
      records(2),
      [error],
      [
        'invoke 100,101',
        'failed 100,101',
        'retry 1 in 250 ms',
        'invoke 100,101',
        'failed 100,101',
        'retry 2 in 500 ms',
        'invoke 100,101',
        'failed 100,101',
        'park 100,101 RetryAttemptsExhausted after 3 (function error)',
      ],
    ],
    [
      'a retry that succeeds takes the batch',
      POLICY,
      records(2),
      [error, ok()],
      ['invoke 100,101', 'failed 100,101', 'retry 1 in 250 ms', 'invoke 100,101', 'taken 100,101'],
    ],
    [
      'no retries at all: the first failure parks',
      { ...POLICY, maximumRetryAttempts: 0 },
      records(1),
      [error],
      ['invoke 100', 'failed 100', 'park 100 RetryAttemptsExhausted after 1 (function error)'],
    ],
    [
      'bisection splits a failing batch without counting a retry, then delivers each half on its own',
      { ...POLICY, bisectBatchOnFunctionError: true, maximumRetryAttempts: 0 },
      records(4),
      [(rs) => (rs.some((r) => r.sequenceNumber === '102') ? error : ok())],
      [
        'invoke 100,101,102,103',
        'failed 100,101,102,103',
        'invoke 100,101',
        'taken 100,101',
        'invoke 102,103',
        'failed 102,103',
        'invoke 102',
        'failed 102',
        'park 102 RetryAttemptsExhausted after 3 (function error)',
        'invoke 103',
        'taken 103',
      ],
    ],
    [
      'batchItemFailures takes the records before the lowest failed one and retries the rest',
      { ...POLICY, reportBatchItemFailures: true },
      records(4),
      [itemFailures('103', '102'), ok()],
      ['invoke 100,101,102,103', 'taken 100,101', 'retry 1 in 250 ms', 'invoke 102,103', 'taken 102,103'],
    ],
    [
      'reported failures past the retries are parked as reported, not as a function error',
      { ...POLICY, reportBatchItemFailures: true, maximumRetryAttempts: 0 },
      records(3),
      [itemFailures('101')],
      ['invoke 100,101,102', 'taken 100', 'park 101,102 RetryAttemptsExhausted after 1'],
    ],
    [
      'the first record reported failed takes nothing and retries all',
      { ...POLICY, reportBatchItemFailures: true },
      records(2),
      [itemFailures('100'), ok()],
      ['invoke 100,101', 'retry 1 in 250 ms', 'invoke 100,101', 'taken 100,101'],
    ],
    [
      'batchItemFailures naming no record of the batch fails the whole batch',
      { ...POLICY, reportBatchItemFailures: true, maximumRetryAttempts: 0 },
      records(2),
      [itemFailures('999')],
      ['invoke 100,101', 'failed 100,101', 'park 100,101 RetryAttemptsExhausted after 1'],
    ],
    [
      'without reportBatchItemFailures an answer naming failures is a success',
      POLICY,
      records(2),
      [itemFailures('100')],
      ['invoke 100,101', 'taken 100,101'],
    ],
    [
      'records older than the maximum age are parked before any invocation',
      { ...POLICY, maximumRecordAgeInSeconds: 60 },
      [...records(2, NOW - 61_000), ...records(1).map((r) => ({ ...r, sequenceNumber: '200' }))],
      [ok()],
      ['park 100,101 RecordAgeExceeded after 0', 'invoke 200', 'taken 200'],
    ],
  ])('%s', async (_title, policy, batch, answers, want) => {
    expect(await run(policy, batch, answers)).toEqual(want);
  });

  it('retries without end when maximumRetryAttempts is -1, until the records expire', async () => {
    let now = NOW;
    const seen: string[] = [];
    await deliverBatch({ ...POLICY, maximumRetryAttempts: -1, maximumRecordAgeInSeconds: 10 }, records(1), {
      invoke: async () => {
        seen.push('invoke');
        return error;
      },
      taken: () => seen.push('taken'),
      park: (parked) => seen.push(`park ${parked.condition} after ${parked.invokes}`),
      failed: () => undefined,
      retry: async (_retry, delayMs) => {
        now += delayMs;
      },
      now: () => now,
      checkStopped: () => undefined,
    });
    // 250 + 500 + 1000 * 9 ms of backoff pass 10 s after the 12th invocation.
    expect(seen.filter((s) => s === 'invoke')).toHaveLength(12);
    expect(seen.at(-1)).toBe('park RecordAgeExceeded after 12');
  });

  it('stops before the next invocation when told to', async () => {
    let invocations = 0;
    const stopped = new Error('stopped');
    await expect(
      deliverBatch(POLICY, records(1), {
        invoke: async () => {
          invocations++;
          return error;
        },
        taken: () => undefined,
        park: () => undefined,
        failed: () => undefined,
        retry: async () => undefined,
        now: () => NOW,
        checkStopped: () => {
          if (invocations > 0) throw stopped;
        },
      }),
    ).rejects.toBe(stopped);
    expect(invocations).toBe(1);
  });
});

describe('the policy rules', () => {
  it.each([
    [1, 250],
    [2, 500],
    [3, 1_000],
    [4, 1_000],
  ])('waits %d: %d ms (doubling, capped)', (retry, want) => {
    expect(backoffDelayMs(POLICY, retry)).toBe(want);
  });

  it.each([
    [2, 1, false],
    [2, 2, true],
    [0, 0, true],
    [-1, 1_000_000, false],
  ])('maximumRetryAttempts %d after %d retries: exhausted %s', (maximumRetryAttempts, retries, want) => {
    expect(retriesExhausted({ ...POLICY, maximumRetryAttempts }, retries)).toBe(want);
  });

  it('counts expired records at the head only, with the stream retention when the age is -1', () => {
    const old = { sequenceNumber: '1', createdAtMs: NOW - (STREAM_RETENTION_SECONDS * 1000 + 1) };
    const fresh = { sequenceNumber: '2', createdAtMs: NOW };
    expect(expiredPrefix(POLICY, [old, fresh, old], NOW)).toBe(1);
    expect(expiredPrefix(POLICY, [fresh, old], NOW)).toBe(0);
    expect(expiredPrefix({ ...POLICY, maximumRecordAgeInSeconds: 0 }, [fresh], NOW + 1)).toBe(1);
  });

  it('reads an invocation: failures name the error, successes depend on reportBatchItemFailures', () => {
    expect(invocationOutcome(POLICY, error, records(1))).toEqual({ kind: 'failure', reason: 'Error: boom' });
    expect(invocationOutcome(POLICY, itemFailures('100'), records(1))).toEqual({ kind: 'success' });
    expect(
      invocationOutcome({ ...POLICY, reportBatchItemFailures: true }, itemFailures('100'), records(1)),
    ).toEqual({
      kind: 'partial',
      index: 0,
    });
  });
});
