/**
 * The local EventBridge endpoint of `dev up`: PutEvents from the unchanged SDK client, rules
 * matched by their event patterns, targets invoked with their retry policy, failures parked.
 */
export {
  backoffDelay,
  DEFAULT_RETRY_TIMING,
  type DeliveryReport,
  type DeliveryStats,
  type DispatchOptions,
  type RetryTiming,
  UNROUTED_DLQ,
} from './delivery';
export {
  type BusEvent,
  busNameOf,
  DEFAULT_BUS,
  entrySize,
  eventTime,
  MAX_ENTRIES,
  MAX_REQUEST_BYTES,
} from './put-events';
export { type AcceptedEventInfo, type EventBus, type EventBusOptions, startEventBus } from './server';
