import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { eventsStackName, serviceStackName } from '../infra/names';
import { DEFAULT_STAGE, type StageName, stageNameProblem } from '../infra/stage-name';
import { CliError, type CommandResult } from './errors';

export interface DeployOptions {
  readonly root: string;
  readonly stage?: string;
  /** Services to deploy (with the stacks they depend on); default every stack. */
  readonly services?: readonly string[];
  /** Print the command instead of running it. */
  readonly dryRun?: boolean;
}

/** Where `cdk deploy` writes the stacks' outputs (every API URL), per stage. */
export function outputsFile(stage: StageName): string {
  return `cdk.out/outputs.${stage}.json`;
}

/**
 * The `cdk` command line of `dev deploy`, without the program: `cdk deploy --all -c stage=dev ...`.
 * dev deploys without questions; prod asks before any change that widens security
 * (`--require-approval broadening`). Named services deploy with their dependencies (the events
 * stack, the services whose API they call).
 */
export function deployArgv(stage: StageName, services: readonly string[] = []): string[] {
  const stacks =
    services.length === 0 ? ['--all'] : [...services.map((service) => serviceStackName(stage, service))];
  return [
    'cdk',
    'deploy',
    ...stacks,
    '--context',
    `stage=${stage}`,
    '--require-approval',
    stage === 'prod' ? 'broadening' : 'never',
    '--outputs-file',
    outputsFile(stage),
  ];
}

function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** `dev deploy [--stage dev|prod] [services...] [--dry-run]`. */
export function runDeploy(options: DeployOptions): CommandResult {
  const stage = options.stage ?? DEFAULT_STAGE;
  const problem = stageNameProblem(stage);
  if (problem !== undefined) throw new CliError(`${problem} (--stage)`);
  const argv = deployArgv(stage, options.services ?? []);
  const shown = `npx ${argv.map(shellQuote).join(' ')}`;
  if (options.dryRun) {
    return {
      stdout: `${shown}\n(dry run: nothing deployed; shared stack ${eventsStackName(stage)}, outputs to ${outputsFile(stage)})`,
      exitCode: 0,
    };
  }
  const cdk = join(options.root, 'node_modules', '.bin', 'cdk');
  if (!existsSync(cdk)) throw new CliError('the CDK CLI is not installed here: run npm install');
  process.stderr.write(`${shown}\n`);
  const result = spawnSync(cdk, argv.slice(1), {
    cwd: options.root,
    stdio: 'inherit',
    // The CLI's "newer version" banner asks the registry and suggests the stale 3.x build: off.
    env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' },
  });
  if (result.error) throw new CliError(`could not run cdk: ${result.error.message}`);
  return { stdout: '', exitCode: result.status ?? 1 };
}
