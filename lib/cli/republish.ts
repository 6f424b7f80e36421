import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type RepublishDeps, type RepublishSummary, type RepublishTarget, republish } from '../ops/republish';
import { discoverSpecFiles, serviceNameOfFile } from '../spec/files';
import { publishedEvents } from '../spec/model';
import { validateSpecFiles } from '../spec/validate/validate';
import { CliError, type CommandResult } from './errors';

export interface RepublishCliOptions {
  readonly root: string;
  readonly service: string;
  readonly resource?: string;
  readonly since?: string;
  readonly table?: string;
  readonly eventBus?: string;
  readonly pageSize: number;
  readonly rate: number;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Resolves what to republish from the spec and the options; every problem is a CliError saying what to do. */
export function republishTarget(options: RepublishCliOptions): RepublishTarget {
  const files = discoverSpecFiles(options.root);
  const services = files.map(serviceNameOfFile);
  if (!services.includes(options.service)) {
    throw new CliError(
      `no service "${options.service}" in api-specs/; services: ${services.join(', ') || 'none'}`,
    );
  }
  const result = validateSpecFiles([join(options.root, 'api-specs', `${options.service}.json`)]);
  const loaded = result.valid[0];
  if (!loaded)
    throw new CliError(
      `api-specs/${options.service}.json is invalid: run \`npx dev validate\` and fix it first`,
    );
  const publishing = Object.entries(loaded.spec.resources ?? {})
    .filter(([, resource]) => resource.storage && publishedEvents(resource).includes('upserted'))
    .map(([name]) => name);
  if (options.resource !== undefined && !publishing.includes(options.resource)) {
    throw new CliError(
      `"${options.resource}" is not a stored resource of ${options.service} that publishes upserted; choose one of: ${publishing.join(', ') || 'none'}`,
    );
  }
  if (publishing.length === 0)
    throw new CliError(`${options.service} has no stored resource that publishes upserted`);
  const tableName = options.table ?? options.env.TABLE_NAME;
  const eventBusName = options.eventBus ?? options.env.EVENT_BUS_NAME;
  if (!tableName)
    throw new CliError(
      `give the table: --table <name> (the ${options.service} stack's TableName output) or TABLE_NAME`,
    );
  if (!eventBusName)
    throw new CliError(
      "give the bus: --event-bus <name> (the events stack's EventBusName output) or EVENT_BUS_NAME",
    );
  return {
    service: options.service,
    resources: options.resource ? [options.resource] : publishing,
    tableName,
    eventBusName,
  };
}

export function parseSince(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(value) || Number.isNaN(date.getTime())) {
    throw new CliError(`--since "${value}" is not an ISO 8601 time, e.g. 2026-11-22T14:00:00Z`);
  }
  return date;
}

export function formatSummary(target: RepublishTarget, summary: RepublishSummary): string {
  const lines = Object.values(summary.byResource).map(
    (p) => `  ${p.resource}: ${p.published} published of ${p.scanned} read`,
  );
  lines.unshift(
    `Republished ${summary.published} event(s) for ${target.service} in ${summary.putEventsCalls} PutEvents call(s), ${summary.durationMs} ms.`,
  );
  if (summary.failure) {
    const f = summary.failure;
    lines.push(
      `Stopped: EventBridge did not accept ${f.resource} ${f.id} (${f.code ?? 'unknown error'}).`,
      f.updatedAt
        ? `Fix the cause, then resume with: npx dev republish ${target.service} --resource ${f.resource} --since ${f.updatedAt}`
        : `Fix the cause, then run the command again.`,
    );
  }
  return lines.join('\n');
}

/** `dev republish <service>`: exit 0 when every item was republished, 1 when it stopped on a failure. */
export async function runRepublish(
  options: RepublishCliOptions,
  deps?: Pick<RepublishDeps, 'dynamodb' | 'eventBridge'>,
  progress: (line: string) => void = () => {},
): Promise<CommandResult> {
  const target = republishTarget(options);
  const since = parseSince(options.since);
  const clients = deps ?? {
    dynamodb: DynamoDBDocumentClient.from(new DynamoDBClient({})),
    eventBridge: new EventBridgeClient({ maxAttempts: 1 }),
  };
  const summary = await republish(target, clients, {
    ...(since ? { since } : {}),
    pageSize: options.pageSize,
    maxEventsPerSecond: options.rate,
    onProgress: (p) => progress(`${p.resource}: ${p.published} published`),
  });
  return { stdout: formatSummary(target, summary), exitCode: summary.failure ? 1 : 0 };
}
