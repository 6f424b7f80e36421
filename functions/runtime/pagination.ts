/**
 * How list operations page. The body of a list response is the array the spec declares; the
 * cursor of the next page travels in this response header, absent on the last page. Clients
 * send it back as the `cursor` query parameter.
 */
export const NEXT_CURSOR_HEADER = 'x-next-cursor';

/** One page of a list, as clients and repositories see it. */
export interface Page<T> {
  readonly items: T[];
  /** Pass as `cursor` to get the next page; undefined on the last page. */
  readonly cursor?: string;
}

/** The response headers of a list page. */
export function pageHeaders(cursor: string | undefined): Record<string, string> {
  return cursor === undefined ? {} : { [NEXT_CURSOR_HEADER]: cursor };
}
