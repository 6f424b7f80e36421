/**
 * The local stand-in for SQS dead-letter and on-failure queues: failed work is parked here, where
 * an operator (a `dev` command, a test) can see it. Kept in memory for the running `dev up`; when
 * given a file, every parked message is also appended to it as one JSON line, so commands run
 * later (in another process) can list what was parked with {@link readParkedMessages}.
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ParkedMessage, ParkingLot } from './model';

export interface ParkingLotOptions {
  /** Append each parked message to this file as a JSON line (the directory is created). */
  readonly file?: string;
}

/** A {@link ParkingLot} that also says how many messages it holds and can be emptied (tests). */
export interface LocalParkingLot extends ParkingLot {
  /** How many messages are parked, in one queue or in all. */
  count(queueId?: string): number;
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

export function createParkingLot(options: ParkingLotOptions = {}): LocalParkingLot {
  const messages: ParkedMessage[] = [];
  const { file } = options;
  if (file !== undefined) mkdirSync(dirname(file), { recursive: true });
  return {
    park(message: ParkedMessage): void {
      const stored: ParkedMessage = Object.freeze({
        queueId: message.queueId,
        at: message.at,
        body: jsonSafe(message.body),
        reason: message.reason,
      });
      messages.push(stored);
      if (file !== undefined) appendFileSync(file, `${JSON.stringify(stored)}\n`, 'utf8');
    },
    list(queueId?: string): readonly ParkedMessage[] {
      return queueId === undefined ? [...messages] : messages.filter((m) => m.queueId === queueId);
    },
    count(queueId?: string): number {
      return queueId === undefined ? messages.length : messages.filter((m) => m.queueId === queueId).length;
    },
    clear(): void {
      messages.length = 0;
    },
  };
}

function isParkedMessage(value: unknown): value is ParkedMessage {
  if (typeof value !== 'object' || value === null) return false;
  const { queueId, at, reason } = value as Record<string, unknown>;
  return typeof queueId === 'string' && typeof at === 'string' && typeof reason === 'string';
}

/**
 * The messages a parking lot appended to `file`, oldest first, optionally of one queue. A missing
 * file is an empty list; lines that are not parked messages (a torn last line) are skipped.
 */
export function readParkedMessages(file: string, queueId?: string): ParkedMessage[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const out: ParkedMessage[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      continue;
    }
    if (isParkedMessage(parsed) && (queueId === undefined || parsed.queueId === queueId)) out.push(parsed);
  }
  return out;
}
