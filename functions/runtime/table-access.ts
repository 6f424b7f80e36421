/**
 * What a Lambda may do to its service's table: the one definition that both the grants (the CDK
 * stack, from the spec) and the run time (this module's guard) use, so a Lambda is granted exactly
 * the DynamoDB actions its code issues, and code that issues another one fails the same way on a
 * laptop (`dev up`) as on AWS.
 *
 * A Lambda's access is a set of {@link TableUse}s: the repository methods its code calls (plus the
 * subscriber's dedupe records). Each use stands for fixed DynamoDB actions ({@link actionsOfUses}):
 * the repository (repository/table-store.ts) reads with GetItem (strongly consistent) and Query (on
 * indexes only), writes with Put and Delete, alone or in one TransactWriteItems (whose IAM check is
 * per item action: there is no separate transaction action). It never issues UpdateItem,
 * ConditionCheckItem, Scan or batch calls.
 *
 * The stack passes the granted actions to the function as `TABLE_ACCESS` (comma-separated), and
 * {@link guardTableAccess} refuses any other action before it is sent, with the error AWS would give.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { TABLE_ACCESS_VARIABLE } from './conventions';

/** Repository methods (and the subscriber's dedupe records), as the spec's `table_access` names them. */
export const TABLE_USES = [
  'get',
  'list',
  'find',
  'create',
  'replace',
  'delete',
  'dedupe',
  'idempotency',
] as const;
export type TableUse = (typeof TABLE_USES)[number];

/** DynamoDB actions, as IAM names them without the `dynamodb:` prefix. */
export type TableAction =
  | 'GetItem'
  | 'Query'
  | 'PutItem'
  | 'DeleteItem'
  | 'UpdateItem'
  | 'ConditionCheckItem'
  | 'Scan'
  | 'BatchGetItem'
  | 'BatchWriteItem';

/** What the table looks like, as far as actions depend on it. */
export interface TableShape {
  /** Whether any resource of the table has a unique index (guard items are read, moved and released). */
  readonly uniqueIndexes: boolean;
}

/**
 * The DynamoDB actions behind each use:
 * - get: GetItem of the item.
 * - list: Query of the list index.
 * - find: Query of an index; on a unique index, GetItem of the guard and then of its owner.
 * - create: PutItem of the item and of its guard items.
 * - replace: GetItem (the version read), PutItem; DeleteItem of guards whose value moved.
 * - delete: GetItem (the version read), DeleteItem of the item and its guards.
 * - dedupe: GetItem and PutItem of the subscriber's dedupe records.
 * - idempotency: the records of an idempotent operation (http/idempotency.ts, Powertools): a
 *   conditional PutItem when a request starts (a retry's record comes back with the failed
 *   condition, so it is never read with GetItem), UpdateItem with the answer, DeleteItem when the
 *   request failed.
 */
export function actionsOfUse(use: TableUse, table: TableShape): readonly TableAction[] {
  switch (use) {
    case 'get':
      return ['GetItem'];
    case 'list':
      return ['Query'];
    case 'find':
      return table.uniqueIndexes ? ['Query', 'GetItem'] : ['Query'];
    case 'create':
      return ['PutItem'];
    case 'replace':
      return table.uniqueIndexes ? ['GetItem', 'PutItem', 'DeleteItem'] : ['GetItem', 'PutItem'];
    case 'delete':
      return ['GetItem', 'DeleteItem'];
    case 'dedupe':
      return ['GetItem', 'PutItem'];
    case 'idempotency':
      return ['DeleteItem', 'PutItem', 'UpdateItem'];
  }
}

/** The actions of several uses, without duplicates, sorted (as IAM policies list them). */
export function actionsOfUses(uses: Iterable<TableUse>, table: TableShape): TableAction[] {
  const actions = new Set<TableAction>();
  for (const use of uses) for (const action of actionsOfUse(use, table)) actions.add(action);
  return [...actions].sort();
}

/** The granted actions from the environment; `undefined` when the variable is not set (no guard). */
export function grantedActionsFrom(
  env: Readonly<Record<string, string | undefined>> = process.env,
): ReadonlySet<string> | undefined {
  const value = env[TABLE_ACCESS_VARIABLE];
  if (value === undefined) return undefined;
  return new Set(
    value
      .split(',')
      .map((action) => action.trim())
      .filter((action) => action !== ''),
  );
}

/** Item actions of a TransactWriteItems / BatchWriteItem request, by the member each item sets. */
const WRITE_ITEM_ACTIONS: Readonly<Record<string, TableAction>> = {
  Put: 'PutItem',
  Delete: 'DeleteItem',
  Update: 'UpdateItem',
  ConditionCheck: 'ConditionCheckItem',
  PutRequest: 'PutItem',
  DeleteRequest: 'DeleteItem',
};

/**
 * The IAM actions a DynamoDB request needs: `GetItemCommand` → GetItem; a transaction → the action of
 * each of its items; a batch write → Put/Delete per request. Commands this module does not know map
 * to their own name (`DescribeTableCommand` → DescribeTable), so they are refused unless granted.
 */
export function actionsOfRequest(commandName: string, input: unknown): string[] {
  const name = commandName.replace(/Command$/, '');
  const record = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const itemActions = (items: unknown): string[] => {
    if (!Array.isArray(items)) return [];
    const out: string[] = [];
    for (const item of items) {
      if (typeof item !== 'object' || item === null) continue;
      for (const key of Object.keys(item)) {
        const action = WRITE_ITEM_ACTIONS[key];
        if (action !== undefined) out.push(action);
      }
    }
    return out;
  };
  switch (name) {
    case 'TransactWriteItems':
      return [...new Set(itemActions(record.TransactItems))];
    case 'TransactGetItems':
      return ['GetItem'];
    case 'BatchWriteItem': {
      const requests = Object.values((record.RequestItems ?? {}) as Record<string, unknown>).flatMap((list) =>
        itemActions(list),
      );
      return [...new Set(requests)];
    }
    default:
      return [name];
  }
}

/** A request for an action the function was not granted; named like the error AWS answers with. */
export class TableAccessDeniedError extends Error {
  override readonly name = 'AccessDeniedException';

  constructor(
    readonly action: string,
    readonly granted: readonly string[],
  ) {
    super(
      `this function is not granted dynamodb:${action} on its table (granted: ${granted.join(', ') || 'nothing'}); ` +
        "declare the use in the spec's table_access of its operation or subscription",
    );
  }
}

/**
 * Adds a guard to `client` that refuses, before sending, any request needing an action outside
 * `granted` (default: `TABLE_ACCESS` from the environment; no guard when it is not set, as in unit
 * tests). `observe` is told every action a request needs (tests record what code issues).
 */
export function guardTableAccess(
  client: DynamoDBClient,
  granted: ReadonlySet<string> | undefined = grantedActionsFrom(),
  observe?: (actions: readonly string[]) => void,
): DynamoDBClient {
  if (granted === undefined && observe === undefined) return client;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const actions = actionsOfRequest(context.commandName ?? '', args.input);
      observe?.(actions);
      if (granted !== undefined) {
        const denied = actions.find((action) => !granted.has(action));
        if (denied !== undefined) throw new TableAccessDeniedError(denied, [...granted].sort());
      }
      return next(args);
    },
    { step: 'initialize', name: 'tributaryTableAccessGuard', override: true },
  );
  return client;
}
