/**
 * What the console shows of the running system: every entry the local runtime reports (requests,
 * stream batches, events, deliveries, function records), with personal data taken out, numbered,
 * tagged with the traces it belongs to, and kept in a bounded window for pages that connect later.
 *
 * Personal data: the specs mark fields `personal_data`; a function's structured record and an
 * event's detail are redacted by those field names at any depth (functions/runtime/redact.ts, the
 * same redaction the deployed logger applies), and free text (a function's console output, an error
 * message) has `"<name>": "<value>"` and `<name>=<value>` pairs of those names masked. Requests show
 * the path as the access log does (segments that are neither the API's literals nor ids are `*`).
 * A unique index's guard item has the indexed value in its key (`_unique#ix_user__email#<email>`):
 * a stream record's key of a guard of an index over a personal field shows the value as redacted.
 */
import type { LogEntry } from '@tributary/local-runtime';
import { textLine, traceIdOf, verboseOnly } from '@tributary/local-runtime';
import { GUARD_KEY_PREFIX, INDEX_NAME_PREFIX } from '../../functions/runtime/conventions';
import { REDACTED, redact } from '../../functions/runtime/redact';

/** One entry as the page gets it. */
export interface ConsoleEntry {
  /** 1, 2, 3 ... in the order the runtime reported them: the SSE event id. */
  readonly seq: number;
  /** When it happened (the entry's `at`). */
  readonly at: string;
  /** The X-Ray trace roots (`1-<8 hex>-<24 hex>`) the entry belongs to; a stream batch may hold several. */
  readonly traces: readonly string[];
  /** The entry's type: request, stream, event, delivery, function, message, ... */
  readonly kind: string;
  /** One line for people, as `dev up` prints it (redacted). */
  readonly text: string;
  /** Shown only when asked for, as `dev up --verbose` does: DEBUG records, metric blobs, REPORT lines. */
  readonly verbose: boolean;
  /** The entry itself, redacted. */
  readonly entry: Readonly<Record<string, unknown>>;
}

export interface ConsoleFeedOptions {
  /** The field and parameter names annotated `personal_data` in any spec. */
  readonly personalFields: Iterable<string>;
  /**
   * How many entries a page that connects later still gets.
   * @default 2000
   */
  readonly window?: number;
}

/** The default of {@link ConsoleFeedOptions.window}. */
export const DEFAULT_FEED_WINDOW = 2000;

/** The traces an entry belongs to: its own, its records' (a stream batch) and its record's (a function's log). */
export function tracesOf(entry: Readonly<Record<string, unknown>>): string[] {
  const found = new Set<string>();
  const add = (value: unknown) => {
    // A trace header (`Root=...;Parent=...`) or a bare root, as the runtime's entries carry them.
    const root = typeof value === 'string' ? traceIdOf(value) : undefined;
    if (root !== undefined) found.add(root);
  };
  add(entry.traceId);
  const { records, record } = entry;
  if (Array.isArray(records)) {
    for (const item of records)
      if (typeof item === 'object' && item !== null) add((item as { traceId?: unknown }).traceId);
  }
  if (typeof record === 'object' && record !== null)
    add((record as { xray_trace_id?: unknown }).xray_trace_id);
  return [...found];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Masks the values of personal fields in free text: `"email": "a@b.c"`, `"email":42`, `email=a@b.c`.
 * Text cannot be redacted exactly; this catches what logs and JSON put there, the structured fields
 * are redacted exactly.
 */
export function redactText(text: string, personalFields: readonly string[]): string {
  if (personalFields.length === 0) return text;
  const names = personalFields.map(escapeRegExp).join('|');
  const quoted = new RegExp(`("(?:${names})"\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*"|[^,}\\]\\s]+)`, 'g');
  const assigned = new RegExp(`(\\b(?:${names})=)("(?:[^"\\\\]|\\\\.)*"|\\S+)`, 'g');
  return text.replace(quoted, `$1"${REDACTED}"`).replace(assigned, `$1${REDACTED}`);
}

/**
 * A guard item's key (`_unique#<index name>#<value>`) with the value redacted when the index covers
 * a personal field (the index name is `ix_<resource>__<field>[__<field>...]`); any other text as it is.
 */
export function redactGuardKey(text: string, personalFields: ReadonlySet<string>): string {
  if (!text.startsWith(GUARD_KEY_PREFIX)) return text;
  const rest = text.slice(GUARD_KEY_PREFIX.length);
  const hash = rest.indexOf('#');
  const index = hash < 0 ? rest : rest.slice(0, hash);
  if (!index.startsWith(INDEX_NAME_PREFIX)) return text;
  const fields = index.slice(INDEX_NAME_PREFIX.length).split('__').slice(1);
  return fields.some((field) => personalFields.has(field)) ? `${GUARD_KEY_PREFIX}${index}#${REDACTED}` : text;
}

/** The entry with every personal value out: structured fields by name, strings by {@link redactText}. */
export function redactEntry(entry: LogEntry, personalFields: readonly string[]): Record<string, unknown> {
  const names = new Set(personalFields);
  const structured = redact(entry, names) as Record<string, unknown>;
  return deepMapStrings(structured, (text) =>
    redactText(redactGuardKey(text, names), personalFields),
  ) as Record<string, unknown>;
}

function deepMapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => deepMapStrings(item, map));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, deepMapStrings(item, map)]));
  }
  return value;
}

type Listener = (entry: ConsoleEntry) => void;

/** The console's window of what happened, and who is told of each new entry. */
export class ConsoleFeed {
  readonly #personalFields: readonly string[];
  readonly #window: number;
  readonly #entries: ConsoleEntry[] = [];
  readonly #listeners = new Set<Listener>();
  #seq = 0;

  constructor(options: ConsoleFeedOptions) {
    // Longest first, so `email_address` is masked whole where `email` is also personal.
    this.#personalFields = [...new Set(options.personalFields)].sort((a, b) => b.length - a.length);
    this.#window = options.window ?? DEFAULT_FEED_WINDOW;
  }

  /** Takes one entry of the runtime; returns it as the page sees it. */
  add(entry: LogEntry): ConsoleEntry {
    const redacted = redactEntry(entry, this.#personalFields);
    this.#seq += 1;
    const shown: ConsoleEntry = {
      seq: this.#seq,
      at: entry.at,
      traces: tracesOf(redacted),
      kind: entry.type,
      verbose: verboseOnly(entry),
      // The redacted entry has the entry's shape: only values were replaced.
      text: textLine(redacted as unknown as LogEntry),
      entry: redacted,
    };
    this.#entries.push(shown);
    if (this.#entries.length > this.#window) this.#entries.splice(0, this.#entries.length - this.#window);
    for (const listener of this.#listeners) listener(shown);
    return shown;
  }

  /** The entries still in the window after `seq` (all of them by default), oldest first. */
  since(seq = 0): ConsoleEntry[] {
    return this.#entries.filter((entry) => entry.seq > seq);
  }

  /** Calls `listener` with each new entry until the returned function is called. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** How many pages listen (tests). */
  get listeners(): number {
    return this.#listeners.size;
  }
}
