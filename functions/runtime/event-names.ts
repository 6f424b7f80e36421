/**
 * How events are named on the bus: the one definition the forwarder, the generated code, the
 * CDK rules and the local runtime all use.
 */

/** The system every service belongs to: the first part of every event's `source`. */
export const SYSTEM = 'tributary';

/** `users` → `tributary.users`: the EventBridge `source` of a service's events. */
export function eventSource(service: string): string {
  return `${SYSTEM}.${service}`;
}

/** `user`, `upserted` → `user.upserted`: the EventBridge `detail-type` of a resource's event. */
export function detailType(resource: string, event: string): string {
  return `${resource}.${event}`;
}
