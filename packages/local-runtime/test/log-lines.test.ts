/**
 * What `dev up` prints about the running system (src/log-lines.ts): a function's output line
 * classified, shown or kept for --verbose, and each entry as text for people or JSON for tools.
 */
import {
  formatEntry,
  functionLine,
  type LogEntry,
  logSink,
  pollerMessage,
  shortName,
  textLine,
  verboseOnly,
} from '../src/log-lines';

const FN = 'tributary-dev-notifications/OnOrdersOrderFunction5AA93734';
const AT = '2026-12-02T17:40:51.890Z';
const WHEN = new Date(AT);
const NAME = 'notifications/OnOrdersOrderFunction';

/** The envelope Powertools puts on every record (functions/runtime/logger.ts). */
const envelope = {
  timestamp: '2026-12-02T17:40:51.890Z',
  service: 'notifications',
  cold_start: true,
  function_arn: 'arn:aws:lambda:us-east-1:000000000000:function:tributary-dev-notifications-OnOrdersOrder',
  function_memory_size: '256',
  function_name: 'tributary-dev-notifications-OnOrdersOrderFunction5AA93734',
  function_request_id: '210b213f-2e98-40d3-a4cc-a2a7f1870ae2',
  sampling_rate: 0,
  xray_trace_id: '1-abc',
};
const info = {
  level: 'INFO',
  message: 'notification recorded',
  ...envelope,
  order_id: 'ord-1',
  order_version: 1,
};
const debug = { level: 'DEBUG', message: 'record skipped', ...envelope, reason: 'not_a_resource' };
const emf = {
  _aws: {
    Timestamp: 1796233245777,
    CloudWatchMetrics: [
      { Namespace: 'Tributary', Dimensions: [['service']], Metrics: [{ Name: 'EventsPut' }] },
    ],
  },
  service: 'users',
  EventsPut: 1,
};
const report = 'REPORT RequestId: 8dbb8114-ed67\tDuration: 7.04 ms\tMemory Size: 256 MB';

describe('shortName', () => {
  const services = new Map([
    ['tributary-dev-notifications', 'notifications'],
    ['tributary-dev-orders', 'orders'],
  ]);
  it.each([
    [FN, NAME],
    ['tributary-dev-orders/OnUsersUserRule0C376EBA', 'orders/OnUsersUserRule'],
    // A stack with no service API keeps its name.
    ['tributary-dev-events/ArchiveFunctionAB12CD34', 'tributary-dev-events/ArchiveFunction'],
    // No CDK hash (eight upper-case hex digits) at the end: nothing is cut.
    ['tributary-dev-orders/Handler', 'orders/Handler'],
    ['tributary-dev-orders/Handler5aa93734', 'orders/Handler5aa93734'],
    ['tributary-dev-orders/5AA93734', 'orders/5AA93734'],
    ['not-an-id', 'not-an-id'],
  ])('%s → %s', (id, want) => {
    expect(shortName(id, services)).toBe(want);
  });
});

describe('functionLine', () => {
  it.each<{ given: string; line: string; want: Partial<LogEntry> }>([
    {
      given: 'a Powertools record',
      line: JSON.stringify(info),
      want: { kind: 'record', level: 'INFO', message: 'notification recorded', record: info },
    },
    {
      given: 'a DEBUG record',
      line: JSON.stringify(debug),
      want: { kind: 'record', level: 'DEBUG', message: 'record skipped', record: debug },
    },
    {
      given: 'a record with a lower-case level',
      line: '{"level":"warn","message":"slow"}',
      want: { kind: 'record', level: 'WARN', message: 'slow', record: { level: 'warn', message: 'slow' } },
    },
    { given: 'an EMF metric blob', line: JSON.stringify(emf), want: { kind: 'metrics', record: emf } },
    { given: "Lambda's REPORT line", line: report, want: { kind: 'report', text: report } },
    {
      given: "Lambda's START line",
      line: 'START RequestId: 1 Version: $LATEST',
      want: { kind: 'report', text: 'START RequestId: 1 Version: $LATEST' },
    },
    { given: 'console output', line: 'hello there', want: { kind: 'output', text: 'hello there' } },
    {
      given: 'a crash the runner reports',
      line: 'Runtime.ExitError: exited (a new environment starts next time)',
      want: { kind: 'output', text: 'Runtime.ExitError: exited (a new environment starts next time)' },
    },
    { given: 'JSON that is no record', line: '{"a":1}', want: { kind: 'output', text: '{"a":1}' } },
    { given: 'a JSON array', line: '[1,2]', want: { kind: 'output', text: '[1,2]' } },
    { given: 'broken JSON', line: '{"level":"INFO"', want: { kind: 'output', text: '{"level":"INFO"' } },
    {
      given: 'a level without a message',
      line: '{"level":"INFO","msg":"x"}',
      want: { kind: 'output', text: '{"level":"INFO","msg":"x"}' },
    },
    {
      given: '_aws that is not EMF',
      line: '{"_aws":{"x":1},"level":"INFO","message":"m"}',
      want: {
        kind: 'record',
        level: 'INFO',
        message: 'm',
        record: { _aws: { x: 1 }, level: 'INFO', message: 'm' },
      },
    },
  ])('reads $given', ({ line, want }) => {
    expect(functionLine(FN, NAME, line, WHEN)).toEqual({
      type: 'function',
      at: AT,
      function: NAME,
      functionId: FN,
      ...want,
    });
  });
});

const request: LogEntry = {
  type: 'request',
  at: AT,
  service: 'users',
  method: 'POST',
  path: '/users',
  status: 201,
  ms: 12,
};
const delivery = {
  type: 'delivery',
  at: AT,
  detailType: 'order.upserted',
  source: 'tributary.orders',
  rule: 'notifications/OnOrdersOrderRule',
  subscriber: NAME,
  eventId: 'e-1',
  ruleId: 'tributary-dev-notifications/OnOrdersOrderRule0E105C21',
  functionId: FN,
} as const;

describe('verboseOnly', () => {
  it.each<[string, LogEntry, boolean]>([
    ['a message', { type: 'message', at: AT, text: 'Starting DynamoDB Local ...' }, false],
    ['a request', request, false],
    ['a delivery', { ...delivery, outcome: 'delivered', attempt: 1 }, false],
    [
      'a failed delivery',
      { ...delivery, outcome: 'retrying', attempt: 1, error: 'x', retryInMs: 100 },
      false,
    ],
    ['an INFO record', functionLine(FN, NAME, JSON.stringify(info), WHEN), false],
    ['a WARN record', functionLine(FN, NAME, '{"level":"WARN","message":"m"}', WHEN), false],
    ['an ERROR record', functionLine(FN, NAME, '{"level":"ERROR","message":"m"}', WHEN), false],
    ['a DEBUG record', functionLine(FN, NAME, JSON.stringify(debug), WHEN), true],
    ['a TRACE record', functionLine(FN, NAME, '{"level":"TRACE","message":"m"}', WHEN), true],
    ['a metric blob', functionLine(FN, NAME, JSON.stringify(emf), WHEN), true],
    ['a REPORT line', functionLine(FN, NAME, report, WHEN), true],
    ['console output', functionLine(FN, NAME, 'hello', WHEN), false],
  ])('%s: %p', (_, entry, want) => {
    expect(verboseOnly(entry)).toBe(want);
  });
});

describe('textLine', () => {
  it.each<[string, LogEntry, string]>([
    ['a message', { type: 'message', at: AT, text: 'warning: x' }, 'warning: x'],
    ['a request', request, '[users api] POST /users 201 12 ms'],
    [
      'a request the gateway answered itself',
      { ...request, status: 500, error: 'Error: boom' },
      '[users api] POST /users 500 12 ms (Error: boom)',
    ],
    [
      'a delivery',
      { ...delivery, outcome: 'delivered', attempt: 1, ms: 3454 },
      '[event bus] order.upserted → notifications/OnOrdersOrderFunction (rule notifications/OnOrdersOrderRule): delivered, attempt 1, 3454 ms',
    ],
    [
      'a delivery attempt that failed',
      { ...delivery, outcome: 'retrying', attempt: 2, ms: 5, error: 'Error: boom', retryInMs: 200 },
      '[event bus] order.upserted → notifications/OnOrdersOrderFunction (rule notifications/OnOrdersOrderRule): failed, attempt 2, 5 ms, retrying in 200 ms: Error: boom',
    ],
    [
      'a parked delivery (the invoker threw: no ms)',
      { ...delivery, outcome: 'parked', attempt: 3, error: 'gave up', queue: 'q/Dlq' },
      '[event bus] order.upserted → notifications/OnOrdersOrderFunction (rule notifications/OnOrdersOrderRule): parked in q/Dlq after attempt 3 (npx dev parked): gave up',
    ],
    [
      'a record: level, message, and what the code added, not the envelope',
      functionLine(FN, NAME, JSON.stringify(info), WHEN),
      '[notifications/OnOrdersOrderFunction] INFO notification recorded order_id=ord-1 order_version=1',
    ],
    [
      'a record with an object attribute',
      functionLine(
        FN,
        NAME,
        '{"level":"ERROR","message":"failed","error":{"name":"Error","message":"x"}}',
        WHEN,
      ),
      '[notifications/OnOrdersOrderFunction] ERROR failed error={"name":"Error","message":"x"}',
    ],
    [
      'a REPORT line',
      functionLine(FN, NAME, report, WHEN),
      `[notifications/OnOrdersOrderFunction] ${report}`,
    ],
    [
      'a metric blob',
      functionLine(FN, NAME, JSON.stringify(emf), WHEN),
      `[notifications/OnOrdersOrderFunction] ${JSON.stringify(emf)}`,
    ],
    ['console output', functionLine(FN, NAME, 'hello', WHEN), '[notifications/OnOrdersOrderFunction] hello'],
  ])('%s', (_, entry, want) => {
    expect(textLine(entry)).toBe(want);
  });
});

describe('formatEntry', () => {
  it('writes one JSON object per entry, on one line, for tools', () => {
    const entry = functionLine(FN, NAME, JSON.stringify(info), WHEN);
    const line = formatEntry(entry, 'json');
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({
      type: 'function',
      at: AT,
      function: NAME,
      functionId: FN,
      kind: 'record',
      level: 'INFO',
      message: 'notification recorded',
      record: info,
    });
    expect(JSON.parse(formatEntry(request, 'json'))).toEqual(request);
    expect(formatEntry(request, 'text')).toBe('[users api] POST /users 201 12 ms');
  });

  it('keeps a multi-line message on one JSON line', () => {
    expect(formatEntry({ type: 'message', at: AT, text: 'a\nb' }, 'json')).toBe(
      `{"type":"message","at":"${AT}","text":"a\\nb"}`,
    );
  });
});

describe('logSink', () => {
  const entries: LogEntry[] = [
    request,
    functionLine(FN, NAME, JSON.stringify(debug), WHEN),
    functionLine(FN, NAME, JSON.stringify(info), WHEN),
    functionLine(FN, NAME, JSON.stringify(emf), WHEN),
    functionLine(FN, NAME, report, WHEN),
  ];
  const written = (format: 'text' | 'json', verbose: boolean) => {
    const lines: string[] = [];
    const sink = logSink({ format, verbose, write: (line) => lines.push(line) });
    for (const entry of entries) sink(entry);
    return lines;
  };

  it('leaves out DEBUG records, metric blobs and REPORT lines by default', () => {
    expect(written('text', false)).toEqual([
      '[users api] POST /users 201 12 ms',
      '[notifications/OnOrdersOrderFunction] INFO notification recorded order_id=ord-1 order_version=1',
    ]);
  });

  it('shows everything with --verbose', () => {
    expect(written('text', true)).toHaveLength(entries.length);
    expect(written('text', true)[1]).toBe(
      '[notifications/OnOrdersOrderFunction] DEBUG record skipped reason=not_a_resource',
    );
  });

  it('filters JSON the same way', () => {
    expect(written('json', false).map((line) => JSON.parse(line).type)).toEqual(['request', 'function']);
    expect(written('json', true).map((line) => JSON.parse(line).kind ?? 'request')).toEqual([
      'request',
      'record',
      'record',
      'metrics',
      'report',
    ]);
  });
});

describe('the feed: times, traces, events and stream batches', () => {
  const ROOT = '1-5759e988-bd862e3fe1be46a994272793';
  const event: LogEntry = {
    type: 'event',
    at: AT,
    busName: 'tributary-dev',
    source: 'tributary.orders',
    detailType: 'order.upserted',
    eventId: 'e-1',
    detail: { id: 'ord-1', version: 2 },
    traceId: ROOT,
    rules: ['notifications/OnOrdersOrderRule', 'audit/OnAnythingRule'],
    ruleIds: ['tributary-dev-notifications/OnOrdersOrderRule0E105C21', 'tributary-dev-audit/OnAnythingRule'],
  };
  const stream = {
    type: 'stream',
    at: AT,
    table: 'orders/Table',
    tableId: 'tributary-dev-orders/TableCD117FA1',
    function: 'orders/Forwarder',
    functionId: 'tributary-dev-orders/ForwarderAB12CD34',
    mappingId: 'tributary-dev-orders/ForwarderStreamMapping',
    attempt: 1,
    ms: 12,
    records: [
      { eventName: 'INSERT', keys: { pk: 'ord-1' }, sequenceNumber: '100', traceId: ROOT },
      { eventName: 'REMOVE', keys: { pk: 'ord-2' }, sequenceNumber: '101' },
    ],
  } as const;

  it('reads the trace of a record with a valid xray_trace_id (bare, as Powertools writes it, or a header)', () => {
    expect(functionLine(FN, NAME, JSON.stringify({ ...info, xray_trace_id: ROOT }), WHEN)).toMatchObject({
      kind: 'record',
      traceId: ROOT,
    });
    const header = `Root=${ROOT};Parent=53995c3f42cd8ad8;Sampled=1`;
    expect(functionLine(FN, NAME, JSON.stringify({ ...info, xray_trace_id: header }), WHEN).traceId).toBe(
      ROOT,
    );
    // '1-abc' is no trace id; output lines have none.
    expect(functionLine(FN, NAME, JSON.stringify(info), WHEN)).not.toHaveProperty('traceId');
    expect(functionLine(FN, NAME, `hello ${ROOT}`, WHEN)).not.toHaveProperty('traceId');
    // Every entry has its time: now, unless given.
    expect(Date.parse(functionLine(FN, NAME, 'hello').at)).toBeGreaterThan(Date.now() - 60_000);
  });

  it.each<[string, LogEntry, string]>([
    [
      'an event that matched rules',
      event,
      '[event bus] order.upserted from tributary.orders accepted on tributary-dev: matched notifications/OnOrdersOrderRule, audit/OnAnythingRule',
    ],
    [
      'an event no rule matched',
      { ...event, rules: [], ruleIds: [] },
      '[event bus] order.upserted from tributary.orders accepted on tributary-dev: matched no rule',
    ],
    [
      'a stream batch processed',
      { ...stream, outcome: 'processed' },
      '[stream orders/Table] 2 records → orders/Forwarder: processed, attempt 1, 12 ms',
    ],
    [
      'a stream batch that failed',
      {
        ...stream,
        records: stream.records.slice(0, 1),
        outcome: 'retrying',
        error: 'Error: boom',
        retryInMs: 250,
      },
      '[stream orders/Table] 1 record → orders/Forwarder: failed, attempt 1, 12 ms, retrying in 250 ms: Error: boom',
    ],
    [
      'a stream batch bisected',
      { ...stream, outcome: 'retrying', error: 'Error: boom' },
      '[stream orders/Table] 2 records → orders/Forwarder: failed, attempt 1, 12 ms, retrying in halves: Error: boom',
    ],
    [
      'a stream batch partly failed',
      { ...stream, outcome: 'partial', error: 'reported', retryInMs: 250 },
      '[stream orders/Table] 2 records → orders/Forwarder: partly failed, attempt 1, 12 ms, retrying the rest in 250 ms: reported',
    ],
    [
      'a stream batch parked',
      {
        ...stream,
        attempt: 3,
        outcome: 'parked',
        error: 'Error: boom',
        queue: 'stream-on-failure',
        parkedId: 'p-1',
      },
      '[stream orders/Table] 2 records → orders/Forwarder: parked in stream-on-failure after attempt 3, 12 ms (npx dev parked): Error: boom',
    ],
    [
      'a redriven delivery',
      { ...delivery, outcome: 'delivered', attempt: 1, ms: 3, redriveOf: 'p-1', traceId: ROOT },
      '[event bus] order.upserted → notifications/OnOrdersOrderFunction (rule notifications/OnOrdersOrderRule, redrive of p-1): delivered, attempt 1, 3 ms',
    ],
  ])('writes %s as one line', (_, entry, want) => {
    expect(textLine(entry)).toBe(want);
  });

  it.each<[string, LogEntry, boolean]>([
    ['an event (its deliveries follow)', event, true],
    ['a stream batch processed', { ...stream, outcome: 'processed' }, true],
    ['a stream batch that failed', { ...stream, outcome: 'retrying', error: 'x', retryInMs: 5 }, false],
    ['a stream batch partly failed', { ...stream, outcome: 'partial', error: 'x', retryInMs: 5 }, false],
    ['a stream batch parked', { ...stream, outcome: 'parked', error: 'x', queue: 'q' }, false],
  ])('shows %s only with --verbose: %p', (_, entry, want) => {
    expect(verboseOnly(entry)).toBe(want);
  });

  it('keeps the default text readable, and gives tools every event and stream entry with --json', () => {
    const entries: LogEntry[] = [
      { ...request, traceId: ROOT },
      event,
      { ...stream, outcome: 'processed' },
      { ...delivery, outcome: 'delivered', attempt: 1, ms: 3, traceId: ROOT },
      { ...stream, outcome: 'parked', error: 'Error: boom', queue: 'stream-on-failure' },
    ];
    const written = (format: 'text' | 'json', verbose: boolean) => {
      const lines: string[] = [];
      const sink = logSink({ format, verbose, write: (line) => lines.push(line) });
      for (const entry of entries) sink(entry);
      return lines;
    };
    expect(written('text', false)).toEqual([
      '[users api] POST /users 201 12 ms',
      '[event bus] order.upserted → notifications/OnOrdersOrderFunction (rule notifications/OnOrdersOrderRule): delivered, attempt 1, 3 ms',
      '[stream orders/Table] 2 records → orders/Forwarder: parked in stream-on-failure after attempt 1, 12 ms (npx dev parked): Error: boom',
    ]);
    expect(written('text', true)).toHaveLength(5);
    expect(written('json', false).map((line) => JSON.parse(line))).toEqual(entries);
    expect(written('json', true).map((line) => JSON.parse(line))).toEqual(entries);
    expect(written('json', true).map((line) => JSON.parse(line).at)).toEqual(entries.map(() => AT));
  });
});

describe('pollerMessage', () => {
  const nameOf = (id: string) => `short(${id})`;
  it.each([
    [
      'an error no batch report tells',
      { level: 'error', message: 'shard s-1: ResourceNotFound; trying again' },
      '[stream short(m)] error: shard s-1: ResourceNotFound; trying again',
    ],
    [
      'a stream gone',
      { level: 'warn', message: 'shard s-1: its stream is gone (x)' },
      '[stream short(m)] warn: shard s-1: its stream is gone (x)',
    ],
    [
      'a batch parked for its age',
      { level: 'error', message: 'gave up on 3 records of s-1, parked in q: too old' },
      '[stream short(m)] error: gave up on 3 records of s-1, parked in q: too old',
    ],
    [
      'a failed invocation (its stream entry says it)',
      { level: 'warn', message: 'fn failed on 3 records of s-1: boom' },
      undefined,
    ],
    ['an info line', { level: 'info', message: 'started' }, undefined],
  ] as const)('%s', (_title, entry, want) => {
    expect(pollerMessage({ ...entry, mappingId: 'm' }, nameOf)).toBe(want);
  });
});
