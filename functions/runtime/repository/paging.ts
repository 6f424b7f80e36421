/**
 * What every listing of the repository shares: the page a caller asks for (1..100 items, 25 by
 * default, and the cursor of the page before), and the order, newest first. Ids are
 * `<prefix>-<ULID>` and a ULID starts with its creation time, so newest first is descending id
 * order, the order DynamoDB returns a GSI partition whose sort key is `id` when asked backwards.
 */
import { InvalidLimitError } from './errors';

export type { Page } from '../pagination';

export interface PageRequest {
  /** 1..100, default 25. */
  limit?: number;
  cursor?: string;
}

export const DEFAULT_PAGE_LIMIT = 25;
export const MAX_PAGE_LIMIT = 100;

/** The page size asked for; {@link InvalidLimitError} (422) outside 1..100. */
export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT)
    throw new InvalidLimitError(1, MAX_PAGE_LIMIT);
  return limit;
}

/** Sorts ids newest first: descending in code-unit order, DynamoDB's order of string sort keys for ids' ASCII. */
export function compareIdsNewestFirst(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}
