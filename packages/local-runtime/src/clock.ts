/**
 * Time, injectable: the servers take a {@link Clock} so tests can pin or move it. The package imports
 * nothing from the project that uses it; any object with `now()` fits (the deployed runtime's clock
 * does).
 */
export interface Clock {
  /** The current instant. Each call returns a new `Date`, so callers may mutate it freely. */
  now(): Date;
}

/** The machine's clock. */
export const systemClock: Clock = Object.freeze({ now: () => new Date() });
