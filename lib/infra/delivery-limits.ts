/**
 * How long the system keeps trying before it parks work, as plain numbers: the CDK defaults
 * (defaults.ts) are built from them, and the generated runbooks (lib/codegen/runbook.ts) state them,
 * so a runbook never tells an operator a different limit than the stack has. No CDK import here:
 * `dev generate` reads this module.
 */

/** The forwarder gives up on a stream record this old and parks it (inside the stream's 24 h retention). */
export const FORWARDER_MAX_RECORD_AGE_HOURS = 12;

/** Lambda's own retries of a failed asynchronous invocation of a subscriber (0 to 2). */
export const SUBSCRIBER_ASYNC_RETRY_ATTEMPTS = 2;

/** EventBridge's retries of a delivery to a subscriber that Lambda did not accept. */
export const SUBSCRIBER_RULE_RETRY_ATTEMPTS = 8;

/** How long an event is retried, by Lambda and by EventBridge, before it is parked. */
export const SUBSCRIBER_MAX_EVENT_AGE_HOURS = 6;

/** `2` → `twice`, as the runbooks say it. */
export function timesInWords(n: number): string {
  return n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`;
}
