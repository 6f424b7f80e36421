import type { Call, EventKind, Operation, Resource, Spec, Subscription, TableAccessUse } from './schema';
import { EVENT_KINDS } from './schema';

/** Queries over a structurally valid spec that every tool needs the same way. */

/** The resource's base path: its `path`, default `/<name>s`. */
export function resourceBasePath(name: string, resource: Resource): string {
  return resource.path ?? `/${name}s`;
}

/** The operation's full path: the resource's base path with the operation's path appended. */
export function operationPath(name: string, resource: Resource, operation: Operation): string {
  return resourceBasePath(name, resource) + (operation.path ?? '');
}

const PATH_PARAMETER = /:([A-Za-z0-9_]+)/g;

/** Names of the `:name` parameters of a path, in order. */
export function pathParameterNames(path: string): string[] {
  return [...path.matchAll(PATH_PARAMETER)].map((m) => m[1] ?? '');
}

/** A path with its parameter names erased, so `/users/:id` and `/users/:user_id` are the same route. */
export function normalizePath(path: string): string {
  return path.replace(PATH_PARAMETER, ':');
}

/** `GET /users/:id`: how people and tools name an operation. */
export function operationKey(name: string, resource: Resource, operation: Operation): string {
  return `${operation.method} ${operationPath(name, resource, operation)}`;
}

/** A list operation is a GET addressing the collection, not one item (its path does not end in a parameter). */
export function isListOperation(path: string, operation: Operation): boolean {
  if (operation.method !== 'GET') return false;
  const last = path.split('/').filter(Boolean).pop() ?? '';
  return !last.startsWith(':');
}

/** The events a resource publishes: its `events`, default both when stored and none otherwise. */
export function publishedEvents(resource: Resource): EventKind[] {
  if (resource.events) return [...resource.events];
  return resource.storage ? [...EVENT_KINDS] : [];
}

export interface OperationRef {
  readonly resourceName: string;
  readonly resource: Resource;
  readonly resourceIndex: number;
  readonly operation: Operation;
  readonly operationIndex: number;
  readonly path: string;
  readonly key: string;
}

/** Every operation of every resource, in spec order. */
export function allOperations(spec: Spec): OperationRef[] {
  const out: OperationRef[] = [];
  Object.entries(spec.resources ?? {}).forEach(([resourceName, resource], resourceIndex) => {
    resource.operations.forEach((operation, operationIndex) => {
      const path = operationPath(resourceName, resource, operation);
      out.push({
        resourceName,
        resource,
        resourceIndex,
        operation,
        operationIndex,
        path,
        key: `${operation.method} ${path}`,
      });
    });
  });
  return out;
}

/** Whether the response status is a success (2xx). */
export function isSuccessStatus(status: string): boolean {
  return /^2\d\d$/.test(status);
}

/** The operation of `spec` a call names (matching paths ignoring parameter names), if any. */
export function findCalledOperation(spec: Spec, call: Call): OperationRef | undefined {
  const wanted = normalizePath(call.path);
  return allOperations(spec).find(
    (op) => op.operation.method === call.method && normalizePath(op.path) === wanted,
  );
}

/**
 * What a subscriber calls: its `calls`, default the publisher's GET of one item of the resource
 * (subscribers receive ids and fetch the current state), or nothing when the publisher has none.
 */
export function subscriptionCalls(subscription: Subscription, publisher: Spec | undefined): Call[] {
  if (subscription.calls) return [...subscription.calls];
  const resource = publisher?.resources?.[subscription.resource];
  if (!publisher || !resource) return [];
  const get = allOperations(publisher).find(
    (op) =>
      op.resourceName === subscription.resource &&
      op.operation.method === 'GET' &&
      !isListOperation(op.path, op.operation),
  );
  return get ? [{ service: publisher.name, method: 'GET', path: get.path }] : [];
}

/**
 * What an operation's code does to its service's table: its `table_access`, else derived from the
 * operation's shape. On the collection: GET lists (and finds by index when the resource has
 * indexes), POST creates. On an item or below it: GET gets, DELETE deletes, any other method
 * replaces. A resource without storage uses no table by default.
 */
export function operationTableAccess(
  op: Pick<OperationRef, 'resource' | 'operation' | 'path'>,
): TableAccessUse[] {
  if (op.operation.table_access) return [...new Set(op.operation.table_access)];
  if (!op.resource.storage) return [];
  const { method } = op.operation;
  const onCollection = (op.operation.path ?? '') === '';
  if (method === 'GET') {
    if (!onCollection) return ['get'];
    return (op.resource.storage.indexes ?? []).length > 0 ? ['list', 'find'] : ['list'];
  }
  if (method === 'DELETE') return ['delete'];
  if (method === 'POST' && onCollection) return ['create'];
  return ['replace'];
}

/** What a subscriber's code does to its own table besides its dedupe records: its `table_access`, default nothing. */
export function subscriptionTableAccess(subscription: Subscription): TableAccessUse[] {
  return [...new Set(subscription.table_access ?? [])];
}

/** Whether an operation honours `Idempotency-Key`: its `idempotent`, default true for a POST on the collection. */
export function isIdempotent(op: Pick<OperationRef, 'operation'>): boolean {
  return op.operation.idempotent ?? (op.operation.method === 'POST' && (op.operation.path ?? '') === '');
}
