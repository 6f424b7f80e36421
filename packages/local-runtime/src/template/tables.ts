/**
 * The app's DynamoDB tables (AWS::DynamoDB::Table, and AWS::DynamoDB::GlobalTable that CDK's
 * TableV2 writes) as DynamoDB Local creates them: keys, attributes, GSIs, stream and TTL.
 */
import type { LocalTable } from '../model';
import { isObject } from './assembly';
import { type ReaderContext, type ResourceEntry, resourcesOfType } from './reader';
import { TABLE_TYPES, TemplateError } from './scope';

type KeyElement = LocalTable['keySchema'][number];
type AttributeDefinition = LocalTable['attributeDefinitions'][number];
type GlobalSecondaryIndex = LocalTable['globalSecondaryIndexes'][number];

export function readTables(context: ReaderContext): Map<string, LocalTable> {
  const tables = new Map<string, LocalTable>();
  for (const entry of resourcesOfType(context.assembly, ...TABLE_TYPES)) {
    const table = readTable(context, entry);
    tables.set(table.id, table);
  }
  return tables;
}

function readTable(context: ReaderContext, entry: ResourceEntry): LocalTable {
  const { scope } = context;
  const { stack, logicalId, id } = entry;
  // Literal in any template CDK writes; evaluating tolerates the odd intrinsic.
  const properties = Object.fromEntries(
    [
      'KeySchema',
      'AttributeDefinitions',
      'GlobalSecondaryIndexes',
      'LocalSecondaryIndexes',
      'StreamSpecification',
      'TimeToLiveSpecification',
    ]
      .filter((name) => entry.resource.Properties[name] !== undefined)
      .map((name) => [
        name,
        scope.json(stack, entry.resource.Properties[name], { logicalId, property: name }),
      ]),
  );
  const fail = (property: string, reason: string): never => {
    throw new TemplateError(stack.stackName, logicalId, property, reason);
  };
  const keySchema = (property: string, node: unknown): KeyElement[] => {
    if (!Array.isArray(node) || node.length === 0) return fail(property, 'expected a non-empty key schema');
    return node.map((element: unknown, index): KeyElement => {
      if (
        !isObject(element) ||
        typeof element.AttributeName !== 'string' ||
        (element.KeyType !== 'HASH' && element.KeyType !== 'RANGE')
      ) {
        return fail(`${property}[${index}]`, 'expected { AttributeName, KeyType: HASH | RANGE }');
      }
      return { AttributeName: element.AttributeName, KeyType: element.KeyType };
    });
  };
  const definitions = properties.AttributeDefinitions;
  if (!Array.isArray(definitions)) return fail('AttributeDefinitions', 'expected a list');
  const attributeDefinitions = definitions.map((definition: unknown, index): AttributeDefinition => {
    if (
      !isObject(definition) ||
      typeof definition.AttributeName !== 'string' ||
      (definition.AttributeType !== 'S' &&
        definition.AttributeType !== 'N' &&
        definition.AttributeType !== 'B')
    ) {
      return fail(`AttributeDefinitions[${index}]`, 'expected { AttributeName, AttributeType: S | N | B }');
    }
    return { AttributeName: definition.AttributeName, AttributeType: definition.AttributeType };
  });
  const indexes = properties.GlobalSecondaryIndexes ?? [];
  if (!Array.isArray(indexes)) return fail('GlobalSecondaryIndexes', 'expected a list');
  const globalSecondaryIndexes = indexes.map((index: unknown, position): GlobalSecondaryIndex => {
    const property = `GlobalSecondaryIndexes[${position}]`;
    if (!isObject(index) || typeof index.IndexName !== 'string')
      return fail(property, 'expected an IndexName');
    const projectionType = isObject(index.Projection) ? index.Projection.ProjectionType : undefined;
    return {
      IndexName: index.IndexName,
      KeySchema: keySchema(`${property}.KeySchema`, index.KeySchema),
      Projection: { ProjectionType: typeof projectionType === 'string' ? projectionType : 'ALL' },
    };
  });
  if (Array.isArray(properties.LocalSecondaryIndexes) && properties.LocalSecondaryIndexes.length > 0) {
    context.warn(`${id}: local secondary indexes are not created locally`);
  }
  const stream = isObject(properties.StreamSpecification) ? properties.StreamSpecification : undefined;
  const ttl = isObject(properties.TimeToLiveSpecification) ? properties.TimeToLiveSpecification : undefined;
  return {
    id,
    stack: stack.stackName,
    logicalId,
    tableName: scope.resolver.tableName(id),
    keySchema: keySchema('KeySchema', properties.KeySchema),
    attributeDefinitions,
    globalSecondaryIndexes,
    ...(typeof stream?.StreamViewType === 'string' && stream.StreamEnabled !== false
      ? { streamViewType: stream.StreamViewType }
      : {}),
    ...(ttl !== undefined && ttl.Enabled !== false && typeof ttl.AttributeName === 'string'
      ? { ttlAttribute: ttl.AttributeName }
      : {}),
  };
}
