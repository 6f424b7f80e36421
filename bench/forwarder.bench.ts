/**
 * Forwarder throughput against a mocked PutEvents that takes 20 ms per call:
 *   - the forwarder (functions/runtime/forwarder): 10 entries per call, calls concurrent (bounded);
 *   - a plain sequential forwarder, 10 entries per call, one call at a time, in the same run.
 * For 10,000 records, 1,000 calls is the least possible (10 entries per call). Prints figures;
 * never fails a build.
 *
 *   npx tsx bench/forwarder.bench.ts [records] [concurrency]
 */
import { PutEventsCommand, type PutEventsCommandOutput } from '@aws-sdk/client-eventbridge';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { systemClock } from '../functions/runtime/clock';
import { forwarderConfig } from '../functions/runtime/forwarder/config';
import { forwardRecords } from '../functions/runtime/forwarder/forward';
import { mapRecords, type OutgoingEvent } from '../functions/runtime/forwarder/map-record';
import type { PutEventsClient } from '../functions/runtime/forwarder/send';
import { DEFAULT_CONCURRENCY } from '../functions/runtime/forwarder/send';

const RECORDS = Number(process.argv[2] ?? 10_000);
const CONCURRENCY = Number(process.argv[3] ?? DEFAULT_CONCURRENCY);
const LATENCY_MS = 20;
const CALL_LIMIT = Math.ceil(RECORDS / 10);

const config = forwarderConfig({ service: 'users', eventBusName: 'tributary', resourceTypes: ['user'] });

function records(count: number): DynamoDBRecord[] {
  const kinds = ['INSERT', 'MODIFY', 'REMOVE'] as const;
  return Array.from({ length: count }, (_, i) => {
    const eventName = kinds[i % 3] ?? 'INSERT';
    const item = (version: number) =>
      marshall({
        pk: `usr-${i}`,
        _type: 'user',
        id: `usr-${i}`,
        email: `u${i}@example.com`,
        version,
        hash_code: `h${version}`,
      }) as unknown as Record<string, AttributeValue>;
    return {
      eventID: `ev-${i}`,
      eventName,
      dynamodb: {
        ApproximateCreationDateTime: 1_777_636_800,
        SequenceNumber: String(1e20 + i),
        ...(eventName === 'INSERT' ? {} : { OldImage: item(1) }),
        ...(eventName === 'REMOVE' ? {} : { NewImage: item(2) }),
      },
    };
  });
}

/** A PutEvents that answers every entry after LATENCY_MS, counting calls and the most in flight. */
function mockedPutEvents() {
  const stats = { calls: 0, entries: 0, inFlight: 0, mostInFlight: 0 };
  const client: PutEventsClient = {
    async send(command: PutEventsCommand): Promise<PutEventsCommandOutput> {
      const entries = command.input.Entries ?? [];
      stats.calls += 1;
      stats.entries += entries.length;
      stats.inFlight += 1;
      stats.mostInFlight = Math.max(stats.mostInFlight, stats.inFlight);
      await new Promise((resolve) => setTimeout(resolve, LATENCY_MS));
      stats.inFlight -= 1;
      return {
        $metadata: { httpStatusCode: 200 },
        FailedEntryCount: 0,
        Entries: entries.map((_, i) => ({ EventId: `eb-${stats.calls}-${i}` })),
      };
    },
  };
  return { client, stats };
}

/** The baseline: map, then one PutEvents of 10 after the other; every response read, no retries. */
async function sequentialForwarder(
  batch: readonly DynamoDBRecord[],
  client: PutEventsClient,
): Promise<number> {
  const events = mapRecords(batch, config, systemClock).filter((m): m is OutgoingEvent => m.kind === 'event');
  let failed = 0;
  for (let i = 0; i < events.length; i += 10) {
    const chunk = events.slice(i, i + 10);
    const output = await client.send(new PutEventsCommand({ Entries: chunk.map((event) => event.entry) }));
    failed += output.FailedEntryCount ?? 0;
  }
  return failed;
}

async function measure<T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = process.hrtime.bigint();
  const result = await run();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

function line(name: string, calls: number, ms: number, extra: string): string {
  const perSecond = (RECORDS / ms) * 1000;
  return `${name.padEnd(34)} ${String(calls).padStart(6)} calls (limit ${CALL_LIMIT})  ${ms
    .toFixed(0)
    .padStart(6)} ms  ${perSecond.toFixed(0).padStart(7)} records/s  ${extra}`;
}

async function main(): Promise<void> {
  const batch = records(RECORDS);
  console.log(`${RECORDS} records, PutEvents mocked at ${LATENCY_MS} ms per call`);

  const ours = mockedPutEvents();
  const forwarded = await measure(() =>
    forwardRecords(batch, {
      config,
      client: ours.client,
      remainingTimeMs: 15 * 60_000,
      concurrency: CONCURRENCY,
    }),
  );
  const { summary, response } = forwarded.result;
  console.log(
    line(
      `forwarder (concurrency ${CONCURRENCY})`,
      ours.stats.calls,
      forwarded.ms,
      `most in flight ${ours.stats.mostInFlight}; put ${summary.eventsPut}; checkpoint ${response.batchItemFailures.length === 0 ? 'none' : 'SET'}`,
    ),
  );

  const plain = mockedPutEvents();
  const sequential = await measure(() => sequentialForwarder(batch, plain.client));
  console.log(
    line(
      'plain sequential 10-per-call',
      plain.stats.calls,
      sequential.ms,
      `most in flight ${plain.stats.mostInFlight}; failed ${sequential.result}`,
    ),
  );

  const ratio = sequential.ms / forwarded.ms;
  console.log(`ratio: the forwarder is ${ratio.toFixed(1)}× the records/s of the sequential forwarder`);
  if (ours.stats.calls > CALL_LIMIT) console.log(`OVER THE CALL LIMIT: ${ours.stats.calls} > ${CALL_LIMIT}`);
}

void main();
