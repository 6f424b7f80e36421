/**
 * A logger for tests and fakes: it writes nothing and keeps every line, redacted as the deployed
 * logger (logger.ts) would write it, so a test can assert what was logged and that no personal
 * value was. Fits every logger type of the runtime (`ServiceLogger`, `HttpLogger`,
 * `SubscriberLogger`). Never imported by deployed code.
 */
import { redact } from '../redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** One logged line: the message and every attribute, personal fields already redacted. */
export interface LogLine {
  readonly level: LogLevel;
  readonly message: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

export class MemoryLogger {
  readonly #personalFields: ReadonlySet<string>;
  readonly #lines: LogLine[] = [];

  /** `personalFields`: the names the service's logger redacts (its `LOGGED_PERSONAL_FIELDS`). */
  constructor(personalFields: Iterable<string> = []) {
    this.#personalFields = new Set(personalFields);
  }

  /** Every line logged so far, oldest first. */
  get lines(): readonly LogLine[] {
    return [...this.#lines];
  }

  /** The lines of one level. */
  at(level: LogLevel): LogLine[] {
    return this.#lines.filter((line) => line.level === level);
  }

  debug(input: unknown, ...extra: unknown[]): void {
    this.#log('debug', input, extra);
  }

  info(input: unknown, ...extra: unknown[]): void {
    this.#log('info', input, extra);
  }

  warn(input: unknown, ...extra: unknown[]): void {
    this.#log('warn', input, extra);
  }

  error(input: unknown, ...extra: unknown[]): void {
    this.#log('error', input, extra);
  }

  /**
   * As Powertools reads a call: a string message, or an object whose `message` is the message and
   * whose other keys are attributes; then objects of more attributes, and an error as `error`.
   */
  #log(level: LogLevel, input: unknown, extra: readonly unknown[]): void {
    let message = '';
    const attributes: Record<string, unknown> = {};
    if (typeof input === 'string') {
      message = input;
    } else if (typeof input === 'object' && input !== null) {
      const { message: text, ...rest } = input as { message?: unknown };
      message = typeof text === 'string' ? text : '';
      Object.assign(attributes, rest);
    }
    for (const item of extra) {
      if (item instanceof Error) attributes.error = item;
      else if (typeof item === 'object' && item !== null) Object.assign(attributes, item);
      else if (typeof item === 'string') attributes.extra = item;
    }
    this.#lines.push({
      level,
      message,
      attributes: redact(attributes, this.#personalFields) as Record<string, unknown>,
    });
  }
}
