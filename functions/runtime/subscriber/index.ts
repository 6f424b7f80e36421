/** The subscriber adapter: EventBridge events → a subscriber's handle, idempotent on `event_id`. See subscriber.ts. */
export {
  DEFAULT_DEDUPE_TTL_SECONDS,
  type DedupeStore,
  DynamoDbDedupe,
  type DynamoDbDedupeOptions,
} from './dedupe';
export {
  actOnOwnerState,
  eventKindOf,
  type OwnedResource,
  type OwnerStateOptions,
  type OwnerStateOutcome,
  StaleOwnerStateError,
  type SubscriberContext,
  type VersionedDetail,
} from './owner-state';
export {
  type DetailShape,
  InvalidEventError,
  lazySubscriber,
  SubscriberConfigError,
  type SubscriberEvent,
  type SubscriberHandler,
  type SubscriberLogger,
  type SubscriberMessage,
  type SubscriberOptions,
  subscriber,
} from './subscriber';
