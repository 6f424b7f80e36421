/**
 * The five standard operations of a stored resource, over its repository: what a generated
 * service runs when nobody wrote an implementation (lib/codegen/standard.ts decides which
 * operations have the standard shape and generates the one-line calls to these).
 *
 * - get: the item, or 404;
 * - list: a page, newest first, the next cursor in `x-next-cursor`; filters on indexed fields use
 *   the index whose fields are exactly the filters given (a unique one reads its guard, strongly
 *   consistent, and has no further page);
 * - create: stores the form's fields (defaults applied by the fields schema), 201 with a `location`;
 * - replace: a full replace (no write, no event when nothing changed), 404 / 409 from the repository;
 * - delete: 204 (or the deleted item when the spec answers 200 with it), 404 when there is none.
 *
 * Errors are the repository's HttpErrors (404 ItemNotFound, 409 conflicts, 422 cursors), so nothing
 * here maps errors.
 */
import { notFound, validationFailed } from './errors';
import { pageHeaders } from './pagination';
import { InvalidCursorError, type Page, type PageRequest } from './repository';

/** The repository methods the standard operations use (a generated repository has them). */
export interface StandardRepository<T, F> {
  get(id: string): Promise<T | undefined>;
  list(page?: PageRequest): Promise<Page<T>>;
  findOne(index: string, values: Record<string, unknown>): Promise<T | undefined>;
  findAll(index: string, values: Record<string, unknown>, page?: PageRequest): Promise<Page<T>>;
  create(fields: F): Promise<T>;
  replace(id: string, fields: F): Promise<T>;
  delete(id: string): Promise<T | undefined>;
}

/** An index a list may filter by: its name, its fields, and whether it is unique. */
export interface ListFilterIndex {
  readonly name: string;
  readonly fields: readonly string[];
  readonly unique: boolean;
}

/** `GET <path>/:id`: the item, or 404 naming the resource. */
export async function getItem<T>(
  repository: Pick<StandardRepository<T, unknown>, 'get'>,
  resource: string,
  id: string,
): Promise<{ readonly status: 200; readonly body: T }> {
  const item = await repository.get(id);
  if (item === undefined) throw notFound(resource);
  return { status: 200, body: item };
}

/**
 * `GET <path>`: a page. `query` holds `limit`, `cursor` and the filters; a filter left out is
 * `undefined`. The filters given must be exactly the fields of one of `indexes` (422 naming the
 * combinations that are, otherwise).
 */
export async function listItems<T>(
  repository: Pick<StandardRepository<T, unknown>, 'list' | 'findOne' | 'findAll'>,
  query: Readonly<Record<string, unknown>>,
  indexes: readonly ListFilterIndex[],
): Promise<{ readonly status: 200; readonly body: T[]; readonly headers: Record<string, string> }> {
  const { limit, cursor, ...filters } = query;
  const page: PageRequest = {
    ...(typeof limit === 'number' ? { limit } : {}),
    ...(typeof cursor === 'string' ? { cursor } : {}),
  };
  const given = Object.entries(filters).filter(([, value]) => value !== undefined);
  let result: Page<T>;
  if (given.length === 0) {
    result = await repository.list(page);
  } else {
    const names = new Set(given.map(([name]) => name));
    const index = indexes.find(
      (candidate) => candidate.fields.length === names.size && candidate.fields.every((f) => names.has(f)),
    );
    if (index === undefined) {
      const combinations = indexes.map((candidate) => candidate.fields.join(' + ')).join('; ');
      throw validationFailed([`query: filter by exactly one of these combinations: ${combinations}`]);
    }
    const values = Object.fromEntries(given);
    if (index.unique) {
      // One item at most: there is no next page, so no cursor can belong to this listing.
      if (page.cursor !== undefined) throw new InvalidCursorError();
      const item = await repository.findOne(index.name, values);
      result = { items: item === undefined ? [] : [item] };
    } else {
      result = await repository.findAll(index.name, values, page);
    }
  }
  return { status: 200, body: result.items, headers: pageHeaders(result.cursor) };
}

/** `POST <path>`: stores a new item from `fields` (the form, defaults applied); its `location` is `<path>/<id>`. */
export async function createItem<T extends { readonly id: string }, F, Status extends number>(
  repository: Pick<StandardRepository<T, F>, 'create'>,
  fields: F,
  collectionPath: string,
  status: Status,
): Promise<{ readonly status: Status; readonly body: T; readonly headers: Record<string, string> }> {
  const item = await repository.create(fields);
  return { status, body: item, headers: { location: `${collectionPath}/${encodeURIComponent(item.id)}` } };
}

/** `PUT <path>/:id`: replaces the item's fields; 404 when there is none, 409 on a concurrent change. */
export async function replaceItem<T, F>(
  repository: Pick<StandardRepository<T, F>, 'replace'>,
  id: string,
  fields: F,
): Promise<{ readonly status: 200; readonly body: T }> {
  return { status: 200, body: await repository.replace(id, fields) };
}

/** `DELETE <path>/:id`: 404 when there is no such item; else 204, or 200 with the deleted item. */
export async function deleteItem<T>(
  repository: Pick<StandardRepository<T, unknown>, 'delete'>,
  resource: string,
  id: string,
): Promise<T> {
  const deleted = await repository.delete(id);
  if (deleted === undefined) throw notFound(resource);
  return deleted;
}
