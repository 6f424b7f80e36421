/**
 * Replacing a file so that a crash, even a power cut, leaves the old content or the new one and
 * never a torn file: the text goes to a temporary file, which is fsync'd and renamed over the old
 * one, and the directory is fsync'd so the rename itself is on disk. What `dev up --persist` keeps
 * between runs (stream checkpoints, the bus's journal) is written this way.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Makes a rename (or a new file) in `dir` durable; a no-op where directories cannot be opened (Windows). */
export function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Not supported on this platform: the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Replaces `path` with `text` atomically and durably (its directory is created when missing). */
export function writeFileDurably(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    writeFileSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  fsyncDirectory(dirname(path));
}
