import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import type { LocalRule } from '@tributary/local-runtime';
import {
  backoffDelay,
  createParkingLot,
  type DeliveryReport,
  type EventBus,
  type EventBusOptions,
  type LocalParkingLot,
  startEventBus,
  UNROUTED_DLQ,
} from '@tributary/local-runtime';
import { TestClock } from '../../../functions/runtime/clock';
import {
  eventBridgeClient,
  FakeInvoker,
  fail,
  rule,
  succeed,
  target,
} from '../../../packages/local-runtime/test/event-bus/helpers';

const userUpserted = (id = 'usr-1'): PutEventsRequestEntry => ({
  EventBusName: 'app-bus',
  Source: 'tributary.users',
  DetailType: 'user.upserted',
  Detail: JSON.stringify({ id, version: 2 }),
});

describe('local event bus: deliveries', () => {
  let bus: EventBus | undefined;
  let client: EventBridgeClient | undefined;
  let invoker: FakeInvoker;
  let parking: LocalParkingLot;
  let reports: DeliveryReport[];

  async function start(
    rules: LocalRule[],
    options: Partial<EventBusOptions> = {},
  ): Promise<EventBridgeClient> {
    bus = await startEventBus({
      host: '127.0.0.1',
      rules,
      invoker,
      parking,
      retry: { baseDelayMs: 1, maxDelayMs: 4 },
      onDelivery: (report) => reports.push(report),
      ...options,
    });
    client = eventBridgeClient(bus.url);
    return client;
  }

  async function put(...entries: PutEventsRequestEntry[]): Promise<string[]> {
    const out = await client!.send(new PutEventsCommand({ Entries: entries }));
    expect(out.FailedEntryCount).toBe(0);
    return (out.Entries ?? []).map((e) => e.EventId ?? '');
  }

  beforeEach(() => {
    invoker = new FakeInvoker();
    parking = createParkingLot();
    reports = [];
  });

  afterEach(async () => {
    client?.destroy();
    await bus?.close();
    bus = undefined;
    client = undefined;
  });

  it('invokes the targets of the rules whose pattern matches, and only theirs', async () => {
    await start([
      rule('Orders/OnUserUpserted', { source: ['tributary.users'], 'detail-type': ['user.upserted'] }, [
        target('Orders/OnUser'),
        target('Audit/OnAnything'),
      ]),
      rule('Orders/OnUserDeleted', { source: ['tributary.users'], 'detail-type': ['user.deleted'] }, [
        target('Orders/OnUserDeleted'),
      ]),
      rule('Billing/BigVersions', { detail: { version: [{ numeric: ['>', 5] }] } }, [
        target('Billing/OnBig'),
      ]),
      rule('Other/OtherBus', { source: ['tributary.users'] }, [target('Other/Fn')], 'other-bus'),
    ]);
    const [id] = await put(userUpserted());
    await bus!.idle();
    expect(invoker.invocations.map((i) => i.functionId).sort()).toEqual([
      'Audit/OnAnything',
      'Orders/OnUser',
    ]);
    expect(invoker.invocations.every((i) => i.event.id === id)).toBe(true);
  });

  it('answers PutEvents before the targets finish', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    invoker.on('Slow/Fn', async () => {
      await gate;
      return succeed();
    });
    await start([rule('R/Slow', { source: ['tributary.users'] }, [target('Slow/Fn')])]);
    await put(userUpserted());
    expect(bus!.stats()).toMatchObject({ deliveries: 1, delivered: 0, inFlight: 1 });
    let idle = false;
    const waiting = bus!.idle().then(() => {
      idle = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(idle).toBe(false);
    release();
    await waiting;
    expect(bus!.stats()).toMatchObject({ delivered: 1, inFlight: 0 });
  });

  it('retries a target that fails, until it succeeds', async () => {
    invoker.on('Orders/OnUser', (_event, attempt) => (attempt <= 2 ? fail(`failure ${attempt}`) : succeed()));
    await start([
      rule('Orders/Rule', { source: ['tributary.users'] }, [target('Orders/OnUser', { retryAttempts: 3 })]),
    ]);
    await put(userUpserted());
    await bus!.idle();
    expect(invoker.of('Orders/OnUser')).toHaveLength(3);
    expect(parking.list()).toEqual([]);
    expect(reports.map((r) => r.kind)).toEqual(['retrying', 'retrying', 'delivered']);
    expect(reports[0]).toMatchObject({
      kind: 'retrying',
      attempts: 1,
      delayMs: 1,
      error: 'Error: failure 1',
    });
    expect(reports[1]).toMatchObject({ kind: 'retrying', attempts: 2, delayMs: 2 });
    // What dev up's delivery lines say: the event's detail-type and source, rule, subscriber, time.
    for (const report of reports) {
      expect(report).toMatchObject({
        detailType: 'user.upserted',
        source: 'tributary.users',
        ruleId: 'Orders/Rule',
        functionId: 'Orders/OnUser',
        durationMs: 1,
      });
    }
    expect(bus!.stats()).toMatchObject({ deliveries: 1, delivered: 1, retried: 2, parked: 0, inFlight: 0 });
  });

  it('parks the event in the dead-letter queue after retryAttempts + 1 attempts, with the reason', async () => {
    invoker.on('Orders/OnUser', () => fail('database on fire'));
    await start([
      rule('Orders/Rule', { source: ['tributary.users'] }, [
        target('Orders/OnUser', { retryAttempts: 2, deadLetterQueueId: 'Orders/OnUserDeadLetters' }),
      ]),
    ]);
    const [id] = await put(userUpserted());
    await bus!.idle();
    expect(invoker.of('Orders/OnUser')).toHaveLength(3);
    const parked = parking.list('Orders/OnUserDeadLetters');
    expect(parked).toHaveLength(1);
    expect(parked[0]?.body).toMatchObject({
      id,
      source: 'tributary.users',
      detail: { id: 'usr-1', version: 2 },
    });
    expect(parked[0]?.reason).toBe(
      `rule Orders/Rule could not deliver event ${id} to Orders/OnUser: gave up after 3 attempts, ` +
        'retry attempts exhausted (retryAttempts 2). Last error: Error: database on fire',
    );
    expect(reports.at(-1)).toMatchObject({
      kind: 'parked',
      queueId: 'Orders/OnUserDeadLetters',
      attempts: 3,
    });
    expect(bus!.stats()).toMatchObject({ retried: 2, parked: 1, delivered: 0, inFlight: 0 });
  });

  it('makes one attempt only with retryAttempts 0, and parks a timeout in unrouted-dlq without a DLQ', async () => {
    invoker.on('Orders/OnUser', () => fail('Task timed out after 3.00 seconds', true));
    await start([
      rule('Orders/Rule', { source: ['tributary.users'] }, [target('Orders/OnUser', { retryAttempts: 0 })]),
    ]);
    await put(userUpserted());
    await bus!.idle();
    expect(invoker.of('Orders/OnUser')).toHaveLength(1);
    expect(parking.list(UNROUTED_DLQ)).toHaveLength(1);
    expect(parking.list(UNROUTED_DLQ)[0]?.reason).toMatch(
      /gave up after 1 attempt, retry attempts exhausted \(retryAttempts 0\)\. Last error: timed out: Sandbox\.Timedout: Task timed out/,
    );
  });

  it('treats an invoker that throws as a failed attempt', async () => {
    invoker.on('Orders/OnUser', () => {
      throw new Error('no such function');
    });
    await start([
      rule('Orders/Rule', { source: ['tributary.users'] }, [target('Orders/OnUser', { retryAttempts: 1 })]),
    ]);
    await put(userUpserted());
    await bus!.idle();
    expect(invoker.of('Orders/OnUser')).toHaveLength(2);
    expect(parking.list()[0]?.reason).toMatch(/Last error: Error: no such function$/);
  });

  it('gives up when the event would be older than maxEventAgeSeconds at the next attempt', async () => {
    const clock = new TestClock('2026-01-01T00:00:00Z');
    // Each attempt takes 35 s of (test) time and fails.
    invoker.on('Orders/OnUser', () => {
      clock.advance(35_000);
      return fail('slow and broken');
    });
    await start(
      [
        rule('Orders/Rule', { source: ['tributary.users'] }, [
          target('Orders/OnUser', { retryAttempts: 10, maxEventAgeSeconds: 60, deadLetterQueueId: 'DLQ' }),
        ]),
      ],
      { clock },
    );
    await put(userUpserted());
    await bus!.idle();
    // Attempts end at 35 s and 70 s: a third would start past 60 s.
    expect(invoker.of('Orders/OnUser')).toHaveLength(2);
    const [parked] = parking.list('DLQ');
    expect(parked?.reason).toMatch(
      /gave up after 2 attempts, maximum event age reached \(maxEventAgeSeconds 60\)\. Last error: Error: slow and broken$/,
    );
    expect(parked?.at).toBe('2026-01-01T00:01:10.000Z');
  });

  it('does not wait for a retry that would start past maxEventAgeSeconds', async () => {
    invoker.on('Orders/OnUser', () => fail());
    await start(
      [
        rule('Orders/Rule', { source: ['tributary.users'] }, [
          target('Orders/OnUser', { maxEventAgeSeconds: 5 }),
        ]),
      ],
      { retry: { baseDelayMs: 10_000, maxDelayMs: 10_000 } },
    );
    await put(userUpserted());
    await bus!.idle();
    expect(invoker.invocations).toHaveLength(1);
    expect(parking.list(UNROUTED_DLQ)[0]?.reason).toMatch(
      /gave up after 1 attempt, maximum event age reached/,
    );
  });

  it('retries each target on its own', async () => {
    invoker.on('A/Fn', (_e, attempt) => (attempt === 1 ? fail() : succeed()));
    await start([rule('R/Both', { source: ['tributary.users'] }, [target('A/Fn'), target('B/Fn')])]);
    await put(userUpserted('u1'), userUpserted('u2'));
    await bus!.idle();
    expect(
      invoker
        .of('A/Fn')
        .map((i) => i.event.detail.id)
        .sort(),
    ).toEqual(['u1', 'u1', 'u2']);
    expect(invoker.of('B/Fn')).toHaveLength(2);
    expect(bus!.stats()).toMatchObject({ deliveries: 4, delivered: 4, retried: 1 });
  });

  it('cancels waiting retries on close', async () => {
    invoker.on('Orders/OnUser', () => fail());
    await start(
      [rule('Orders/Rule', { source: ['tributary.users'] }, [target('Orders/OnUser', { retryAttempts: 5 })])],
      {
        retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 },
      },
    );
    await put(userUpserted());
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(invoker.invocations).toHaveLength(1);
    client?.destroy();
    await bus!.close();
    await bus!.idle();
    bus = undefined;
    client = undefined;
    expect(parking.list()).toEqual([]);
  });
});

describe('backoffDelay', () => {
  it('doubles from the base and stops at the cap', () => {
    const timing = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(timing, n))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });
});
