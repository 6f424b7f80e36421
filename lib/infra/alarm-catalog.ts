import { pascalCase } from '../contract/names';
import type { ResolvedAlarmThresholds } from './alarm-thresholds';
import { alarmName, subscriptionSlug } from './names';
import type { StageName } from './stage-name';
import type { ServicePlan } from './system';

/**
 * Every alarm of a service, as data: its name, what it watches and when it fires. The service
 * stack makes one CloudWatch alarm of each (service-alarms.ts) and `dev generate` writes the
 * service's runbook from the same list (lib/codegen/runbook.ts), so the runbook names exactly the
 * alarms that exist. No CDK import.
 *
 * What each measures, and why that metric:
 * - an operation's 5xx rate and p99 latency come from its HTTP API route (API Gateway's detailed,
 *   per-route metrics), not from its Lambda: the HTTP adapter answers a thrown error with a 500 and
 *   returns normally, so the Lambda's `Errors` never counts it; and API Gateway's 5xx and Latency
 *   also count what the Lambda never sees (throttles, timeouts, integration failures) and cold
 *   starts, which is what a caller gets;
 * - the forwarder's lag is the stream's iterator age; its failures are failed invocations plus the
 *   entries EventBridge refused after its retries (the custom metric `EntriesFailed`): those end in
 *   `batchItemFailures`, a normal return that `Errors` does not count either;
 * - parked records are the messages waiting in the forwarder's on-failure queue and in each
 *   subscription's dead-letter queue;
 * - a subscriber's errors are its Lambda's `Errors` (a subscriber throws to be retried).
 */

export type AlarmKind =
  | 'server-error-rate'
  | 'latency-p99'
  | 'forwarder-iterator-age'
  | 'forwarder-failures'
  | 'forwarder-parked'
  | 'subscriber-errors'
  | 'subscriber-parked';

/** What the catalog needs of a service: the shape of lib/infra/system.ts's plan, or of a spec. */
export interface AlarmedService {
  readonly name: string;
  readonly operations: ReadonlyArray<AlarmedOperation>;
  /** Whether a resource of it publishes events (it has a stream forwarder). */
  readonly forwarder: boolean;
  readonly subscriptions: ReadonlyArray<AlarmedSubscription>;
}

export interface AlarmedOperation {
  /** `createOrder`. */
  readonly id: string;
  /** `POST /orders`. */
  readonly key: string;
  readonly method: string;
  /** `/orders/{id}`: the route's `Resource` dimension. */
  readonly routePath: string;
}

export interface AlarmedSubscription {
  readonly publisher: string;
  readonly resource: string;
}

/** What the catalog reads of a service's plan: the stack and `dev generate` both call this, so they agree. */
export function alarmedService(
  plan: Pick<ServicePlan, 'name' | 'operations' | 'publishingResources' | 'subscriptions'>,
): AlarmedService {
  return {
    name: plan.name,
    operations: plan.operations.map(({ id, key, method, routePath }) => ({ id, key, method, routePath })),
    forwarder: plan.publishingResources.length > 0,
    subscriptions: plan.subscriptions.map(({ publisher, resource }) => ({ publisher, resource })),
  };
}

export interface AlarmDefinition {
  readonly kind: AlarmKind;
  /** The alarm's construct id in its stack. */
  readonly id: string;
  /** `createOrder-5xx-rate`: the name after `tributary-<stage>-<service>-`, and the runbook's heading. */
  readonly what: string;
  /** The alarm's physical name, `tributary-<stage>-orders-createOrder-5xx-rate`. */
  readonly name: string;
  /** One line: what is wrong when it fires. */
  readonly summary: string;
  /** When it fires, with its threshold, in words. */
  readonly condition: string;
  readonly threshold: number;
  readonly periodMinutes: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly operation?: AlarmedOperation;
  readonly subscription?: AlarmedSubscription;
}

function periods(datapoints: number, evaluation: number, minutes: number): string {
  const period = minutes === 1 ? 'minute' : `${minutes}-minute period`;
  if (evaluation === 1) return `in a ${period}`;
  if (datapoints === evaluation) return `in ${evaluation} ${period}s in a row`;
  return `in ${datapoints} of ${evaluation} ${period}s`;
}

/** Every alarm of `service` in `stage`, in a stable order: operations, forwarder, subscriptions. */
export function serviceAlarms(
  stage: StageName,
  service: AlarmedService,
  thresholds: ResolvedAlarmThresholds,
): AlarmDefinition[] {
  const out: AlarmDefinition[] = [];
  const add = (definition: Omit<AlarmDefinition, 'name' | 'condition'> & { readonly when: string }): void => {
    const { when, ...rest } = definition;
    out.push({
      ...rest,
      name: alarmName(stage, service.name, definition.what),
      condition: `${when} ${periods(rest.datapointsToAlarm, rest.evaluationPeriods, rest.periodMinutes)}`,
    });
  };
  for (const operation of service.operations) {
    const id = pascalCase(operation.id);
    add({
      kind: 'server-error-rate',
      id: `${id}ServerErrorRateAlarm`,
      what: `${operation.id}-5xx-rate`,
      summary: `${operation.key} answers 5xx`,
      when: `at least ${thresholds.serverErrorRatePercent}% of its requests (of at least ${thresholds.serverErrorMinimumRequests}) answered 5xx`,
      threshold: thresholds.serverErrorRatePercent,
      periodMinutes: 5,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      operation,
    });
    add({
      kind: 'latency-p99',
      id: `${id}LatencyAlarm`,
      what: `${operation.id}-p99-latency`,
      summary: `${operation.key} is slow`,
      when: `p99 latency at or over ${thresholds.latencyP99Milliseconds} ms`,
      threshold: thresholds.latencyP99Milliseconds,
      periodMinutes: 5,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      operation,
    });
  }
  if (service.forwarder) {
    add({
      kind: 'forwarder-iterator-age',
      id: 'ForwarderIteratorAgeAlarm',
      what: 'forwarder-iterator-age',
      summary: 'events reach the bus late: the stream forwarder is falling behind',
      when: `the oldest stream record not yet handled is at least ${thresholds.forwarderIteratorAgeMilliseconds / 1000} s old`,
      threshold: thresholds.forwarderIteratorAgeMilliseconds,
      periodMinutes: 1,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
    });
    add({
      kind: 'forwarder-failures',
      id: 'ForwarderFailuresAlarm',
      what: 'forwarder-failures',
      summary: 'the stream forwarder fails: failed invocations or entries EventBridge refused',
      when: `at least ${thresholds.forwarderFailures} failed invocation(s) or refused entries`,
      threshold: thresholds.forwarderFailures,
      periodMinutes: 5,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
    });
    add({
      kind: 'forwarder-parked',
      id: 'ForwarderOnFailureAlarm',
      what: 'forwarder-parked',
      summary: 'stream records were parked: their events were not put on the bus',
      when: `at least ${thresholds.parkedMessages} message(s) in the forwarder's on-failure queue`,
      threshold: thresholds.parkedMessages,
      periodMinutes: 1,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
    });
  }
  for (const subscription of service.subscriptions) {
    const id = `On${pascalCase(subscription.publisher)}${pascalCase(subscription.resource)}`;
    const slug = subscriptionSlug(subscription.publisher, subscription.resource);
    const label = `${subscription.publisher}.${subscription.resource}`;
    add({
      kind: 'subscriber-errors',
      id: `${id}ErrorsAlarm`,
      what: `${slug}-errors`,
      summary: `the subscriber to ${label} fails (its events are being retried)`,
      when: `at least ${thresholds.subscriberErrors} failed invocation(s)`,
      threshold: thresholds.subscriberErrors,
      periodMinutes: 5,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      subscription,
    });
    add({
      kind: 'subscriber-parked',
      id: `${id}DeadLettersAlarm`,
      what: `${slug}-parked`,
      summary: `events of ${label} were given up on and wait in the dead-letter queue`,
      when: `at least ${thresholds.parkedMessages} message(s) in the subscription's dead-letter queue`,
      threshold: thresholds.parkedMessages,
      periodMinutes: 1,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      subscription,
    });
  }
  return out;
}

/** The runbook heading anchor of an alarm (`createorder-5xx-rate`), as GitHub slugs `### createOrder-5xx-rate`. */
export function runbookAnchor(alarm: Pick<AlarmDefinition, 'what'>): string {
  return alarm.what.toLowerCase();
}

/** Where a service's runbook is, relative to the project root. */
export function runbookPath(service: string): string {
  return `docs/runbooks/${service}.md`;
}
