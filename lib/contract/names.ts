import { apiUrlVariable, detailType, eventSource, SYSTEM } from '../../functions/runtime/conventions';
import { idPrefixFor } from '../../functions/runtime/ids';
import { allOperations, isListOperation, type OperationRef } from './model';
import { HTTP_METHODS, type HttpMethod, type Resource, type Spec } from './schema';

/** The conventions the generators name things by (functions/runtime/conventions/), here with the rest. */
export { apiUrlVariable, detailType, eventSource, SYSTEM };

/**
 * How spec names (lower snake case) become TypeScript identifiers. Pure functions, one rule each,
 * so every generated file and every tool (OpenAPI, CDK) names things the same way.
 */

/** The words of a name: runs of letters and digits, anything else separates them. */
export function words(name: string): string[] {
  return name.split(/[^A-Za-z0-9]+/).filter(Boolean);
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** `line_item` → `LineItem` (type and class names). */
export function pascalCase(name: string): string {
  return words(name).map(capitalize).join('');
}

/** `line_item` → `lineItem` (values and functions). */
export function camelCase(name: string): string {
  const pascal = pascalCase(name);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
}

/** `line_item` → `LINE_ITEM` (constants). */
export function constantCase(name: string): string {
  return words(name)
    .map((word) => word.toUpperCase())
    .join('_');
}

/**
 * A simple English plural, enough for resource names: `-y` after a consonant → `-ies`
 * (category → categories); `-s`, `-x`, `-z`, `-ch`, `-sh` → `-es` (status → statuses, box →
 * boxes); anything else `-s`. Works on the last word of a Pascal or snake name.
 */
export function pluralize(word: string): string {
  if (/[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/i.test(word)) return `${word}es`;
  return `${word}s`;
}

/** Words that cannot name a variable or parameter in strict-mode TypeScript (plus a few that should not). */
const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'arguments',
  'await',
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'debugger',
  'default',
  'delete',
  'do',
  'else',
  'enum',
  'eval',
  'export',
  'extends',
  'false',
  'finally',
  'for',
  'function',
  'if',
  'implements',
  'import',
  'in',
  'instanceof',
  'interface',
  'let',
  'new',
  'null',
  'package',
  'private',
  'protected',
  'public',
  'return',
  'static',
  'super',
  'switch',
  'this',
  'throw',
  'true',
  'try',
  'typeof',
  'undefined',
  'var',
  'void',
  'while',
  'with',
  'yield',
  'NaN',
  'Infinity',
]);

export function isReservedWord(name: string): boolean {
  return RESERVED_WORDS.has(name);
}

/**
 * Names an operation may not take (`name`): the reserved words, and `constructor`, which as a
 * method of the generated client class would be its constructor.
 */
export function isReservedOperationName(name: string): boolean {
  return isReservedWord(name) || name === 'constructor';
}

/** A field or parameter name as a variable: `user_id` → `userId`; a reserved word gets `Value` (`class` → `classValue`). */
export function variableName(name: string): string {
  const camel = camelCase(name);
  const safe = /^[0-9]/.test(camel) ? `_${camel}` : camel;
  return isReservedWord(safe) ? `${safe}Value` : safe;
}

/** `user_status` → `USER_STATUS_VALUES`: the tuple of an enum's values. */
export function enumValuesConstant(name: string): string {
  return `${constantCase(name)}_VALUES`;
}

/** `user` → `userSchema`: the zod schema of a model or enum. */
export function schemaName(name: string): string {
  return `${camelCase(name)}Schema`;
}

/** `users` → `UsersClient`. */
export function clientClassName(service: string): string {
  return `${pascalCase(service)}Client`;
}

/** `user` → `UserRepository`. */
export function repositoryClassName(resource: string): string {
  return `${pascalCase(resource)}Repository`;
}

/**
 * The id prefix of a resource: its `id_prefix`, else derived from its name (functions/runtime/ids.ts
 * `idPrefixFor`: `user` → `usr`). Every tool asks here, so a declared prefix is used everywhere.
 */
export function resourceIdPrefix(name: string, resource: Pick<Resource, 'id_prefix'>): string {
  return resource.id_prefix ?? idPrefixFor(name);
}

/** `user` → `USER_ID_PREFIX`: the constant holding a resource's id prefix. */
export function idPrefixConstant(resource: string): string {
  return `${constantCase(resource)}_ID_PREFIX`;
}

/** `user` → `isUserId`: the guard telling whether a value is an id of the resource. */
export function idGuardName(resource: string): string {
  return `is${pascalCase(resource)}Id`;
}

/** `user`, `email` → `USER_EMAIL_MAX_LENGTH`: the constant holding a string field's `maximum`. */
export function maxLengthConstant(model: string, field: string): string {
  return `${constantCase(model)}_${constantCase(field)}_MAX_LENGTH`;
}

/** `user`, `upserted` → `USER_UPSERTED`: the constant holding a detail type. */
export function detailTypeConstant(resource: string, event: string): string {
  return `${constantCase(resource)}_${constantCase(event)}`;
}

/**
 * The finder of a storage index: `findByEmail` for a unique index, `findAllByUserId` for a plain
 * one; several fields are joined with `And` (`findByTenantIdAndEmail`).
 */
export function finderName(fields: readonly string[], unique: boolean): string {
  return `${unique ? 'findBy' : 'findAllBy'}${fields.map(pascalCase).join('And')}`;
}

// --- Operation ids ----------------------------------------------------------------------------

const ITEM_PATH = /^\/:[A-Za-z0-9_]+$/;

const ITEM_VERBS: Partial<Record<HttpMethod, string>> = {
  GET: 'get',
  PUT: 'replace',
  PATCH: 'update',
  DELETE: 'delete',
};

/**
 * The conventional id of a collection or item operation: `get<Resource>` (GET `<base>/:id`),
 * `list<Resources>` (GET `<base>`), `create<Resource>` (POST `<base>`), `replace<Resource>`
 * (PUT `<base>/:id`), `update<Resource>` (PATCH `<base>/:id`), `delete<Resource>` (DELETE
 * `<base>/:id`); undefined for any other shape.
 */
export function conventionalOperationId(
  op: Pick<OperationRef, 'resourceName' | 'operation' | 'path'>,
): string | undefined {
  const ownPath = op.operation.path ?? '';
  const resource = pascalCase(op.resourceName);
  if (ownPath === '') {
    if (op.operation.method === 'GET' && isListOperation(op.path, op.operation))
      return `list${pluralize(resource)}`;
    if (op.operation.method === 'POST') return `create${resource}`;
    return undefined;
  }
  if (!ITEM_PATH.test(ownPath)) return undefined;
  const verb = ITEM_VERBS[op.operation.method];
  return verb === undefined ? undefined : `${verb}${resource}`;
}

/** Any other shape: the method and the full path's segments, `POST /users/:id/confirm` → `postUsersByIdConfirm`. */
export function shapeOperationId(method: HttpMethod, path: string): string {
  const segments = path
    .split('/')
    .filter(Boolean)
    .map((segment) => (segment.startsWith(':') ? `By${pascalCase(segment.slice(1))}` : pascalCase(segment)));
  return `${method.toLowerCase()}${segments.join('')}`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const METHOD_ORDER: ReadonlyMap<string, number> = new Map(HTTP_METHODS.map((method, i) => [method, i]));

function sortedOperations(spec: Spec): OperationRef[] {
  const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
  return allOperations(spec).sort(
    (a, b) =>
      compareText(openApiPath(a.path), openApiPath(b.path)) ||
      (METHOD_ORDER.get(a.operation.method) ?? 0) - (METHOD_ORDER.get(b.operation.method) ?? 0),
  );
}

/** Gives each candidate id a number when an earlier one took it (`…2`, `…3`). */
function numbered(candidate: string, taken: Set<string>): string {
  let id = candidate;
  for (let n = 2; taken.has(id); n++) id = `${candidate}${n}`;
  taken.add(id);
  return id;
}

/**
 * The derived id of every operation without a `name`, keyed by its {@link OperationRef.key}: the
 * conventional id, else the shape id. Ids are assigned in path order (OpenAPI's `{name}` form,
 * then GET, POST, PUT, PATCH, DELETE), and a clash gets a number (`…2`). Declared names play no
 * part, so the validator can tell a `name` that would take the id another operation derives.
 */
export function derivedOperationIds(spec: Spec): ReadonlyMap<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const op of sortedOperations(spec)) {
    if (op.operation.name !== undefined) continue;
    ids.set(
      op.key,
      numbered(conventionalOperationId(op) ?? shapeOperationId(op.operation.method, op.path), taken),
    );
  }
  return ids;
}

/**
 * The id of every operation of a spec, keyed by its {@link OperationRef.key} (`GET /users/:id`):
 * its `name` when it declares one, else its derived id ({@link derivedOperationIds}). The same
 * ids everywhere: the generated client's methods, the operation descriptors, the OpenAPI
 * operationIds and the Lambdas' file names. The validator (`operation-name`) keeps declared names
 * apart from every other id; should one still clash, the derived id gets the next number.
 */
export function operationIds(spec: Spec): ReadonlyMap<string, string> {
  const declared = new Map<string, string>();
  for (const op of allOperations(spec)) {
    if (op.operation.name !== undefined) declared.set(op.key, op.operation.name);
  }
  const taken = new Set(declared.values());
  const ids = new Map<string, string>();
  for (const op of sortedOperations(spec)) {
    const name = declared.get(op.key);
    ids.set(
      op.key,
      name ?? numbered(conventionalOperationId(op) ?? shapeOperationId(op.operation.method, op.path), taken),
    );
  }
  return ids;
}
