import { Aws, Fn } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { TableAccess } from './system';

/**
 * Least privilege, spelled out: the actions each kind of function needs on its own table, on
 * exact ARNs (the table and each of its indexes by name), never `table/*` or another table.
 * These are the calls the repository makes (functions/runtime/repository.ts): reads are GetItem
 * and Query (list and index finders); writes are conditional Put/Delete, alone or in a
 * transaction with guard items and condition checks. (Sorted, as the synthesized policies list them.)
 */
export const READ_ACTIONS = ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'] as const;
export const WRITE_ACTIONS = [
  'dynamodb:ConditionCheckItem',
  'dynamodb:DeleteItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
] as const;

/** The ARN of one index of a table. */
export function indexArn(table: dynamodb.ITable, indexName: string): string {
  return `${table.tableArn}/index/${indexName}`;
}

/**
 * Grants read access (GET handlers) or read and write access (every other handler, subscribers)
 * to the table and its named indexes. Writes go to the table only: DynamoDB maintains the indexes.
 */
export function grantTableAccess(
  grantee: iam.IGrantable,
  table: dynamodb.ITable,
  indexNames: readonly string[],
  access: TableAccess,
): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'ReadOwnTable',
      actions: [...READ_ACTIONS],
      resources: [table.tableArn, ...indexNames.map((name) => indexArn(table, name))],
    }),
  );
  if (access === 'write') {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnTable',
        actions: [...WRITE_ACTIONS],
        resources: [table.tableArn],
      }),
    );
  }
}

/**
 * The execute-api ARN of one route of an HTTP API's `$default` stage: `GET /users/{id}` →
 * `arn:…:execute-api:<region>:<account>:<api id>/$default/GET/users/*`. A path parameter is `*` in
 * execute-api ARNs (IAM has no single-segment wildcard), so this is exactly that route.
 */
export function routeArn(apiId: string, method: string, routePath: string): string {
  const path = routePath.replace(/\{[^}]+\}/g, '*');
  return Fn.join('', [
    'arn:',
    Aws.PARTITION,
    ':execute-api:',
    Aws.REGION,
    ':',
    Aws.ACCOUNT_ID,
    ':',
    apiId,
    `/$default/${method}${path}`,
  ]);
}
