/** ServiceTable (lib/infra/service-table.ts): its defaults, each prop overriding its default, its ids. */
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { TABLE_KEY, TTL_ATTRIBUTE } from '../../functions/runtime/conventions';
import { TABLE_DEFAULTS } from '../../lib/infra/defaults';
import { ServiceTable, type ServiceTableProps } from '../../lib/infra/service-table';
import { stageConfig } from '../../lib/infra/stage';
import { constructStack, onlyResource } from './helpers';

const LAYOUT: ServiceTableProps['layout'] = {
  globalSecondaryIndexes: [
    { name: 'by_type_shard', partitionKey: '_list', sortKey: 'id' },
    { name: 'book_by_isbn', partitionKey: 'book_by_isbn', sortKey: 'id' },
  ],
};

function build(props: Partial<ServiceTableProps> = {}) {
  const stack = constructStack();
  const table = new ServiceTable(stack, 'Table', { layout: LAYOUT, stage: stageConfig('dev'), ...props });
  return { stack, table, template: Template.fromStack(stack) };
}

describe('ServiceTable', () => {
  it('by default: on demand, a stream of both images, TTL, PITR, AWS managed encryption, a GSI per index', () => {
    const { table, template } = build();
    const resource = onlyResource(template, 'AWS::DynamoDB::Table');
    expect(resource.Properties).toEqual({
      KeySchema: [{ AttributeName: TABLE_KEY, KeyType: 'HASH' }],
      AttributeDefinitions: [
        { AttributeName: TABLE_KEY, AttributeType: 'S' },
        { AttributeName: '_list', AttributeType: 'S' },
        { AttributeName: 'id', AttributeType: 'S' },
        { AttributeName: 'book_by_isbn', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      DeletionProtectionEnabled: false,
      GlobalSecondaryIndexes: LAYOUT.globalSecondaryIndexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    });
    expect(table.indexNames).toEqual(['by_type_shard', 'book_by_isbn']);
    expect(TABLE_DEFAULTS).toEqual({
      pointInTimeRecovery: true,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
    });
  });

  it.each([
    ['dev', 'Delete', false],
    ['prod', 'Retain', true],
  ])('takes removal policy and deletion protection from the %s stage', (stage, policy, protection) => {
    const { template } = build({ stage: stageConfig(stage) });
    const resource = onlyResource(template, 'AWS::DynamoDB::Table');
    expect([resource.DeletionPolicy, resource.Properties.DeletionProtectionEnabled]).toEqual([
      policy,
      protection,
    ]);
  });

  // given: one prop set; want: the table's properties it changes (the rest stays the default).
  it.each<[string, Partial<ServiceTableProps>, Record<string, unknown>]>([
    [
      'pointInTimeRecovery: false',
      { pointInTimeRecovery: false },
      { PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false } },
    ],
    [
      'encryption: DEFAULT (an AWS owned key)',
      { encryption: dynamodb.TableEncryption.DEFAULT },
      { SSESpecification: { SSEEnabled: false } },
    ],
  ])('%s overrides its default', (_, given, want) => {
    const defaults = onlyResource(build().template, 'AWS::DynamoDB::Table').Properties;
    const got = onlyResource(build(given).template, 'AWS::DynamoDB::Table').Properties;
    expect(got).toEqual({ ...defaults, ...want });
  });

  it('adds the table to the scope it is given, under its id: no construct level of its own', () => {
    const { stack, table } = build();
    expect(stack.node.tryFindChild('Table')).toBe(table.table);
  });
});
