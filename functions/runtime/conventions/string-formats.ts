/**
 * The formats a string field or parameter may declare (`format`), each a JSON Schema format so
 * OpenAPI tools understand it: `email` (an address such as ada@example.com: ASCII, a dot in the
 * domain), `uri` (an absolute URI: a scheme, `:`, then only URI characters, anything else
 * percent-encoded), `uuid` (an RFC 9562 UUID, version and variant checked), `date` (a calendar
 * date, YYYY-MM-DD) and `date-time` (ISO 8601 with seconds and a time zone, `Z` or ±hh:mm).
 * The spec schema (lib/contract/schema.ts) accepts them, the generated zod schemas check them
 * (lib/codegen/zod-source.ts) and the test arbitraries make them (testing/arbitraries.ts).
 */
export const STRING_FORMATS = ['email', 'uri', 'uuid', 'date', 'date-time'] as const;

export type StringFormat = (typeof STRING_FORMATS)[number];
