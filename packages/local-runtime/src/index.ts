/**
 * @tributary/local-runtime: a CDK app's synthesized system run on one machine, without AWS.
 *
 * `up({ root })` reads the cloud assembly (`cdk.out`, synthesized first when stale) and starts what
 * its templates declare: DynamoDB Local with the tables and their streams, EventBridge buses with
 * their rules and targets, API Gateway HTTP APIs, SQS queues, and each Lambda function in a Node.js
 * process of the runtime's major version. README.md says what is supported and what is not.
 *
 * The parts are exported too, for tools and tests that want one of them: the template reader, the
 * event-pattern engine (also `@tributary/local-runtime/event-pattern`, without the rest), the
 * servers, the Lambda runner and the stream pollers.
 */
export * from './clock';
export * from './credentials';
export * from './dynamodb';
export * from './event-bus';
export {
  type DeliveryKey,
  EventJournal,
  type EventJournalOptions,
  type JournalContents,
  type JournaledEvent,
  readJournal,
} from './event-bus/journal';
export * from './event-pattern';
export * from './http-api';
export * from './iam-policy';
export * from './json-path';
export * from './lambda';
export { functionEnvironment, logStreamName } from './lambda/environment';
export { locateHandler } from './lambda/handler';
export * from './log-lines';
export * from './model';
export * from './parking-lot';
export * from './ports';
export * from './redrive';
export * from './sqs/server';
export * from './streams';
export * from './synth';
export * from './template';
export * from './trace';
export * from './up';
