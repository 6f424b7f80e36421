import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PutEventsClient } from '../../functions/runtime/forwarder/send';
import { publishedEvents } from '../contract/model';
import { tableLayout } from '../contract/table-layout';
import type { LoadedSpec } from '../contract/validate/context';
import { type AwsFailure, classifyAwsFailure } from '../ops/aws-failure';
import {
  type QueryClient,
  type RepublishFailure,
  type RepublishSummary,
  type RepublishTarget,
  republish,
} from '../ops/republish';
import { CliError, type CommandResult } from './errors';
import {
  type ClientSettings,
  type RepublishConnection,
  republishConnection,
  shownEndpoint,
} from './republish-connection';
import { loadServiceSpec } from './service-spec';

export interface RepublishCliOptions {
  readonly root: string;
  readonly service: string;
  readonly resource?: string;
  readonly since?: string;
  readonly table?: string;
  readonly eventBus?: string;
  /** The system `dev up` runs in this project. */
  readonly local?: boolean;
  /** A deployed stage, named by the stack outputs `dev deploy` wrote. */
  readonly stage?: string;
  readonly pageSize: number;
  readonly rate: number;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The clients republish talks through, and the region they use (for messages; AWS only). */
export interface RepublishClients {
  readonly dynamodb: QueryClient;
  readonly eventBridge: PutEventsClient;
  readonly region?: () => Promise<string | undefined>;
}

/** How long DynamoDB may take to accept a connection, and to answer. */
const DYNAMODB_TIMEOUTS = { connectionTimeout: 5_000, requestTimeout: 30_000, throwOnRequestTimeout: true };

/** The stored resources of a spec that publish `upserted` (all, or the one asked for). */
export function publishingResources(loaded: LoadedSpec, service: string, resource?: string): string[] {
  const publishing = Object.entries(loaded.spec.resources ?? {})
    .filter(([, r]) => r.storage && publishedEvents(r).includes('upserted'))
    .map(([name]) => name);
  if (resource !== undefined && !publishing.includes(resource)) {
    throw new CliError(
      `"${resource}" is not a stored resource of ${service} that publishes upserted; choose one of: ${publishing.join(', ') || 'none'}`,
    );
  }
  if (publishing.length === 0)
    throw new CliError(`${service} has no stored resource that publishes upserted`);
  return resource !== undefined ? [resource] : publishing;
}

export function parseSince(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(value) || Number.isNaN(date.getTime())) {
    throw new CliError(`--since "${value}" is not an ISO 8601 time, e.g. 2026-11-22T14:00:00Z`);
  }
  return date;
}

export interface RepublishPlan {
  readonly target: RepublishTarget;
  readonly connection: RepublishConnection;
  readonly since: Date | undefined;
}

/** Resolves what to republish and where, from the specs and the options; every problem is a CliError. */
export function republishPlan(options: RepublishCliOptions): RepublishPlan {
  const loaded = loadServiceSpec(options.root, options.service);
  const resources = publishingResources(loaded, options.service, options.resource);
  const since = parseSince(options.since);
  const connection = republishConnection(options, options.env);
  return {
    target: {
      service: options.service,
      resources,
      tableName: connection.tableName,
      eventBusName: connection.eventBusName,
      listShards: Object.fromEntries(
        tableLayout(loaded.spec)
          .resources.filter((layout) => resources.includes(layout.resource))
          .map((layout) => [layout.resource, layout.listShards]),
      ),
    },
    connection,
    since,
  };
}

function clientConfig(settings: ClientSettings) {
  return {
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.region ? { region: settings.region } : {}),
    // A copy per client: the SDK marks the credentials object it is given (and the constant is frozen).
    ...(settings.credentials ? { credentials: { ...settings.credentials } } : {}),
  };
}

/** The SDK clients for a connection: explicit settings for the local system, the SDK's chain for AWS. */
export function republishClients(connection: RepublishConnection): RepublishClients {
  const dynamodb = new DynamoDBClient({
    ...clientConfig(connection.dynamodb),
    requestHandler: DYNAMODB_TIMEOUTS,
  });
  return {
    dynamodb: DynamoDBDocumentClient.from(dynamodb),
    // One attempt per call: the forwarder's send path retries, reading every entry.
    eventBridge: new EventBridgeClient({ ...clientConfig(connection.eventBridge), maxAttempts: 1 }),
    region: async () => {
      try {
        return await dynamodb.config.region();
      } catch {
        return undefined;
      }
    },
  };
}

/** What stopped republish, classified when it is something the operator can fix. */
export function classifyFailure(
  failure: RepublishFailure,
  plan: RepublishPlan,
  env: Readonly<Record<string, string | undefined>>,
  region: string | undefined,
): AwsFailure | undefined {
  const service = failure.stage === 'read' ? 'DynamoDB' : 'EventBridge';
  const settings = failure.stage === 'read' ? plan.connection.dynamodb : plan.connection.eventBridge;
  return classifyAwsFailure(failure.error ?? { name: failure.code }, {
    service,
    endpoint: shownEndpoint(service, settings, env, settings.region ?? region),
    origin: settings.origin,
    resourceName: failure.stage === 'read' ? plan.target.tableName : plan.target.eventBusName,
    owner: plan.target.service,
  });
}

/** The options that said where, repeated in the resume commands. */
function placeArguments(options: RepublishCliOptions): string {
  return [
    options.local ? ' --local' : '',
    options.stage !== undefined ? ` --stage ${options.stage}` : '',
    options.table !== undefined ? ` --table ${options.table}` : '',
    options.eventBus !== undefined ? ` --event-bus ${options.eventBus}` : '',
  ].join('');
}

/** The commands that republish what a stopped run did not: the rest of its resource, then the others. */
export function resumeCommands(options: RepublishCliOptions, failure: RepublishFailure): string[] {
  const command = (resource: string, since: string | undefined) =>
    `npx dev republish ${options.service} --resource ${resource}${since ? ` --since ${since}` : ''}${placeArguments(options)}`;
  return [
    command(failure.resource, failure.resumeSince),
    ...failure.notStarted.map((resource) => command(resource, options.since)),
  ];
}

/** The line saying why it stopped. */
export function failureReason(failure: RepublishFailure, classified: AwsFailure | undefined): string {
  if (failure.stage === 'read') {
    return `Stopped reading ${failure.resource}: ${classified?.message ?? `DynamoDB failed (${failure.code ?? 'unknown error'})`}.`;
  }
  const item = `${failure.resource} ${failure.id ?? ''}`;
  return classified
    ? `Stopped at ${item}: ${classified.message}.`
    : `Stopped: EventBridge did not accept ${item} (${failure.code ?? 'unknown error'}).`;
}

export function formatSummary(
  target: RepublishTarget,
  summary: RepublishSummary,
  stopped?: { readonly reason: string; readonly resume: readonly string[] },
): string {
  const lines = Object.values(summary.byResource).map(
    (p) => `  ${p.resource}: ${p.published} published of ${p.scanned} read`,
  );
  lines.unshift(
    `Republished ${summary.published} event(s) for ${target.service} in ${summary.putEventsCalls} PutEvents call(s), ${summary.durationMs} ms.`,
  );
  if (stopped) {
    lines.push(stopped.reason, 'Fix the cause, then resume with:', ...stopped.resume.map((c) => `  ${c}`));
  }
  return lines.join('\n');
}

/**
 * `dev republish <service>`: exit 0 when every item was republished; 1 when it stopped part way
 * (saying how far it got and how to resume); 2 (a CliError) when it could not run at all: bad
 * options, invalid specs, or an endpoint, credentials, region, table or bus that is not right.
 * A failure it cannot explain is a bug, and left to surface as an internal error.
 */
export async function runRepublish(
  options: RepublishCliOptions,
  clients?: RepublishClients,
  progress: (line: string) => void = () => {},
): Promise<CommandResult> {
  const plan = republishPlan(options);
  const using = clients ?? republishClients(plan.connection);
  const summary = await republish(plan.target, using, {
    ...(plan.since ? { since: plan.since } : {}),
    pageSize: options.pageSize,
    maxEventsPerSecond: options.rate,
    onProgress: (p) => progress(`${p.resource}: ${p.published} published`),
  });
  const failure = summary.failure;
  if (!failure) return { stdout: formatSummary(plan.target, summary), exitCode: 0 };

  const classified = classifyFailure(failure, plan, options.env, await using.region?.());
  if (classified && summary.published === 0) throw new CliError(classified.message);
  if (!classified && failure.stage === 'read') throw failure.error;
  return {
    stdout: formatSummary(plan.target, summary, {
      reason: failureReason(failure, classified),
      resume: resumeCommands(options, failure),
    }),
    exitCode: 1,
  };
}
