/**
 * Test doubles of the runtime, for the generated `generated/testing/` modules and for tests: an
 * in-memory repository, dedupe store and logger, the in-process network of fake services, event
 * delivery to subscribers, and fast-check arbitraries of the spec's types. Never imported by
 * deployed code: nothing under functions/<service>/ but generated/testing/ may import it.
 */
export * as arb from './arbitraries';
export {
  type DeliverableDeps,
  type DeliverOptions,
  type Delivery,
  type DeliveryOutcome,
  deliver,
  type SubscriptionTarget,
} from './deliver';
export {
  apiGatewayEvent,
  FAKE_CREDENTIALS,
  FAKE_REGION,
  fakeBaseUrl,
  fakeClientOptions,
  inProcessFetch,
} from './in-process-fetch';
export { lazyObject } from './lazy';
export { MemoryDedupe, type MemoryDedupeOptions } from './memory-dedupe';
export { type LogLevel, type LogLine, MemoryLogger } from './memory-logger';
export { DynamoDbValidationError, MemoryRepository, type MemoryRepositoryConfig } from './memory-repository';
