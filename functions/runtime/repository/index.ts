/**
 * The repository: one resource of a service in the service's one DynamoDB table. The generated
 * repositories (functions/<service>/generated/repository.ts) extend {@link ResourceRepository};
 * handlers and domain code catch its errors. One concept per file (README.md of functions/runtime
 * lists them); this index is the public surface, and nothing outside functions/runtime should need
 * to reach past it.
 */
export type { IndexConfig } from './definition';
export {
  InvalidCursorError,
  InvalidLimitError,
  ItemNotFoundError,
  ItemTooLargeError,
  UniqueConstraintError,
  VersionConflictError,
} from './errors';
export { foldIndexCase, type IndexValues } from './index-values';
export {
  compareIdsNewestFirst,
  DEFAULT_PAGE_LIMIT,
  MAX_PAGE_LIMIT,
  type Page,
  type PageRequest,
} from './paging';
export { type RepositoryConfig, ResourceRepository } from './resource-repository';
