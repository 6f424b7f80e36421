/**
 * The app's DynamoDB stream event source mappings (AWS::Lambda::EventSourceMapping) with the
 * settings the local pollers honour, defaults as Lambda applies them to stream sources.
 */
import type { LocalEventSourceMapping, LocalFunction, LocalTable } from '../model';
import { isObject, type StackTemplate } from './assembly';
import { type ReaderContext, resourcesOfType } from './reader';
import { TABLE_TYPES, TemplateError } from './scope';

/** Lambda's defaults for a DynamoDB stream source. */
export const STREAM_MAPPING_DEFAULTS = {
  batchSize: 100,
  bisectBatchOnFunctionError: false,
  maximumRetryAttempts: -1,
  maximumRecordAgeInSeconds: -1,
  maximumBatchingWindowInSeconds: 0,
} as const;

export function readEventSourceMappings(
  context: ReaderContext,
  functions: ReadonlyMap<string, LocalFunction>,
  tables: ReadonlyMap<string, LocalTable>,
): LocalEventSourceMapping[] {
  const { scope } = context;
  const mappings: LocalEventSourceMapping[] = [];
  for (const { stack, logicalId, resource, id } of resourcesOfType(
    context.assembly,
    'AWS::Lambda::EventSourceMapping',
  )) {
    const properties = resource.Properties;
    const at = (property: string) => ({ logicalId, property });
    if (properties.EventSourceArn === undefined) {
      context.warn(`${id}: a mapping without an EventSourceArn (Kafka, MQ) is not run locally`);
      continue;
    }
    const source = scope.reference(stack, properties.EventSourceArn, at('EventSourceArn'));
    if (!TABLE_TYPES.has(source.resource.Type) || !tables.has(source.id)) {
      context.warn(
        `${id}: source ${source.id} (${source.resource.Type}) is not run locally (DynamoDB streams only)`,
      );
      continue;
    }
    const target = scope.reference(stack, properties.FunctionName, at('FunctionName'));
    if (!functions.has(target.id)) {
      context.warn(`${id}: function ${target.id} is not run locally`);
      continue;
    }
    if (!scope.boolean(stack, properties.Enabled, at('Enabled'), true)) {
      context.warn(`${id}: disabled`);
      continue;
    }
    if (properties.FilterCriteria !== undefined) {
      context.warn(`${id}: filter criteria are not applied locally: every record reaches ${target.id}`);
    }
    const startingPosition = scope.string(stack, properties.StartingPosition, at('StartingPosition'));
    if (startingPosition !== 'TRIM_HORIZON' && startingPosition !== 'LATEST') {
      throw new TemplateError(
        stack.stackName,
        logicalId,
        'StartingPosition',
        `expected TRIM_HORIZON or LATEST, got ${startingPosition}`,
      );
    }
    const responseTypes =
      properties.FunctionResponseTypes === undefined
        ? []
        : scope.json(stack, properties.FunctionResponseTypes, at('FunctionResponseTypes'));
    const onFailure = onFailureQueue(context, stack, logicalId, properties.DestinationConfig, id);
    mappings.push({
      id,
      functionId: target.id,
      tableId: source.id,
      batchSize: scope.number(
        stack,
        properties.BatchSize,
        at('BatchSize'),
        STREAM_MAPPING_DEFAULTS.batchSize,
      ),
      startingPosition,
      bisectBatchOnFunctionError: scope.boolean(
        stack,
        properties.BisectBatchOnFunctionError,
        at('BisectBatchOnFunctionError'),
        STREAM_MAPPING_DEFAULTS.bisectBatchOnFunctionError,
      ),
      maximumRetryAttempts: scope.number(
        stack,
        properties.MaximumRetryAttempts,
        at('MaximumRetryAttempts'),
        STREAM_MAPPING_DEFAULTS.maximumRetryAttempts,
      ),
      maximumRecordAgeInSeconds: scope.number(
        stack,
        properties.MaximumRecordAgeInSeconds,
        at('MaximumRecordAgeInSeconds'),
        STREAM_MAPPING_DEFAULTS.maximumRecordAgeInSeconds,
      ),
      reportBatchItemFailures:
        Array.isArray(responseTypes) && responseTypes.includes('ReportBatchItemFailures'),
      maximumBatchingWindowInSeconds: scope.number(
        stack,
        properties.MaximumBatchingWindowInSeconds,
        at('MaximumBatchingWindowInSeconds'),
        STREAM_MAPPING_DEFAULTS.maximumBatchingWindowInSeconds,
      ),
      ...(onFailure === undefined ? {} : { onFailureQueueId: onFailure }),
    });
  }
  return mappings;
}

function onFailureQueue(
  context: ReaderContext,
  stack: StackTemplate,
  logicalId: string,
  destinations: unknown,
  id: string,
): string | undefined {
  const onFailure =
    isObject(destinations) && isObject(destinations.OnFailure) ? destinations.OnFailure : undefined;
  if (onFailure?.Destination === undefined) return undefined;
  const destination = context.scope.reference(stack, onFailure.Destination, {
    logicalId,
    property: 'DestinationConfig.OnFailure.Destination',
  });
  if (destination.resource.Type === 'AWS::SQS::Queue') return destination.id;
  context.warn(
    `${id}: on-failure destination ${destination.id} (${destination.resource.Type}) is not run locally`,
  );
  return undefined;
}
