/**
 * DynamoDB stream event source mappings, locally: pollers that read DynamoDB Local's streams and
 * invoke functions with Lambda's batching, retry, bisect, record-age and partial-batch semantics,
 * parking what they give up on.
 */
export { type BatchOutcome, batchOutcome } from './batch-response';
export { type CheckpointStore, FileCheckpointStore, MemoryCheckpointStore } from './checkpoints';
export type { InvocationOutcome as StreamBatchOutcome } from './delivery-policy';
export {
  type DynamoDBRecord,
  type DynamoDBStreamEvent,
  type LambdaRecordContext,
  recordCreatedAtMs,
  toJsonValue,
  toLambdaRecord,
} from './lambda-event';
export {
  type DdbStreamBatchInfo,
  type OnFailureCondition,
  type OnFailureRecord,
  onFailureRecord,
} from './on-failure';
export {
  DEFAULT_ON_FAILURE_QUEUE,
  STREAM_RETENTION_SECONDS,
  type StreamBatchReport,
  StreamPoller,
  type StreamPollerLog,
  type StreamPollerOptions,
  type StreamPollerStats,
  type StreamRecordSummary,
} from './poller';
export { StreamPollers, type StreamPollersOptions } from './pollers';
