import type { Duration } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  EVENT_BUS_NAME_VARIABLE,
  eventSource,
  PARKING_QUEUE_URL_VARIABLE,
  RESOURCE_TYPES_VARIABLE,
} from '../../functions/runtime/conventions';
import { FORWARDER_EVENT_SOURCE, FORWARDER_TIMEOUT } from './defaults';
import { acknowledge } from './nag';
import { FORWARDER_PARKED_QUEUE_OUTPUT } from './names';
import { ParkingQueue } from './parking-queue';
import { ServiceFunction, type ServiceFunctionSettings } from './service-function';
import type { ServiceTable } from './service-table';

export interface StreamForwarderProps {
  /** The service whose table it forwards: its events' `source` is this service's, and only it. */
  readonly service: string;
  /** The table whose stream it reads. */
  readonly table: ServiceTable;
  /** The bus it puts events on (the stage's shared bus). */
  readonly eventBus: events.IEventBus;
  /** The resources whose items become events (RESOURCE_TYPES); others are skipped. */
  readonly publishingResources: readonly string[];
  /** Absolute path of the forwarder's entry (functions/runtime/forwarder/handler.ts). */
  readonly entry: string;
  /** The stack's common environment (table name, service name, log level); the forwarder's own is added. */
  readonly environment: Readonly<Record<string, string>>;
  readonly functions: ServiceFunctionSettings;
  /**
   * How long one batch may take.
   * @default FORWARDER_TIMEOUT (60 seconds, defaults.ts)
   */
  readonly timeout?: Duration;
  /**
   * Stream records per invocation.
   * @default FORWARDER_EVENT_SOURCE.batchSize (100, defaults.ts)
   */
  readonly batchSize?: number;
  /**
   * Concurrent batches per stream shard (per-item order holds whatever the factor).
   * @default FORWARDER_EVENT_SOURCE.parallelizationFactor (FORWARDER_PARALLELIZATION_FACTOR: 2, defaults.ts)
   */
  readonly parallelizationFactor?: number;
  /**
   * Retries of a failed batch before it is parked on the on-failure queue.
   * @default FORWARDER_EVENT_SOURCE.retryAttempts (10, defaults.ts)
   */
  readonly retryAttempts?: number;
  /**
   * Records older than this are parked instead of retried; keep it within the stream's 24 hours.
   * @default FORWARDER_EVENT_SOURCE.maxRecordAge (12 hours, defaults.ts)
   */
  readonly maxRecordAge?: Duration;
  /**
   * Split a failing batch in two and retry the halves, so one bad record does not hold back the rest.
   * @default FORWARDER_EVENT_SOURCE.bisectBatchOnError (true, defaults.ts)
   */
  readonly bisectBatchOnError?: boolean;
}

/**
 * The stream forwarder: a Lambda on the table's stream that turns resource items' changes into
 * events on the bus (functions/runtime/forwarder), its event source mapping, and the on-failure
 * queue where it parks what it cannot forward (records that cannot become events, at once; batches
 * given up after the retries or the maximum age). It may put events on the bus only with its own
 * service's `source`, read its own table's stream only, and send to its own queue only.
 *
 * Adds to `scope` (README.md, "Service constructs": no construct level of its own): the function
 * `<id>` (the stack's is `Forwarder`), the queue `<id>OnFailure` and the output
 * {@link FORWARDER_PARKED_QUEUE_OUTPUT} (one forwarder per stack: the runbook reads that output).
 */
export class StreamForwarder {
  readonly fn: ServiceFunction;
  readonly onFailure: sqs.Queue;

  constructor(scope: Construct, id: string, props: StreamForwarderProps) {
    const { service, eventBus } = props;
    this.onFailure = new ParkingQueue(scope, `${id}OnFailure`, {
      service,
      stage: props.functions.stage,
      outputId: FORWARDER_PARKED_QUEUE_OUTPUT,
    }).queue;
    acknowledge(
      this.onFailure,
      'AwsSolutions-SQS3',
      "This queue is the dead-letter destination of the forwarder's event source mapping (cdk-nag only recognizes SQS redrive and Lambda DLQs); a queue behind it would hide parked batches from the alarm.",
    );
    this.fn = new ServiceFunction(scope, id, {
      ...props.functions,
      entry: props.entry,
      description: `${service}: stream forwarder to ${eventBus.eventBusName}`,
      environment: {
        ...props.environment,
        [EVENT_BUS_NAME_VARIABLE]: eventBus.eventBusName,
        [RESOURCE_TYPES_VARIABLE]: props.publishingResources.join(','),
        // Records that cannot become events are parked here at once, with their reason (park.ts).
        [PARKING_QUEUE_URL_VARIABLE]: this.onFailure.queueUrl,
      },
      timeout: props.timeout ?? FORWARDER_TIMEOUT,
    });
    // Only its own service's source: a forwarder (or whoever gets its role) cannot forge another
    // service's events, which subscribers would otherwise take for the owner's.
    this.fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'PutOwnEvents',
        actions: ['events:PutEvents'],
        resources: [eventBus.eventBusArn],
        conditions: { StringEquals: { 'events:source': [eventSource(service)] } },
      }),
    );
    this.fn.function.addEventSource(
      new DynamoEventSource(props.table.table, {
        ...FORWARDER_EVENT_SOURCE,
        batchSize: props.batchSize ?? FORWARDER_EVENT_SOURCE.batchSize,
        parallelizationFactor: props.parallelizationFactor ?? FORWARDER_EVENT_SOURCE.parallelizationFactor,
        retryAttempts: props.retryAttempts ?? FORWARDER_EVENT_SOURCE.retryAttempts,
        maxRecordAge: props.maxRecordAge ?? FORWARDER_EVENT_SOURCE.maxRecordAge,
        bisectBatchOnError: props.bisectBatchOnError ?? FORWARDER_EVENT_SOURCE.bisectBatchOnError,
        // Batches given up (retries or age) are parked on the same queue, as Lambda's record of them.
        onFailure: new SqsDlq(this.onFailure),
      }),
    );
    acknowledge(
      this.fn.role,
      'AwsSolutions-IAM5[Resource::*]',
      "dynamodb:ListStreams (needed by the stream event source mapping) supports no resource-level permissions; the stream reads themselves are on this table's stream ARN only.",
    );
  }
}
