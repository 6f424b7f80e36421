/**
 * What the forwarder of one service needs to know, read once from its Lambda environment.
 *
 * - `SERVICE_NAME`: the service, as in its spec; events go out with `source` `tributary.<service>`.
 * - `EVENT_BUS_NAME`: the shared bus (its name or ARN).
 * - `RESOURCE_TYPES`: the service's stored resources, comma-separated (`user,address`): the `_type`
 *   values of its resource items (conventions/table-layout.ts). Every other item (`_guard`, `_dedupe`,
 *   anything else) is skipped in code.
 *
 * A missing or malformed variable throws {@link ForwarderConfigError} at cold start, so a wrongly
 * deployed forwarder fails loudly instead of publishing nothing.
 */

import {
  EVENT_BUS_NAME_VARIABLE,
  RESOURCE_TYPES_VARIABLE,
  SERVICE_NAME_VARIABLE,
  eventSource as sourceOf,
} from '../conventions';

export interface ForwarderConfig {
  /** The service's name: `source` is `tributary.<service>`. */
  readonly service: string;
  /** The bus every entry is put on. */
  readonly eventBusName: string;
  /** The `_type` values of the service's resource items. */
  readonly resourceTypes: ReadonlySet<string>;
}

export class ForwarderConfigError extends Error {
  override readonly name = 'ForwarderConfigError';
}

/** A name that is safe in `source` and `detail-type`: letters, digits, `_` and `-`, not starting with `_`. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** The `source` of every event of the service: `tributary.<service>`. */
export function eventSource(config: Pick<ForwarderConfig, 'service'>): string {
  return sourceOf(config.service);
}

/** Checks and freezes a config built in code (tests, benchmarks) the same way the environment is checked. */
export function forwarderConfig(options: {
  readonly service: string;
  readonly eventBusName: string;
  readonly resourceTypes: Iterable<string>;
}): ForwarderConfig {
  const problems: string[] = [];
  if (!NAME.test(options.service))
    problems.push(`${SERVICE_NAME_VARIABLE}: must be a service name (letters, digits, _ and -)`);
  if (options.eventBusName.trim() === '') problems.push(`${EVENT_BUS_NAME_VARIABLE}: must not be empty`);
  const resourceTypes = [...options.resourceTypes];
  if (resourceTypes.length === 0)
    problems.push(`${RESOURCE_TYPES_VARIABLE}: must name at least one resource`);
  for (const type of resourceTypes) {
    if (!NAME.test(type)) {
      problems.push(
        `${RESOURCE_TYPES_VARIABLE}: ${JSON.stringify(type)} is not a resource name (it may not start with _)`,
      );
    }
  }
  if (problems.length > 0) throw new ForwarderConfigError(problems.join('; '));
  return Object.freeze({
    service: options.service,
    eventBusName: options.eventBusName,
    resourceTypes: new Set(resourceTypes),
  });
}

/** Reads `SERVICE_NAME`, `EVENT_BUS_NAME` and `RESOURCE_TYPES` (comma-separated, blanks ignored). */
export function forwarderConfigFromEnv(env: Readonly<Record<string, string | undefined>>): ForwarderConfig {
  return forwarderConfig({
    service: env[SERVICE_NAME_VARIABLE]?.trim() ?? '',
    eventBusName: env[EVENT_BUS_NAME_VARIABLE]?.trim() ?? '',
    resourceTypes: (env[RESOURCE_TYPES_VARIABLE] ?? '')
      .split(',')
      .map((type) => type.trim())
      .filter((type) => type !== ''),
  });
}
