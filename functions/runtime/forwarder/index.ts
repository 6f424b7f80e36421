export { batchResponse } from './checkpoint';
export { chunkBySize, PUT_EVENTS_LIMITS } from './chunk';
export type { ForwarderConfig } from './config';
export { eventSource, ForwarderConfigError, forwarderConfig, forwarderConfigFromEnv } from './config';
export type { ForwarderHandler, ForwarderHandlerDeps } from './create-handler';
export { createForwarderHandler } from './create-handler';
export { entrySize, MAX_CALL_BYTES, MAX_ENTRIES_PER_CALL } from './entry-size';
export type { EventEntry, ResourceEvent } from './event-entry';
export { eventEntry } from './event-entry';
export type { ForwardOptions, ForwardResult, ForwardSummary } from './forward';
export { DEFAULT_SAFETY_MARGIN_MS, forwardRecords } from './forward';
export type { ForwarderLog } from './log';
export type {
  MappedRecord,
  OutgoingEvent,
  SkippedRecord,
  SkipReason,
  UnusableReason,
  UnusableRecord,
} from './map-record';
export { mapRecord, mapRecords, TTL_PRINCIPAL } from './map-record';
export type { MetricsSink } from './metrics';
export { addForwarderMetrics, FORWARDER_METRICS, forwarderMetrics } from './metrics';
export type { ParkedRecord, ParkingQueue, SendMessageBatchClient } from './park';
export { MAX_MESSAGES_PER_BATCH, parkedRecord, parkRecords } from './park';
export type { RetryPolicy } from './retry-policy';
export {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  isRetryableCallError,
  isRetryableEntryError,
  RETRYABLE_ENTRY_ERRORS,
} from './retry-policy';
export type { EntryOutcome, FailureCause, PutEventsClient, SendOptions, SendReport } from './send';
export {
  CALL_TIMEOUT,
  DEFAULT_CALL_TIMEOUT_MS,
  DEFAULT_CONCURRENCY,
  MISSING_RESULT,
  sendEvents,
} from './send';
