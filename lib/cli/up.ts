import { join, resolve } from 'node:path';
import type { LocalHttpApi } from '@tributary/local-runtime';
import {
  CloudAssemblyError,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type LogFormat,
  logSink,
  PARKED_FILE,
  type RunningSystem,
  RuntimeUnavailableError,
  readParkedMessages,
  SynthError,
  TemplateError,
  type UpOptions,
  up,
} from '@tributary/local-runtime';
import { PORT_SLOTS, PortUnavailableError } from '@tributary/local-runtime/ports';
import { TRACE_ATTRIBUTE } from '../../functions/runtime/conventions';
import type { ConsoleFeed } from '../console/feed';
import type { RunningConsole } from '../console/server';
import { APP_SOURCES } from '../infra/app-sources';
import { CliError, type CommandResult } from './errors';
import { LOCAL_ENDPOINTS_FILE, localEndpoints, writeLocalEndpoints } from './local-endpoints';

export interface UpCliOptions {
  readonly root: string;
  readonly persist?: string;
  readonly iam: boolean;
  readonly synth: boolean;
  /** The base of the APIs' ports (@tributary/local-runtime's ports.ts); default free ports. */
  readonly port?: number;
  /** Only the startup banner, nothing of what runs. */
  readonly quiet: boolean;
  /** Also the functions' DEBUG records, their metric blobs and REPORT lines. */
  readonly verbose?: boolean;
  /** One JSON object per line instead of text. */
  readonly json?: boolean;
  /** Apply saved files while running (`--watch`). */
  readonly watch?: boolean;
  /**
   * Serve the console (lib/console) on 127.0.0.1.
   * @default true
   */
  readonly console?: boolean;
  /**
   * The console's port.
   * @default a free port
   */
  readonly consolePort?: number;
}

/** The SigV4 scope curl signs for: `--aws-sigv4 aws:amz:<region>:execute-api`. */
const CURL_SIGV4 = `aws:amz:${LOCAL_REGION}:execute-api`;

/**
 * A URL to try a signed request on: a GET route without path parameters (a list) of the service
 * with the most routes (ties: by name), since a full CRUD service's list wants no parameter where a
 * narrow read model's may; else that service's root.
 */
function exampleUrl(
  urls: Readonly<Record<string, string>>,
  apis: readonly LocalHttpApi[],
): string | undefined {
  const withUrls = apis
    .filter((api) => urls[api.service] !== undefined)
    .sort((a, b) => b.routes.length - a.routes.length || a.service.localeCompare(b.service));
  const [api] = withUrls;
  if (api === undefined) return undefined;
  const list = api.routes.find((route) => route.method === 'GET' && !route.path.includes('{'));
  return `${urls[api.service]}${list?.path ?? ''}`;
}

/** What `--iam` prints: the developer's local credentials and a curl line that signs with them. */
export function iamHelp(running: Pick<RunningSystem, 'urls' | 'system'>): string[] {
  const { accessKeyId, secretAccessKey } = LOCAL_CREDENTIALS;
  const url = exampleUrl(running.urls, running.system.apis);
  return [
    'IAM auth is on: routes with IAM auth answer 403 to unsigned requests. Sign with the local credentials',
    `  AWS_ACCESS_KEY_ID=${accessKeyId} AWS_SECRET_ACCESS_KEY=${secretAccessKey} AWS_REGION=${LOCAL_REGION}`,
    ...(url === undefined
      ? []
      : [
          'for example with curl:',
          `  curl --aws-sigv4 ${CURL_SIGV4} --user ${accessKeyId}:${secretAccessKey} ${url}`,
        ]),
  ];
}

/** The banner `dev up` prints once everything answers (with the console's URL when it serves one). */
export function startupBanner(running: RunningSystem, iam: boolean, consoleUrl?: string): string {
  const width = Math.max(...Object.keys(running.urls).map((s) => s.length));
  return [
    `Tributary is up in ${(running.startupMs / 1000).toFixed(1)} s${iam ? ' (IAM auth: requests must be SigV4-signed)' : ''}:`,
    ...Object.entries(running.urls).map(([service, url]) => `  ${service.padEnd(width)}  ${url}`),
    `  DynamoDB Local  ${running.dynamodbEndpoint}`,
    `  EventBridge     ${running.eventBusUrl}`,
    ...(consoleUrl === undefined
      ? []
      : [`  Console         ${consoleUrl}  (what happens, by trace; parked entries; pattern tester)`]),
    ...(iam ? iamHelp(running) : []),
    `Endpoints and table names: ${LOCAL_ENDPOINTS_FILE}; republish a service's events: npx dev republish <service> --local.`,
    'Parked events and stream batches: npx dev parked. Ctrl-C stops everything.',
  ].join('\n');
}

/** The banner as one JSON object (`--json`). */
export function startupRecord(
  running: RunningSystem,
  iam: boolean,
  consoleUrl?: string,
): Record<string, unknown> {
  return {
    type: 'up',
    startupMs: running.startupMs,
    urls: running.urls,
    dynamodbEndpoint: running.dynamodbEndpoint,
    eventBridgeEndpoint: running.eventBusUrl,
    ...(consoleUrl === undefined ? {} : { consoleUrl }),
    endpointsFile: LOCAL_ENDPOINTS_FILE,
    iam: iam
      ? {
          accessKeyId: LOCAL_CREDENTIALS.accessKeyId,
          secretAccessKey: LOCAL_CREDENTIALS.secretAccessKey,
          region: LOCAL_REGION,
          curlSigv4: CURL_SIGV4,
        }
      : false,
  };
}

/** What to do about a port dev up cannot listen on, by the option that chose it. */
export function portErrorMessage(error: PortUnavailableError, basePort: number | undefined): string {
  if (basePort === undefined) {
    // A free port taken between choosing and listening: rare, and gone on the next start.
    return `${error.message}: another program took it while dev up started; start dev up again`;
  }
  const range = `the APIs' ports lie in ${basePort} .. ${basePort + PORT_SLOTS - 1}`;
  return error.reason === 'in use'
    ? `${error.message}: stop what listens on it, or give dev up another --port (now ${basePort}; ${range})`
    : `${error.message}: give dev up a --port of 1024 or more (now ${basePort}; ${range})`;
}

/**
 * Starts the local system; turns the failures a user can fix into one-line errors. Every entry of
 * what runs also goes to `feed` (the console's), whatever the terminal shows.
 */
export async function startLocal(
  options: UpCliOptions,
  write: (line: string) => void,
  feed?: ConsoleFeed,
): Promise<RunningSystem> {
  const sink = logSink({ format: logFormat(options), verbose: options.verbose ?? false, write });
  const shown = options.quiet ? () => {} : sink;
  const upOptions: UpOptions = {
    root: options.root,
    synth: options.synth ? 'auto' : 'never',
    appSources: APP_SOURCES,
    iam: options.iam,
    log: options.quiet ? () => {} : (text) => sink({ type: 'message', at: new Date().toISOString(), text }),
    onLog:
      feed === undefined
        ? shown
        : (entry) => {
            feed.add(entry);
            shown(entry);
          },
    // The item attribute the deployed repository keeps the write's trace in: stream records are
    // shown in the trace of the request that wrote them.
    traceAttribute: TRACE_ATTRIBUTE,
    ...(options.persist ? { persistDir: resolve(options.persist) } : {}),
    ...(options.port ? { basePort: options.port } : {}),
  };
  try {
    if (!options.watch) return await up(upOptions);
    // Loaded only to watch: it brings the generator, the bundler and the CDK app's build settings.
    const { devUp } = await import('../watch/supervisor');
    return await devUp({ ...upOptions, watch: true });
  } catch (error) {
    if (error instanceof PortUnavailableError) throw new CliError(portErrorMessage(error, options.port));
    if (
      error instanceof SynthError ||
      error instanceof TemplateError ||
      error instanceof RuntimeUnavailableError ||
      error instanceof CloudAssemblyError
    ) {
      throw new CliError(error.message);
    }
    if (error instanceof Error && /java/i.test(error.message)) throw new CliError(error.message);
    throw error;
  }
}

const logFormat = (options: Pick<UpCliOptions, 'json'>): LogFormat => (options.json ? 'json' : 'text');

/** `dev up`: runs until SIGINT or SIGTERM, then stops everything (the Java process included). */
export async function runUp(options: UpCliOptions): Promise<CommandResult> {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const consoleWanted = options.console ?? true;
  // Loaded only when served: the page, the server and the graph.
  const consoleModule = consoleWanted ? await import('../console/local-console') : undefined;
  const feed = consoleModule?.projectFeed(options.root);
  const running = await startLocal(options, log, feed);
  let served: RunningConsole | undefined;
  if (consoleModule !== undefined && feed !== undefined) {
    try {
      served = await consoleModule.startLocalConsole({
        root: options.root,
        feed,
        running,
        ...(options.consolePort === undefined ? {} : { port: options.consolePort }),
      });
    } catch (error) {
      await running.stop();
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new CliError(
          `the console's port ${options.consolePort} is in use: stop what listens on it, or give dev up another --console-port (or --no-console)`,
        );
      }
      throw error;
    }
  }
  const removeEndpoints = writeLocalEndpoints(options.root, localEndpoints(running));
  log(
    options.json
      ? JSON.stringify(startupRecord(running, options.iam, served?.url))
      : startupBanner(running, options.iam, served?.url),
  );
  await new Promise<void>((resolveSignal) => {
    process.once('SIGINT', () => resolveSignal());
    process.once('SIGTERM', () => resolveSignal());
  });
  if (!options.json) log('Stopping ...');
  removeEndpoints();
  await served?.stop();
  await running.stop();
  return { stdout: options.json ? JSON.stringify({ type: 'stopped' }) : 'Stopped.', exitCode: 0 };
}

/** `dev parked [--queue id]`: what the local system gave up on, oldest first. */
export function runParked(options: { root: string; queue?: string; format: 'text' | 'json' }): CommandResult {
  const messages = readParkedMessages(join(options.root, PARKED_FILE), options.queue);
  if (options.format === 'json') return { stdout: JSON.stringify(messages, null, 2), exitCode: 0 };
  if (messages.length === 0) return { stdout: 'Nothing parked.', exitCode: 0 };
  return {
    stdout: messages
      .map(
        (m) =>
          `${m.at}  ${m.queueId}${m.id === undefined ? '' : `  (id ${m.id})`}\n  ${m.reason}\n  ${JSON.stringify(m.body)}`,
      )
      .join('\n\n'),
    exitCode: 0,
  };
}
