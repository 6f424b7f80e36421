/**
 * Time, injectable. Every time-dependent function takes a {@link Clock} so tests can pin or move it;
 * production code passes {@link systemClock} (usually as a default argument).
 */
export interface Clock {
  /** The current instant. Each call returns a new `Date`, so callers may mutate it freely. */
  now(): Date;
}

/** The machine's clock. */
export const systemClock: Clock = Object.freeze({ now: () => new Date() });

/** RFC 3339 date-time with an explicit offset (`Z` or `±hh:mm`), e.g. `2026-11-22T14:00:00.000Z`. */
const RFC3339 =
  /^(\d{4}-\d{2}-\d{2})T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/**
 * Parses an instant: a `Date` (copied), epoch milliseconds, or an RFC 3339 date-time string with an
 * explicit offset. Throws `RangeError` on anything else, including calendar-impossible dates such as
 * `2024-02-30T00:00:00Z` (which `new Date` would silently roll over to March).
 */
export function toInstant(at: Date | number | string): Date {
  let date: Date;
  if (typeof at === 'string') {
    const calendarDay = RFC3339.exec(at)?.[1];
    if (calendarDay === undefined) {
      throw new RangeError(`not an RFC 3339 date-time with offset: ${JSON.stringify(at)}`);
    }
    // `new Date` rolls 02-30 over to 03-01; a real calendar day survives the round trip.
    const midnight = new Date(`${calendarDay}T00:00:00Z`);
    if (Number.isNaN(midnight.getTime()) || midnight.toISOString().slice(0, 10) !== calendarDay) {
      throw new RangeError(`not a calendar date: ${JSON.stringify(at)}`);
    }
    date = new Date(at);
  } else {
    date = new Date(typeof at === 'number' ? at : at.getTime());
  }
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a valid instant: ${String(at)}`);
  return date;
}

/** A clock stopped at `at` (see {@link toInstant} for what `at` may be). */
export function fixedClock(at: Date | number | string): Clock {
  const millis = toInstant(at).getTime();
  return Object.freeze({ now: () => new Date(millis) });
}

/** A clock that tests move by hand: it stands still until {@link TestClock.set} or {@link TestClock.advance}. */
export class TestClock implements Clock {
  #millis: number;

  constructor(start: Date | number | string = '2026-01-01T00:00:00.000Z') {
    this.#millis = toInstant(start).getTime();
  }

  now(): Date {
    return new Date(this.#millis);
  }

  /** Moves to `at` (forwards or backwards). */
  set(at: Date | number | string): this {
    this.#millis = toInstant(at).getTime();
    return this;
  }

  /** Moves by `millis` (may be negative). */
  advance(millis: number): this {
    if (!Number.isFinite(millis)) throw new RangeError(`advance by a finite number of ms, got ${millis}`);
    return this.set(this.#millis + millis);
  }
}

/** Shorthand for `new TestClock(start)`. */
export function testClock(start?: Date | number | string): TestClock {
  return new TestClock(start);
}
