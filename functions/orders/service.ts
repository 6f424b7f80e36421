/**
 * What every Lambda of the orders service shares, created once per container (module scope): the
 * DynamoDB document client, the logger (it redacts the spec's personal fields), the users client
 * (base URL from `USERS_API_URL` and region from `AWS_REGION`, both read on its first call; requests
 * signed with the function's role) and the order repository on the service's table.
 *
 * As in the other services, the repository is made on first use, not at import: `TABLE_NAME` is read
 * then, and a missing one fails the request (a 500, logged with the message below) rather than the
 * import. Unit tests build their own dependencies and pass them to the handler factories
 * (`makeCreateOrderHandler(deps)`); they never need the variables.
 */
import type { HttpLogger } from '../runtime/http';
import { createLogger } from '../runtime/logger';
import { createDocumentClient, TABLE_NAME_VARIABLE, tableNameFor } from '../runtime/service-environment';
import { UsersClient } from '../users/generated/client';
import type { DomainLogger, OrdersDeps } from './domain/ports';
import { PERSONAL_DATA_FIELDS } from './generated/models';
import { OrderRepository } from './generated/repository';

export { createDocumentClient, TABLE_NAME_VARIABLE };

export const SERVICE_NAME = 'orders';

/** What the deployed handlers and the subscriber get: the domain's deps and the logger. */
export interface OrdersService extends OrdersDeps {
  readonly logger: HttpLogger & DomainLogger;
}

/** What a handler factory takes: the domain's deps and, optionally, the adapter's logger. */
export interface HandlerDeps extends OrdersDeps {
  /** 500s at `error`, refused requests at `debug`; a default Powertools logger when left out. */
  readonly logger?: HttpLogger;
}

/** The table name from the environment; throws an error that says what is missing. */
export function tableNameFrom(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return tableNameFor(SERVICE_NAME, env);
}

/** The container's one document client (also for other code of the service, e.g. subscribers). */
export const documentClient = createDocumentClient();
const logger = createLogger({ serviceName: SERVICE_NAME, personalFields: PERSONAL_DATA_FIELDS });
const users = new UsersClient();
let repository: OrderRepository | undefined;

const deps: OrdersService = {
  logger,
  users,
  get orders(): OrderRepository {
    repository ??= new OrderRepository({ client: documentClient, tableName: tableNameFrom() });
    return repository;
  },
};

/**
 * The dependencies of the deployed handlers and subscriber: one client, logger, users client and
 * repository per container. The repository is created on first access (see the module comment).
 */
export function defaultDeps(): OrdersService {
  return deps;
}
