/**
 * The local bus's journal (`dev up --persist DIR`): what PutEvents accepted survives a crash of
 * `dev up`, because the stream pollers have already checkpointed past the records those events
 * came from and nothing else would ever send them again.
 *
 * An append-only file of JSON lines:
 *
 *   {"kind":"accepted","event":{...},"busName":"b","receivedAt":1767225600000,"deliveries":[{"ruleId":"r","functionId":"f"}],"traceHeader":"Root=..."}
 *   {"kind":"finished","eventId":"...","ruleId":"r","functionId":"f","outcome":"delivered"}
 *
 * - `traceHeader` is the PutEvents entry's valid `TraceHeader` (absent when it had none): the
 *   deliveries made again after a restart run in the event's trace too.
 * - A redriven delivery (`RunningSystem.redrive`) is an `accepted` line again, owing that delivery
 *   and those of the event still owed: the newer line of an event stands for it.
 * - `accepted` lines are written and fsync'd before PutEvents answers (several requests' lines share
 *   one write and one fsync when they arrive together); an event no rule matched is not written.
 * - `finished` lines (delivered, or parked) are written without waiting: losing one only means the
 *   delivery is made again, and subscribers deduplicate on the event's id (at least once).
 * - On open, the file is read (a torn or foreign line is skipped and counted), folded into the
 *   deliveries not finished, and rewritten with only those (a temporary file renamed over it), so it
 *   stays as small as what is still owed; while running it is compacted the same way whenever it has
 *   grown by `compactAfterBytes`.
 */
import { readFileSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { writeFileDurably } from '../durable-file';
import type { BusEvent } from './put-events';

/** One rule target an event is owed to. */
export interface DeliveryKey {
  readonly ruleId: string;
  readonly functionId: string;
}

/** An accepted event and the deliveries of it not finished yet. */
export interface JournaledEvent {
  readonly event: BusEvent;
  readonly busName: string;
  /** When PutEvents received it (ms since the epoch): event age counts from here after a restart too. */
  readonly receivedAt: number;
  readonly deliveries: readonly DeliveryKey[];
  /** The PutEvents entry's `TraceHeader`, when it had a valid one. */
  readonly traceHeader?: string;
}

export type DeliveryOutcome = 'delivered' | 'parked';

type JournalLine =
  | ({ readonly kind: 'accepted' } & JournaledEvent)
  | ({
      readonly kind: 'finished';
      readonly eventId: string;
      readonly outcome: DeliveryOutcome;
    } & DeliveryKey);

/** What a journal file holds: the deliveries still owed, oldest event first. */
export interface JournalContents {
  readonly pending: readonly JournaledEvent[];
  /** Lines that were not journal lines (a line torn by a crash mid-write). */
  readonly skippedLines: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isString = (value: unknown): value is string => typeof value === 'string';

function isBusEvent(value: unknown): value is BusEvent {
  return (
    isRecord(value) &&
    value.version === '0' &&
    isString(value.id) &&
    isString(value['detail-type']) &&
    isString(value.source) &&
    isString(value.account) &&
    isString(value.time) &&
    isString(value.region) &&
    Array.isArray(value.resources) &&
    value.resources.every(isString) &&
    isRecord(value.detail)
  );
}

function isDeliveryKey(value: unknown): value is DeliveryKey {
  return isRecord(value) && isString(value.ruleId) && isString(value.functionId);
}

function parseLine(line: string): JournalLine | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  if (
    value.kind === 'accepted' &&
    isBusEvent(value.event) &&
    isString(value.busName) &&
    typeof value.receivedAt === 'number' &&
    Array.isArray(value.deliveries) &&
    value.deliveries.every(isDeliveryKey)
  ) {
    return {
      kind: 'accepted',
      event: value.event,
      busName: value.busName,
      receivedAt: value.receivedAt,
      deliveries: value.deliveries,
      ...(isString(value.traceHeader) ? { traceHeader: value.traceHeader } : {}),
    };
  }
  if (
    value.kind === 'finished' &&
    isString(value.eventId) &&
    isDeliveryKey(value) &&
    (value.outcome === 'delivered' || value.outcome === 'parked')
  ) {
    return {
      kind: 'finished',
      eventId: value.eventId,
      ruleId: value.ruleId,
      functionId: value.functionId,
      outcome: value.outcome,
    };
  }
  return undefined;
}

const keyOf = (key: DeliveryKey): string => `${key.ruleId}\n${key.functionId}`;

/** Events and the deliveries of them still owed, in the order they were accepted. */
class Owed {
  readonly #events = new Map<string, { entry: JournaledEvent; open: Map<string, DeliveryKey> }>();

  accept(entry: JournaledEvent): void {
    const open = new Map(entry.deliveries.map((key) => [keyOf(key), key]));
    if (open.size === 0) return;
    // Accepted again (a journal rewritten while a line was also appended): the newer line wins.
    this.#events.delete(entry.event.id);
    this.#events.set(entry.event.id, { entry, open });
  }

  finish(eventId: string, key: DeliveryKey): void {
    const owed = this.#events.get(eventId);
    if (owed === undefined) return;
    owed.open.delete(keyOf(key));
    if (owed.open.size === 0) this.#events.delete(eventId);
  }

  /** The deliveries of an event still owed (none when the event is not owed anything). */
  open(eventId: string): DeliveryKey[] {
    return [...(this.#events.get(eventId)?.open.values() ?? [])];
  }

  list(): JournaledEvent[] {
    return [...this.#events.values()].map(({ entry, open }) => ({
      event: entry.event,
      busName: entry.busName,
      receivedAt: entry.receivedAt,
      deliveries: [...open.values()],
      ...(entry.traceHeader === undefined ? {} : { traceHeader: entry.traceHeader }),
    }));
  }
}

/** Folds a journal's text into what is still owed (pure: the unit of the journal's replay). */
export function readJournal(text: string): JournalContents {
  const owed = new Owed();
  let skippedLines = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const parsed = parseLine(line);
    if (parsed === undefined) skippedLines += 1;
    else if (parsed.kind === 'accepted') owed.accept(parsed);
    else owed.finish(parsed.eventId, parsed);
  }
  return { pending: owed.list(), skippedLines };
}

const acceptedLine = (entry: JournaledEvent): string =>
  `${JSON.stringify({
    kind: 'accepted',
    event: entry.event,
    busName: entry.busName,
    receivedAt: entry.receivedAt,
    deliveries: entry.deliveries.map(({ ruleId, functionId }) => ({ ruleId, functionId })),
    ...(entry.traceHeader === undefined ? {} : { traceHeader: entry.traceHeader }),
  })}\n`;

export interface EventJournalOptions {
  /** Rewrite the file with only what is owed once it has grown by this much. Default 4 MiB. */
  readonly compactAfterBytes?: number;
  /** Told when a `finished` line could not be written (its delivery will be made again). */
  readonly onError?: (error: unknown) => void;
}

interface Write {
  readonly text: string;
  readonly done?: { resolve(): void; reject(error: unknown): void };
}

export class EventJournal {
  readonly path: string;
  /** What the file owed when it was opened: the deliveries to make again. */
  readonly recovered: JournalContents;
  readonly #compactAfterBytes: number;
  readonly #onError: (error: unknown) => void;
  readonly #owed = new Owed();
  #handle: FileHandle;
  #queue: Write[] = [];
  #draining: Promise<void> | undefined;
  #grownBytes = 0;
  /** A write failed part way: the next one starts on a new line, so the torn one cannot swallow it. */
  #tornTail = false;
  /** The file was compacted but could not be opened again: reopen before the next write. */
  #mustReopen = false;
  #closed = false;

  private constructor(
    path: string,
    handle: FileHandle,
    recovered: JournalContents,
    options: EventJournalOptions,
  ) {
    this.path = path;
    this.#handle = handle;
    this.recovered = recovered;
    this.#compactAfterBytes = options.compactAfterBytes ?? 4 * 1024 * 1024;
    this.#onError = options.onError ?? (() => {});
    for (const entry of recovered.pending) this.#owed.accept(entry);
  }

  /** Reads and compacts the journal at `path` (a missing file is an empty journal), then opens it for appending. */
  static async open(path: string, options: EventJournalOptions = {}): Promise<EventJournal> {
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const recovered = readJournal(text);
    writeFileDurably(path, recovered.pending.map(acceptedLine).join(''));
    const handle = await open(path, 'a');
    return new EventJournal(path, handle, recovered, options);
  }

  /** Every delivery still owed, as the file would be compacted now. */
  pending(): JournaledEvent[] {
    return this.#owed.list();
  }

  /** The deliveries of one event still owed. */
  owed(eventId: string): DeliveryKey[] {
    return this.#owed.open(eventId);
  }

  /** Resolves once the events are on disk (written and fsync'd); rejects when they could not be. */
  accept(entries: readonly JournaledEvent[]): Promise<void> {
    const owed = entries.filter((entry) => entry.deliveries.length > 0);
    if (owed.length === 0) return Promise.resolve();
    if (this.#closed) return Promise.reject(new Error('the event journal is closed'));
    return new Promise((resolve, reject) => {
      this.#queue.push({
        text: owed.map(acceptedLine).join(''),
        done: {
          resolve: () => {
            for (const entry of owed) this.#owed.accept(entry);
            resolve();
          },
          reject,
        },
      });
      this.#drain();
    });
  }

  /** Records that a delivery is over (delivered, or parked); does not wait for the disk. */
  finish(eventId: string, key: DeliveryKey, outcome: DeliveryOutcome): void {
    this.#owed.finish(eventId, key);
    if (this.#closed) return;
    const { ruleId, functionId } = key;
    this.#queue.push({
      text: `${JSON.stringify({ kind: 'finished', eventId, ruleId, functionId, outcome })}\n`,
    });
    this.#drain();
  }

  /** Writes what is queued, then closes the file. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    while (this.#draining !== undefined) await this.#draining;
    await this.#handle.close().catch(() => undefined);
  }

  #drain(): void {
    if (this.#draining !== undefined) return;
    this.#draining = this.#writeAll().finally(() => {
      this.#draining = undefined;
      // Queued after the last loop looked, before this ran: write it too.
      if (this.#queue.length > 0) this.#drain();
    });
  }

  async #writeAll(): Promise<void> {
    while (this.#queue.length > 0) {
      // Everything queued while the last fsync ran goes out in one write and one fsync.
      const batch = this.#queue.splice(0);
      const text = (this.#tornTail ? '\n' : '') + batch.map((write) => write.text).join('');
      try {
        if (this.#mustReopen) {
          this.#handle = await open(this.path, 'a');
          this.#mustReopen = false;
        }
        await this.#handle.write(text);
        await this.#handle.sync();
        this.#tornTail = false;
        this.#grownBytes += Buffer.byteLength(text);
        for (const write of batch) write.done?.resolve();
      } catch (error) {
        this.#tornTail = true;
        for (const write of batch) {
          if (write.done) write.done.reject(error);
          else this.#onError(error);
        }
      }
      if (this.#grownBytes >= this.#compactAfterBytes) await this.#compact();
    }
  }

  /** Rewrites the file with only what is owed; runs between writes, so nothing is appended meanwhile. */
  async #compact(): Promise<void> {
    try {
      writeFileDurably(this.path, this.#owed.list().map(acceptedLine).join(''));
    } catch (error) {
      // The long file is still whole and correct; try again after the next write.
      this.#onError(error);
      return;
    }
    this.#grownBytes = 0;
    this.#tornTail = false;
    // The old handle now writes to the replaced file: never use it again.
    await this.#handle.close().catch(() => undefined);
    try {
      this.#handle = await open(this.path, 'a');
    } catch (error) {
      this.#mustReopen = true;
      this.#onError(error);
    }
  }
}
