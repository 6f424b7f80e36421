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
      { queueId: 'a', at: '2026-01-01T00:00:00.000Z', body: { big: '10' }, reason: 'r1' },
      { queueId: 'b', at: '2026-01-01T00:00:01.000Z', body: 'text', reason: 'r2' },
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
});
