/**
 * The alarms' thresholds, in the manner of aws-solutions-constructs: readonly optional props, each
 * with its `@default`, and the defaults in one place ({@link DEFAULT_ALARM_THRESHOLDS}). A service
 * may set any of them in the CDK context key {@link ALARM_THRESHOLDS_CONTEXT}, an object keyed by
 * service name (cdk.json, so the runbooks show them too; or `-c`, as JSON):
 *
 *   "alarms:thresholds": { "orders": { "latencyP99Milliseconds": 5000 } }
 *
 * No CDK import: `dev generate` writes the runbooks from these too. How each alarm evaluates (its
 * period and how many periods breach) is fixed in alarm-catalog.ts; only the levels are settings.
 */

/** The CDK context key of per-service thresholds. */
export const ALARM_THRESHOLDS_CONTEXT = 'alarms:thresholds';

export interface AlarmThresholds {
  /**
   * An operation's 5xx answers (API Gateway's and the handler's), in percent of its requests in a
   * 5-minute period.
   * @default 5
   */
  readonly serverErrorRatePercent?: number;
  /**
   * The requests an operation must have had in a 5-minute period for its 5xx rate to count: one
   * failed request out of two is a bug to read in the logs, not an outage to be woken for.
   * @default 10
   */
  readonly serverErrorMinimumRequests?: number;
  /**
   * An operation's 99th-percentile latency, as API Gateway measures it for the caller (request in
   * to response out, cold starts included), in milliseconds per 5-minute period.
   * @default 3000
   */
  readonly latencyP99Milliseconds?: number;
  /**
   * How old the oldest stream record the forwarder has not handled yet is, in milliseconds (the
   * maximum of each minute): how late events reach the bus.
   * @default 60000
   */
  readonly forwarderIteratorAgeMilliseconds?: number;
  /**
   * Forwarder failures in 5 minutes: failed invocations plus event entries EventBridge still refused
   * after the forwarder's retries (both are retried from the stream; they mean events are late).
   * @default 1
   */
  readonly forwarderFailures?: number;
  /**
   * Messages waiting in a parking queue: the forwarder's on-failure queue or a subscription's
   * dead-letter queue. Anything there was given up on and waits for an operator.
   * @default 1
   */
  readonly parkedMessages?: number;
  /**
   * A subscriber's failed invocations in 5 minutes. Each is retried (Lambda's async retries, then
   * the rule's); this warns before anything is given up and parked.
   * @default 3
   */
  readonly subscriberErrors?: number;
}

export type ResolvedAlarmThresholds = Required<AlarmThresholds>;

/** Every threshold's default: the one place they are set. */
export const DEFAULT_ALARM_THRESHOLDS: ResolvedAlarmThresholds = Object.freeze({
  serverErrorRatePercent: 5,
  serverErrorMinimumRequests: 10,
  latencyP99Milliseconds: 3000,
  forwarderIteratorAgeMilliseconds: 60_000,
  forwarderFailures: 1,
  parkedMessages: 1,
  subscriberErrors: 3,
});

const KEYS = Object.keys(DEFAULT_ALARM_THRESHOLDS) as Array<keyof ResolvedAlarmThresholds>;

/** A threshold setting that cannot be used; the message says what to write instead. */
export class AlarmThresholdsError extends Error {
  override readonly name = 'AlarmThresholdsError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The thresholds of each service: the defaults, with what {@link ALARM_THRESHOLDS_CONTEXT} sets
 * for it. `value` is the context value (an object from cdk.json, a JSON string from `-c`, or
 * undefined). Throws an {@link AlarmThresholdsError} naming an unknown service or key, or a value
 * that is not a positive number, so a typo never silently keeps a default.
 */
export function alarmThresholds(
  value: unknown,
  services: readonly string[],
): ReadonlyMap<string, ResolvedAlarmThresholds> {
  let settings: unknown = value ?? {};
  const where = `-c ${ALARM_THRESHOLDS_CONTEXT} (or its key in cdk.json)`;
  if (typeof settings === 'string') {
    try {
      settings = JSON.parse(settings);
    } catch {
      throw new AlarmThresholdsError(
        `${where} is not JSON: write an object by service, e.g. {"orders":{"latencyP99Milliseconds":5000}}`,
      );
    }
  }
  if (!isRecord(settings)) {
    throw new AlarmThresholdsError(`${where} must be an object by service name, e.g. {"orders":{...}}`);
  }
  for (const service of Object.keys(settings)) {
    if (!services.includes(service)) {
      throw new AlarmThresholdsError(
        `${where} names "${service}", which is no service of this app (${services.join(', ')})`,
      );
    }
  }
  const out = new Map<string, ResolvedAlarmThresholds>();
  for (const service of services) {
    const own = settings[service] ?? {};
    if (!isRecord(own))
      throw new AlarmThresholdsError(`${where}: "${service}" must be an object of thresholds`);
    const resolved: { -readonly [K in keyof ResolvedAlarmThresholds]: number } = {
      ...DEFAULT_ALARM_THRESHOLDS,
    };
    for (const [key, setting] of Object.entries(own)) {
      const known = KEYS.find((k) => k === key);
      if (known === undefined) {
        throw new AlarmThresholdsError(
          `${where}: "${service}" sets "${key}", which is no threshold; use one of ${KEYS.join(', ')}`,
        );
      }
      if (typeof setting !== 'number' || !Number.isFinite(setting) || setting <= 0) {
        throw new AlarmThresholdsError(
          `${where}: "${service}".${key} must be a positive number, not ${JSON.stringify(setting)}`,
        );
      }
      resolved[known] = setting;
    }
    out.set(service, resolved);
  }
  return out;
}
