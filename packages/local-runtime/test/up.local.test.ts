/**
 * `up()` on a small hand-written app, end to end on DynamoDB Local and real function processes:
 * one trace from an HTTP request through the write, its stream record, the event the forwarder puts
 * and the subscriber's invocation, as the feed (onLog) shows it; and redrive of the delivery the
 * bus gave up on, with its refusals.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogEntry, LogEntryOf } from '../src/log-lines';
import { readParkedMessages } from '../src/parking-lot';
import { RedriveError } from '../src/redrive';
import { PARKED_FILE, type RunningSystem, up } from '../src/up';
import { assembly, removeAssemblies, type Template } from './template/fixtures';

const FIXTURES = join(__dirname, 'fixtures', 'lambda');
const STACK = 'trace-app';
const ROOT = '1-5759e988-bd862e3fe1be46a994272793';
const HEADER = `Root=${ROOT};Parent=53995c3f42cd8ad8;Sampled=1`;

function fn(handler: string, environment: Record<string, unknown> = {}): Template {
  return {
    Type: 'AWS::Lambda::Function',
    Properties: {
      Code: { S3Bucket: 'bucket', S3Key: 'fixtures.zip' },
      Handler: handler,
      Runtime: 'nodejs24.x',
      Timeout: 10,
      Environment: { Variables: environment },
    },
    Metadata: { 'aws:asset:path': FIXTURES, 'aws:asset:property': 'Code' },
  };
}

function template(healthyFile: string): Template {
  return {
    Resources: {
      Table: {
        Type: 'AWS::DynamoDB::Table',
        Properties: {
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
          StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        },
      },
      Bus: { Type: 'AWS::Events::EventBus', Properties: { Name: 'trace-bus' } },
      Writer: fn('trace-writer.handler', { TABLE_NAME: { Ref: 'Table' } }),
      Forwarder: fn('trace-forwarder.handler', { BUS_NAME: { Ref: 'Bus' } }),
      Subscriber: fn('flaky-subscriber.handler', { HEALTHY_FILE: healthyFile }),
      Broken: fn('throw.handler'),
      ForwarderMapping: {
        Type: 'AWS::Lambda::EventSourceMapping',
        Properties: {
          EventSourceArn: { 'Fn::GetAtt': ['Table', 'StreamArn'] },
          FunctionName: { Ref: 'Forwarder' },
          StartingPosition: 'TRIM_HORIZON',
        },
      },
      BrokenMapping: {
        Type: 'AWS::Lambda::EventSourceMapping',
        Properties: {
          EventSourceArn: { 'Fn::GetAtt': ['Table', 'StreamArn'] },
          FunctionName: { Ref: 'Broken' },
          StartingPosition: 'TRIM_HORIZON',
          MaximumRetryAttempts: 0,
        },
      },
      OnOrderRule: {
        Type: 'AWS::Events::Rule',
        Properties: {
          EventBusName: { Ref: 'Bus' },
          EventPattern: { source: ['test.orders'] },
          Targets: [
            {
              Arn: { 'Fn::GetAtt': ['Subscriber', 'Arn'] },
              Id: 'subscriber',
              RetryPolicy: { MaximumRetryAttempts: 1 },
            },
          ],
        },
      },
      Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'orders', ProtocolType: 'HTTP' } },
      Integration: {
        Type: 'AWS::ApiGatewayV2::Integration',
        Properties: {
          ApiId: { Ref: 'Api' },
          IntegrationType: 'AWS_PROXY',
          IntegrationUri: { 'Fn::GetAtt': ['Writer', 'Arn'] },
          PayloadFormatVersion: '2.0',
        },
      },
      Route: {
        Type: 'AWS::ApiGatewayV2::Route',
        Properties: { ApiId: { Ref: 'Api' }, RouteKey: 'POST /orders', Target: 'integrations/Integration' },
      },
    },
  };
}

const of = <T extends LogEntry['type']>(entries: readonly LogEntry[], type: T): LogEntryOf<T>[] =>
  entries.filter((entry): entry is LogEntryOf<T> => entry.type === type);

async function refused(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RedriveError) return error.code;
    throw error;
  }
  return 'not refused';
}

describe('up(): traces through the system, the feed, redrive', () => {
  let root: string;
  let healthyFile: string;
  let system: RunningSystem | undefined;
  const entries: LogEntry[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'tributary-up-trace-'));
    healthyFile = join(root, 'healthy');
    const cdkOut = assembly({ [STACK]: template(healthyFile) }, []);
    system = await up({
      root,
      cdkOut,
      synth: 'never',
      busRetry: { baseDelayMs: 10, maxDelayMs: 20 },
      traceAttribute: '_trace',
      onLog: (entry) => entries.push(entry),
    });
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
    removeAssemblies();
    rmSync(root, { recursive: true, force: true });
  });

  it('carries the request trace to the subscriber, and the feed ties every step to it', async () => {
    const running = system as RunningSystem;
    const response = await fetch(`${running.urls[STACK]}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-amzn-trace-id': HEADER },
      body: JSON.stringify({ id: 'ord-1' }),
    });
    expect(response.status).toBe(201);
    // The writer ran in the request's trace (its header as Lambda completes it).
    expect(await response.json()).toEqual({ id: 'ord-1', trace: HEADER });
    await running.idle(60_000);

    expect(of(entries, 'request')).toEqual([
      expect.objectContaining({ method: 'POST', path: '/orders', status: 201, traceId: ROOT }),
    ]);
    const streams = of(entries, 'stream');
    const forwarded = streams.find((entry) => entry.functionId === `${STACK}/Forwarder`);
    expect(forwarded).toMatchObject({
      table: `${STACK}/Table`,
      function: `${STACK}/Forwarder`,
      attempt: 1,
      outcome: 'processed',
      records: [
        { eventName: 'INSERT', keys: { pk: 'ord-1' }, sequenceNumber: expect.any(String), traceId: ROOT },
      ],
    });
    expect(of(entries, 'event')).toEqual([
      expect.objectContaining({
        busName: 'trace-bus',
        source: 'test.orders',
        detailType: 'order.upserted',
        detail: { id: 'ord-1' },
        traceId: ROOT,
        rules: [`${STACK}/OnOrderRule`],
        ruleIds: [`${STACK}/OnOrderRule`],
      }),
    ]);
    const deliveries = of(entries, 'delivery');
    expect(deliveries.map((d) => [d.outcome, d.attempt, d.traceId])).toEqual([
      ['retrying', 1, ROOT],
      ['parked', 2, ROOT],
    ]);
    // The subscriber's records name the trace it ran in.
    const records = of(entries, 'function').filter(
      (f) => f.functionId === `${STACK}/Subscriber` && f.kind === 'record',
    );
    expect(records.map((r) => [r.message, r.traceId])).toEqual([
      ['not ready', ROOT],
      ['not ready', ROOT],
    ]);
    for (const entry of entries) expect(Date.parse(entry.at)).not.toBeNaN();

    // The stream batch the broken consumer could not take is parked too.
    const broken = streams.find((entry) => entry.functionId === `${STACK}/Broken`);
    expect(broken).toMatchObject({ outcome: 'parked', attempt: 1, queue: 'stream-on-failure' });
    expect(
      running.parking
        .list()
        .map((m) => m.id)
        .sort(),
    ).toEqual([deliveries[1]?.parkedId, broken?.parkedId].sort());
  }, 90_000);

  it('redrives the parked delivery once the subscriber is fixed, and refuses what it cannot redrive', async () => {
    const running = system as RunningSystem;
    const parkedDelivery = of(entries, 'delivery').find((d) => d.outcome === 'parked');
    const parkedBatch = of(entries, 'stream').find((s) => s.outcome === 'parked');
    const deliveryId = parkedDelivery?.parkedId ?? 'missing';
    const batchId = parkedBatch?.parkedId ?? 'missing';

    expect(await refused(running.redrive(batchId))).toBe('not-redrivable');
    expect(await refused(running.redrive('no-such-id'))).toBe('unknown');

    writeFileSync(healthyFile, 'yes');
    const before = entries.length;
    await expect(running.redrive(deliveryId)).resolves.toMatchObject({
      id: deliveryId,
      eventId: parkedDelivery?.eventId,
      functionId: `${STACK}/Subscriber`,
      traceId: ROOT,
    });
    await running.idle(60_000);
    const after = entries.slice(before);
    expect(of(after, 'delivery')).toEqual([
      expect.objectContaining({ outcome: 'delivered', attempt: 1, redriveOf: deliveryId, traceId: ROOT }),
    ]);
    expect(
      of(after, 'function')
        .filter((f) => f.kind === 'record')
        .map((f) => [f.message, f.traceId, f.record?.event_id]),
    ).toEqual([['received', ROOT, parkedDelivery?.eventId]]);
    // No new event: the same one was delivered again.
    expect(of(after, 'event')).toEqual([]);

    expect(running.parking.list().map((m) => m.id)).toEqual([batchId]);
    expect(await refused(running.redrive(deliveryId))).toBe('not-parked');
    // What `dev parked` reads later lists only what is still parked.
    const file = join(root, PARKED_FILE);
    expect(existsSync(file)).toBe(true);
    expect(readParkedMessages(file).map((m) => m.id)).toEqual([batchId]);
  }, 90_000);
});
