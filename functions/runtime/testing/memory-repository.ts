/**
 * The repository in memory, for tests and fakes: {@link ResourceRepository} itself over a
 * {@link MemoryTableStore} instead of DynamoDB. Never imported by deployed code.
 *
 * Being the real repository, it has its API, its errors and its rules by construction, not by
 * imitation: ids `<prefix>-<ULID>` from the clock, `version` 1 then +1 per write, `hash_code` (a
 * replace whose content is unchanged writes nothing), every write conditional on the version read
 * ({@link VersionConflictError} for a concurrent writer or a stale `expectedVersion`,
 * {@link ItemNotFoundError}), unique indexes by guard items ({@link UniqueConstraintError}), sparse and
 * case-folded index values, list shards and cursors ({@link InvalidCursorError},
 * {@link InvalidLimitError}), items over 400 KB refused with {@link ItemTooLargeError} (413). What the
 * store emulates of DynamoDB, and what it does not, is memory-table-store.ts's.
 * test/functions/runtime/testing/repository-contract.local.test.ts still runs the same cases against
 * both, on DynamoDB Local, and random sequences of operations side by side: it is now a test of the
 * store.
 *
 * Besides the real API: {@link MemoryRepository.seed} (store at once, synchronously: a fake's seed
 * data), {@link MemoryRepository.all} and {@link MemoryRepository.size}.
 */
import { type Clock, systemClock } from '../clock';
import { ID_ATTRIBUTE, TYPE_ATTRIBUTE } from '../conventions';
import type { RepositoryConfig } from '../repository';
import { defineResource, type ResourceDefinition } from '../repository/definition';
import { compareIdsNewestFirst } from '../repository/paging';
import { createFailure, planCreate, ResourceRepository } from '../repository/resource-repository';
import { toResource } from '../repository/stored-item';
import type { Item } from '../repository/table-store';
import { writeFailure } from '../repository/writes';
import { currentTraceHeader } from '../trace-context';
import { MemoryTableStore } from './memory-table-store';

export { DynamoDbValidationError } from './memory-table-store';

/** What a memory repository needs: the real one's configuration, less the table it does not use. */
export type MemoryRepositoryConfig<T> = Omit<RepositoryConfig<T>, 'client' | 'tableName'>;

export class MemoryRepository<
  T extends { id: string; version: number },
  F extends object,
> extends ResourceRepository<T, F> {
  readonly #store: MemoryTableStore;
  readonly #definition: ResourceDefinition<T>;
  readonly #clock: Clock;
  readonly #traceHeader: () => string | undefined;

  constructor(config: MemoryRepositoryConfig<T>) {
    const store = new MemoryTableStore();
    super({ ...config, store });
    this.#store = store;
    this.#definition = defineResource(config);
    this.#clock = config.clock ?? systemClock;
    this.#traceHeader = config.traceHeader ?? (() => currentTraceHeader());
  }

  // ---- for tests: what the real repository has no use for --------------------------------------

  /**
   * Stores a new item at once (no turn passes): what a fake's seed data goes through. The very
   * writes of {@link create}: a fresh id from the clock, version 1, the trace kept, unique indexes
   * enforced.
   */
  seed(fields: F): T {
    const plan = planCreate(this.#definition, fields, this.#clock, this.#traceHeader());
    const reasons = this.#store.writeNow(plan.actions.map((action) => action.write));
    if (reasons !== undefined)
      throw createFailure(this.#definition, plan.id, writeFailure(plan.actions, reasons));
    return toResource(this.#definition, plan.item);
  }

  /** Every item, newest first. */
  all(): T[] {
    return this.#stored().map((item) => toResource(this.#definition, item));
  }

  /** How many items there are. */
  get size(): number {
    return this.#stored().length;
  }

  /** The resource's items (not its guards), newest first. */
  #stored(): Item[] {
    return this.#store
      .items()
      .filter((item) => item[TYPE_ATTRIBUTE] === this.#definition.resource)
      .sort((a, b) => compareIdsNewestFirst(String(a[ID_ATTRIBUTE]), String(b[ID_ATTRIBUTE])));
  }
}
