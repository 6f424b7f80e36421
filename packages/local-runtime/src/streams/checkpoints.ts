/**
 * Where an event source mapping is in each shard: the sequence number of the last record it is done
 * with (delivered, or parked). Like a real mapping's position it outlives a restart when kept in a
 * file: `dev up --persist DIR` keeps the tables' streams, and the pollers go on after the last
 * record they finished instead of delivering the stream again from its start (TRIM_HORIZON) or
 * missing what was written while `dev` was down (LATEST).
 */
import { readFileSync } from 'node:fs';
import { writeFileDurably } from '../durable-file';

export interface CheckpointStore {
  get(mappingId: string, streamArn: string, shardId: string): string | undefined;
  set(mappingId: string, streamArn: string, shardId: string, sequenceNumber: string): void;
}

function key(mappingId: string, streamArn: string, shardId: string): string {
  return `${mappingId} ${streamArn} ${shardId}`;
}

/** Checkpoints for one run (the default). */
export class MemoryCheckpointStore implements CheckpointStore {
  protected readonly positions = new Map<string, string>();

  get(mappingId: string, streamArn: string, shardId: string): string | undefined {
    return this.positions.get(key(mappingId, streamArn, shardId));
  }

  set(mappingId: string, streamArn: string, shardId: string, sequenceNumber: string): void {
    this.positions.set(key(mappingId, streamArn, shardId), sequenceNumber);
  }
}

/**
 * Checkpoints in a JSON file, written on every change, atomically and durably: a temporary file,
 * fsync'd, renamed over the old one, the directory fsync'd. A crash (even a power cut) leaves the
 * old checkpoint or the new one, never a torn file; and the poller checkpoints only after the
 * function succeeded (or the records were parked), so the worst a crash does is deliver the last
 * batch again. A missing or unreadable file starts empty.
 */
export class FileCheckpointStore extends MemoryCheckpointStore {
  readonly #path: string;

  constructor(path: string) {
    super();
    this.#path = path;
    try {
      const saved: unknown = JSON.parse(readFileSync(path, 'utf8'));
      if (saved !== null && typeof saved === 'object') {
        for (const [name, value] of Object.entries(saved)) {
          if (typeof value === 'string') this.positions.set(name, value);
        }
      }
    } catch {
      // No checkpoints yet (or a damaged file): start from the mappings' starting positions.
    }
  }

  override set(mappingId: string, streamArn: string, shardId: string, sequenceNumber: string): void {
    super.set(mappingId, streamArn, shardId, sequenceNumber);
    writeFileDurably(this.#path, `${JSON.stringify(Object.fromEntries(this.positions), null, 2)}\n`);
  }
}
