import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { TABLE_KEY, TTL_ATTRIBUTE } from '../../functions/runtime/conventions';
import type { TableLayout } from '../contract/table-layout';
import { TABLE_DEFAULTS } from './defaults';
import type { StageConfig } from './stage';

export interface ServiceTableProps {
  /** The table's layout (lib/contract/table-layout.ts): one GSI per index, named and keyed as there. */
  readonly layout: Pick<TableLayout, 'globalSecondaryIndexes'>;
  /** Its removal policy and deletion protection are the stage's. */
  readonly stage: StageConfig;
  /**
   * Point-in-time recovery.
   * @default TABLE_DEFAULTS.pointInTimeRecovery (true, defaults.ts)
   */
  readonly pointInTimeRecovery?: boolean;
  /**
   * Encryption at rest.
   * @default TABLE_DEFAULTS.encryption (the AWS managed key, defaults.ts)
   */
  readonly encryption?: dynamodb.TableEncryption;
}

/**
 * A service's one DynamoDB table: on demand, a stream of new and old images (the forwarder's
 * source), TTL on the TTL attribute, a GSI per index of its layout, point-in-time recovery and
 * encryption.
 *
 * Adds to `scope`: the table `<id>` (the stack's is `Table`). Like every service construct it adds
 * its resources to the scope it is given, with no construct level of its own (README.md, "Service
 * constructs"): a new level would change every construct path below it, hence every logical ID, and
 * CloudFormation would replace the deployed table, data and all.
 *
 * Not props, because the runtime depends on them (functions/runtime/conventions): the partition key
 * {@link TABLE_KEY} and nothing else (every item is found by it, indexes carry the rest), the TTL
 * attribute (expiring idempotency and dedupe records), NEW_AND_OLD_IMAGES (the forwarder reads a
 * delete's old image and compares an update's old image with its new one), and indexes projecting every attribute (a list
 * or index query answers whole items without a second read).
 */
export class ServiceTable {
  readonly table: dynamodb.Table;
  /** Its GSIs' names, in the layout's order (grants name each index's ARN). */
  readonly indexNames: readonly string[];

  constructor(scope: Construct, id: string, props: ServiceTableProps) {
    const { stage, layout } = props;
    this.table = new dynamodb.Table(scope, id, {
      partitionKey: { name: TABLE_KEY, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      pointInTimeRecoverySpecification: {
        pointInTimeRecoveryEnabled: props.pointInTimeRecovery ?? TABLE_DEFAULTS.pointInTimeRecovery,
      },
      encryption: props.encryption ?? TABLE_DEFAULTS.encryption,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      deletionProtection: stage.deletionProtection,
      removalPolicy: stage.removalPolicy,
    });
    for (const index of layout.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    this.indexNames = layout.globalSecondaryIndexes.map((index) => index.name);
  }
}
