/**
 * Conditional requests (RFC 9110 §13) over a resource's version, so that two clients cannot lose
 * each other's update: the version read is the one a write must still find.
 *
 * - A response carrying one resource (an object with an integer `version`) has the strong entity
 *   tag `"<version>"` (set by the HTTP adapter).
 * - `If-Match` on a write (PUT, PATCH, DELETE): the write happens only if the stored version is one
 *   of the listed tags (`*`: if the resource exists); otherwise 412 `precondition_failed`, nothing
 *   written. Weak tags (`W/"3"`) never match for a write (strong comparison).
 * - `If-None-Match` on a GET: when the current tag is listed (or `*`), 304 with no body (weak
 *   comparison, as the RFC says for this header).
 */
import { HttpError } from '../errors';

/** The entity tag of a version: `"3"`. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/** A parsed `If-Match` / `If-None-Match`: any (`*`), or the listed tags, each with whether it is weak. */
export type EtagCondition =
  | { readonly kind: 'any' }
  | {
      readonly kind: 'tags';
      readonly tags: ReadonlyArray<{ readonly weak: boolean; readonly opaque: string }>;
    };

const TAG = /^\s*(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"\s*$/;

/**
 * Parses a condition header; `undefined` when absent. A header that is not `*` or a list of entity
 * tags is a 400 (the client's request is malformed, and guessing could write over someone's change).
 */
export function parseEtagCondition(name: string, value: string | undefined): EtagCondition | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '*') return { kind: 'any' };
  const tags: Array<{ weak: boolean; opaque: string }> = [];
  for (const part of value.split(',')) {
    const match = TAG.exec(part);
    if (match === null) {
      throw new HttpError('malformed_request', [`${name}: must be * or a list of entity tags such as "3"`]);
    }
    tags.push({ weak: match[1] !== undefined, opaque: match[2] ?? '' });
  }
  return { kind: 'tags', tags };
}

/** The versions a strong `If-Match` allows; `undefined` for `*` (any existing version). */
export function versionsAllowed(condition: EtagCondition): ReadonlySet<number> | undefined {
  if (condition.kind === 'any') return undefined;
  const versions = new Set<number>();
  for (const tag of condition.tags) {
    if (tag.weak || !/^[1-9]\d*$/.test(tag.opaque)) continue;
    versions.add(Number(tag.opaque));
  }
  return versions;
}

/** Whether an `If-None-Match` condition lists the current version (weak comparison). */
export function noneMatchHolds(condition: EtagCondition, version: number): boolean {
  if (condition.kind === 'any') return true;
  return condition.tags.some((tag) => tag.opaque === String(version));
}

/** 412: the resource is not at a version the client's `If-Match` allows. */
export function preconditionFailed(): HttpError {
  return new HttpError('precondition_failed', [
    'if-match: the resource changed since you read it; read it again and retry',
  ]);
}

/**
 * Checks a request's `If-Match` against the stored version a handler has read (`undefined`: there is
 * no such resource): throws 412 when the condition does not hold; does nothing without the header.
 * For written implementations; the standard ones use it through standard-operations.ts.
 */
export function assertIfMatch(ifMatch: string | undefined, storedVersion: number | undefined): void {
  const condition = parseEtagCondition('if-match', ifMatch);
  if (condition === undefined) return;
  const allowed = versionsAllowed(condition);
  if (storedVersion === undefined || (allowed !== undefined && !allowed.has(storedVersion))) {
    throw preconditionFailed();
  }
}
