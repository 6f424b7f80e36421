import { join } from 'node:path';
import { deployArgv, outputsFile, runDeploy } from '../../lib/cli/deploy';
import { CliError } from '../../lib/cli/errors';
import { runDev } from './helpers';

const PROJECT = join(__dirname, '..', '..');

describe('deployArgv', () => {
  it('deploys every stack of dev without questions, writing the outputs (API URLs)', () => {
    expect(deployArgv('dev')).toEqual([
      'cdk',
      'deploy',
      '--all',
      '--context',
      'stage=dev',
      '--require-approval',
      'never',
      '--outputs-file',
      'cdk.out/outputs.dev.json',
    ]);
  });

  it('asks before security-widening changes in prod', () => {
    expect(deployArgv('prod')).toEqual([
      'cdk',
      'deploy',
      '--all',
      '--context',
      'stage=prod',
      '--require-approval',
      'broadening',
      '--outputs-file',
      outputsFile('prod'),
    ]);
  });

  it('deploys named services by their stack names (cdk adds the stacks they depend on)', () => {
    expect(deployArgv('dev', ['users', 'order_items']).slice(0, 4)).toEqual([
      'cdk',
      'deploy',
      'tributary-dev-users',
      'tributary-dev-order-items',
    ]);
  });
});

describe('runDeploy', () => {
  it('prints the command on --dry-run and runs nothing', () => {
    const result = runDeploy({ root: '/nonexistent', stage: 'prod', dryRun: true });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(
      'npx cdk deploy --all --context stage=prod --require-approval broadening --outputs-file cdk.out/outputs.prod.json',
    );
  });

  it('rejects an invalid stage name, saying what a stage name is', () => {
    expect(() => runDeploy({ root: PROJECT, stage: 'Q A', dryRun: true })).toThrow(CliError);
    expect(() => runDeploy({ root: PROJECT, stage: 'Q A', dryRun: true })).toThrow(
      'invalid stage "Q A": use a lower-case letter',
    );
  });

  it('deploys any valid stage name, such as a pull request stage', () => {
    const result = runDeploy({ root: PROJECT, stage: 'pr-42', dryRun: true });
    expect(result.stdout).toContain('--context stage=pr-42');
    expect(result.stdout).toContain('cdk.out/outputs.pr-42.json');
  });
});

describe('dev deploy', () => {
  it('prints what it would run with --dry-run', () => {
    const run = runDev(PROJECT, ['deploy', '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(
      'npx cdk deploy --all --context stage=dev --require-approval never --outputs-file cdk.out/outputs.dev.json',
    );
  });

  it('takes --stage and service names', () => {
    const run = runDev(PROJECT, ['deploy', '--stage', 'prod', 'users', '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('npx cdk deploy tributary-prod-users --context stage=prod');
  });

  it('refuses an invalid stage name with exit 2', () => {
    const run = runDev(PROJECT, ['deploy', '--stage', 'QA', '--dry-run']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('invalid stage "QA": use a lower-case letter');
    expect(run.stderr).toContain('(--stage)');
  });
});
