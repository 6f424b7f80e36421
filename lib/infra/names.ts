import { createHash } from 'node:crypto';
import { pascalCase, SYSTEM } from '../contract/names';
import { STAGE_NAME_MAX_LENGTH, type StageName } from './stage-name';

/**
 * Physical names the stacks agree on by convention instead of by cross-stack exports, so every
 * service stack deploys on its own (see service-stack.ts for why), and the names runbooks and
 * operators type. Every one holds the stage, so stages share an account safely.
 */

/** `order_items` → `order-items`: CloudFormation stack names and SSM paths allow no underscore. */
function dashed(name: string): string {
  return name.replace(/_/g, '-');
}

/** AWS limits on the names below that are tight enough to matter. */
export const NAME_LIMITS = { sqsQueue: 80, eventBridgeRule: 64, cloudWatch: 255, snsTopic: 256 } as const;

/**
 * `tributary-<stage>-<rest>` within `limit` characters whatever the stage (up to its maximum length):
 * a `<rest>` too long for what the longest stage leaves is cut and ends in 8 hex characters of its
 * hash. The cut depends on `<rest>` alone, so one name pattern (`tributary-$STAGE-<rest>`) holds
 * for every stage, and two different `<rest>`s stay different.
 */
export function boundedName(stage: StageName, rest: string, limit: number): string {
  const budget = limit - SYSTEM.length - 2 - STAGE_NAME_MAX_LENGTH;
  const fitted =
    rest.length <= budget
      ? rest
      : `${rest.slice(0, budget - 9).replace(/-+$/, '')}-${createHash('sha256').update(rest).digest('hex').slice(0, 8)}`;
  return `${SYSTEM}-${stage}-${fitted}`;
}

/** `tributary-dev-events`. */
export function eventsStackName(stage: StageName): string {
  return `${SYSTEM}-${stage}-events`;
}

/** `tributary-dev-users`. */
export function serviceStackName(stage: StageName, service: string): string {
  return `${SYSTEM}-${stage}-${dashed(service)}`;
}

/** The shared event bus of a stage: `tributary-dev`. */
export function eventBusName(stage: StageName): string {
  return `${SYSTEM}-${stage}`;
}

/** SSM parameter holding a service's HTTP API base URL: `/tributary/dev/users/api-url`. */
export function apiUrlParameterName(stage: StageName, service: string): string {
  return `/${SYSTEM}/${stage}/${dashed(service)}/api-url`;
}

/** SSM parameter holding a service's HTTP API id: `/tributary/dev/users/api-id`. */
export function apiIdParameterName(stage: StageName, service: string): string {
  return `/${SYSTEM}/${stage}/${dashed(service)}/api-id`;
}

/** The SNS topic every alarm of a stage notifies: `tributary-dev-alarms`. */
export function alarmTopicName(stage: StageName): string {
  return boundedName(stage, 'alarms', NAME_LIMITS.snsTopic);
}

/** A service's CloudWatch dashboard: `tributary-dev-orders`. */
export function dashboardName(stage: StageName, service: string): string {
  return boundedName(stage, dashed(service), NAME_LIMITS.cloudWatch);
}

/** A service's alarm: `tributary-dev-orders-createOrder-5xx-rate`, `tributary-dev-orders-forwarder-parked`. */
export function alarmName(stage: StageName, service: string, what: string): string {
  return boundedName(stage, `${dashed(service)}-${what}`, NAME_LIMITS.cloudWatch);
}

/** `orders` subscribing to `users.user`: `on-users-user`, the part of a subscription's names. */
export function subscriptionSlug(publisher: string, resource: string): string {
  return `on-${dashed(publisher)}-${dashed(resource)}`;
}

/** A subscription's rule on the bus (named, so an archive replay can target it): `tributary-dev-orders-on-users-user`. */
export function subscriptionRuleName(
  stage: StageName,
  service: string,
  publisher: string,
  resource: string,
): string {
  return boundedName(
    stage,
    `${dashed(service)}-${subscriptionSlug(publisher, resource)}`,
    NAME_LIMITS.eventBridgeRule,
  );
}

/**
 * The stack output holding the URL of the forwarder's on-failure queue, where it parks stream
 * records. Queues are not named by convention (renaming would replace a deployed stage's queues,
 * parked messages and all): operators find them by these outputs.
 */
export const FORWARDER_PARKED_QUEUE_OUTPUT = 'ForwarderOnFailureUrl';

/** The stack output holding the URL of a subscription's dead-letter queue: `OnUsersUserDeadLettersUrl`. */
export function deadLetterQueueOutput(publisher: string, resource: string): string {
  return `On${pascalCase(publisher)}${pascalCase(resource)}DeadLettersUrl`;
}
