/**
 * What every Lambda of the notifications service shares, created once per container (module scope): the
 * DynamoDB document client, the logger, and the repository on the service's table.
 *
 * The repository is made on first use, not at import: `TABLE_NAME` is read then, and a missing one
 * fails the request (a 500, logged with the message below) rather than the import. Unit tests build
 * their own dependencies and never need the variable.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../runtime/clock';
import type { HttpLogger } from '../runtime/http';
import { createLogger } from '../runtime/logger';
import { createDocumentClient, TABLE_NAME_VARIABLE, tableNameFor } from '../runtime/service-environment';
import { PERSONAL_DATA_FIELDS } from './generated/models';
import { NotificationRepository } from './generated/repository';

export { createDocumentClient, TABLE_NAME_VARIABLE };

export const SERVICE_NAME = 'notifications';

/** What the handlers of the service depend on; tests pass their own. */
export interface NotificationsDeps {
  readonly repository: NotificationRepository;
  /** The adapter's logger: 500s at `error`, refused requests at `debug`. */
  readonly logger: HttpLogger;
}

/** The table name from the environment; throws an error that says what is missing. */
export function tableNameFrom(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return tableNameFor(SERVICE_NAME, env);
}

/** The repository of the service's notifications, on `client` and `tableName`. */
export function createNotificationRepository(options: {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly clock?: Clock;
}): NotificationRepository {
  return new NotificationRepository(options);
}

/** The container's one document client (also for other code of the service, e.g. subscribers). */
export const documentClient = createDocumentClient();
const logger = createLogger({ serviceName: SERVICE_NAME, personalFields: PERSONAL_DATA_FIELDS });
let repository: NotificationRepository | undefined;

/**
 * The dependencies of the deployed handlers: one client, logger and repository per container. The
 * repository is created on first access (see the module comment).
 */
export function defaultDeps(): NotificationsDeps {
  return {
    logger,
    get repository(): NotificationRepository {
      repository ??= createNotificationRepository({ client: documentClient, tableName: tableNameFrom() });
      return repository;
    },
  };
}
