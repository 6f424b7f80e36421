import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { FORWARDER_METRICS_NAMESPACE } from '../../functions/runtime/conventions';
import type { ForwarderMetric } from '../../functions/runtime/forwarder/metrics';
import type { AlarmedOperation } from './alarm-catalog';

/**
 * The metrics a service's alarms and dashboard read, made in one place so both read the same ones.
 *
 * Per route: API Gateway's detailed metrics of the HTTP API (`AWS/ApiGateway`, dimensions ApiId,
 * Stage, Resource, Method), which the stage turns on (`detailedMetricsEnabled`). The forwarder's
 * own: namespace `Tributary`, dimension `service` (functions/runtime/forwarder/handler.ts, Powertools
 * Metrics); everything else is Lambda's and SQS's.
 */

/** The HTTP API stage the services' routes are on. */
export const API_STAGE = '$default';

export type RouteMetricName = 'Count' | '4xx' | '5xx' | 'Latency' | 'IntegrationLatency';

export function routeMetric(
  apiId: string,
  operation: Pick<AlarmedOperation, 'method' | 'routePath'>,
  metricName: RouteMetricName,
  statistic: string,
  period: Duration,
  label?: string,
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/ApiGateway',
    metricName,
    dimensionsMap: {
      ApiId: apiId,
      Stage: API_STAGE,
      Resource: operation.routePath,
      Method: operation.method,
    },
    statistic,
    period,
    ...(label === undefined ? {} : { label }),
  });
}

/**
 * An operation's 5xx answers in percent of its requests, 0 in a period with fewer than `minimum`
 * requests (so one failure of two requests is not a rate), no data in a period with none.
 */
export function serverErrorRate(
  apiId: string,
  operation: Pick<AlarmedOperation, 'method' | 'routePath'>,
  minimum: number,
  period: Duration,
): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: `IF(requests >= ${minimum}, 100 * FILL(errors, 0) / requests, 0)`,
    usingMetrics: {
      requests: routeMetric(apiId, operation, 'Count', 'Sum', period),
      errors: routeMetric(apiId, operation, '5xx', 'Sum', period),
    },
    label: '5xx %',
    period,
  });
}

export function forwarderMetric(
  service: string,
  metricName: ForwarderMetric,
  period: Duration = Duration.minutes(5),
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: FORWARDER_METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service },
    statistic: 'Sum',
    period,
  });
}
