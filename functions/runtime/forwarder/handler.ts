/**
 * The stream forwarder Lambda of a service: DynamoDB stream (NEW_AND_OLD_IMAGES,
 * ReportBatchItemFailures) → EventBridge. Environment: SERVICE_NAME, EVENT_BUS_NAME, RESOURCE_TYPES
 * (config.ts); PARKING_QUEUE_URL, where records that cannot become events are parked (park.ts);
 * POWERTOOLS_METRICS_NAMESPACE (default `Tributary`), POWERTOOLS_LOG_LEVEL.
 *
 * The client makes one attempt per call (`maxAttempts: 1`): retries are the forwarder's own, entry
 * by entry, bounded by the invocation's deadline (retry-policy.ts, send.ts), not stacked on the
 * SDK's.
 */
import { Metrics } from '@aws-lambda-powertools/metrics';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import {
  FORWARDER_METRICS_NAMESPACE,
  PARKING_QUEUE_URL_VARIABLE,
  POWERTOOLS_METRICS_NAMESPACE_VARIABLE,
} from '../conventions';
import { createLogger } from '../logger';
import { forwarderConfigFromEnv } from './config';
import { createForwarderHandler } from './create-handler';

const config = forwarderConfigFromEnv(process.env);
// The forwarder never logs item attributes (only ids, sequence numbers and codes), so there is
// nothing personal to redact.
const logger = createLogger({ serviceName: config.service, personalFields: [] });
const metrics = new Metrics({
  namespace: process.env[POWERTOOLS_METRICS_NAMESPACE_VARIABLE] ?? FORWARDER_METRICS_NAMESPACE,
  serviceName: config.service,
});
const client = new EventBridgeClient({ maxAttempts: 1 });

const parkingQueueUrl = process.env[PARKING_QUEUE_URL_VARIABLE];
const parking =
  parkingQueueUrl === undefined || parkingQueueUrl === ''
    ? undefined
    : {
        // The queue is the stack's own, in the function's region: the regional endpoint (or
        // AWS_ENDPOINT_URL_SQS, as under `dev up`) serves it, not the host written in its URL.
        client: new SQSClient({ useQueueUrlAsEndpoint: false }),
        queueUrl: parkingQueueUrl,
      };

export const handler = createForwarderHandler({
  config,
  client,
  log: logger,
  metrics,
  ...(parking === undefined ? {} : { parking }),
});
