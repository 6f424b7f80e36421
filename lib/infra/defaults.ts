import { Duration } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DEFAULT_ALARM_THRESHOLDS } from './alarm-thresholds';
import {
  FORWARDER_MAX_RECORD_AGE_HOURS,
  SUBSCRIBER_ASYNC_RETRY_ATTEMPTS,
  SUBSCRIBER_MAX_EVENT_AGE_HOURS,
  SUBSCRIBER_RULE_RETRY_ATTEMPTS,
} from './delivery-limits';

/**
 * Every default of the service constructs, in one place, in the manner of aws-solutions-constructs:
 * each optional prop names its default from here in its `@default`, and the construct reads it from
 * here, so the documentation and what is built cannot drift apart, and a default changes for every
 * service at once.
 *
 * Not here, on purpose:
 * - what differs per stage (removal policy, deletion protection, log retention, archive retention,
 *   log level): stage.ts, where prod's settings are spelled out next to dev's;
 * - the alarms' thresholds: alarm-thresholds.ts, which imports nothing from the CDK because
 *   `dev generate` writes the runbooks from them (re-exported below, so this module lists them);
 * - physical names: names.ts;
 * - what every Lambda has and no prop changes (runtime, architecture, bundling): service-function.ts;
 * - settings the runtime code depends on (the table's key, stream view, TTL attribute, index
 *   projection; the forwarder's starting position and partial batch responses): in the construct
 *   that sets them, with why, since changing them is a change of the runtime's contract, not of a
 *   default.
 */

/** Every Lambda (service-function.ts) unless its construct says otherwise. */
export const FUNCTION_DEFAULTS = {
  memorySize: 256,
  timeout: Duration.seconds(10),
} as const;

/** The service table (service-table.ts). */
export const TABLE_DEFAULTS = {
  /** Restores to any second of the last 35 days: a bad deploy or a bad script can be undone. */
  pointInTimeRecovery: true,
  /** Encrypted at rest under the AWS managed key (`aws/dynamodb`): no key to manage, and in CloudTrail. */
  encryption: dynamodb.TableEncryption.AWS_MANAGED,
} as const;

/** Access log line: who called which route, how it went. The route key, never the raw path or query (they may hold personal data). */
export const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    sourceIp: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    callerArn: '$context.identity.userArn',
  }),
);

/** The HTTP API (service-api.ts). */
export const HTTP_API_DEFAULTS = {
  accessLogFormat: ACCESS_LOG_FORMAT,
  /** Per-route metrics: the alarms and the dashboard are per operation. */
  detailedMetrics: true,
} as const;

/**
 * The Lambda behind the `$default` route (fallback-route.ts): it formats a 404/405 from an
 * environment variable and touches nothing, so the smallest memory and a short timeout do.
 */
export const FALLBACK_DEFAULTS = {
  memorySize: 128,
  timeout: Duration.seconds(3),
} as const;

/**
 * Queues where failed work waits for an operator (parking-queue.ts): the forwarder's
 * on-failure queue and each subscription's dead-letter queue.
 */
export const PARKING_QUEUE_DEFAULTS = {
  /** SQS's maximum: a parked message outlives a long weekend and a slow investigation. */
  retentionPeriod: Duration.days(14),
} as const;

/**
 * Concurrent batches per stream shard. Lambda keeps the records of one item (one partition key) in
 * order across them, so per-item order holds. A stream shard carries up to a table partition's
 * ~1,000 writes per second, about what one forwarder invocation puts (10 calls of 10 entries at a
 * time); 2 leaves room for a batch in retry while the shard's others go on (docs/design.md).
 */
export const FORWARDER_PARALLELIZATION_FACTOR = 2;

/**
 * The forwarder's event source mapping (stream-forwarder.ts): see DESIGN.md, "Forwarder
 * guarantees". `startingPosition` and `reportBatchItemFailures` are not props: the handler answers
 * with batch item failures, and TRIM_HORIZON forwards the records written before the mapping was
 * ready instead of skipping them.
 */
export const FORWARDER_EVENT_SOURCE = {
  startingPosition: lambda.StartingPosition.TRIM_HORIZON,
  batchSize: 100,
  bisectBatchOnError: true,
  retryAttempts: 10,
  /** Well inside the stream's 24 h retention, so a parked batch can still be read from the stream. */
  maxRecordAge: Duration.hours(FORWARDER_MAX_RECORD_AGE_HOURS),
  reportBatchItemFailures: true,
  parallelizationFactor: FORWARDER_PARALLELIZATION_FACTOR,
} as const;

/** The forwarder's Lambda: a batch of 100 records is up to 10 PutEvents calls, each retried. */
export const FORWARDER_TIMEOUT = Duration.seconds(60);

/** EventBridge → subscriber delivery retries (the rule target) and Lambda's own async retries (subscriber.ts). */
export const SUBSCRIBER_DELIVERY = {
  ruleRetryAttempts: SUBSCRIBER_RULE_RETRY_ATTEMPTS,
  ruleMaxEventAge: Duration.hours(SUBSCRIBER_MAX_EVENT_AGE_HOURS),
  asyncRetryAttempts: SUBSCRIBER_ASYNC_RETRY_ATTEMPTS,
  asyncMaxEventAge: Duration.hours(SUBSCRIBER_MAX_EVENT_AGE_HOURS),
} as const;

/** A subscriber's Lambda: it may call the publisher's API before writing its own table. */
export const SUBSCRIBER_TIMEOUT = Duration.seconds(30);

// The alarms' thresholds live in alarm-thresholds.ts (no CDK import there: `dev generate` reads
// them too); listed here so that this module names every default.
export { DEFAULT_ALARM_THRESHOLDS };

/** The forwarder's iterator age alarm's default threshold (alarm-thresholds.ts has them all). */
export const ITERATOR_AGE_ALARM_MS = DEFAULT_ALARM_THRESHOLDS.forwarderIteratorAgeMilliseconds;
