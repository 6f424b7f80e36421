/**
 * How events are named on the bus and what they carry: the one definition the forwarder, the
 * generated code, the CDK rules, republish and the service graph all use.
 */

/** The system every service belongs to: the first part of every event's `source`. */
export const SYSTEM = 'tributary';

/** What happened to a resource: written (created or changed) or removed (TTL deletes included). */
export const EVENT_ACTIONS = Object.freeze(['upserted', 'deleted'] as const);

export type EventAction = (typeof EVENT_ACTIONS)[number];

/** `users` → `tributary.users`: the EventBridge `source` of a service's events. */
export function eventSource(service: string): string {
  return `${SYSTEM}.${service}`;
}

/** `user`, `upserted` → `user.upserted`: the EventBridge `detail-type` of a resource's event. */
export function detailType(resource: string, event: string): string {
  return `${resource}.${event}`;
}

/** The keys of every event's detail, in the order they are written. */
export const DETAIL_KEYS = Object.freeze(['id', 'event_id', 'version', 'occurred_at'] as const);

/** What an event says: identifiers and metadata only (subscribers fetch the data by `id`). */
export interface EventDetail {
  /** The resource's id. */
  readonly id: string;
  /** Unique per change (the stream record's id, or `republish-<uuid>`): subscribers deduplicate on it. */
  readonly event_id: string;
  /** The resource's `version` the event is about (for `deleted`, the last one stored). */
  readonly version: number;
  /** When the change happened, ISO 8601. */
  readonly occurred_at: string;
}
