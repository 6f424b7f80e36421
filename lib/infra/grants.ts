import { Aws, Fn } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IDEMPOTENCY_KEY_PREFIX, TABLE_ACCESS_VARIABLE } from '../../functions/runtime/conventions';
import type { TableAction } from '../../functions/runtime/table-access';

/** The actions of the grant that name an index: the repository queries indexes, never the table. */
const INDEX_ACTIONS: ReadonlySet<TableAction> = new Set(['Query']);

/** The ARN of one index of a table. */
export function indexArn(table: dynamodb.ITable, indexName: string): string {
  return `${table.tableArn}/index/${indexName}`;
}

/**
 * Least privilege, spelled out: exactly the DynamoDB actions the Lambda's code issues (the plan's
 * table access, from the spec; see functions/runtime/table-access.ts), on exact ARNs: item actions
 * on the table, Query on its indexes by name, never `table/*` or another table. The same list
 * reaches the function as TABLE_ACCESS, where a guard refuses anything else before it is sent.
 */
export function grantTableAccess(
  grantee: iam.IGrantable,
  table: dynamodb.ITable,
  indexNames: readonly string[],
  actions: readonly TableAction[],
  recordOnlyActions: readonly TableAction[] = [],
): void {
  const scoped = new Set(recordOnlyActions);
  if (scoped.size > 0) {
    // Only on idempotency records (their keys start with the prefix http/idempotency.ts gives them).
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'OwnTableIdempotencyRecords',
        actions: [...scoped].map((action) => `dynamodb:${action}`),
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${IDEMPOTENCY_KEY_PREFIX}*`] } },
      }),
    );
  }
  const itemActions = actions.filter((action) => !INDEX_ACTIONS.has(action) && !scoped.has(action));
  const indexActions = actions.filter((action) => INDEX_ACTIONS.has(action));
  if (itemActions.length > 0) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'OwnTableItems',
        actions: itemActions.map((action) => `dynamodb:${action}`),
        resources: [table.tableArn],
      }),
    );
  }
  if (indexActions.length > 0 && indexNames.length > 0) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'OwnTableIndexes',
        actions: indexActions.map((action) => `dynamodb:${action}`),
        resources: indexNames.map((name) => indexArn(table, name)),
      }),
    );
  }
}

/**
 * TABLE_ACCESS: the granted actions, comma-separated, which the function's guard enforces before
 * sending (functions/runtime/table-access.ts): pass the same list as to {@link grantTableAccess}.
 */
export function tableAccessEnvironment(actions: readonly TableAction[]): Record<string, string> {
  return { [TABLE_ACCESS_VARIABLE]: actions.join(',') };
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
