/**
 * The environment variables the CDK stacks (lib/infra) set on the Lambdas and the deployed code
 * reads: one name each, so a rename cannot leave a function reading a variable nobody sets.
 * (Powertools' own, `POWERTOOLS_*`, are named here too: the stacks set them, Powertools reads them.)
 */

/** Every service Lambda: the name of the service's table. */
export const TABLE_NAME_VARIABLE = 'TABLE_NAME';

/** Every service Lambda: the table actions granted to it, comma-separated (table-access.ts). */
export const TABLE_ACCESS_VARIABLE = 'TABLE_ACCESS';

/** Every Lambda: the service, as its spec names it. */
export const SERVICE_NAME_VARIABLE = 'SERVICE_NAME';

/** The `$default` route's Lambda: the API's route keys, `GET /users/{id},PUT /users/{id}` (http/fallback-handler.ts). */
export const ROUTES_VARIABLE = 'ROUTES';

/** The forwarder: the bus every event goes to (its name or ARN). */
export const EVENT_BUS_NAME_VARIABLE = 'EVENT_BUS_NAME';

/** The forwarder: the service's resources that publish events, comma-separated (the `_type`s it forwards). */
export const RESOURCE_TYPES_VARIABLE = 'RESOURCE_TYPES';

/** The forwarder: the queue unusable records are parked on (forwarder/park.ts). */
export const PARKING_QUEUE_URL_VARIABLE = 'PARKING_QUEUE_URL';

/** Powertools: the service name its logger and metrics report. */
export const POWERTOOLS_SERVICE_NAME_VARIABLE = 'POWERTOOLS_SERVICE_NAME';

/** Powertools: the logger's level. */
export const POWERTOOLS_LOG_LEVEL_VARIABLE = 'POWERTOOLS_LOG_LEVEL';

/** Powertools: the metrics namespace; the forwarder's default is {@link FORWARDER_METRICS_NAMESPACE}. */
export const POWERTOOLS_METRICS_NAMESPACE_VARIABLE = 'POWERTOOLS_METRICS_NAMESPACE';

/** The CloudWatch namespace of the forwarder's own metrics (the alarms and dashboards read it). */
export const FORWARDER_METRICS_NAMESPACE = 'Tributary';

/**
 * `users` → `USERS_API_URL`, `stock_items` → `STOCK_ITEMS_API_URL`: the variable holding the base
 * URL of a service another one calls (its generated client reads it).
 */
export function apiUrlVariable(service: string): string {
  const words = service.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return `${words.map((word) => word.toUpperCase()).join('_')}_API_URL`;
}
