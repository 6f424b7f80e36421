/** One classified difference between a spec at a base revision and the working copy. */

/** Change levels, worst first. */
export const LEVELS = ['error', 'warning', 'info'] as const;
/** The sides of an operation a change may reach, in the order they are reported. */
export const SIDES = ['request', 'response'] as const;

export type Level = (typeof LEVELS)[number];
export type Side = (typeof SIDES)[number];

export interface Change {
  /** A rule id of ./rules.ts (the policy's ids, plus service-added, service-removed, unused-allow-entry). */
  rule: string;
  level: Level;
  /** The service, named by its spec file (`api-specs/<service>.json`). */
  service: string;
  /** The place the change was made (lib/contract/place.ts), e.g. `users.models.user.fields.email`. */
  at: string;
  /** The side(s) on which the place is reached by the operations below, request side first. */
  sides: Side[];
  /** Operation keys (`GET /users/:id`) the change reaches, sorted. */
  operations: string[];
  message: string;
  /** `api-specs/<service>.json` (or the allow file, for unused-allow-entry). */
  file: string;
  /** Position in the new spec, or of the nearest surviving parent; 1/1 for removed services. */
  line: number;
  column: number;
}

/** 0 for error, 1 for warning, 2 for info: lower is worse (the order of {@link LEVELS}). */
export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}

/** Code-unit order, independent of the locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The deterministic output order: service, then level worst first, then place, then rule and message. */
export function compareChanges(a: Change, b: Change): number {
  return (
    compareStrings(a.service, b.service) ||
    levelRank(a.level) - levelRank(b.level) ||
    compareStrings(a.at, b.at) ||
    compareStrings(a.rule, b.rule) ||
    compareStrings(a.message, b.message)
  );
}

export function sortChanges(changes: readonly Change[]): Change[] {
  return [...changes].sort(compareChanges);
}
