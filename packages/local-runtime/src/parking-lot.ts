/**
 * The local stand-in for SQS dead-letter and on-failure queues: failed work is parked here, where
 * an operator (a `dev` command, a test, a console) can see it and, for an event delivery the bus
 * gave up on, deliver it again (`RunningSystem.redrive`, redrive.ts). Kept in memory for the
 * running `dev up`; when given a file, every parked message is also appended to it as one JSON
 * line, and every redrive as a line `{"kind":"redriven","id":...,"at":...}`, so commands run later
 * (in another process) can list what is still parked with {@link readParkedMessages}.
 *
 * Every message gets a stable unique `id` when parked (the caller's, else a new UUID). Lines of
 * files written before ids existed have none: they are listed, and cannot be redriven.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ParkedDelivery, ParkedMessage, ParkingLot } from './model';

export interface ParkingLotOptions {
  /** Append each parked message (and each redrive) to this file as a JSON line (the directory is created). */
  readonly file?: string;
}

/** Which messages a listing shows. */
export interface ParkedListOptions {
  /** Redriven messages too (with their `redrivenAt`); default only those still parked. */
  readonly includeRedriven?: boolean;
}

/** A {@link ParkingLot} that also counts, finds and marks messages redriven, and can be emptied (tests). */
export interface LocalParkingLot extends ParkingLot {
  /** The messages still parked (with `includeRedriven`, redriven ones too), oldest first, optionally of one queue. */
  list(queueId?: string, options?: ParkedListOptions): readonly ParkedMessage[];
  /** How many messages are parked (not redriven), in one queue or in all. */
  count(queueId?: string): number;
  /** The message with this id, parked or redriven; undefined when there is none. */
  get(id: string): ParkedMessage | undefined;
  /**
   * Marks a parked message redriven (it is no longer listed as parked); returns it as marked, or
   * undefined when there is no such message or it was redriven already.
   */
  markRedriven(id: string, at?: Date): ParkedMessage | undefined;
  /** Forgets the messages held in memory (the file, if any, is left as it is). */
  clear(): void;
}

/** The body as JSON can hold it: values JSON cannot represent are turned into strings. */
function jsonSafe(value: unknown): unknown {
  try {
    const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    return text === undefined ? null : (JSON.parse(text) as unknown);
  } catch {
    return String(value);
  }
}

function stored(message: ParkedMessage, id: string): ParkedMessage {
  const { delivery } = message;
  return Object.freeze({
    id,
    queueId: message.queueId,
    at: message.at,
    body: jsonSafe(message.body),
    reason: message.reason,
    ...(delivery === undefined
      ? {}
      : {
          delivery: Object.freeze({
            ruleId: delivery.ruleId,
            functionId: delivery.functionId,
            busName: delivery.busName,
            ...(delivery.traceHeader === undefined ? {} : { traceHeader: delivery.traceHeader }),
          }),
        }),
  });
}

export function createParkingLot(options: ParkingLotOptions = {}): LocalParkingLot {
  const messages: ParkedMessage[] = [];
  const byId = new Map<string, number>();
  const { file } = options;
  if (file !== undefined) mkdirSync(dirname(file), { recursive: true });
  const shown = (message: ParkedMessage, queueId: string | undefined, all: boolean) =>
    (queueId === undefined || message.queueId === queueId) && (all || message.redrivenAt === undefined);
  return {
    park(message: ParkedMessage): void {
      const id = message.id ?? randomUUID();
      if (byId.has(id)) throw new Error(`a message with id ${id} is parked already`);
      const kept = stored(message, id);
      byId.set(id, messages.length);
      messages.push(kept);
      if (file !== undefined) appendFileSync(file, `${JSON.stringify(kept)}\n`, 'utf8');
    },
    list(queueId?: string, listOptions: ParkedListOptions = {}): readonly ParkedMessage[] {
      return messages.filter((m) => shown(m, queueId, listOptions.includeRedriven ?? false));
    },
    count(queueId?: string): number {
      return messages.filter((m) => shown(m, queueId, false)).length;
    },
    get(id: string): ParkedMessage | undefined {
      const index = byId.get(id);
      return index === undefined ? undefined : messages[index];
    },
    markRedriven(id: string, at: Date = new Date()): ParkedMessage | undefined {
      const index = byId.get(id);
      const message = index === undefined ? undefined : messages[index];
      if (index === undefined || message === undefined || message.redrivenAt !== undefined) return undefined;
      const redrivenAt = at.toISOString();
      const marked = Object.freeze({ ...message, redrivenAt });
      messages[index] = marked;
      if (file !== undefined) {
        appendFileSync(file, `${JSON.stringify({ kind: 'redriven', id, at: redrivenAt })}\n`, 'utf8');
      }
      return marked;
    },
    clear(): void {
      messages.length = 0;
      byId.clear();
    },
  };
}

const isString = (value: unknown): value is string => typeof value === 'string';

function parkedDelivery(value: unknown): ParkedDelivery | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { ruleId, functionId, busName, traceHeader } = value as Record<string, unknown>;
  if (!isString(ruleId) || !isString(functionId) || !isString(busName)) return undefined;
  return { ruleId, functionId, busName, ...(isString(traceHeader) ? { traceHeader } : {}) };
}

/** A parked message line as written (an older line without `id` or `delivery` too); else undefined. */
function parkedMessage(value: unknown): ParkedMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { id, queueId, at, reason, body, delivery } = value as Record<string, unknown>;
  if (!isString(queueId) || !isString(at) || !isString(reason)) return undefined;
  const redrive = parkedDelivery(delivery);
  return {
    ...(isString(id) ? { id } : {}),
    queueId,
    at,
    body,
    reason,
    ...(redrive === undefined ? {} : { delivery: redrive }),
  };
}

function redrivenLine(value: unknown): { readonly id: string; readonly at: string } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { kind, id, at } = value as Record<string, unknown>;
  return kind === 'redriven' && isString(id) && isString(at) ? { id, at } : undefined;
}

/**
 * The messages a parking lot appended to `file` that are still parked (with `includeRedriven`,
 * the redriven ones too, with their `redrivenAt`), oldest first, optionally of one queue. A missing
 * file is an empty list; lines that are neither parked messages nor redrives (a torn last line)
 * are skipped.
 */
export function readParkedMessages(
  file: string,
  queueId?: string,
  options: ParkedListOptions = {},
): ParkedMessage[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const messages: ParkedMessage[] = [];
  const redriven = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      continue;
    }
    const redrive = redrivenLine(parsed);
    if (redrive !== undefined) {
      if (!redriven.has(redrive.id)) redriven.set(redrive.id, redrive.at);
      continue;
    }
    const message = parkedMessage(parsed);
    if (message !== undefined) messages.push(message);
  }
  const out: ParkedMessage[] = [];
  for (const message of messages) {
    if (queueId !== undefined && message.queueId !== queueId) continue;
    const redrivenAt = message.id === undefined ? undefined : redriven.get(message.id);
    if (redrivenAt === undefined) out.push(message);
    else if (options.includeRedriven) out.push({ ...message, redrivenAt });
  }
  return out;
}
