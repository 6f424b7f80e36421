/**
 * The local bus's journal: what it owes after a crash (a torn last line, deliveries finished or
 * not), compaction on open and while running, and the bus redelivering from it after a restart.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { type EventBus, startEventBus } from '../../src/event-bus';
import { EventJournal, type JournaledEvent, readJournal } from '../../src/event-bus/journal';
import type { BusEvent } from '../../src/event-bus/put-events';
import { createParkingLot } from '../../src/parking-lot';
import { eventBridgeClient, FakeInvoker, fail, rule, succeed, target } from './helpers';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function journalPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-journal-'));
  dirs.push(dir);
  return join(dir, 'journal.jsonl');
}

const event = (id: string): BusEvent => ({
  version: '0',
  id,
  'detail-type': 'order.upserted',
  source: 'tributary.orders',
  account: '000000000000',
  time: '2026-01-01T00:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: { id: `ord-${id}`, event_id: `evt-${id}`, version: 1 },
});
const A = { ruleId: 'Notifications/OnOrder', functionId: 'Notifications/OnOrderFn' };
const B = { ruleId: 'Audit/OnAnything', functionId: 'Audit/Fn' };
const journaled = (id: string, deliveries = [A, B]): JournaledEvent => ({
  event: event(id),
  busName: 'app-bus',
  receivedAt: 1_767_225_600_000,
  deliveries,
});
const accepted = (entry: JournaledEvent) => `${JSON.stringify({ kind: 'accepted', ...entry })}\n`;
const finished = (eventId: string, key: typeof A, outcome = 'delivered') =>
  `${JSON.stringify({ kind: 'finished', eventId, ...key, outcome })}\n`;

describe('readJournal', () => {
  it('owes every delivery of an accepted event until each is finished, delivered or parked', () => {
    const text =
      accepted(journaled('1')) +
      accepted(journaled('2')) +
      finished('1', A) +
      accepted(journaled('3')) +
      finished('2', A) +
      finished('2', B, 'parked') +
      finished('3', B);
    expect(readJournal(text)).toEqual({
      pending: [journaled('1', [B]), journaled('3', [A])],
      skippedLines: 0,
    });
  });

  it('skips a last line torn by a crash, and keeps what came before it', () => {
    const whole = accepted(journaled('1')) + accepted(journaled('2'));
    const torn = accepted(journaled('3')).slice(0, 40);
    expect(readJournal(whole + torn)).toEqual({ pending: [journaled('1'), journaled('2')], skippedLines: 1 });
  });

  it('skips lines that are not journal lines, wherever they are', () => {
    const text = [
      '{"kind":"accepted","event":{"id":"x"}}', // not a whole event
      '[1,2]',
      '{"kind":"finished","eventId":"1","ruleId":"r"}', // no function, no outcome
      '{"kind":"finished","eventId":"1","ruleId":"r","functionId":"f","outcome":"lost"}',
      'not json',
      '',
    ].join('\n');
    expect(readJournal(accepted(journaled('1')) + text)).toEqual({
      pending: [journaled('1')],
      skippedLines: 5,
    });
  });

  it('ignores the end of a delivery it never heard of, and an empty file owes nothing', () => {
    expect(readJournal(finished('9', A))).toEqual({ pending: [], skippedLines: 0 });
    expect(readJournal('')).toEqual({ pending: [], skippedLines: 0 });
  });
});

describe('EventJournal', () => {
  it('starts empty without a file, and what it accepted is there when opened again', async () => {
    const path = journalPath();
    const first = await EventJournal.open(path);
    expect(first.recovered).toEqual({ pending: [], skippedLines: 0 });
    await first.accept([journaled('1'), journaled('2', [])]);
    first.finish('1', A, 'delivered');
    // The second delivery never finished (the process ended).
    await first.close();

    const second = await EventJournal.open(path);
    // The event no rule matched was never written: nothing is owed for it.
    expect(second.recovered.pending).toEqual([journaled('1', [B])]);
    expect(second.pending()).toEqual([journaled('1', [B])]);
    await second.close();
  });

  it('is on disk when accept() resolves, before any finish', async () => {
    const path = journalPath();
    const journal = await EventJournal.open(path);
    await journal.accept([journaled('1')]);
    expect(readJournal(readFileSync(path, 'utf8')).pending).toEqual([journaled('1')]);
    await journal.close();
  });

  it('compacts on open: only what is owed is left, the torn line and finished events gone', async () => {
    const path = journalPath();
    writeFileSync(
      path,
      accepted(journaled('1')) +
        finished('1', A) +
        finished('1', B) +
        accepted(journaled('2')) +
        finished('2', B) +
        accepted(journaled('3')).slice(0, 25),
    );
    const journal = await EventJournal.open(path);
    expect(journal.recovered).toEqual({ pending: [journaled('2', [A])], skippedLines: 1 });
    await journal.close();
    expect(readFileSync(path, 'utf8')).toBe(accepted(journaled('2', [A])));
  });

  it('drops a torn last line on open, so the events accepted after it are read back whole', async () => {
    const path = journalPath();
    const journal = await EventJournal.open(path);
    await journal.close();
    appendFileSync(path, accepted(journaled('1')).slice(0, 30)); // a torn write left behind
    const reopened = await EventJournal.open(path); // compaction drops it
    await reopened.accept([journaled('2')]);
    await reopened.close();
    expect(readJournal(readFileSync(path, 'utf8'))).toEqual({ pending: [journaled('2')], skippedLines: 0 });
  });

  it('compacts while running once the file has grown past the limit', async () => {
    const path = journalPath();
    const journal = await EventJournal.open(path, { compactAfterBytes: 4096 });
    for (let i = 0; i < 40; i++) {
      await journal.accept([journaled(String(i))]);
      journal.finish(String(i), A, 'delivered');
      journal.finish(String(i), B, 'parked');
    }
    await journal.accept([journaled('last')]);
    await journal.close();
    // 40 finished events written and compacted away: the file holds about what is owed.
    expect(statSync(path).size).toBeLessThan(4096 + 1024);
    expect(readJournal(readFileSync(path, 'utf8')).pending).toEqual([journaled('last')]);
  });

  it('rejects accept() once closed', async () => {
    const journal = await EventJournal.open(journalPath());
    await journal.close();
    await expect(journal.accept([journaled('1')])).rejects.toThrow('closed');
  });
});

describe('the bus with a journal', () => {
  const RULE = rule('Notifications/OnOrder', { source: ['tributary.orders'] }, [
    target('Notifications/OnOrderFn', { retryAttempts: 0 }),
  ]);
  const entry = (n: number) => ({
    EventBusName: 'app-bus',
    Source: 'tributary.orders',
    DetailType: 'order.upserted',
    Detail: JSON.stringify({ id: `ord-${n}`, event_id: `evt-${n}`, version: 1 }),
  });

  async function start(path: string, invoker: FakeInvoker): Promise<EventBus> {
    return startEventBus({
      host: '127.0.0.1',
      rules: [RULE],
      invoker,
      parking: createParkingLot(),
      journal: await EventJournal.open(path),
      retry: { baseDelayMs: 1, maxDelayMs: 1 },
    });
  }

  it('delivers again after a restart what the last run accepted and did not finish, with the same ids', async () => {
    const path = journalPath();
    // The first run accepts three events; the target never answers (a crash mid-delivery).
    const hanging = new FakeInvoker().on('Notifications/OnOrderFn', () => new Promise(() => {}));
    const first = await start(path, hanging);
    const client = eventBridgeClient(first.url);
    const put = await client.send(new PutEventsCommand({ Entries: [entry(1), entry(2), entry(3)] }));
    client.destroy();
    expect(put.FailedEntryCount).toBe(0);
    await first.close();

    const invoker = new FakeInvoker();
    const second = await start(path, invoker);
    expect(second.redeliver()).toEqual({ events: 3, deliveries: 3 });
    await second.idle();
    expect(invoker.of('Notifications/OnOrderFn').map((i) => i.event.id)).toEqual(
      put.Entries?.map((e) => e.EventId),
    );
    await second.close();

    // All delivered now: a third start owes nothing.
    const third = await start(path, new FakeInvoker());
    expect(third.redeliver()).toEqual({ events: 0, deliveries: 0 });
    await third.close();
  });

  it('does not deliver again what was parked', async () => {
    const path = journalPath();
    const failing = new FakeInvoker().on('Notifications/OnOrderFn', () => fail('nope'));
    const first = await start(path, failing);
    const client = eventBridgeClient(first.url);
    await client.send(new PutEventsCommand({ Entries: [entry(1)] }));
    client.destroy();
    await first.idle();
    expect(first.stats().parked).toBe(1);
    await first.close();
    const second = await start(
      path,
      new FakeInvoker().on('Notifications/OnOrderFn', () => succeed()),
    );
    expect(second.redeliver()).toEqual({ events: 0, deliveries: 0 });
    await second.close();
  });

  it('parks, rather than drops, a delivery owed to a rule the app no longer has', async () => {
    const path = journalPath();
    writeFileSync(path, accepted(journaled('gone', [{ ruleId: 'Old/Rule', functionId: 'Old/Fn' }])));
    const parking = createParkingLot();
    const bus = await startEventBus({
      host: '127.0.0.1',
      rules: [RULE],
      invoker: new FakeInvoker(),
      parking,
      journal: await EventJournal.open(path),
    });
    expect(bus.redeliver()).toEqual({ events: 1, deliveries: 0 });
    expect(parking.list()).toEqual([
      expect.objectContaining({ queueId: 'unrouted-dlq', reason: expect.stringContaining('Old/Rule') }),
    ]);
    await bus.close();
    expect(readJournal(readFileSync(path, 'utf8')).pending).toEqual([]);
  });

  it('answers InternalFailure for entries it could not store, so the forwarder retries them', async () => {
    const path = journalPath();
    const journal = await EventJournal.open(path);
    const bus = await startEventBus({
      host: '127.0.0.1',
      rules: [RULE],
      invoker: new FakeInvoker(),
      parking: createParkingLot(),
      journal,
    });
    await journal.close(); // every later write fails
    const client = eventBridgeClient(bus.url);
    const put = await client.send(
      new PutEventsCommand({ Entries: [entry(1), { ...entry(2), Source: 'tributary.nobody-listens' }] }),
    );
    client.destroy();
    expect(put.FailedEntryCount).toBe(1);
    expect(put.Entries?.[0]).toMatchObject({ ErrorCode: 'InternalFailure' });
    // No rule matches the second: there is nothing to store, and it is accepted.
    expect(put.Entries?.[1]?.EventId).toEqual(expect.any(String));
    await bus.close();
  });
});
