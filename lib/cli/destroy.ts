import { eventsStackName } from '../infra/names';
import { PROD_STAGE, type StageName, stageNameProblem } from '../infra/stage-name';
import { runCdk, shownCommand } from './deploy';
import { CliError, type CommandResult } from './errors';

/**
 * lib/infra/app.ts's BUNDLING_CONTEXT, spelled here so that `dev destroy` does not load the CDK
 * (destroy.test.ts holds the two equal).
 */
export const NO_BUNDLING_CONTEXT = 'tributary:bundling=false';

export interface DestroyOptions {
  readonly root: string;
  readonly stage: string;
  /** Print the command instead of running it. */
  readonly dryRun?: boolean;
}

/**
 * The `cdk` command line of `dev destroy`: every stack of the stage, without questions (the stage
 * was named on the command line). Without bundling: deleting stacks needs their names, not their
 * code, so no Lambda is bundled for it.
 */
export function destroyArgv(stage: StageName): string[] {
  return [
    'cdk',
    'destroy',
    '--all',
    '--force',
    '--context',
    `stage=${stage}`,
    '--context',
    NO_BUNDLING_CONTEXT,
  ];
}

/**
 * `dev destroy <stage> [--dry-run]`: removes a stage that is not prod (a pull request's, a
 * developer's) with all it holds: every stage but prod destroys its tables, queues and logs with
 * the stacks (stage.ts). prod is refused: its data is retained and its stacks are protected, and
 * removing it is never one command away.
 */
export function runDestroy(options: DestroyOptions): CommandResult {
  const problem = stageNameProblem(options.stage);
  if (problem !== undefined) throw new CliError(problem);
  if (options.stage === PROD_STAGE) {
    throw new CliError(
      `dev destroy does not remove ${PROD_STAGE}: its stacks are termination-protected and its tables, queues, logs and archive are retained. ` +
        `To take prod down, turn off termination protection and delete its stacks in CloudFormation, on purpose; ` +
        `to remove another stage, name it: dev destroy <stage>`,
    );
  }
  const argv = destroyArgv(options.stage);
  if (options.dryRun) {
    return {
      stdout: `${shownCommand(argv)}\n(dry run: nothing removed; the stacks of stage ${options.stage}, ${eventsStackName(options.stage)} last, and all their data)`,
      exitCode: 0,
    };
  }
  return runCdk(options.root, argv);
}
