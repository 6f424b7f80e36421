/**
 * Saved files under some folders of the project, in bursts: one `fs.watch` per folder (recursive
 * by hand, so it behaves the same on every Node.js and platform: a folder created later is watched
 * from then on, with whatever was written in it meanwhile), and the paths changed reported once no
 * save came for `quietMs` (an editor's save is several writes and renames; a `git checkout` is
 * hundreds), or at the latest after `maxWaitMs`.
 */
import { type Dirent, type FSWatcher, readdirSync, statSync, watch } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface WatcherOptions {
  /** The project root: paths are reported relative to it, `/`-separated. */
  readonly root: string;
  /** Folders to watch, relative to the root (missing ones are skipped). */
  readonly folders: readonly string[];
  /** Quiet time that ends a burst; default 100 ms. */
  readonly quietMs?: number;
  /** Longest a burst is held; default 1 s. */
  readonly maxWaitMs?: number;
  /** Folder names not to descend into. Default: node_modules and hidden folders. */
  readonly skipFolder?: (name: string) => boolean;
  /** A burst of changed paths (sorted, each once). */
  readonly onBurst: (paths: string[]) => void;
  /** A folder that cannot be watched (too many watches, permissions). */
  readonly onError?: (error: Error) => void;
}

export const DEFAULT_QUIET_MS = 100;
export const DEFAULT_MAX_WAIT_MS = 1_000;

const defaultSkip = (name: string) => name === 'node_modules' || name.startsWith('.');

export class FolderWatcher {
  readonly #options: WatcherOptions;
  readonly #watchers = new Map<string, FSWatcher>();
  readonly #pending = new Set<string>();
  #quietTimer: NodeJS.Timeout | undefined;
  #maxTimer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: WatcherOptions) {
    this.#options = options;
    for (const folder of options.folders) this.#watchTree(join(options.root, folder), false);
  }

  /** How many folders are watched. */
  get folders(): number {
    return this.#watchers.size;
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#quietTimer);
    clearTimeout(this.#maxTimer);
    for (const watcher of this.#watchers.values()) watcher.close();
    this.#watchers.clear();
    this.#pending.clear();
  }

  /** Watches `dir` and every folder below it; `report`: its files are news (a folder just created). */
  #watchTree(dir: string, report: boolean): void {
    if (this.#closed || this.#watchers.has(dir)) return;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    try {
      const watcher = watch(dir, { persistent: false }, (_event, name) => {
        if (name !== null) this.#changed(join(dir, name.toString()));
      });
      watcher.on('error', () => {
        // The folder went away (its parent reports the name): stop watching it.
        watcher.close();
        this.#watchers.delete(dir);
      });
      this.#watchers.set(dir, watcher);
    } catch (error) {
      this.#options.onError?.(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    const skip = this.#options.skipFolder ?? defaultSkip;
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!skip(entry.name)) this.#watchTree(path, report);
      } else if (report) {
        this.#add(path);
      }
    }
  }

  #changed(path: string): void {
    if (this.#closed) return;
    let isFolder = false;
    try {
      isFolder = statSync(path).isDirectory();
    } catch {
      // Deleted (or renamed away): a change all the same.
    }
    if (isFolder) {
      const name = path.slice(path.lastIndexOf(sep) + 1);
      if (!(this.#options.skipFolder ?? defaultSkip)(name)) this.#watchTree(path, true);
      return;
    }
    const watcher = this.#watchers.get(path);
    if (watcher !== undefined) {
      // A watched folder that is gone.
      watcher.close();
      this.#watchers.delete(path);
    }
    this.#add(path);
  }

  #add(path: string): void {
    this.#pending.add(relative(this.#options.root, path).split(sep).join('/'));
    clearTimeout(this.#quietTimer);
    this.#quietTimer = setTimeout(() => this.#flush(), this.#options.quietMs ?? DEFAULT_QUIET_MS);
    this.#maxTimer ??= setTimeout(() => this.#flush(), this.#options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS);
  }

  #flush(): void {
    clearTimeout(this.#quietTimer);
    clearTimeout(this.#maxTimer);
    this.#quietTimer = undefined;
    this.#maxTimer = undefined;
    if (this.#closed || this.#pending.size === 0) return;
    const paths = [...this.#pending].sort();
    this.#pending.clear();
    this.#options.onBurst(paths);
  }
}
