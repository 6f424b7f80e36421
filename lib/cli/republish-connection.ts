import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_CREDENTIALS } from '@tributary/local-runtime';
import { EVENT_BUS_NAME_VARIABLE, TABLE_NAME_VARIABLE } from '../../functions/runtime/conventions';
import { eventsStackName, serviceStackName, eventBusName as stageEventBusName } from '../infra/names';
import { stageNameProblem } from '../infra/stage-name';
import type { AwsService, EndpointOrigin } from '../ops/aws-failure';
import { outputsFile } from './deploy';
import { CliError } from './errors';
import { readLocalEndpoints } from './local-endpoints';

/**
 * Where `dev republish` reads items and puts events, in one of three ways:
 *
 * - `--local`: the system `dev up` runs in this project, from the file it writes
 *   (`.tributary/local.json`): endpoints, region, table and bus names. Nothing to look up.
 * - `--stage <stage>`: the deployed stage, from the stack outputs `dev deploy` writes
 *   (`cdk.out/outputs.<stage>.json`); credentials and region from the SDK's usual chain.
 * - neither: `TABLE_NAME` / `EVENT_BUS_NAME`, and the SDK's chain for everything else (so
 *   `AWS_ENDPOINT_URL_DYNAMODB` / `AWS_ENDPOINT_URL_EVENTBRIDGE` point it anywhere).
 *
 * `--table` and `--event-bus` override the names in every case.
 */

export interface RepublishConnectionOptions {
  readonly root: string;
  readonly service: string;
  readonly table?: string;
  readonly eventBus?: string;
  readonly local?: boolean;
  readonly stage?: string;
}

/** How one SDK client is set up, and where its endpoint comes from (for error messages). */
export interface ClientSettings {
  /** Set only for the local system; otherwise the SDK resolves it (variables, then AWS). */
  readonly endpoint?: string;
  readonly region?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly origin: EndpointOrigin;
}

export interface RepublishConnection {
  readonly tableName: string;
  readonly eventBusName: string;
  readonly dynamodb: ClientSettings;
  readonly eventBridge: ClientSettings;
}

/** The service-specific endpoint variable the SDK reads, then the general one. */
const ENDPOINT_VARIABLES: Readonly<Record<AwsService, readonly string[]>> = {
  DynamoDB: ['AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL'],
  EventBridge: ['AWS_ENDPOINT_URL_EVENTBRIDGE', 'AWS_ENDPOINT_URL'],
};

const AWS_HOST_PREFIX: Readonly<Record<AwsService, string>> = { DynamoDB: 'dynamodb', EventBridge: 'events' };

function awsSettings(service: AwsService, env: Readonly<Record<string, string | undefined>>): ClientSettings {
  const variable = ENDPOINT_VARIABLES[service].find((name) => env[name]);
  return { origin: variable ? { kind: 'variable', name: variable } : { kind: 'aws' } };
}

/** The endpoint a client sends to, as shown in messages. */
export function shownEndpoint(
  service: AwsService,
  settings: ClientSettings,
  env: Readonly<Record<string, string | undefined>>,
  region: string | undefined,
): string {
  if (settings.endpoint) return settings.endpoint;
  if (settings.origin.kind === 'variable') return env[settings.origin.name] ?? '';
  return `https://${AWS_HOST_PREFIX[service]}.${region ?? '<region>'}.amazonaws.com`;
}

/** The table and bus of a deployed stage, from the stack outputs `dev deploy` writes. */
function stageNames(
  root: string,
  service: string,
  stage: string,
): { tableName: string; eventBusName: string } {
  const problem = stageNameProblem(stage);
  if (problem !== undefined) throw new CliError(`${problem} (--stage)`);
  const file = outputsFile(stage);
  let outputs: unknown;
  try {
    outputs = JSON.parse(readFileSync(join(root, file), 'utf8'));
  } catch {
    throw new CliError(
      `no stack outputs for stage ${stage} (${file}): run \`npx dev deploy --stage ${stage}\` (it writes them), or give --table and --event-bus`,
    );
  }
  const output = (stack: string, key: string): unknown => {
    const found =
      typeof outputs === 'object' && outputs !== null
        ? (outputs as Record<string, unknown>)[stack]
        : undefined;
    return typeof found === 'object' && found !== null ? (found as Record<string, unknown>)[key] : undefined;
  };
  const stack = serviceStackName(stage, service);
  const tableName = output(stack, 'TableName');
  if (typeof tableName !== 'string') {
    throw new CliError(
      `${file} has no TableName of stack ${stack}: deploy it with \`npx dev deploy --stage ${stage} ${service}\`, or give --table`,
    );
  }
  const bus = output(eventsStackName(stage), 'EventBusName');
  return { tableName, eventBusName: typeof bus === 'string' ? bus : stageEventBusName(stage) };
}

const HOW = '--local for the system `npx dev up` runs, --stage <stage> for a deployed one';

/** Resolves the table, the bus and the clients' settings; a CliError saying what to give when it cannot. */
export function republishConnection(
  options: RepublishConnectionOptions,
  env: Readonly<Record<string, string | undefined>>,
): RepublishConnection {
  if (options.local && options.stage !== undefined) {
    throw new CliError('give --local or --stage, not both');
  }
  let names: { tableName?: string; eventBusName?: string };
  let dynamodb: ClientSettings;
  let eventBridge: ClientSettings;
  if (options.local) {
    const local = readLocalEndpoints(options.root);
    const service = local.services[options.service];
    if (!service && (options.table === undefined || options.eventBus === undefined)) {
      throw new CliError(
        `the local system has no ${options.service} service: restart \`npx dev up\` so it runs the current specs`,
      );
    }
    names = service ?? {};
    const common = {
      region: local.region,
      credentials: LOCAL_CREDENTIALS,
      origin: { kind: 'local' },
    } as const;
    dynamodb = { ...common, endpoint: local.dynamodbEndpoint };
    eventBridge = { ...common, endpoint: local.eventBridgeEndpoint };
  } else {
    names =
      options.stage !== undefined
        ? stageNames(options.root, options.service, options.stage)
        : { tableName: env[TABLE_NAME_VARIABLE], eventBusName: env[EVENT_BUS_NAME_VARIABLE] };
    dynamodb = awsSettings('DynamoDB', env);
    eventBridge = awsSettings('EventBridge', env);
  }
  const tableName = options.table ?? names.tableName;
  const eventBusName = options.eventBus ?? names.eventBusName;
  if (!tableName) {
    throw new CliError(
      `give the table: ${HOW}, or --table <name> (the ${options.service} stack's TableName output) or ${TABLE_NAME_VARIABLE}`,
    );
  }
  if (!eventBusName) {
    throw new CliError(
      `give the bus: ${HOW}, or --event-bus <name> (the events stack's EventBusName output) or ${EVENT_BUS_NAME_VARIABLE}`,
    );
  }
  return { tableName, eventBusName, dynamodb, eventBridge };
}
