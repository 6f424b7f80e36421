import type { LogEntry } from '@tributary/local-runtime';
import { REDACTED } from '../../functions/runtime/redact';
import { ConsoleFeed, redactGuardKey, redactText, tracesOf } from '../../lib/console/feed';

const TRACE = '1-5759e988-bd862e3fe1be46a994272793';
const OTHER = '1-6759e988-bd862e3fe1be46a994272794';
const AT = '2026-12-03T08:00:00.000Z';

function feed(window?: number) {
  return new ConsoleFeed({
    personalFields: ['email', 'email_address', 'name'],
    ...(window ? { window } : {}),
  });
}

const request = (extra: Record<string, unknown> = {}): LogEntry =>
  ({
    type: 'request',
    at: AT,
    service: 'users',
    method: 'POST',
    path: '/users',
    status: 201,
    ms: 12,
    ...extra,
  }) as unknown as LogEntry;

describe('tracesOf', () => {
  it.each([
    ['an entry trace root', { traceId: TRACE }, [TRACE]],
    ['an X-Ray header', { traceId: `Root=${TRACE};Parent=53995c3f42cd8ad8;Sampled=1` }, [TRACE]],
    ['upper case, as a client may send it', { traceId: TRACE.toUpperCase() }, [TRACE]],
    [
      'a stream batch of two traces, one twice',
      { records: [{ traceId: TRACE }, { traceId: OTHER }, { traceId: TRACE }] },
      [TRACE, OTHER],
    ],
    ['a function record', { record: { xray_trace_id: TRACE } }, [TRACE]],
    ['nothing', {}, []],
    ['a malformed root', { traceId: '1-zz-yy' }, []],
    ['not a string', { traceId: 42, records: [null, 'x'] }, []],
  ])('%s', (_title, entry, want) => {
    expect(tracesOf(entry)).toEqual(want);
  });
});

describe('redactText', () => {
  const fields = ['email_address', 'email'];
  it.each([
    ['a JSON pair', '{"email":"ada@example.org","id":"usr-1"}', `{"email":"${REDACTED}","id":"usr-1"}`],
    [
      'a JSON pair with spaces and escapes',
      '{ "email" : "a\\"b@example.org" }',
      `{ "email" : "${REDACTED}" }`,
    ],
    ['a number value', '{"email":42}', `{"email":"${REDACTED}"}`],
    [
      'an assignment',
      'user created email=ada@example.org id=usr-1',
      `user created email=${REDACTED} id=usr-1`,
    ],
    ['a longer personal name', 'email_address=ada@example.org', `email_address=${REDACTED}`],
    ['a name that only ends like one', 'work_email=x notemail=y', 'work_email=x notemail=y'],
    ['nothing personal', 'id=usr-1 status=active', 'id=usr-1 status=active'],
  ])('%s', (_title, text, want) => {
    expect(redactText(text, fields)).toBe(want);
  });

  it('leaves text alone when no field is personal', () => {
    expect(redactText('email=ada@example.org', [])).toBe('email=ada@example.org');
  });
});

describe('redactGuardKey', () => {
  const personal = new Set(['email', 'phone']);
  it.each([
    [
      'a guard of a personal field',
      '_unique#ix_user__email#ada@example.org',
      `_unique#ix_user__email#${REDACTED}`,
    ],
    [
      'a guard of several fields, one personal',
      '_unique#ix_user__tenant__phone#t1#555',
      `_unique#ix_user__tenant__phone#${REDACTED}`,
    ],
    [
      'a guard of a field nothing personal',
      '_unique#ix_product__sku#BOOK-1',
      '_unique#ix_product__sku#BOOK-1',
    ],
    ['a resource id', 'usr-01M8XF0K638P46GGCBEBQZWF2T', 'usr-01M8XF0K638P46GGCBEBQZWF2T'],
    ['a dedupe key', '_dedupe#orders-order#f025', '_dedupe#orders-order#f025'],
    ['a guard key of another shape', '_unique#other#x', '_unique#other#x'],
  ])('%s', (_title, text, want) => {
    expect(redactGuardKey(text, personal)).toBe(want);
  });

  it("takes the value out of a stream record's key", () => {
    const shown = new ConsoleFeed({ personalFields: ['email'] }).add({
      type: 'stream',
      at: AT,
      records: [
        { eventName: 'INSERT', keys: { pk: '_unique#ix_user__email#ada@example.org' }, sequenceNumber: '1' },
      ],
    } as unknown as LogEntry);
    expect(JSON.stringify(shown)).not.toContain('ada@example.org');
  });
});

describe('ConsoleFeed', () => {
  it('numbers entries and tags their traces', () => {
    const f = feed();
    const first = f.add(request({ traceId: TRACE }));
    const second = f.add({ type: 'message', at: AT, text: 'hello' });
    expect(first).toMatchObject({ seq: 1, at: AT, traces: [TRACE], kind: 'request' });
    expect(first.text).toBe('[users api] POST /users 201 12 ms');
    expect(second).toMatchObject({ seq: 2, traces: [], kind: 'message', text: 'hello' });
  });

  it('marks what dev up shows only with --verbose (REPORT lines, metric blobs, DEBUG records)', () => {
    const f = feed();
    const fn = (extra: Record<string, unknown>) =>
      f.add({
        type: 'function',
        at: AT,
        function: 'users/F',
        functionId: 'stack/F',
        ...extra,
      } as unknown as LogEntry);
    expect(fn({ kind: 'report', text: 'REPORT RequestId: 1' }).verbose).toBe(true);
    expect(fn({ kind: 'record', level: 'DEBUG', message: 'm', record: {} }).verbose).toBe(true);
    expect(fn({ kind: 'record', level: 'INFO', message: 'm', record: {} }).verbose).toBe(false);
    expect(f.add(request()).verbose).toBe(false);
  });

  it('keeps the time an entry carries', () => {
    expect(feed().add(request({ at: '2026-01-01T00:00:00.000Z' })).at).toBe('2026-01-01T00:00:00.000Z');
  });

  it('redacts personal fields of a function record at any depth, and its text line', () => {
    const entry = {
      type: 'function',
      at: AT,
      function: 'users/CreateUserFunction',
      functionId: 'tributary-dev-users/CreateUserFunction1234ABCD',
      kind: 'record',
      level: 'INFO',
      message: 'created',
      record: {
        level: 'INFO',
        message: 'created',
        user: { email: 'ada@example.org', id: 'usr-1' },
        name: 'Ada',
      },
    } as unknown as LogEntry;
    const shown = feed().add(entry);
    const json = JSON.stringify(shown);
    expect(json).not.toContain('ada@example.org');
    expect(json).not.toContain('Ada');
    expect(shown.entry.record).toEqual({
      level: 'INFO',
      message: 'created',
      user: { email: REDACTED, id: 'usr-1' },
      name: REDACTED,
    });
    expect(shown.text).toContain('usr-1');
  });

  it('redacts personal pairs in free text (console output, errors)', () => {
    const shown = feed().add({
      type: 'function',
      at: AT,
      function: 'users/F',
      functionId: 'stack/F',
      kind: 'output',
      text: 'oops {"email":"ada@example.org"}',
    } as unknown as LogEntry);
    expect(JSON.stringify(shown)).not.toContain('ada@example.org');
  });

  it('replays the window after a sequence number and forgets what falls out of it', () => {
    const f = feed(3);
    for (let i = 0; i < 5; i += 1) f.add({ type: 'message', at: AT, text: `m${i}` });
    expect(f.since().map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(f.since(4).map((e) => e.text)).toEqual(['m4']);
    expect(f.since(5)).toEqual([]);
  });

  it('tells each listener of each new entry until it unsubscribes', () => {
    const f = feed();
    const seen: number[] = [];
    const stop = f.subscribe((e) => seen.push(e.seq));
    f.add({ type: 'message', at: AT, text: 'a' });
    expect(f.listeners).toBe(1);
    stop();
    f.add({ type: 'message', at: AT, text: 'b' });
    expect(seen).toEqual([1]);
    expect(f.listeners).toBe(0);
  });
});
