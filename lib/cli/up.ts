import { join, resolve } from 'node:path';
import { RuntimeUnavailableError } from '../local/lambda/node-runtime';
import { readParkedMessages } from '../local/parking-lot';
import { SynthError } from '../local/synth';
import { CloudAssemblyError, TemplateError } from '../local/template';
import { PARKED_FILE, type RunningSystem, type UpOptions, up } from '../local/up';
import { CliError, type CommandResult } from './errors';
import { LOCAL_ENDPOINTS_FILE, localEndpoints, writeLocalEndpoints } from './local-endpoints';

export interface UpCliOptions {
  readonly root: string;
  readonly persist?: string;
  readonly iam: boolean;
  readonly synth: boolean;
  readonly port?: number;
  readonly quiet: boolean;
}

/** The banner `dev up` prints once everything answers. */
export function startupBanner(running: RunningSystem, iam: boolean): string {
  const width = Math.max(...Object.keys(running.urls).map((s) => s.length));
  return [
    `Tributary is up in ${(running.startupMs / 1000).toFixed(1)} s${iam ? ' (IAM auth: requests must be SigV4-signed)' : ''}:`,
    ...Object.entries(running.urls).map(([service, url]) => `  ${service.padEnd(width)}  ${url}`),
    `  DynamoDB Local  ${running.dynamodbEndpoint}`,
    `  EventBridge     ${running.eventBusUrl}`,
    `Endpoints and table names: ${LOCAL_ENDPOINTS_FILE}; republish a service's events: npx dev republish <service> --local.`,
    'Parked events and stream batches: npx dev parked. Ctrl-C stops everything.',
  ].join('\n');
}

/** Starts the local system; turns the failures a user can fix into one-line errors. */
export async function startLocal(options: UpCliOptions, log: (line: string) => void): Promise<RunningSystem> {
  const upOptions: UpOptions = {
    root: options.root,
    synth: options.synth ? 'auto' : 'never',
    iam: options.iam,
    log: options.quiet ? () => {} : log,
    ...(options.persist ? { persistDir: resolve(options.persist) } : {}),
    ...(options.port ? { basePort: options.port } : {}),
  };
  try {
    return await up(upOptions);
  } catch (error) {
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

/** `dev up`: runs until SIGINT or SIGTERM, then stops everything (the Java process included). */
export async function runUp(options: UpCliOptions): Promise<CommandResult> {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const running = await startLocal(options, log);
  const removeEndpoints = writeLocalEndpoints(options.root, localEndpoints(running));
  log(startupBanner(running, options.iam));
  await new Promise<void>((resolveSignal) => {
    process.once('SIGINT', () => resolveSignal());
    process.once('SIGTERM', () => resolveSignal());
  });
  log('Stopping ...');
  removeEndpoints();
  await running.stop();
  return { stdout: 'Stopped.', exitCode: 0 };
}

/** `dev parked [--queue id]`: what the local system gave up on, oldest first. */
export function runParked(options: { root: string; queue?: string; format: 'text' | 'json' }): CommandResult {
  const messages = readParkedMessages(join(options.root, PARKED_FILE), options.queue);
  if (options.format === 'json') return { stdout: JSON.stringify(messages, null, 2), exitCode: 0 };
  if (messages.length === 0) return { stdout: 'Nothing parked.', exitCode: 0 };
  return {
    stdout: messages
      .map((m) => `${m.at}  ${m.queueId}\n  ${m.reason}\n  ${JSON.stringify(m.body)}`)
      .join('\n\n'),
    exitCode: 0,
  };
}
