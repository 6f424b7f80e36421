import { SYSTEM } from '../codegen/names';
import type { StageName } from './stage-name';

/**
 * Physical names the stacks agree on by convention instead of by cross-stack exports, so every
 * service stack deploys on its own (see service-stack.ts for why).
 */

/** `order_items` → `order-items`: CloudFormation stack names and SSM paths allow no underscore. */
function dashed(name: string): string {
  return name.replace(/_/g, '-');
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
