/**
 * The local bus with `iam` (`dev up --iam`), driven by the real SDK client: signatures checked as
 * EventBridge checks them, and each function held to its role's PutEvents statements.
 */
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { LOCAL_CREDENTIALS, LocalKeyring } from '../../src/credentials';
import { type EventBus, startEventBus } from '../../src/event-bus';
import type { LocalFunction, LocalPolicyStatement } from '../../src/model';
import { createParkingLot } from '../../src/parking-lot';
import { FakeInvoker, rule, target } from './helpers';

const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';
const BUS_ARN = `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/app-bus`;

function fn(id: string, statements?: LocalPolicyStatement[]): LocalFunction {
  return {
    id,
    stack: id.split('/')[0] ?? '',
    logicalId: id.split('/')[1] ?? '',
    codeDir: '/nowhere',
    handler: 'index.handler',
    environment: {},
    timeoutSeconds: 3,
    memoryMb: 128,
    runtime: 'nodejs24.x',
    functionName: id.replace('/', '-'),
    ...(statements === undefined
      ? {}
      : {
          role: {
            id: `${id}Role`,
            name: `${id.replace('/', '-')}Role`,
            arn: `arn:aws:iam::${ACCOUNT}:role/${id.replace('/', '-')}Role`,
            putEventsStatements: statements,
          },
        }),
  };
}

const FORWARDER = 'orders/Forwarder';
const HANDLER = 'orders/GetOrder';
const functions = new Map(
  [
    fn(FORWARDER, [
      {
        sid: 'PutOwnEvents',
        effect: 'Allow',
        resources: [BUS_ARN],
        condition: { StringEquals: { 'events:source': ['tributary.orders'] } },
      },
    ]),
    fn(HANDLER, []),
  ].map((f) => [f.id, f]),
);

const entry = (source: string): PutEventsRequestEntry => ({
  EventBusName: 'app-bus',
  Source: source,
  DetailType: source === 'tributary.orders' ? 'order.upserted' : 'user.deleted',
  Detail: JSON.stringify({ id: 'x-1', event_id: `evt-${source}`, version: 1 }),
});

describe('local event bus with IAM', () => {
  let bus: EventBus;
  let invoker: FakeInvoker;
  const keyring = new LocalKeyring({ functions, account: ACCOUNT });
  const clients: EventBridgeClient[] = [];

  const clientAs = (credentials: { accessKeyId: string; secretAccessKey: string }) => {
    const client = new EventBridgeClient({ endpoint: bus.url, region: REGION, credentials, maxAttempts: 1 });
    clients.push(client);
    return client;
  };
  const asFunction = (functionId: string) => {
    const credentials = keyring.ofFunction(functionId);
    if (credentials === undefined) throw new Error(`no credentials for ${functionId}`);
    return clientAs(credentials);
  };

  beforeEach(async () => {
    invoker = new FakeInvoker();
    bus = await startEventBus({
      host: '127.0.0.1',
      rules: [
        rule('notifications/OnOrder', { source: ['tributary.orders'] }, [target('notifications/OnOrderFn')]),
        rule('orders/OnUser', { source: ['tributary.users'] }, [target('orders/OnUserFn')]),
      ],
      invoker,
      parking: createParkingLot(),
      account: ACCOUNT,
      region: REGION,
      iam: keyring,
    });
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await bus.close();
  });

  it('accepts the forwarder’s own events and refuses, entry by entry, another service’s source', async () => {
    const out = await asFunction(FORWARDER).send(
      new PutEventsCommand({ Entries: [entry('tributary.orders'), entry('tributary.users')] }),
    );
    expect(out.FailedEntryCount).toBe(1);
    expect(out.Entries?.[0]?.EventId).toEqual(expect.any(String));
    expect(out.Entries?.[1]).toEqual({
      ErrorCode: 'NotAuthorizedForSourceException',
      ErrorMessage: 'Not authorized for the source.',
    });
    await bus.idle();
    // The forged user event reached nobody.
    expect(invoker.invocations.map((i) => i.functionId)).toEqual(['notifications/OnOrderFn']);
    expect(bus.stats()).toMatchObject({ accepted: 1, rejected: 1 });
  });

  it('refuses the whole call of a function whose role may not put events', async () => {
    await expect(
      asFunction(HANDLER).send(new PutEventsCommand({ Entries: [entry('tributary.orders')] })),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining(
        `assumed-role/orders-GetOrderRole/orders-GetOrder is not authorized to perform: events:PutEvents on resource: ${BUS_ARN}`,
      ),
    });
    expect(bus.stats().accepted).toBe(0);
  });

  it('lets the developer’s credentials put any source', async () => {
    const out = await clientAs(LOCAL_CREDENTIALS).send(
      new PutEventsCommand({ Entries: [entry('tributary.orders'), entry('tributary.users')] }),
    );
    expect(out.FailedEntryCount).toBe(0);
  });

  it('refuses an unknown access key, a wrong secret and an unsigned request as EventBridge does', async () => {
    await expect(
      clientAs({ accessKeyId: 'AKIANOBODY', secretAccessKey: 'x' }).send(
        new PutEventsCommand({ Entries: [entry('tributary.orders')] }),
      ),
    ).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    });
    const forwarderKey = keyring.ofFunction(FORWARDER)?.accessKeyId ?? '';
    await expect(
      clientAs({ accessKeyId: forwarderKey, secretAccessKey: 'guessed' }).send(
        new PutEventsCommand({ Entries: [entry('tributary.orders')] }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidSignatureException' });
    const unsigned = await fetch(bus.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.PutEvents' },
      body: JSON.stringify({ Entries: [entry('tributary.orders')] }),
    });
    expect(unsigned.status).toBe(400);
    expect(await unsigned.json()).toEqual({
      __type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    });
    expect(bus.stats().accepted).toBe(0);
  });
});
