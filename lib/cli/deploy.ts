import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import {
  ALARM_EMAIL_CONTEXT,
  AlarmNotificationsError,
  alarmNotifications,
} from '../infra/alarm-notifications';
import { eventsStackName, serviceStackName } from '../infra/names';
import {
  type Identity,
  PROD_STAGE,
  personalStageName,
  type StageName,
  stageNameProblem,
} from '../infra/stage-name';
import { CliError, type CommandResult } from './errors';

export interface DeployOptions {
  readonly root: string;
  /** The stage; default the developer's personal stage ({@link personalStage}). */
  readonly stage?: string;
  /** Services to deploy (with the stacks they depend on); default every stack. */
  readonly services?: readonly string[];
  /** Print the command instead of running it. */
  readonly dryRun?: boolean;
  /** Subscribe this address (or comma-separated addresses) to the stage's alarm topic (`-c alarms:email`). */
  readonly alarmEmail?: string;
  /** Who is deploying, for the personal stage; default git's user.email and the OS user ({@link currentIdentity}). */
  readonly identity?: Identity;
  /**
   * Approved already (`--yes`): cdk asks nothing, in prod too. For pipelines, where cdk cannot ask
   * (no terminal) and a protected environment's reviewers approve the deploy instead.
   */
  readonly yes?: boolean;
}

/** Where `cdk deploy` writes the stacks' outputs (every API URL), per stage. */
export function outputsFile(stage: StageName): string {
  return `cdk.out/outputs.${stage}.json`;
}

export interface DeployArgvOptions {
  readonly alarmEmail?: string;
  /** Never ask for approval, in prod too (`--yes`). */
  readonly yes?: boolean;
}

/**
 * The `cdk` command line of `dev deploy`, without the program: `cdk deploy --all -c stage=dev ...`.
 * Every stage but prod deploys without questions; prod asks before any change that widens security
 * (`--require-approval broadening`) unless approved already (`yes`). Named services deploy with their dependencies (the events
 * stack, the services whose API they call).
 */
export function deployArgv(
  stage: StageName,
  services: readonly string[] = [],
  options: DeployArgvOptions = {},
): string[] {
  const stacks =
    services.length === 0 ? ['--all'] : [...services.map((service) => serviceStackName(stage, service))];
  return [
    'cdk',
    'deploy',
    ...stacks,
    '--context',
    `stage=${stage}`,
    ...(options.alarmEmail === undefined
      ? []
      : ['--context', `${ALARM_EMAIL_CONTEXT}=${options.alarmEmail}`]),
    '--require-approval',
    stage === PROD_STAGE && options.yes !== true ? 'broadening' : 'never',
    '--outputs-file',
    outputsFile(stage),
  ];
}

export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** `npx cdk ...` as a person would type it. */
export function shownCommand(argv: readonly string[]): string {
  return `npx ${argv.map(shellQuote).join(' ')}`;
}

/** Who runs the command: git's `user.email` in the project, and the OS user. Either may be missing. */
export function currentIdentity(root: string): Identity {
  let email: string | undefined;
  try {
    email = execFileSync('git', ['config', 'user.email'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    email = undefined; // no git, or no user.email: the OS user decides
  }
  let user: string | undefined;
  try {
    user = userInfo().username;
  } catch {
    user = process.env.USER ?? process.env.USERNAME;
  }
  return { email: email === '' ? undefined : email, user };
}

/** The personal stage of `identity`, and the line that says where its name came from. */
export function personalStage(identity: Identity): { stage: StageName; from: string } {
  const stage = personalStageName(identity);
  if (stage === undefined) {
    throw new CliError(
      'no --stage and no personal stage: neither `git config user.email` nor the OS user name gives one. Set git user.email, or name the stage: dev deploy --stage <name>',
    );
  }
  const fromEmail = personalStageName({ email: identity.email }) === stage;
  const from = fromEmail ? `git user.email ${identity.email}` : `OS user ${identity.user}`;
  return { stage, from };
}

/** Runs the project's pinned CDK CLI with `argv` (without `cdk`), its output on the terminal. */
export function runCdk(root: string, argv: readonly string[]): CommandResult {
  const cdk = join(root, 'node_modules', '.bin', 'cdk');
  if (!existsSync(cdk)) throw new CliError('the CDK CLI is not installed here: run npm ci');
  process.stderr.write(`${shownCommand(argv)}\n`);
  const result = spawnSync(cdk, argv.slice(1), {
    cwd: root,
    stdio: 'inherit',
    // The CLI's "newer version" banner asks the registry and suggests the stale 3.x build: off.
    env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' },
  });
  if (result.error) throw new CliError(`could not run cdk: ${result.error.message}`);
  return { stdout: '', exitCode: result.status ?? 1 };
}

/** `dev deploy [--stage <name>] [services...] [--alarm-email a] [--yes] [--dry-run]`. */
export function runDeploy(options: DeployOptions): CommandResult {
  let stage: StageName;
  let note: string | undefined;
  if (options.stage === undefined) {
    const personal = personalStage(options.identity ?? currentIdentity(options.root));
    stage = personal.stage;
    note = `Stage ${stage}: your personal stage (from ${personal.from}); --stage <name> deploys another.`;
  } else {
    const problem = stageNameProblem(options.stage);
    if (problem !== undefined) throw new CliError(`${problem} (--stage)`);
    stage = options.stage;
  }
  if (options.alarmEmail !== undefined) {
    try {
      alarmNotifications(options.alarmEmail, undefined, stage);
    } catch (error) {
      if (error instanceof AlarmNotificationsError) throw new CliError(`${error.message} (--alarm-email)`);
      throw error;
    }
  }
  const argv = deployArgv(stage, options.services ?? [], {
    ...(options.alarmEmail === undefined ? {} : { alarmEmail: options.alarmEmail }),
    ...(options.yes === true ? { yes: true } : {}),
  });
  if (options.dryRun) {
    return {
      stdout: [
        shownCommand(argv),
        ...(note === undefined ? [] : [note]),
        `(dry run: nothing deployed; shared stack ${eventsStackName(stage)}, outputs to ${outputsFile(stage)})`,
      ].join('\n'),
      exitCode: 0,
    };
  }
  if (note !== undefined) process.stderr.write(`${note}\n`);
  return runCdk(options.root, argv);
}
