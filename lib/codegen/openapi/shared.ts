/**
 * What every transform of the OpenAPI folder shares: the object types it builds, the helpers that
 * keep its output stable (no undefined keys, code-unit order) and the spec queries it asks the same
 * way everywhere (descriptions with deprecations, the personal-data mark).
 */
import type { Field, Parameter } from '../../contract/schema';

export const JSON_MEDIA_TYPE = 'application/json';
const PERSONAL_DATA = 'personal_data';

/** A JSON Schema (2020-12, the OAS 3.1 dialect). */
export type JsonSchema = Record<string, unknown>;
/** Any OpenAPI object as it is written to the document. */
export type OpenApiObject = Record<string, unknown>;

/** `{ $ref }` into the document's components. */
export interface Reference {
  readonly $ref: string;
}

/** Drops undefined values (keeping the key order), so no key is ever present with no value. */
export function compact<T extends Record<string, unknown>>(object: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) if (value !== undefined) out[key] = value;
  return out as T;
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A record's entries sorted by key: the spec's records have no order, the document's output must. */
export function sortedEntries<T>(record: Readonly<Record<string, T>> | undefined): Array<[string, T]> {
  return Object.entries(record ?? {}).sort(([a], [b]) => compareText(a, b));
}

/** HTTP statuses as numbers, ascending: `200`, `404`, `413`... */
export function compareStatus(a: string, b: string): number {
  return Number(a) - Number(b);
}

type Deprecation = NonNullable<Field['deprecation']>;

/** A description with the deprecation notice appended, or undefined when there is neither. */
export function describe(
  description: string | undefined,
  deprecation: Deprecation | undefined,
): string | undefined {
  const notice = deprecation ? `Deprecated: ${deprecation.description}` : undefined;
  if (description && notice) return `${description}\n\n${notice}`;
  return description ?? notice;
}

export function isPersonal(member: Field | Parameter): boolean {
  return (member.annotations ?? []).includes(PERSONAL_DATA);
}

/** A `content` map with one JSON media type. */
export function jsonContent(schema: JsonSchema): OpenApiObject {
  return { [JSON_MEDIA_TYPE]: { schema } };
}

/** `/users/:id` → `/users/{id}` */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}
