import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createParkingLot, readParkedMessages } from '../../src/parking-lot';

describe('parking lot', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'parking-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps parked messages in order and lists them by queue', () => {
    const lot = createParkingLot();
    lot.park({ queueId: 'a', at: '2026-01-01T00:00:00.000Z', body: { n: 1 }, reason: 'r1' });
    lot.park({ queueId: 'b', at: '2026-01-01T00:00:01.000Z', body: { n: 2 }, reason: 'r2' });
    lot.park({ queueId: 'a', at: '2026-01-01T00:00:02.000Z', body: { n: 3 }, reason: 'r3' });
    expect(lot.list().map((m) => m.reason)).toEqual(['r1', 'r2', 'r3']);
    expect(lot.list('a').map((m) => m.body)).toEqual([{ n: 1 }, { n: 3 }]);
    expect(lot.list('none')).toEqual([]);
    expect(lot.count()).toBe(3);
    expect(lot.count('b')).toBe(1);
    lot.clear();
    expect(lot.list()).toEqual([]);
  });

  it('stores a copy of the body, so later changes to it do not show', () => {
    const lot = createParkingLot();
    const body = { n: 1 };
    lot.park({ queueId: 'a', at: 't', body, reason: 'r' });
    body.n = 2;
    expect(lot.list()[0]?.body).toEqual({ n: 1 });
  });

  it('appends JSON lines to a file that later commands can read', () => {
    const file = join(dir, 'nested', 'parked.jsonl');
    const lot = createParkingLot({ file });
    lot.park({ queueId: 'a', at: '2026-01-01T00:00:00.000Z', body: { big: 10n }, reason: 'r1' });
    lot.park({ queueId: 'b', at: '2026-01-01T00:00:01.000Z', body: 'text', reason: 'r2' });
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
    expect(readParkedMessages(file)).toEqual([
      {
        id: expect.any(String),
        queueId: 'a',
        at: '2026-01-01T00:00:00.000Z',
        body: { big: '10' },
        reason: 'r1',
      },
      { id: expect.any(String), queueId: 'b', at: '2026-01-01T00:00:01.000Z', body: 'text', reason: 'r2' },
    ]);
    expect(readParkedMessages(file, 'b').map((m) => m.reason)).toEqual(['r2']);
  });

  it('reads a missing file as empty and skips torn lines', () => {
    expect(readParkedMessages(join(dir, 'missing.jsonl'))).toEqual([]);
    const file = join(dir, 'parked.jsonl');
    const lot = createParkingLot({ file });
    lot.park({ queueId: 'a', at: 't', body: null, reason: 'r' });
    appendFileSync(file, '{"queueId":"a","at');
    expect(readParkedMessages(file)).toHaveLength(1);
  });

  it('gives every message a stable unique id, or keeps the one it is given', () => {
    const lot = createParkingLot();
    lot.park({ queueId: 'a', at: 't', body: 1, reason: 'r1' });
    lot.park({ id: 'mine', queueId: 'a', at: 't', body: 2, reason: 'r2' });
    const [first, second] = lot.list();
    expect(first?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(second?.id).toBe('mine');
    expect(lot.list().map((m) => m.id)).toEqual([first?.id, 'mine']);
    expect(lot.get('mine')).toBe(second);
    expect(lot.get('none')).toBeUndefined();
    expect(() => lot.park({ id: 'mine', queueId: 'b', at: 't', body: 3, reason: 'r3' })).toThrow(/already/);
    expect(lot.count()).toBe(2);
  });

  it('lists a redriven message no more (unless asked), and marks it once', () => {
    const lot = createParkingLot();
    lot.park({ id: 'p1', queueId: 'a', at: 't', body: 1, reason: 'r1' });
    lot.park({ id: 'p2', queueId: 'a', at: 't', body: 2, reason: 'r2' });
    const at = new Date('2026-01-02T00:00:00.000Z');
    expect(lot.markRedriven('p1', at)).toMatchObject({ id: 'p1', redrivenAt: at.toISOString() });
    expect(lot.markRedriven('p1', at)).toBeUndefined();
    expect(lot.markRedriven('none', at)).toBeUndefined();
    expect(lot.list().map((m) => m.id)).toEqual(['p2']);
    expect(lot.list('a').map((m) => m.id)).toEqual(['p2']);
    expect(lot.count('a')).toBe(1);
    expect(lot.list(undefined, { includeRedriven: true }).map((m) => [m.id, m.redrivenAt])).toEqual([
      ['p1', at.toISOString()],
      ['p2', undefined],
    ]);
    expect(lot.get('p1')?.redrivenAt).toBe(at.toISOString());
  });

  it('writes redrives to the file, so later commands list only what is still parked', () => {
    const file = join(dir, 'parked.jsonl');
    const lot = createParkingLot({ file });
    const delivery = {
      ruleId: 'R',
      functionId: 'F',
      busName: 'b',
      traceHeader: 'Root=1-5759e988-bd862e3fe1be46a994272793',
    };
    lot.park({ id: 'p1', queueId: 'a', at: 't1', body: { n: 1 }, reason: 'r1', delivery });
    lot.park({ id: 'p2', queueId: 'b', at: 't2', body: { n: 2 }, reason: 'r2' });
    lot.markRedriven('p1', new Date('2026-01-02T00:00:00.000Z'));
    expect(readParkedMessages(file)).toEqual([
      { id: 'p2', queueId: 'b', at: 't2', body: { n: 2 }, reason: 'r2' },
    ]);
    expect(readParkedMessages(file, 'a', { includeRedriven: true })).toEqual([
      {
        id: 'p1',
        queueId: 'a',
        at: 't1',
        body: { n: 1 },
        reason: 'r1',
        delivery,
        redrivenAt: '2026-01-02T00:00:00.000Z',
      },
    ]);
  });

  it('reads the lines of files written before ids existed', () => {
    const file = join(dir, 'parked.jsonl');
    appendFileSync(
      file,
      [
        '{"queueId":"a","at":"t1","body":{"n":1},"reason":"old"}',
        '{"kind":"redriven","id":"other","at":"t"}',
        '{"id":"p2","queueId":"a","at":"t2","body":null,"reason":"new","delivery":{"ruleId":1}}',
        '',
      ].join('\n'),
    );
    expect(readParkedMessages(file)).toEqual([
      { queueId: 'a', at: 't1', body: { n: 1 }, reason: 'old' },
      // A malformed delivery is left out: the message is listed, and cannot be redriven.
      { id: 'p2', queueId: 'a', at: 't2', body: null, reason: 'new' },
    ]);
  });
});
