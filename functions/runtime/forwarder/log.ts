/**
 * The logging and metrics the forwarder core needs, as small interfaces: Powertools' Logger and
 * Metrics fit them (handler.ts), tests pass recorders.
 */

export type LogAttributes = Readonly<Record<string, unknown>>;

export interface ForwarderLog {
  debug(message: string, attributes: LogAttributes): void;
  info(message: string, attributes: LogAttributes): void;
  warn(message: string, attributes: LogAttributes): void;
  error(message: string, attributes: LogAttributes): void;
}

/** Logs nothing. */
export const silentLog: ForwarderLog = Object.freeze({
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
});
