import { fixedClock, systemClock, TestClock, testClock, toInstant } from '../../../functions/runtime/clock';

describe('toInstant', () => {
  it.each([
    ['2026-11-22T14:00:00.000Z', '2026-11-22T14:00:00.000Z'],
    ['2026-11-22T14:00:00Z', '2026-11-22T14:00:00.000Z'],
    ['2026-11-22T15:30:00.5+01:30', '2026-11-22T14:00:00.500Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    [0, '1970-01-01T00:00:00.000Z'],
    [new Date('2000-01-01T00:00:00Z'), '2000-01-01T00:00:00.000Z'],
  ])('reads %j', (given, want) => {
    expect(toInstant(given).toISOString()).toBe(want);
  });

  it.each([
    ['2026-11-22'],
    ['2026-11-22T14:00:00'],
    ['2024-02-30T00:00:00Z'],
    ['2023-02-29T00:00:00Z'],
    ['2026-13-01T00:00:00Z'],
    ['2026-11-22T24:00:00Z'],
    ['2026-11-22T14:60:00Z'],
    ['yesterday'],
    [''],
    [Number.NaN],
    [new Date('nope')],
  ])('rejects %p', (given) => {
    expect(() => toInstant(given)).toThrow(RangeError);
  });

  it('copies a Date instead of sharing it', () => {
    const given = new Date('2000-01-01T00:00:00Z');
    const got = toInstant(given);
    given.setUTCFullYear(1999);
    expect(got.toISOString()).toBe('2000-01-01T00:00:00.000Z');
  });
});

describe('systemClock', () => {
  it('reads the machine time', () => {
    const before = Date.now();
    const now = systemClock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});

describe('fixedClock', () => {
  it('always reads the same instant, as a fresh Date each time', () => {
    const clock = fixedClock('2026-11-22T14:00:00.000Z');
    const first = clock.now();
    first.setUTCFullYear(1999);
    expect(clock.now().toISOString()).toBe('2026-11-22T14:00:00.000Z');
    expect(clock.now()).not.toBe(clock.now());
  });

  it('rejects an invalid instant up front', () => {
    expect(() => fixedClock('2026-02-30T00:00:00Z')).toThrow(RangeError);
  });
});

describe('TestClock', () => {
  it('stands still until moved', () => {
    const clock = testClock('2026-01-01T00:00:00.000Z');
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(clock.advance(1500).now().toISOString()).toBe('2026-01-01T00:00:01.500Z');
    expect(clock.advance(-2000).now().toISOString()).toBe('2025-12-31T23:59:59.500Z');
    expect(clock.set('2030-06-01T12:00:00Z').now().toISOString()).toBe('2030-06-01T12:00:00.000Z');
  });

  it('starts at a fixed default instant', () => {
    expect(new TestClock().now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it.each([[Number.NaN], [Number.POSITIVE_INFINITY]])('refuses to advance by %p', (millis) => {
    const clock = testClock();
    expect(() => clock.advance(millis)).toThrow(RangeError);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });
});
