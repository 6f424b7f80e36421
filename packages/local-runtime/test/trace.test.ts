/** X-Ray trace headers and W3C traceparent as the local services read and pass them on (src/trace.ts). */
import {
  formatTraceHeader,
  invocationTraceHeader,
  parseTraceHeader,
  parseTraceparent,
  requestTraceHeader,
  traceIdOf,
} from '../src/trace';

const ROOT = '1-5759e988-bd862e3fe1be46a994272793';
const HEADER = `Root=${ROOT};Parent=53995c3f42cd8ad8;Sampled=1`;
const NEW_ROOT_ONLY = /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/;

describe('parseTraceHeader', () => {
  it.each([
    [HEADER, { root: ROOT, parent: '53995c3f42cd8ad8', sampled: '1' }],
    [`Root=${ROOT}`, { root: ROOT }],
    [` Sampled=0 ; Root=${ROOT.toUpperCase()} ;Self=x`, { root: ROOT, sampled: '0' }],
    [`Root=${ROOT};Parent=xyz;Sampled=?`, { root: ROOT }],
    [`Root=${ROOT};Root=1-00000000-000000000000000000000000`, { root: ROOT }],
  ])('%s', (text, want) => {
    expect(parseTraceHeader(text)).toEqual(want);
  });

  it.each([
    ['no Root', 'Parent=53995c3f42cd8ad8;Sampled=1'],
    ['a short Root', 'Root=1-5759e988-bd862e3f'],
    ['a Root of another version', 'Root=2-5759e988-bd862e3fe1be46a994272793'],
    ['not a header', 'hello'],
    ['over 500 characters', `${HEADER};Lineage=${'a'.repeat(500)}`],
  ])('refuses %s', (_, text) => {
    expect(parseTraceHeader(text)).toBeUndefined();
  });
});

describe('parseTraceparent', () => {
  it('maps the W3C trace id onto a Root (its first 8 hex digits are the time part)', () => {
    expect(parseTraceparent('00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01')).toEqual({
      root: ROOT,
      parent: '53995c3f42cd8ad8',
      sampled: '1',
    });
    expect(parseTraceparent('00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-00')?.sampled).toBe('0');
    // A later version may carry more fields.
    expect(parseTraceparent('01-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01-extra')?.root).toBe(
      ROOT,
    );
  });

  it.each([
    ['version ff', 'ff-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01'],
    ['an all-zero trace id', '00-00000000000000000000000000000000-53995c3f42cd8ad8-01'],
    ['an all-zero parent id', '00-5759e988bd862e3fe1be46a994272793-0000000000000000-01'],
    ['version 00 with more fields', '00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01-x'],
    ['a short trace id', '00-5759e988bd862e3f-53995c3f42cd8ad8-01'],
    ['garbage', 'Root=1-5759e988-bd862e3fe1be46a994272793'],
  ])('refuses %s', (_, text) => {
    expect(parseTraceparent(text)).toBeUndefined();
  });
});

describe('requestTraceHeader (what API Gateway passes on)', () => {
  const now = new Date('2026-01-01T00:00:00Z');

  it('keeps a valid X-Ray header, rebuilt from its fields', () => {
    expect(requestTraceHeader({ 'x-amzn-trace-id': [`${HEADER};Self=1-abc`] }, now)).toBe(HEADER);
  });

  it('maps a valid traceparent when there is no valid X-Ray header', () => {
    const traceparent = '00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01';
    expect(requestTraceHeader({ traceparent: [traceparent] }, now)).toBe(HEADER);
    expect(requestTraceHeader({ 'x-amzn-trace-id': ['junk'], traceparent }, now)).toBe(HEADER);
    // The X-Ray header wins when both are valid.
    expect(
      requestTraceHeader({ 'x-amzn-trace-id': 'Root=1-00000001-000000000000000000000001', traceparent }, now),
    ).toBe('Root=1-00000001-000000000000000000000001');
  });

  it('makes a new Root, of the time `now`, for a missing or malformed one', () => {
    const made = requestTraceHeader({ 'x-amzn-trace-id': ['Root=<script>'], traceparent: ['00-zz'] }, now);
    expect(made).toMatch(NEW_ROOT_ONLY);
    expect(made).toContain(`Root=1-${(now.getTime() / 1000).toString(16)}-`);
    expect(requestTraceHeader({}, now)).toMatch(NEW_ROOT_ONLY);
    expect(requestTraceHeader({}, now)).not.toBe(requestTraceHeader({}, now));
  });
});

describe('invocationTraceHeader (what _X_AMZN_TRACE_ID gets)', () => {
  it('keeps a full header, completes a partial one, and makes one otherwise', () => {
    expect(invocationTraceHeader(HEADER)).toBe(HEADER);
    expect(invocationTraceHeader(`Root=${ROOT};Sampled=0`)).toMatch(
      new RegExp(`^Root=${ROOT};Parent=[0-9a-f]{16};Sampled=0$`),
    );
    expect(invocationTraceHeader(undefined)).toMatch(
      /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=1$/,
    );
    expect(invocationTraceHeader('Root=bad')).not.toContain('bad');
  });
});

describe('traceIdOf', () => {
  it('reads a header or a bare Root (Powertools xray_trace_id)', () => {
    expect(traceIdOf(HEADER)).toBe(ROOT);
    expect(traceIdOf(ROOT)).toBe(ROOT);
    expect(traceIdOf('1-abc')).toBeUndefined();
    expect(traceIdOf(undefined)).toBeUndefined();
    expect(formatTraceHeader({ root: ROOT, sampled: '1' })).toBe(`Root=${ROOT};Sampled=1`);
  });
});
