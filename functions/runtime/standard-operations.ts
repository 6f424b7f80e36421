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
 * - delete: 204 (or the deleted item when the spec answers 200 with it), 404 when there is none;
 * - replace and delete honour `If-Match` (412 when the stored version is not the one the client read).
 *
 * Errors are the repository's HttpErrors (404 ItemNotFound, 409 conflicts, 422 cursors), so nothing
 * here maps errors.
 */
import { notFound, validationFailed } from './errors';
import { parseEtagCondition, preconditionFailed, versionsAllowed } from './http/conditional';
import { pageHeaders } from './pagination';
import { InvalidCursorError, type Page, type PageRequest, VersionConflictError } from './repository';

/** The repository methods the standard operations use (a generated repository has them). */
export interface StandardRepository<T, F> {
  get(id: string): Promise<T | undefined>;
  list(page?: PageRequest): Promise<Page<T>>;
  findOne(index: string, values: Record<string, unknown>): Promise<T | undefined>;
  findAll(index: string, values: Record<string, unknown>, page?: PageRequest): Promise<Page<T>>;
  create(fields: F): Promise<T>;
  replace(id: string, fields: F, expectedVersion?: number): Promise<T>;
  delete(id: string, expectedVersion?: number): Promise<T | undefined>;
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

/**
 * The version a conditional write must find (http/conditional.ts): `undefined` without `If-Match`;
 * with one strong tag, its version (the repository's conditional write checks it); with `*` or
 * several tags, the stored version read now, once it is allowed. Throws 412 when it is not (or the
 * item is missing: an `If-Match` can only hold for an item that exists).
 */
async function expectedVersionFor<T extends { readonly version: number }>(
  repository: Pick<StandardRepository<T, unknown>, 'get'>,
  id: string,
  ifMatch: string | undefined,
): Promise<number | undefined> {
  const condition = parseEtagCondition('if-match', ifMatch);
  if (condition === undefined) return undefined;
  const allowed = versionsAllowed(condition);
  const [only] = allowed ?? [];
  if (allowed !== undefined && allowed.size === 1 && only !== undefined) return only;
  const current = await repository.get(id);
  if (current === undefined || (allowed !== undefined && !allowed.has(current.version))) {
    throw preconditionFailed();
  }
  return current.version;
}

/** A write conditional on `If-Match`: a version conflict is then the client's precondition failing (412). */
async function conditionally<R>(expected: number | undefined, write: () => Promise<R>): Promise<R> {
  try {
    return await write();
  } catch (error) {
    if (expected !== undefined && error instanceof VersionConflictError) throw preconditionFailed();
    throw error;
  }
}

/**
 * `PUT <path>/:id`: replaces the item's fields; 404 when there is none, 409 on a concurrent change,
 * 412 when `ifMatch` (the request's `If-Match`) does not hold.
 */
export async function replaceItem<T extends { readonly version: number }, F>(
  repository: Pick<StandardRepository<T, F>, 'replace' | 'get'>,
  id: string,
  fields: F,
  ifMatch?: string,
): Promise<{ readonly status: 200; readonly body: T }> {
  const expected = await expectedVersionFor(repository, id, ifMatch);
  return { status: 200, body: await conditionally(expected, () => repository.replace(id, fields, expected)) };
}

/**
 * `DELETE <path>/:id`: 404 when there is no such item, 412 when `ifMatch` does not hold; else the
 * deleted item (answered 204, or 200 with it).
 */
export async function deleteItem<T extends { readonly version: number }>(
  repository: Pick<StandardRepository<T, unknown>, 'delete' | 'get'>,
  resource: string,
  id: string,
  ifMatch?: string,
): Promise<T> {
  const expected = await expectedVersionFor(repository, id, ifMatch);
  const deleted = await conditionally(expected, () => repository.delete(id, expected));
  if (deleted === undefined) throw expected === undefined ? notFound(resource) : preconditionFailed();
  return deleted;
}
