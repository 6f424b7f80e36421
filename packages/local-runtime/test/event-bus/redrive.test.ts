/**
 * Redrive (src/redrive.ts): a delivery the bus gave up on, delivered again by its parked message's
 * id through the bus's normal path (in its trace, retried and parked as a new delivery), then no
 * longer listed as parked; and every refusal, each with its code.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { type DeliveryReport, type EventBus, startEventBus } from '../../src/event-bus';
import { EventJournal, readJournal } from '../../src/event-bus/journal';
import { createParkingLot, type LocalParkingLot } from '../../src/parking-lot';
import { RedriveError, type RedriveRefusal, redriveParked } from '../../src/redrive';
import { eventBridgeClient, FakeInvoker, fail, rule, succeed, target } from './helpers';

const ROOT = '1-5759e988-bd862e3fe1be46a994272793';
const HEADER = `Root=${ROOT};Parent=53995c3f42cd8ad8;Sampled=1`;
const SUBSCRIBER = 'Notifications/OnOrderFn';
const RULE = rule('Notifications/OnOrder', { source: ['tributary.orders'] }, [
  target(SUBSCRIBER, { retryAttempts: 1, deadLetterQueueId: 'Notifications/Dlq' }),
]);
const ENTRY = {
  EventBusName: 'app-bus',
  Source: 'tributary.orders',
  DetailType: 'order.upserted',
  Detail: JSON.stringify({ id: 'ord-1', version: 1 }),
  TraceHeader: HEADER,
};

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function refusal(
  promise: Promise<unknown>,
): Promise<{ code: RedriveRefusal; message: string; id: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RedriveError) return { code: error.code, message: error.message, id: error.id };
    throw error;
  }
  throw new Error('expected a RedriveError');
}

describe('redrive', () => {
  let healthy: boolean;
  let invoker: FakeInvoker;
  let parking: LocalParkingLot;
  let reports: DeliveryReport[];
  let bus: EventBus;

  async function start(journal?: EventJournal, rules = [RULE]): Promise<void> {
    bus = await startEventBus({
      host: '127.0.0.1',
      rules,
      invoker,
      parking,
      retry: { baseDelayMs: 1, maxDelayMs: 1 },
      onDelivery: (report) => reports.push(report),
      ...(journal ? { journal } : {}),
    });
  }

  /** Puts the event, lets the failing subscriber's retries run out, returns the parked message's id. */
  async function parkOne(): Promise<string> {
    const client = eventBridgeClient(bus.url);
    await client.send(new PutEventsCommand({ Entries: [ENTRY] }));
    client.destroy();
    await bus.idle();
    const [parked] = parking.list();
    if (parked?.id === undefined) throw new Error('nothing parked');
    return parked.id;
  }

  beforeEach(() => {
    healthy = false;
    invoker = new FakeInvoker().on(SUBSCRIBER, () => (healthy ? succeed() : fail('down')));
    parking = createParkingLot();
    reports = [];
  });
  afterEach(() => bus.close());

  it('delivers a parked event again, in its trace, and lists it as parked no more', async () => {
    await start();
    const id = await parkOne();
    expect(invoker.of(SUBSCRIBER)).toHaveLength(2);
    const parkedReport = reports.find((r) => r.kind === 'parked');
    expect(parkedReport).toMatchObject({ parkedId: id, queueId: 'Notifications/Dlq' });

    healthy = true;
    const redriven = await redriveParked(parking, bus, id);
    const eventId = invoker.of(SUBSCRIBER)[0]?.event.id;
    expect(redriven).toEqual({
      id,
      queueId: 'Notifications/Dlq',
      eventId,
      ruleId: 'Notifications/OnOrder',
      functionId: SUBSCRIBER,
      traceId: ROOT,
    });
    expect(parking.list()).toEqual([]);
    expect(parking.list(undefined, { includeRedriven: true })).toEqual([
      expect.objectContaining({ id, redrivenAt: expect.any(String) }),
    ]);
    await bus.idle();
    const third = invoker.of(SUBSCRIBER)[2];
    // The same event (id, time, detail), in the same trace.
    expect(third?.event).toEqual(invoker.of(SUBSCRIBER)[0]?.event);
    expect(third?.traceHeader).toBe(HEADER);
    expect(reports.at(-1)).toMatchObject({
      kind: 'delivered',
      attempts: 1,
      eventId,
      redriveOf: id,
      traceHeader: HEADER,
    });
    expect(bus.stats()).toMatchObject({ deliveries: 2, delivered: 1, parked: 1 });

    // Redriven already.
    const again = await refusal(redriveParked(parking, bus, id));
    expect(again).toMatchObject({ code: 'not-parked', id });
    expect(again.message).toContain('redriven at');
    expect(invoker.of(SUBSCRIBER)).toHaveLength(3);
  });

  it('retries and parks a redrive that fails as it would a new delivery, under a new id', async () => {
    await start();
    const id = await parkOne();
    await redriveParked(parking, bus, id);
    await bus.idle();
    expect(reports.filter((r) => r.redriveOf === id).map((r) => [r.kind, r.attempts])).toEqual([
      ['retrying', 1],
      ['parked', 2],
    ]);
    const [parkedAgain] = parking.list();
    expect(parkedAgain?.id).not.toBe(id);
    expect(parkedAgain?.delivery?.traceHeader).toBe(HEADER);
    healthy = true;
    await redriveParked(parking, bus, parkedAgain?.id ?? '');
    await bus.idle();
    expect(reports.at(-1)).toMatchObject({ kind: 'delivered', redriveOf: parkedAgain?.id });
  });

  it('refuses a second redrive while the first is starting', async () => {
    await start();
    const id = await parkOne();
    healthy = true;
    const [first, second] = await Promise.allSettled([
      redriveParked(parking, bus, id),
      redriveParked(parking, bus, id),
    ]);
    expect(first.status).toBe('fulfilled');
    expect(second).toMatchObject({ status: 'rejected', reason: { code: 'not-parked' } });
    await bus.idle();
    expect(invoker.of(SUBSCRIBER)).toHaveLength(3);
  });

  it('refuses an unknown id', async () => {
    await start();
    expect(await refusal(redriveParked(parking, bus, 'no-such-id'))).toMatchObject({
      code: 'unknown',
      id: 'no-such-id',
    });
  });

  it('refuses a stream batch, and says what to do instead', async () => {
    await start();
    parking.park({
      id: 'batch-1',
      queueId: 'stream-on-failure',
      at: 't',
      body: { version: '1.0', DDBStreamBatchInfo: { shardId: 's', startSequenceNumber: '1' } },
      reason: 'RetryAttemptsExhausted: record 1 of shard s',
    });
    const refused = await refusal(redriveParked(parking, bus, 'batch-1'));
    expect(refused.code).toBe('not-redrivable');
    expect(refused.message).toMatch(/stream batch.*dev republish/);
    expect(parking.list().map((m) => m.id)).toEqual(['batch-1']);
  });

  it('refuses a message a function sent to a queue', async () => {
    await start();
    parking.park({ id: 'sent-1', queueId: 'Orders/ParkingQueue', at: 't', body: { x: 1 }, reason: 'sent' });
    expect(await refusal(redriveParked(parking, bus, 'sent-1'))).toMatchObject({ code: 'not-redrivable' });
  });

  it('refuses a delivery owed to a rule target the app no longer has, and leaves it parked', async () => {
    await start();
    const id = await parkOne();
    await bus.close();
    await start(undefined, [rule('Other/Rule', { source: ['x'] }, [target('Other/Fn')])]);
    const refused = await refusal(redriveParked(parking, bus, id));
    expect(refused).toMatchObject({ code: 'not-redrivable', id });
    expect(refused.message).toContain('no longer in the app');
    expect(parking.list().map((m) => m.id)).toEqual([id]);
  });

  it('journals a redrive first: a restart before it is delivered delivers it, in its trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tributary-redrive-'));
    dirs.push(dir);
    const path = join(dir, 'journal.jsonl');
    await start(await EventJournal.open(path));
    const id = await parkOne();
    // The delivery's end is written to the journal after the report, without holding up the bus:
    // wait for the file to say so.
    const pendingOnDisk = () => readJournal(readFileSync(path, 'utf8')).pending;
    for (let tries = 0; pendingOnDisk().length > 0 && tries < 200; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(pendingOnDisk()).toEqual([]);
    // The redrive's attempt never ends (a crash mid-delivery).
    invoker.on(SUBSCRIBER, () => new Promise(() => {}));
    await redriveParked(parking, bus, id);
    await bus.close();
    expect(readJournal(readFileSync(path, 'utf8')).pending).toEqual([
      expect.objectContaining({
        deliveries: [{ ruleId: 'Notifications/OnOrder', functionId: SUBSCRIBER }],
        traceHeader: HEADER,
      }),
    ]);
    invoker = new FakeInvoker();
    await start(await EventJournal.open(path));
    expect(bus.redeliver()).toEqual({ events: 1, deliveries: 1 });
    await bus.idle();
    expect(invoker.of(SUBSCRIBER).map((i) => i.traceHeader)).toEqual([HEADER]);
  });
});
