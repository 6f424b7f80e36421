/**
 * The app's EventBridge rules (AWS::Events::Rule) and buses (AWS::Events::EventBus): which bus a
 * rule listens on, its event pattern, and its Lambda targets with their retry policy and
 * dead-letter queue (EventBridge's defaults when the template leaves them out).
 */
import type { LocalFunction, LocalRule, LocalRuleTarget } from '../model';
import { isObject } from './assembly';
import { type ReaderContext, resourcesOfType } from './reader';
import { TemplateError } from './scope';

/** EventBridge's retry policy when a target has none. */
export const RULE_TARGET_DEFAULTS = { retryAttempts: 185, maxEventAgeSeconds: 86_400 } as const;

export function readBuses(context: ReaderContext): string[] {
  return resourcesOfType(context.assembly, 'AWS::Events::EventBus').map(({ stack, logicalId, resource }) =>
    context.scope.string(stack, resource.Properties.Name, { logicalId, property: 'Name' }),
  );
}

/** A bus name from `EventBusName`, which may also be a bus ARN. */
function busName(value: string): string {
  const arn = /^arn:[^:]+:events:[^:]*:[^:]*:event-bus\/(.+)$/.exec(value);
  return arn?.[1] ?? value;
}

export function readRules(
  context: ReaderContext,
  functions: ReadonlyMap<string, LocalFunction>,
): LocalRule[] {
  const { scope } = context;
  const rules: LocalRule[] = [];
  for (const { stack, logicalId, resource, id } of resourcesOfType(context.assembly, 'AWS::Events::Rule')) {
    const properties = resource.Properties;
    const at = (property: string) => ({ logicalId, property });
    const state =
      properties.State === undefined ? 'ENABLED' : scope.string(stack, properties.State, at('State'));
    if (state !== 'ENABLED') {
      context.warn(`${id}: state ${state}, not run locally`);
      continue;
    }
    if (properties.EventPattern === undefined) {
      context.warn(`${id}: a rule without an event pattern (a schedule) is not run locally`);
      continue;
    }
    let pattern = scope.json(stack, properties.EventPattern, at('EventPattern'));
    if (typeof pattern === 'string') {
      try {
        pattern = JSON.parse(pattern);
      } catch {
        throw new TemplateError(stack.stackName, logicalId, 'EventPattern', 'not valid JSON');
      }
    }
    const targets: LocalRuleTarget[] = [];
    const declared = properties.Targets ?? [];
    if (!Array.isArray(declared))
      throw new TemplateError(stack.stackName, logicalId, 'Targets', 'expected a list');
    declared.forEach((target: unknown, index) => {
      const path = `Targets[${index}]`;
      if (!isObject(target)) throw new TemplateError(stack.stackName, logicalId, path, 'expected an object');
      const fn = scope.reference(stack, target.Arn, at(`${path}.Arn`));
      if (fn.resource.Type !== 'AWS::Lambda::Function' || !functions.has(fn.id)) {
        context.warn(`${id}: target ${fn.id} (${fn.resource.Type}) is not run locally (Lambda targets only)`);
        return;
      }
      for (const transform of ['Input', 'InputPath', 'InputTransformer'] as const) {
        if (target[transform] !== undefined) {
          context.warn(
            `${id}: ${path}.${transform} is not applied locally: ${fn.id} receives the whole event`,
          );
        }
      }
      const retry = isObject(target.RetryPolicy) ? target.RetryPolicy : {};
      const deadLetter = isObject(target.DeadLetterConfig) ? target.DeadLetterConfig.Arn : undefined;
      let deadLetterQueueId: string | undefined;
      if (deadLetter !== undefined) {
        const queue = scope.reference(stack, deadLetter, at(`${path}.DeadLetterConfig.Arn`));
        if (queue.resource.Type === 'AWS::SQS::Queue') deadLetterQueueId = queue.id;
        else context.warn(`${id}: dead-letter target ${queue.id} is not a queue`);
      }
      targets.push({
        functionId: fn.id,
        retryAttempts: scope.number(
          stack,
          retry.MaximumRetryAttempts,
          at(`${path}.RetryPolicy.MaximumRetryAttempts`),
          RULE_TARGET_DEFAULTS.retryAttempts,
        ),
        maxEventAgeSeconds: scope.number(
          stack,
          retry.MaximumEventAgeInSeconds,
          at(`${path}.RetryPolicy.MaximumEventAgeInSeconds`),
          RULE_TARGET_DEFAULTS.maxEventAgeSeconds,
        ),
        ...(deadLetterQueueId === undefined ? {} : { deadLetterQueueId }),
      });
    });
    rules.push({
      id,
      stack: stack.stackName,
      busName:
        properties.EventBusName === undefined
          ? 'default'
          : busName(scope.string(stack, properties.EventBusName, at('EventBusName'))),
      pattern,
      targets,
    });
  }
  return rules;
}
