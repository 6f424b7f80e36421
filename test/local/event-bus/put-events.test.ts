import {
  type EventBridgeClient,
  ListRulesCommand,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { createParkingLot, type EventBus, startEventBus } from '@tributary/local-runtime';
import { fixedClock } from '../../../functions/runtime/clock';
import {
  eventBridgeClient,
  FakeInvoker,
  rule,
  target,
} from '../../../packages/local-runtime/test/event-bus/helpers';

const entry = (overrides: Partial<PutEventsRequestEntry> = {}): PutEventsRequestEntry => ({
  EventBusName: 'app-bus',
  Source: 'tributary.users',
  DetailType: 'user.upserted',
  Detail: JSON.stringify({ id: 'usr-1', version: 1 }),
  ...overrides,
});

describe('local event bus: PutEvents', () => {
  let bus: EventBus;
  let client: EventBridgeClient;
  let invoker: FakeInvoker;

  beforeEach(async () => {
    invoker = new FakeInvoker();
    bus = await startEventBus({
      host: '127.0.0.1',
      rules: [rule('Users/OnUser', { source: ['tributary.users'] }, [target('Orders/OnUser')])],
      buses: ['quiet-bus'],
      invoker,
      parking: createParkingLot(),
      account: '123456789012',
      region: 'eu-west-1',
      clock: fixedClock('2026-03-04T05:06:07.890Z'),
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
    });
    client = eventBridgeClient(bus.url);
  });

  afterEach(async () => {
    client.destroy();
    await bus.close();
  });

  it('accepts entries from the real SDK client and answers with event ids', async () => {
    const out = await client.send(
      new PutEventsCommand({ Entries: [entry(), entry({ EventBusName: 'quiet-bus' })] }),
    );
    expect(out.FailedEntryCount).toBe(0);
    expect(out.Entries).toHaveLength(2);
    for (const e of out.Entries ?? []) expect(e.EventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.Entries?.[0]?.EventId).not.toBe(out.Entries?.[1]?.EventId);
    await bus.idle();
    expect(bus.stats()).toMatchObject({ accepted: 2, rejected: 0, deliveries: 1, delivered: 1, inFlight: 0 });
  });

  it("builds EventBridge's envelope for the target", async () => {
    const out = await client.send(
      new PutEventsCommand({ Entries: [entry({ Resources: ['arn:aws:x:::thing/1'] })] }),
    );
    await bus.idle();
    expect(invoker.invocations).toEqual([
      {
        functionId: 'Orders/OnUser',
        event: {
          version: '0',
          id: out.Entries?.[0]?.EventId,
          'detail-type': 'user.upserted',
          source: 'tributary.users',
          account: '123456789012',
          time: '2026-03-04T05:06:07Z',
          region: 'eu-west-1',
          resources: ['arn:aws:x:::thing/1'],
          detail: { id: 'usr-1', version: 1 },
        },
      },
    ]);
  });

  it('takes the time of an entry that sets one, and a bus given by ARN', async () => {
    await client.send(
      new PutEventsCommand({
        Entries: [
          entry({
            Time: new Date('2025-12-31T23:59:58.500Z'),
            EventBusName: 'arn:aws:events:eu-west-1:123456789012:event-bus/app-bus',
          }),
        ],
      }),
    );
    await bus.idle();
    expect(invoker.invocations[0]?.event.time).toBe('2025-12-31T23:59:58Z');
    expect(invoker.invocations[0]?.event.resources).toEqual([]);
  });

  it('fails the entries EventBridge would refuse, one by one, and delivers the others', async () => {
    const out = await client.send(
      new PutEventsCommand({
        Entries: [
          entry({ Source: undefined }),
          entry({ DetailType: undefined }),
          entry({ Detail: undefined }),
          entry({ Detail: '{not json' }),
          entry({ Detail: '[1,2]' }),
          entry({ Detail: '"text"' }),
          entry({ EventBusName: 'no-such-bus' }),
          entry({ Source: 'aws.s3' }),
          entry(),
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(8);
    expect(out.Entries).toEqual([
      {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.',
      },
      {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter DetailType is not valid. Reason: DetailType is a required argument.',
      },
      {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.',
      },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'Event bus no-such-bus does not exist.' },
      { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' },
      { EventId: expect.any(String) },
    ]);
    await bus.idle();
    expect(invoker.invocations).toHaveLength(1);
    expect(bus.stats()).toMatchObject({ accepted: 1, rejected: 8 });
  });

  it('puts an entry without a bus name on the default bus', async () => {
    const out = await client.send(new PutEventsCommand({ Entries: [entry({ EventBusName: undefined })] }));
    expect(out.FailedEntryCount).toBe(0);
    await bus.idle();
    // The rule listens on app-bus, not on default.
    expect(invoker.invocations).toHaveLength(0);
  });

  it('refuses more than 10 entries as a whole', async () => {
    const entries = Array.from({ length: 11 }, () => entry());
    await expect(client.send(new PutEventsCommand({ Entries: entries }))).rejects.toMatchObject({
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
    });
    expect(bus.stats().accepted).toBe(0);
  });

  it('refuses no entries at all', async () => {
    await expect(client.send(new PutEventsCommand({ Entries: [] }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('refuses a request over 256 KB by EventBridge size formula', async () => {
    const big = JSON.stringify({ blob: 'x'.repeat(130 * 1024) });
    await expect(
      client.send(new PutEventsCommand({ Entries: [entry({ Detail: big }), entry({ Detail: big })] })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Total size of the entries in the request is over the limit.',
    });
    const out = await client.send(new PutEventsCommand({ Entries: [entry({ Detail: big })] }));
    expect(out.FailedEntryCount).toBe(0);
  });

  it('answers other operations with UnknownOperationException', async () => {
    await expect(client.send(new ListRulesCommand({}))).rejects.toMatchObject({
      name: 'UnknownOperationException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('answers raw requests in the JSON 1.1 protocol', async () => {
    const response = await fetch(bus.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.PutEvents' },
      body: '{"Entries":',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(await response.json()).toEqual({
      __type: 'SerializationException',
      message: 'The request body is not valid JSON.',
    });
  });
});

describe('local event bus: start', () => {
  it('refuses a rule with an invalid pattern, naming the rule', async () => {
    await expect(
      startEventBus({
        host: '127.0.0.1',
        rules: [rule('Users/Bad', { source: 'not-an-array' }, [target('F')])],
        invoker: new FakeInvoker(),
        parking: createParkingLot(),
      }),
    ).rejects.toThrow(/rule Users\/Bad: invalid event pattern/);
  });
});
