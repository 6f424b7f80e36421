import { z } from 'zod';
import type { StringFormat } from './schema';

/**
 * What each string `format` accepts. The generated zod (lib/codegen/zod-source.ts) and the
 * validator's check of defaults (validate/rules/default-value.ts) both build on this file, so a
 * default the validator passes is a value the generated code accepts.
 *
 * - `email`: zod's `z.email()`: ASCII `local@domain.tld` (no quoted local parts, no IP hosts).
 * - `uri`: an absolute URI (RFC 3986): a scheme, `:`, then only URI characters (unreserved,
 *   reserved, `%` and two hex digits), which the WHATWG URL parser (`URL.canParse`) also reads.
 *   Stricter than `z.url()`, which trims whitespace and drops tabs and newlines, so a value would
 *   be stored other than it was sent.
 * - `uuid`: zod's `z.uuid()`: RFC 9562, version and variant checked (the nil and max UUIDs too).
 *   The `uuid` type is looser (any 8-4-4-4-12 hex digits).
 * - `date`: `z.iso.date()`: a calendar date, YYYY-MM-DD.
 * - `date-time`: `z.iso.datetime({ offset: true })`: ISO 8601 with seconds and a time zone
 *   (`Z` or ±hh:mm), as the `date-time-iso8601` type.
 */

/** An absolute URI's characters: a scheme, `:`, then RFC 3986 characters or percent-encodings. */
export const URI_PATTERN =
  /^[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#[\]]|%[0-9A-Fa-f]{2})*$/;

/** The message of a value that is not a URI (value-free, as every 422 message). */
export const URI_MESSAGE = 'must be a valid URI';

/** Whether `value` is an absolute URI as the `uri` format means it. */
export function isUri(value: string): boolean {
  return URI_PATTERN.test(value) && URL.canParse(value);
}

/**
 * The zod source of each format, as generated code writes it: the base schema, and a check that
 * goes after the length bounds and the pattern (a refinement, so its message is its own).
 */
export const FORMAT_SOURCES: Readonly<
  Record<StringFormat, { readonly base: string; readonly check: string }>
> = {
  email: { base: 'z.email()', check: '' },
  uri: {
    base: 'z.string()',
    check: `.refine((value) => ${URI_PATTERN.toString()}.test(value) && URL.canParse(value), ${JSON.stringify(URI_MESSAGE)})`,
  },
  uuid: { base: 'z.uuid()', check: '' },
  date: { base: 'z.iso.date()', check: '' },
  'date-time': { base: 'z.iso.datetime({ offset: true })', check: '' },
};

/** The same schemas, built: what the validator checks values with. */
const FORMAT_SCHEMAS: Readonly<Record<StringFormat, z.ZodType<string>>> = {
  email: z.email(),
  uri: z.string().refine(isUri, URI_MESSAGE),
  uuid: z.uuid(),
  date: z.iso.date(),
  'date-time': z.iso.datetime({ offset: true }),
};

/** Whether `value` is a string of this format. */
export function matchesFormat(format: StringFormat, value: unknown): boolean {
  return FORMAT_SCHEMAS[format].safeParse(value).success;
}

/** What a value of each format looks like, for messages and hints. */
export const FORMAT_EXAMPLES: Readonly<Record<StringFormat, string>> = {
  email: 'an email address, such as "ada@example.com"',
  uri: 'an absolute URI, such as "https://example.com/a"',
  uuid: 'an RFC 9562 UUID, such as "3f2b8c1e-4a5d-4e6f-8a9b-0c1d2e3f4a5b"',
  date: 'a date written YYYY-MM-DD, such as "2026-11-22"',
  'date-time': 'a date-time with seconds and a time zone, such as "2026-11-22T14:00:00Z"',
};
