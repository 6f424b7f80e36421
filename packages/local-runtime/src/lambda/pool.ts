/**
 * A function's execution environments: reuse an idle one (the most recently used, so it stays
 * warm), start a new one while under the concurrency cap, else queue. Dead environments (timed
 * out, crashed) are dropped and replaced on demand. A retired pool (the function's code was
 * replaced: `dev up --watch`) takes no more work and hands each environment back to be ended once
 * its invocation is over.
 */

export interface Disposable {
  readonly dead: boolean;
}

export interface PoolStats {
  /** Environments alive. */
  readonly environments: number;
  /** Of those, running an invocation. */
  readonly busy: number;
  /** Invocations waiting for an environment. */
  readonly queued: number;
}

/** The pool was retired: the caller should take an environment from the pool that replaced it. */
export class PoolRetiredError extends Error {
  override readonly name = 'PoolRetiredError';
}

export class Pool<T extends Disposable> {
  readonly #create: () => T;
  readonly #capacity: number;
  readonly #all = new Set<T>();
  readonly #idle: T[] = [];
  readonly #waiting: Array<{ resolve: (item: T) => void; reject: (error: Error) => void }> = [];
  #closed = false;
  /** Set by {@link retire}: where environments go once they are no longer in use. */
  #retiredTo: ((item: T) => void) | undefined;

  constructor(create: () => T, capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`pool capacity must be 1 or more, got ${capacity}`);
    this.#create = create;
    this.#capacity = capacity;
  }

  /** Runs `use` with an environment of its own; gives it back (or drops it, when dead) afterwards. */
  async with<R>(use: (item: T) => Promise<R>): Promise<R> {
    const item = await this.#acquire();
    try {
      return await use(item);
    } finally {
      this.#release(item);
    }
  }

  stats(): PoolStats {
    this.#prune();
    return {
      environments: this.#all.size,
      busy: this.#all.size - this.#idle.length,
      queued: this.#waiting.length,
    };
  }

  /**
   * Takes no more work: queued callers get {@link PoolRetiredError}, idle environments go to `end`
   * now and busy ones when their invocation is over (so it finishes on the code it started on).
   */
  retire(end: (item: T) => void): void {
    if (this.#closed || this.#retiredTo !== undefined) return;
    this.#retiredTo = end;
    for (const waiter of this.#waiting.splice(0)) waiter.reject(new PoolRetiredError('the pool was retired'));
    for (const item of this.#idle.splice(0)) {
      this.#all.delete(item);
      end(item);
    }
  }

  /**
   * Starts an environment ahead of the first invocation when there is none: its init (the cold
   * start) runs now, and the first invocation still reports it. Returns it, or undefined.
   */
  prewarm(): T | undefined {
    if (this.#closed || this.#retiredTo !== undefined || this.#all.size > 0) return undefined;
    const item = this.#start();
    this.#idle.push(item);
    return item;
  }

  /** Whether a retired pool still has environments in use. */
  get draining(): boolean {
    return this.#retiredTo !== undefined && this.#all.size > 0;
  }

  /** Every environment alive; refuses new work, fails queued work. */
  close(): T[] {
    this.#closed = true;
    for (const waiter of this.#waiting.splice(0)) waiter.reject(new Error('the Lambda runner was closed'));
    const all = [...this.#all];
    this.#all.clear();
    this.#idle.length = 0;
    return all;
  }

  #prune(): void {
    for (let index = this.#idle.length - 1; index >= 0; index -= 1) {
      const item = this.#idle[index];
      if (item?.dead) {
        this.#idle.splice(index, 1);
        this.#all.delete(item);
      }
    }
  }

  #acquire(): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('the Lambda runner was closed'));
    if (this.#retiredTo !== undefined) return Promise.reject(new PoolRetiredError('the pool was retired'));
    this.#prune();
    const idle = this.#idle.pop();
    if (idle !== undefined) return Promise.resolve(idle);
    if (this.#all.size < this.#capacity) return Promise.resolve(this.#start());
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  #start(): T {
    const item = this.#create();
    this.#all.add(item);
    return item;
  }

  #release(item: T): void {
    if (item.dead) this.#all.delete(item);
    if (this.#closed) return;
    if (this.#retiredTo !== undefined) {
      this.#all.delete(item);
      if (!item.dead) this.#retiredTo(item);
      return;
    }
    const waiter = this.#waiting.shift();
    if (waiter !== undefined) {
      waiter.resolve(item.dead ? this.#start() : item);
      return;
    }
    if (!item.dead) this.#idle.push(item);
  }
}
