import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { type AlarmedOperation, runbookPath } from './alarm-catalog';
import { DASHBOARD_TITLES, subscriptionWidgetTitle } from './dashboard-titles';
import { dashboardName, subscriptionSlug } from './names';
import type { AlarmSources } from './service-alarms';
import { forwarderMetric, routeMetric } from './service-metrics';
import type { StageName } from './stage-name';

/**
 * A service's CloudWatch dashboard, `tributary-<stage>-<service>`, built with its stack from the same
 * metrics as its alarms (service-metrics.ts), so what an alarm fires on is on the dashboard:
 *
 * - the state of every alarm of the service;
 * - per route: requests, 4xx, 5xx and p99 latency (API Gateway's detailed metrics);
 * - the forwarder: its lag (iterator age), events put, entries failed and records parked, failed
 *   invocations, and the messages waiting in its on-failure queue;
 * - per subscription: deliveries (the subscriber's invocations), its errors and the messages
 *   waiting in its dead-letter queue;
 * - the latest errors logged by any of the service's functions (Logs Insights).
 */

export interface DashboardSources extends AlarmSources {
  readonly stage: StageName;
  readonly operations: readonly AlarmedOperation[];
  readonly alarms: readonly cloudwatch.IAlarm[];
  /** Every function's log group, for the errors widget. */
  readonly logGroups: readonly logs.ILogGroup[];
}

const PERIOD = Duration.minutes(5);
/** The dashboard grid is 24 columns wide. */
const FULL = 24;
/** Logs Insights queries at most 50 log groups at once. */
const MAX_QUERIED_LOG_GROUPS = 50;

/** The Logs Insights query of the errors widget: Powertools' level, and what the Lambda runtime writes. */
export const ERRORS_QUERY = [
  'fields @timestamp, @log, @message',
  'filter level = "ERROR" or level = "CRITICAL" or @message like /Task timed out|Runtime\\.\\w+Error/',
  'sort @timestamp desc',
  'limit 50',
];

function graph(
  title: string,
  left: cloudwatch.IMetric[],
  options: Partial<cloudwatch.GraphWidgetProps> = {},
) {
  return new cloudwatch.GraphWidget({ title, left, width: 6, height: 6, period: PERIOD, ...options });
}

function routeWidgets(sources: DashboardSources): cloudwatch.IWidget[] {
  const per = (metric: 'Count' | '4xx' | '5xx' | 'Latency', statistic: string): cloudwatch.IMetric[] =>
    sources.operations.map((operation) =>
      routeMetric(sources.apiId, operation, metric, statistic, PERIOD, operation.key),
    );
  return [
    graph(DASHBOARD_TITLES.requests, per('Count', 'Sum')),
    graph(DASHBOARD_TITLES.clientErrors, per('4xx', 'Sum')),
    graph(DASHBOARD_TITLES.serverErrors, per('5xx', 'Sum')),
    graph(DASHBOARD_TITLES.latency, per('Latency', 'p99')),
  ];
}

function forwarderWidgets(sources: DashboardSources): cloudwatch.IWidget[] {
  const forwarder = sources.forwarder;
  if (forwarder === undefined) return [];
  const service = sources.service;
  return [
    graph(DASHBOARD_TITLES.forwarderLag, [
      forwarder.fn.metric('IteratorAge', { statistic: 'Maximum', period: PERIOD, label: 'oldest record' }),
    ]),
    graph(DASHBOARD_TITLES.forwarderEvents, [
      forwarderMetric(service, 'EventsPut', PERIOD).with({ label: 'events put' }),
      forwarderMetric(service, 'EntriesFailed', PERIOD).with({ label: 'entries failed' }),
      forwarderMetric(service, 'RecordsParked', PERIOD).with({ label: 'records parked' }),
    ]),
    graph(DASHBOARD_TITLES.forwarderInvocations, [
      forwarder.fn.metricInvocations({ statistic: 'Sum', period: PERIOD, label: 'invocations' }),
      forwarder.fn.metricErrors({ statistic: 'Sum', period: PERIOD, label: 'failed' }),
    ]),
    graph(DASHBOARD_TITLES.forwarderParked, [
      forwarder.parked.metricApproximateNumberOfMessagesVisible({
        statistic: 'Maximum',
        period: PERIOD,
        label: 'waiting',
      }),
    ]),
  ];
}

function subscriptionWidgets(sources: DashboardSources): cloudwatch.IWidget[] {
  return [...sources.subscribers.entries()].map(([key, subscriber]) => {
    const [publisher = '', resource = ''] = key.split('.');
    return graph(
      subscriptionWidgetTitle(subscriptionSlug(publisher, resource)),
      [
        subscriber.fn.metricInvocations({ statistic: 'Sum', period: PERIOD, label: 'deliveries' }),
        subscriber.fn.metricErrors({ statistic: 'Sum', period: PERIOD, label: 'failed' }),
      ],
      {
        right: [
          subscriber.deadLetters.metricApproximateNumberOfMessagesVisible({
            statistic: 'Maximum',
            period: PERIOD,
            label: 'parked (dead-letter queue)',
          }),
        ],
        width: 8,
      },
    );
  });
}

export function addServiceDashboard(scope: Construct, sources: DashboardSources): cloudwatch.Dashboard {
  const dashboard = new cloudwatch.Dashboard(scope, 'Dashboard', {
    dashboardName: dashboardName(sources.stage, sources.service),
    defaultInterval: Duration.hours(3),
  });
  dashboard.addWidgets(
    new cloudwatch.TextWidget({
      markdown: [
        `# ${sources.service} (${sources.stage})`,
        `Requests, errors and latency per route; the stream forwarder; deliveries and parked events per subscription. What each alarm means and what to do: \`${runbookPath(sources.service)}\`.`,
      ].join('\n\n'),
      width: FULL,
      height: 2,
    }),
  );
  if (sources.alarms.length > 0) {
    dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({
        title: DASHBOARD_TITLES.alarms,
        alarms: [...sources.alarms],
        width: FULL,
        height: Math.min(2 + Math.ceil(sources.alarms.length / 4), 8),
      }),
    );
  }
  if (sources.operations.length > 0) dashboard.addWidgets(...routeWidgets(sources));
  const forwarder = forwarderWidgets(sources);
  if (forwarder.length > 0) dashboard.addWidgets(...forwarder);
  const subscriptions = subscriptionWidgets(sources);
  if (subscriptions.length > 0) dashboard.addWidgets(...subscriptions);
  dashboard.addWidgets(
    new cloudwatch.LogQueryWidget({
      title: DASHBOARD_TITLES.errorsLogged,
      logGroupNames: sources.logGroups.slice(0, MAX_QUERIED_LOG_GROUPS).map((group) => group.logGroupName),
      queryLines: ERRORS_QUERY,
      view: cloudwatch.LogQueryVisualizationType.TABLE,
      width: FULL,
      height: 6,
    }),
  );
  return dashboard;
}
