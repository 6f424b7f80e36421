import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { type AlarmDefinition, runbookAnchor, runbookPath } from './alarm-catalog';
import type { ResolvedAlarmThresholds } from './alarm-thresholds';
import { forwarderMetric, routeMetric, serverErrorRate } from './service-metrics';

/**
 * A service's CloudWatch alarms, one per definition of alarm-catalog.ts, each sending its ALARM and
 * its OK to every topic given (the stage's alarm topic, and an existing one when configured), and
 * naming its runbook section in its description, which the notification carries.
 */

/** What the alarms measure, from the service's stack. */
export interface AlarmSources {
  readonly service: string;
  readonly apiId: string;
  readonly forwarder?: { readonly fn: lambda.IFunction; readonly parked: sqs.IQueue } | undefined;
  /** Subscriber function and dead-letter queue by `<publisher>.<resource>`. */
  readonly subscribers: ReadonlyMap<
    string,
    { readonly fn: lambda.IFunction; readonly deadLetters: sqs.IQueue }
  >;
}

function missing(what: string, alarm: AlarmDefinition): Error {
  return new Error(`internal error: alarm ${alarm.what} of ${what} has nothing to measure`);
}

/** The metric (or metric math) an alarm compares with its threshold. */
export function alarmMetric(
  alarm: AlarmDefinition,
  sources: AlarmSources,
  thresholds: ResolvedAlarmThresholds,
): cloudwatch.IMetric {
  const period = Duration.minutes(alarm.periodMinutes);
  switch (alarm.kind) {
    case 'server-error-rate':
      if (!alarm.operation) throw missing(sources.service, alarm);
      return serverErrorRate(sources.apiId, alarm.operation, thresholds.serverErrorMinimumRequests, period);
    case 'latency-p99':
      if (!alarm.operation) throw missing(sources.service, alarm);
      return routeMetric(sources.apiId, alarm.operation, 'Latency', 'p99', period);
    case 'forwarder-iterator-age':
      if (!sources.forwarder) throw missing(sources.service, alarm);
      return sources.forwarder.fn.metric('IteratorAge', { statistic: 'Maximum', period });
    case 'forwarder-failures':
      if (!sources.forwarder) throw missing(sources.service, alarm);
      return new cloudwatch.MathExpression({
        expression: 'FILL(errors, 0) + FILL(failed, 0)',
        usingMetrics: {
          errors: sources.forwarder.fn.metricErrors({ statistic: 'Sum', period }),
          failed: forwarderMetric(sources.service, 'EntriesFailed', period),
        },
        label: 'failed invocations + refused entries',
        period,
      });
    case 'forwarder-parked':
      if (!sources.forwarder) throw missing(sources.service, alarm);
      return sources.forwarder.parked.metricApproximateNumberOfMessagesVisible({
        statistic: 'Maximum',
        period,
      });
    case 'subscriber-errors':
    case 'subscriber-parked': {
      const subscription = alarm.subscription;
      const subscriber = subscription
        ? sources.subscribers.get(`${subscription.publisher}.${subscription.resource}`)
        : undefined;
      if (!subscriber) throw missing(sources.service, alarm);
      return alarm.kind === 'subscriber-errors'
        ? subscriber.fn.metricErrors({ statistic: 'Sum', period })
        : subscriber.deadLetters.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period });
    }
  }
}

/** The alarms of `definitions` in `scope`, by construct id. */
export function addServiceAlarms(
  scope: Construct,
  definitions: readonly AlarmDefinition[],
  sources: AlarmSources,
  thresholds: ResolvedAlarmThresholds,
  topics: readonly sns.ITopic[],
): Map<string, cloudwatch.Alarm> {
  const alarms = new Map<string, cloudwatch.Alarm>();
  for (const definition of definitions) {
    const alarm = new cloudwatch.Alarm(scope, definition.id, {
      alarmName: definition.name,
      alarmDescription: `${sources.service}: ${definition.summary}: ${definition.condition}. Runbook: ${runbookPath(sources.service)}#${runbookAnchor(definition)}`,
      metric: alarmMetric(definition, sources, thresholds),
      threshold: definition.threshold,
      evaluationPeriods: definition.evaluationPeriods,
      datapointsToAlarm: definition.datapointsToAlarm,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No requests, no stream records, an empty queue: nothing is wrong.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const topic of topics) {
      const action = new actions.SnsAction(topic);
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
    alarms.set(definition.id, alarm);
  }
  return alarms;
}
