import { CfnOutput, type Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { PARKING_QUEUE_DEFAULTS } from './defaults';
import type { StageConfig } from './stage';

export interface ParkingQueueProps {
  /** The service whose failed work it holds (the output's description names it). */
  readonly service: string;
  /** Its removal policy is the stage's. */
  readonly stage: StageConfig;
  /**
   * The id of the stack output that holds its URL, which the runbook's commands read (names.ts:
   * `ForwarderOnFailureUrl`, `On<Publisher><Resource>DeadLettersUrl`).
   */
  readonly outputId: string;
  /**
   * How long a parked message is kept.
   * @default PARKING_QUEUE_DEFAULTS.retentionPeriod (14 days, defaults.ts)
   */
  readonly retentionPeriod?: Duration;
}

/**
 * A queue where failed work waits for an operator: encrypted (SQS managed), TLS only, and its URL a
 * stack output. Not named: a rename would replace a deployed stage's queue, parked messages and all,
 * so operators find it by the output.
 *
 * Adds to `scope` (README.md, "Service constructs": no construct level of its own): the queue
 * `<id>` and the output `<outputId>`.
 */
export class ParkingQueue {
  readonly queue: sqs.Queue;

  constructor(scope: Construct, id: string, props: ParkingQueueProps) {
    this.queue = new sqs.Queue(scope, id, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: props.retentionPeriod ?? PARKING_QUEUE_DEFAULTS.retentionPeriod,
      removalPolicy: props.stage.removalPolicy,
    });
    new CfnOutput(scope, props.outputId, {
      value: this.queue.queueUrl,
      description: `Where ${props.service} parks what it gave up on (${id}); the runbook reads it.`,
    });
  }
}
