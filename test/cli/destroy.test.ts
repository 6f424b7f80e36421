import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { destroyArgv, NO_BUNDLING_CONTEXT, runDestroy } from '../../lib/cli/destroy';
import { CliError } from '../../lib/cli/errors';
import { BUNDLING_CONTEXT } from '../../lib/infra/app';
import { runDev } from './helpers';

const PROJECT = join(__dirname, '..', '..');

function thrown(run: () => unknown): CliError {
  try {
    run();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('expected a CliError');
}

describe('destroyArgv', () => {
  it("destroys every stack of the stage without asking, and without bundling the functions' code", () => {
    expect(destroyArgv('pr-42')).toEqual([
      'cdk',
      'destroy',
      '--all',
      '--force',
      '--context',
      'stage=pr-42',
      '--context',
      'tributary:bundling=false',
    ]);
    expect(NO_BUNDLING_CONTEXT).toBe(`${BUNDLING_CONTEXT}=false`);
  });
});

describe('runDestroy', () => {
  it('prints the command on --dry-run and removes nothing', () => {
    const result = runDestroy({ root: '/nonexistent', stage: 'dev-ada', dryRun: true });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      'npx cdk destroy --all --force --context stage=dev-ada --context tributary:bundling=false',
      '(dry run: nothing removed; the stacks of stage dev-ada, tributary-dev-ada-events last, and all their data)',
    ]);
  });

  it('refuses prod with exit 2, saying why and what to do instead, even on --dry-run', () => {
    const error = thrown(() => runDestroy({ root: PROJECT, stage: 'prod', dryRun: true }));
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('dev destroy does not remove prod');
    expect(error.message).toContain('delete its stacks in CloudFormation, on purpose');
  });

  it('refuses an invalid stage name, saying what a stage name is', () => {
    const error = thrown(() => runDestroy({ root: PROJECT, stage: 'Dev Ada', dryRun: true }));
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('invalid stage "Dev Ada": use a lower-case letter');
  });

  it('says to install the CDK CLI when it is not there, before running anything', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tributary-destroy-'));
    try {
      const error = thrown(() => runDestroy({ root: dir, stage: 'pr-42' }));
      expect(error.message).toBe('the CDK CLI is not installed here: run npm ci');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('dev destroy', () => {
  it('prints what it would run with --dry-run', () => {
    const run = runDev(PROJECT, ['destroy', 'pr-42', '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(
      'npx cdk destroy --all --force --context stage=pr-42 --context tributary:bundling=false',
    );
  });

  it('refuses prod with exit 2 and one line', () => {
    const run = runDev(PROJECT, ['destroy', 'prod']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^dev: dev destroy does not remove prod: .+\n$/);
    expect(run.stdout).toBe('');
  });

  it('wants the stage named (exit 2)', () => {
    const run = runDev(PROJECT, ['destroy', '--dry-run']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("missing required argument 'stage'");
  });
});
