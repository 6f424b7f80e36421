/**
 * An event's trace on the local bus: a PutEvents entry's valid `TraceHeader` stays with the event
 * (in the journal too) and every delivery invocation of it runs in that trace; a malformed one is
 * dropped (the event is still accepted), an empty or too long one fails the request, as on AWS.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import {
  type AcceptedEventInfo,
  type DeliveryReport,
  type EventBus,
  type EventBusOptions,
  startEventBus,
} from '../../src/event-bus';
import { EventJournal, readJournal } from '../../src/event-bus/journal';
import type { BusEvent } from '../../src/event-bus/put-events';
import { createParkingLot, type LocalParkingLot } from '../../src/parking-lot';
import { eventBridgeClient, FakeInvoker, fail, rule, succeed, target } from './helpers';

const ROOT = '1-5759e988-bd862e3fe1be46a994272793';
const HEADER = `Root=${ROOT};Parent=53995c3f42cd8ad8;Sampled=1`;
const SUBSCRIBER = 'Notifications/OnOrderFn';
const AUDIT = 'Audit/Fn';
const RULES = [
  rule('Notifications/OnOrder', { source: ['tributary.orders'] }, [target(SUBSCRIBER, { retryAttempts: 1 })]),
  rule('Audit/OnAnything', { source: [{ prefix: 'tributary.' }] }, [target(AUDIT, { retryAttempts: 0 })]),
];
const entry = (traceHeader?: string): PutEventsRequestEntry => ({
  EventBusName: 'app-bus',
  Source: 'tributary.orders',
  DetailType: 'order.upserted',
  Detail: JSON.stringify({ id: 'ord-1', version: 1 }),
  ...(traceHeader === undefined ? {} : { TraceHeader: traceHeader }),
});

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('event traces on the local bus', () => {
  let bus: EventBus;
  let invoker: FakeInvoker;
  let parking: LocalParkingLot;
  let reports: DeliveryReport[];
  let accepted: { event: BusEvent; info: AcceptedEventInfo }[];

  async function start(options: Partial<EventBusOptions> = {}): Promise<EventBus> {
    bus = await startEventBus({
      host: '127.0.0.1',
      rules: RULES,
      invoker,
      parking,
      retry: { baseDelayMs: 1, maxDelayMs: 1 },
      onDelivery: (report) => reports.push(report),
      onAccepted: (event, _busName, info) => accepted.push({ event, info }),
      ...options,
    });
    return bus;
  }

  async function put(...entries: PutEventsRequestEntry[]) {
    const client = eventBridgeClient(bus.url);
    try {
      return await client.send(new PutEventsCommand({ Entries: entries }));
    } finally {
      client.destroy();
    }
  }

  beforeEach(() => {
    invoker = new FakeInvoker();
    parking = createParkingLot();
    reports = [];
    accepted = [];
  });
  afterEach(() => bus.close());

  it('runs every delivery attempt of the event in its trace, and says so in the reports', async () => {
    invoker.on(SUBSCRIBER, (_event, attempt) => (attempt === 1 ? fail('not yet') : succeed()));
    await start();
    const out = await put(entry(`${HEADER};Lineage=a:1`));
    expect(out.FailedEntryCount).toBe(0);
    await bus.idle();
    // Both attempts of the subscriber and the audit's one; the header as rebuilt from its fields.
    expect(invoker.invocations.map((i) => [i.functionId, i.traceHeader])).toEqual(
      expect.arrayContaining([
        [SUBSCRIBER, HEADER],
        [SUBSCRIBER, HEADER],
        [AUDIT, HEADER],
      ]),
    );
    expect(invoker.invocations).toHaveLength(3);
    // Not in the event the targets get.
    expect(JSON.stringify(invoker.invocations[0]?.event)).not.toContain(ROOT);
    expect(reports.map((r) => [r.kind, r.traceHeader])).toEqual(
      expect.arrayContaining([
        ['retrying', HEADER],
        ['delivered', HEADER],
        ['delivered', HEADER],
      ]),
    );
    expect(accepted).toEqual([
      {
        event: expect.objectContaining({ id: out.Entries?.[0]?.EventId }),
        info: { ruleIds: ['Notifications/OnOrder', 'Audit/OnAnything'], traceHeader: HEADER },
      },
    ]);
  });

  it("names, for an event without a trace, the trace each attempt ran in (the subscriber's logs carry it)", async () => {
    const ran = (n: number) =>
      `Root=1-5759e988-${String(n).padStart(24, '0')};Parent=53995c3f42cd8ad8;Sampled=1`;
    invoker.on(SUBSCRIBER, (_event, attempt) => ({
      ...(attempt === 1 ? fail('not yet') : succeed()),
      traceHeader: ran(attempt),
    }));
    await start();
    await put(entry());
    await bus.idle();
    expect(reports.filter((r) => r.functionId === SUBSCRIBER).map((r) => [r.kind, r.traceHeader])).toEqual([
      ['retrying', ran(1)],
      ['delivered', ran(2)],
    ]);
    // The event had none: what it was accepted with, and what a redrive would deliver it in, is none.
    expect(accepted.map((a) => a.info.traceHeader)).toEqual([undefined]);
  });

  it("keeps the event's own trace in the reports whatever the invocation says", async () => {
    invoker.on(SUBSCRIBER, () => ({ ...succeed(), traceHeader: 'Root=1-00000000-000000000000000000000000' }));
    await start();
    await put(entry(HEADER));
    await bus.idle();
    expect(reports.filter((r) => r.functionId === SUBSCRIBER).map((r) => r.traceHeader)).toEqual([HEADER]);
  });

  it('drops a trace header without a valid Root and still accepts the event', async () => {
    await start();
    const out = await put(entry('Root=not-a-trace;Parent=53995c3f42cd8ad8'), entry());
    expect(out.FailedEntryCount).toBe(0);
    await bus.idle();
    expect(invoker.invocations.map((i) => i.traceHeader)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(accepted.map((a) => a.info)).toEqual([
      { ruleIds: ['Notifications/OnOrder', 'Audit/OnAnything'] },
      { ruleIds: ['Notifications/OnOrder', 'Audit/OnAnything'] },
    ]);
  });

  it.each([
    ['over 500 characters', `${HEADER};Lineage=${'a'.repeat(500)}`, 'less than or equal to 500'],
    ['empty', '', 'greater than or equal to 1'],
  ])('refuses the request when a trace header is %s', async (_, header, bound) => {
    await start();
    await expect(put(entry(), entry(header))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining(`'entries.2.member.traceHeader'`),
    });
    await expect(put(entry(header))).rejects.toThrow(bound);
    expect(accepted).toEqual([]);
  });

  it('parks a delivery it gave up on with its trace, and what redriving it takes', async () => {
    invoker.on(SUBSCRIBER, () => fail('down'));
    await start();
    await put(entry(HEADER));
    await bus.idle();
    const parked = reports.find((r) => r.kind === 'parked');
    expect(parked).toMatchObject({ kind: 'parked', traceHeader: HEADER, parkedId: expect.any(String) });
    expect(parking.list()).toEqual([
      expect.objectContaining({
        id: parked?.kind === 'parked' ? parked.parkedId : 'none',
        queueId: 'unrouted-dlq',
        body: expect.objectContaining({ 'detail-type': 'order.upserted' }),
        delivery: {
          ruleId: 'Notifications/OnOrder',
          functionId: SUBSCRIBER,
          busName: 'app-bus',
          traceHeader: HEADER,
        },
      }),
    ]);
  });

  it('keeps the trace in the journal: deliveries made again after a restart run in it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tributary-trace-journal-'));
    dirs.push(dir);
    const path = join(dir, 'journal.jsonl');
    // The first run never finishes its deliveries (a crash).
    invoker.on(SUBSCRIBER, () => new Promise(() => {})).on(AUDIT, () => new Promise(() => {}));
    await start({ journal: await EventJournal.open(path) });
    const out = await put(entry(HEADER), entry());
    await bus.close();
    const pending = readJournal(readFileSync(path, 'utf8')).pending;
    expect(pending.map((p) => [p.event.id, p.traceHeader])).toEqual([
      [out.Entries?.[0]?.EventId, HEADER],
      [out.Entries?.[1]?.EventId, undefined],
    ]);

    invoker = new FakeInvoker();
    await start({ journal: await EventJournal.open(path) });
    expect(bus.redeliver()).toEqual({ events: 2, deliveries: 4 });
    await bus.idle();
    const traceOf = (eventId: string | undefined) =>
      invoker.invocations.filter((i) => i.event.id === eventId).map((i) => i.traceHeader);
    expect(traceOf(out.Entries?.[0]?.EventId)).toEqual([HEADER, HEADER]);
    expect(traceOf(out.Entries?.[1]?.EventId)).toEqual([undefined, undefined]);
  });
});
