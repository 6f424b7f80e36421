import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createForwarderHandler } from '../../../../functions/runtime/forwarder/create-handler';
import {
  CONFIG,
  fakeTime,
  guardItem,
  insert,
  lambdaContext,
  recordingLog,
  remove,
  userItem,
} from './fixtures';

const eb = mockClient(EventBridgeClient);
beforeEach(() => eb.reset());

const acceptAll = () =>
  eb.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => ({
    Entries: input.Entries.map((_, i) => ({ EventId: `eb-${i}` })),
    FailedEntryCount: 0,
  }));

function recordingMetrics(options: { failOn?: string } = {}) {
  const added: Array<[string, string, number]> = [];
  let published = 0;
  return {
    added,
    published: () => published,
    addMetric(name: string, unit: 'Count', value: number) {
      if (name === options.failOn) throw new Error('metrics broke');
      added.push([name, unit, value]);
    },
    publishStoredMetrics() {
      published += 1;
    },
  };
}

const event = (...records: DynamoDBStreamEvent['Records']): DynamoDBStreamEvent => ({ Records: records });

describe('createForwarderHandler', () => {
  it('forwards, adds every metric, publishes them, and answers the checkpoint', async () => {
    acceptAll();
    const metrics = recordingMetrics();
    const log = recordingLog();
    const time = fakeTime();
    const handler = createForwarderHandler({
      config: CONFIG,
      client: new EventBridgeClient({ region: 'eu-west-1' }),
      log,
      metrics,
      clock: time.clock,
      sleep: time.sleep,
    });
    const answer = await handler(
      event(
        insert(1, userItem('usr-1', 1)),
        insert(2, guardItem('a', 'usr-1')),
        remove(3, userItem('usr-1', 1)),
      ),
      lambdaContext(),
    );
    expect(answer).toEqual({ batchItemFailures: [] });
    expect(metrics.added).toEqual([
      ['RecordsReceived', 'Count', 3],
      ['EventsPut', 'Count', 2],
      ['EntriesRetried', 'Count', 0],
      ['EntriesFailed', 'Count', 0],
      ['RecordsSkipped', 'Count', 1],
      ['RecordsUnusable', 'Count', 0],
      ['RecordsParked', 'Count', 0],
    ]);
    expect(metrics.published()).toBe(1);
  });

  it('uses the time the invocation has left', async () => {
    acceptAll();
    const handler = createForwarderHandler({
      config: CONFIG,
      client: new EventBridgeClient({ region: 'eu-west-1' }),
      log: recordingLog(),
      metrics: recordingMetrics(),
      safetyMarginMs: 1_000,
    });
    const answer = await handler(event(insert(1, userItem('usr-1', 1))), lambdaContext(900));
    expect(eb).not.toHaveReceivedCommand(PutEventsCommand);
    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: '000000000000000000001' }] });
  });

  it('never throws: even a bug is answered with a failure at the first record', async () => {
    acceptAll();
    const log = recordingLog();
    const metrics = recordingMetrics({ failOn: 'EventsPut' });
    const handler = createForwarderHandler({
      config: CONFIG,
      client: new EventBridgeClient({ region: 'eu-west-1' }),
      log,
      metrics,
    });
    const answer = await handler(
      event(remove(4, userItem('usr-1', 1)), remove(5, userItem('usr-2', 1))),
      lambdaContext(),
    );
    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: '000000000000000000004' }] });
    expect(log.lines.map((l) => l.message)).toContain('forwarder bug: the whole batch will be retried');
    expect(metrics.published()).toBe(1);
  });
});

describe('handler (module wired from the environment)', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    jest.resetModules();
  });

  function capture() {
    const chunks: string[] = [];
    const write = (chunk: string | Uint8Array) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    };
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(write);
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(write);
    return {
      restore: () => {
        out.mockRestore();
        err.mockRestore();
      },
      lines: () =>
        chunks
          .join('')
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as Record<string, unknown>),
    };
  }

  it('reads SERVICE_NAME, EVENT_BUS_NAME, RESOURCE_TYPES; logs a summary; emits EMF metrics', async () => {
    Object.assign(process.env, {
      SERVICE_NAME: 'users',
      EVENT_BUS_NAME: 'tributary-bus',
      RESOURCE_TYPES: 'user, address',
      POWERTOOLS_METRICS_NAMESPACE: 'TributaryTest',
      AWS_REGION: 'eu-west-1',
    });
    acceptAll();
    const output = capture();
    let answer: unknown;
    try {
      const { handler } = await import('../../../../functions/runtime/forwarder/handler');
      answer = await handler(
        event(insert(1, userItem('usr-1', 1)), remove(2, userItem('usr-1', 1), { ttl: true })),
        lambdaContext(),
      );
    } finally {
      output.restore();
    }
    expect(answer).toEqual({ batchItemFailures: [] });
    expect(eb).toHaveReceivedCommandWith(PutEventsCommand, {
      Entries: [
        expect.objectContaining({
          Source: 'tributary.users',
          DetailType: 'user.upserted',
          EventBusName: 'tributary-bus',
        }),
        expect.objectContaining({ Source: 'tributary.users', DetailType: 'user.deleted' }),
      ],
    });
    const lines = output.lines();
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'INFO',
        message: 'forwarded batch',
        service: 'users',
        function_request_id: 'req-1',
        eventsPut: 2,
      }),
    );
    const emf = lines.find((line) => '_aws' in line);
    expect(emf).toMatchObject({
      _aws: { CloudWatchMetrics: [{ Namespace: 'TributaryTest' }] },
      service: 'users',
      RecordsReceived: 2,
      EventsPut: 2,
      EntriesRetried: 0,
      EntriesFailed: 0,
      RecordsSkipped: 0,
    });
  });

  it('fails at cold start when the environment is incomplete', async () => {
    delete process.env.RESOURCE_TYPES;
    Object.assign(process.env, { SERVICE_NAME: 'users', EVENT_BUS_NAME: 'bus' });
    await expect(import('../../../../functions/runtime/forwarder/handler')).rejects.toThrow(/RESOURCE_TYPES/);
  });
});
