import type { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { SUBSCRIBER_DELIVERY, SUBSCRIBER_TIMEOUT } from './defaults';
import { grantTableAccess, tableAccessEnvironment } from './grants';
import { deadLetterQueueOutput, subscriptionRuleName } from './names';
import { ParkingQueue } from './parking-queue';
import type { ServiceCalls } from './service-calls';
import { ServiceFunction, type ServiceFunctionSettings } from './service-function';
import type { ServiceTable } from './service-table';
import type { SubscriptionPlan } from './system';

export interface SubscriberProps {
  /** The subscribing service (the rule's name and the function's description start with it). */
  readonly service: string;
  readonly subscription: SubscriptionPlan;
  /** Absolute path of the subscriber's entry (the plan's is relative to the project root). */
  readonly entry: string;
  /** The subscriber's own table: its dedupe records and what its spec declares (table_access). */
  readonly table: ServiceTable;
  /** The bus the publisher's events are on (the stage's shared bus). */
  readonly eventBus: events.IEventBus;
  /** The stack's calls to other services: the subscription's `calls` get their URLs and Invoke. */
  readonly calls: ServiceCalls;
  /** The stack's common environment (table name, service name, log level); the subscriber's own is added. */
  readonly environment: Readonly<Record<string, string>>;
  readonly functions: ServiceFunctionSettings;
  /**
   * How long one event's handling may take.
   * @default SUBSCRIBER_TIMEOUT (30 seconds, defaults.ts)
   */
  readonly timeout?: Duration;
  /**
   * EventBridge's delivery retries (the rule target's) before the event goes to the dead-letter queue.
   * @default SUBSCRIBER_DELIVERY.ruleRetryAttempts (8, defaults.ts)
   */
  readonly ruleRetryAttempts?: number;
  /**
   * How long EventBridge keeps retrying delivery.
   * @default SUBSCRIBER_DELIVERY.ruleMaxEventAge (6 hours, defaults.ts)
   */
  readonly ruleMaxEventAge?: Duration;
  /**
   * Lambda's retries of a failed invocation (EventBridge invokes asynchronously) before the event
   * goes to the dead-letter queue.
   * @default SUBSCRIBER_DELIVERY.asyncRetryAttempts (2, defaults.ts)
   */
  readonly asyncRetryAttempts?: number;
  /**
   * How long Lambda keeps an asynchronous event for its retries.
   * @default SUBSCRIBER_DELIVERY.asyncMaxEventAge (6 hours, defaults.ts)
   */
  readonly asyncMaxEventAge?: Duration;
}

/**
 * One subscription of a service to another's events: a rule on the bus matching the publisher's
 * source and the subscribed detail types, the subscriber Lambda it targets, and one dead-letter
 * queue for both ways an event can fail (EventBridge's delivery, after the rule target's retries;
 * the function's errors, after Lambda's async retries): one queue, one message shape (the event),
 * one alarm.
 *
 * Adds to `scope` (README.md, "Service constructs": no construct level of its own): the queue
 * `<id>DeadLetters` and its output (names.ts, `deadLetterQueueOutput`), the function `<id>` and the
 * rule `<id>Rule` (the stack's id is `On<Publisher><Resource>`).
 */
export class Subscriber {
  readonly fn: ServiceFunction;
  readonly deadLetters: sqs.Queue;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: SubscriberProps) {
    const { service, subscription, table, calls } = props;
    const { publisher, resource } = subscription;
    const label = `${publisher}.${resource} ${subscription.events.join('/')}`;
    this.deadLetters = new ParkingQueue(scope, `${id}DeadLetters`, {
      service,
      stage: props.functions.stage,
      outputId: deadLetterQueueOutput(publisher, resource),
    }).queue;
    this.fn = new ServiceFunction(scope, id, {
      ...props.functions,
      entry: props.entry,
      description: `${service}: subscriber to ${label}`,
      environment: {
        ...props.environment,
        ...tableAccessEnvironment(subscription.tableAccess.actions),
        ...calls.environment(subscription.calls),
      },
      timeout: props.timeout ?? SUBSCRIBER_TIMEOUT,
      async: {
        retryAttempts: props.asyncRetryAttempts ?? SUBSCRIBER_DELIVERY.asyncRetryAttempts,
        maxEventAge: props.asyncMaxEventAge ?? SUBSCRIBER_DELIVERY.asyncMaxEventAge,
        deadLetterQueue: this.deadLetters,
      },
    });
    // Its dedupe records and what its spec declares (table_access): own table only.
    grantTableAccess(this.fn.function, table.table, table.indexNames, subscription.tableAccess.actions);
    calls.grant(this.fn, subscription.calls);

    this.rule = new events.Rule(scope, `${id}Rule`, {
      // Named, so an archive replay can target it (the runbook's redrive).
      ruleName: subscriptionRuleName(props.functions.stage.name, service, publisher, resource),
      eventBus: props.eventBus,
      description: `${service} reacts to ${label}`,
      eventPattern: { source: [subscription.source], detailType: [...subscription.detailTypes] },
      targets: [
        new targets.LambdaFunction(this.fn.function, {
          retryAttempts: props.ruleRetryAttempts ?? SUBSCRIBER_DELIVERY.ruleRetryAttempts,
          maxEventAge: props.ruleMaxEventAge ?? SUBSCRIBER_DELIVERY.ruleMaxEventAge,
          deadLetterQueue: this.deadLetters,
        }),
      ],
    });
  }
}
