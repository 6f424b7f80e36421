/**
 * Test doubles for subscribers: EventBridge events, an in-memory dedupe store with the DynamoDB
 * store's semantics, and a logger that records what it was given.
 */
import type {
  DedupeStore,
  SubscriberEvent,
  SubscriberLogger,
} from '../../../../functions/runtime/subscriber';

export interface EventDetailInput {
  readonly id: string;
  readonly event_id: string;
  readonly version?: number;
  readonly occurred_at?: string;
}

/** An EventBridge event as a rule delivers it to a Lambda target. */
export function eventBridgeEvent(
  source: string,
  detailType: string,
  detail: EventDetailInput | unknown,
  overrides: Partial<SubscriberEvent> = {},
): SubscriberEvent {
  const filled =
    typeof detail === 'object' && detail !== null && 'event_id' in detail
      ? { version: 1, occurred_at: '2026-05-01T12:00:00.000Z', ...detail }
      : detail;
  return {
    version: '0',
    id: `eb-${String((filled as { event_id?: unknown } | null)?.event_id ?? 'x')}`,
    'detail-type': detailType,
    source,
    account: '123456789012',
    time: '2026-05-01T12:00:01Z',
    region: 'eu-west-1',
    resources: [],
    detail: filled,
    ...overrides,
  };
}

/** A {@link DedupeStore} in memory; `calls` lists what was asked of it. */
export class InMemoryDedupe implements DedupeStore {
  readonly marked = new Set<string>();
  readonly calls: string[] = [];

  async isHandled(eventId: string): Promise<boolean> {
    this.calls.push(`isHandled ${eventId}`);
    return this.marked.has(eventId);
  }

  async markHandled(eventId: string): Promise<'marked' | 'already_marked'> {
    this.calls.push(`markHandled ${eventId}`);
    if (this.marked.has(eventId)) return 'already_marked';
    this.marked.add(eventId);
    return 'marked';
  }
}

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly attributes: Record<string, unknown>;
}

/** A {@link SubscriberLogger} (and DomainLogger) that keeps its lines. */
export class RecordingLogger implements SubscriberLogger {
  readonly lines: LogLine[] = [];

  debug(message: string, ...attributes: Record<string, unknown>[]): void {
    this.#push('debug', message, attributes);
  }
  info(message: string, ...attributes: Record<string, unknown>[]): void {
    this.#push('info', message, attributes);
  }
  warn(message: string, ...attributes: Record<string, unknown>[]): void {
    this.#push('warn', message, attributes);
  }
  error(message: string, ...attributes: Record<string, unknown>[]): void {
    this.#push('error', message, attributes);
  }

  at(level: LogLine['level']): LogLine[] {
    return this.lines.filter((line) => line.level === level);
  }

  #push(level: LogLine['level'], message: string, attributes: Record<string, unknown>[]): void {
    this.lines.push({ level, message, attributes: Object.assign({}, ...attributes) });
  }
}
