import {
  currentTraceHeader,
  formatXRayHeader,
  invocationTraceContext,
  MAX_TRACE_HEADER_LENGTH,
  parseTraceparent,
  parseXRayHeader,
  type TraceContext,
  traceContextOfHeaders,
} from '../../../functions/runtime/trace-context';

const ROOT = '1-5759e988-bd862e3fe1be46a994272793';

describe('parseXRayHeader', () => {
  it.each<[string, string, TraceContext | undefined]>([
    [
      'Root, Parent and Sampled',
      `Root=${ROOT};Parent=53995c3f42cd8ad8;Sampled=1`,
      { traceId: ROOT, parentId: '53995c3f42cd8ad8', sampled: true },
    ],
    ['Root only', `Root=${ROOT}`, { traceId: ROOT }],
    ['not sampled', `Root=${ROOT};Sampled=0`, { traceId: ROOT, sampled: false }],
    ['a sampling decision left open', `Root=${ROOT};Sampled=?`, { traceId: ROOT }],
    [
      'fields in any order, with spaces and extra fields',
      ` Lineage=a87bd80c:1 ; Sampled=1 ; Root=${ROOT} `,
      { traceId: ROOT, sampled: true },
    ],
    ['upper-case hex, read lower case', `Root=${ROOT.toUpperCase()}`, { traceId: ROOT }],
    ['a malformed Parent, dropped', `Root=${ROOT};Parent=xyz`, { traceId: ROOT }],
    ['no Root', 'Parent=53995c3f42cd8ad8;Sampled=1', undefined],
    ['a Root of another version', 'Root=2-5759e988-bd862e3fe1be46a994272793', undefined],
    ['a Root too short', 'Root=1-5759e988-bd862e3f', undefined],
    ['a Root with a script in it', 'Root=1-5759e988-<script>alert(1)</script>', undefined],
    ['empty', '', undefined],
    ['longer than EventBridge takes', `Root=${ROOT};${'x'.repeat(MAX_TRACE_HEADER_LENGTH)}`, undefined],
  ])('%s', (_title, given, want) => {
    expect(parseXRayHeader(given)).toEqual(want);
  });
});

describe('parseTraceparent', () => {
  it.each<[string, string, TraceContext | undefined]>([
    [
      'a sampled W3C trace, as X-Ray maps it',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      { traceId: '1-4bf92f35-77b34da6a3ce929d0e0e4736', parentId: '00f067aa0ba902b7', sampled: true },
    ],
    [
      'not sampled',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00',
      { traceId: '1-4bf92f35-77b34da6a3ce929d0e0e4736', parentId: '00f067aa0ba902b7', sampled: false },
    ],
    [
      'a later version with more fields',
      '01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03-extra',
      { traceId: '1-4bf92f35-77b34da6a3ce929d0e0e4736', parentId: '00f067aa0ba902b7', sampled: true },
    ],
    ['version ff (forbidden)', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', undefined],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`, undefined],
    ['an all-zero parent id', `00-4bf92f3577b34da6a3ce929d0e0e4736-${'0'.repeat(16)}-01`, undefined],
    [
      'version 00 with trailing fields',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra',
      undefined,
    ],
    ['a short trace id', '00-4bf92f35-00f067aa0ba902b7-01', undefined],
    ['not a traceparent', 'hello', undefined],
  ])('%s', (_title, given, want) => {
    expect(parseTraceparent(given)).toEqual(want);
  });
});

describe('traceContextOfHeaders', () => {
  const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

  it('prefers X-Amzn-Trace-Id, as API Gateway sets it', () => {
    expect(traceContextOfHeaders({ 'x-amzn-trace-id': `Root=${ROOT}`, traceparent })).toEqual({
      traceId: ROOT,
    });
  });

  it('falls back to traceparent when X-Amzn-Trace-Id is absent or malformed', () => {
    const want = {
      traceId: '1-4bf92f35-77b34da6a3ce929d0e0e4736',
      parentId: '00f067aa0ba902b7',
      sampled: true,
    };
    expect(traceContextOfHeaders({ traceparent })).toEqual(want);
    expect(traceContextOfHeaders({ 'x-amzn-trace-id': 'Root=nonsense', traceparent })).toEqual(want);
  });

  it('has no trace without either', () => {
    expect(traceContextOfHeaders({ 'content-type': 'application/json' })).toBeUndefined();
  });
});

describe('formatXRayHeader', () => {
  it.each<[TraceContext, string]>([
    [
      { traceId: ROOT, parentId: '53995c3f42cd8ad8', sampled: true },
      `Root=${ROOT};Parent=53995c3f42cd8ad8;Sampled=1`,
    ],
    [{ traceId: ROOT, sampled: false }, `Root=${ROOT};Sampled=0`],
    [{ traceId: ROOT }, `Root=${ROOT}`],
  ])('%j → %s, and reads back the same', (given, want) => {
    expect(formatXRayHeader(given)).toBe(want);
    expect(parseXRayHeader(formatXRayHeader(given))).toEqual(given);
  });
});

describe('invocationTraceContext', () => {
  it("reads the invocation's _X_AMZN_TRACE_ID, and nothing else", () => {
    expect(
      invocationTraceContext({ _X_AMZN_TRACE_ID: `Root=${ROOT};Parent=53995c3f42cd8ad8;Sampled=1` }),
    ).toEqual({
      traceId: ROOT,
      parentId: '53995c3f42cd8ad8',
      sampled: true,
    });
    expect(invocationTraceContext({})).toBeUndefined();
    expect(invocationTraceContext({ _X_AMZN_TRACE_ID: 'garbage' })).toBeUndefined();
  });
});

describe('currentTraceHeader', () => {
  const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
  const FROM_TRACEPARENT = 'Root=1-4bf92f35-77b34da6a3ce929d0e0e4736;Parent=00f067aa0ba902b7;Sampled=1';

  it("is the invocation's _X_AMZN_TRACE_ID in the one X-Ray form (Lineage and the like dropped)", () => {
    expect(
      currentTraceHeader({
        _X_AMZN_TRACE_ID: `Root=${ROOT};Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a87bd80c:1`,
      }),
    ).toBe(`Root=${ROOT};Parent=53995c3f42cd8ad8;Sampled=1`);
    // X-Ray's wins over a W3C one.
    expect(currentTraceHeader({ _X_AMZN_TRACE_ID: `Root=${ROOT}`, TRACEPARENT })).toBe(`Root=${ROOT}`);
  });

  it('falls back to a W3C TRACEPARENT, mapped onto X-Ray ids, when there is no valid X-Ray one', () => {
    expect(currentTraceHeader({ TRACEPARENT })).toBe(FROM_TRACEPARENT);
    expect(currentTraceHeader({ _X_AMZN_TRACE_ID: 'garbage', TRACEPARENT })).toBe(FROM_TRACEPARENT);
  });

  it('is undefined without a valid trace: nothing malformed is ever kept', () => {
    expect(currentTraceHeader({})).toBeUndefined();
    expect(currentTraceHeader({ _X_AMZN_TRACE_ID: 'Root=<script>', TRACEPARENT: 'nope' })).toBeUndefined();
  });

  it('reads process.env at each call by default (Lambda sets it per invocation)', () => {
    const saved = { xray: process.env._X_AMZN_TRACE_ID, w3c: process.env.TRACEPARENT };
    try {
      delete process.env.TRACEPARENT;
      process.env._X_AMZN_TRACE_ID = `Root=${ROOT};Sampled=0`;
      expect(currentTraceHeader()).toBe(`Root=${ROOT};Sampled=0`);
      delete process.env._X_AMZN_TRACE_ID;
      expect(currentTraceHeader()).toBeUndefined();
    } finally {
      if (saved.xray === undefined) delete process.env._X_AMZN_TRACE_ID;
      else process.env._X_AMZN_TRACE_ID = saved.xray;
      if (saved.w3c === undefined) delete process.env.TRACEPARENT;
      else process.env.TRACEPARENT = saved.w3c;
    }
  });
});
