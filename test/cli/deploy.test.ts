import { join } from 'node:path';
import { currentIdentity, deployArgv, outputsFile, personalStage, runDeploy } from '../../lib/cli/deploy';
import { CliError } from '../../lib/cli/errors';
import { FixtureRepo, runDev } from './helpers';

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

  it('asks nothing in prod when approved already (--yes: a pipeline behind a protected environment)', () => {
    expect(deployArgv('prod', [], { yes: true })).toContain('never');
    expect(deployArgv('prod', [], { yes: true })).not.toContain('broadening');
    expect(runDeploy({ root: PROJECT, stage: 'prod', yes: true, dryRun: true }).stdout).toContain(
      '--require-approval never',
    );
  });

  it("subscribes an address to the stage's alarm topic through the CDK context", () => {
    expect(deployArgv('dev-ada', [], { alarmEmail: 'ada@example.com' }).slice(3, 7)).toEqual([
      '--context',
      'stage=dev-ada',
      '--context',
      'alarms:email=ada@example.com',
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
    expect(result.stdout).not.toContain('personal stage');
  });

  it("deploys the developer's personal stage without --stage, saying which and why", () => {
    const result = runDeploy({
      root: PROJECT,
      dryRun: true,
      identity: { email: 'Ada@example.com', user: 'root' },
    });
    expect(result.stdout.split('\n')).toEqual([
      'npx cdk deploy --all --context stage=dev-ada --require-approval never --outputs-file cdk.out/outputs.dev-ada.json',
      'Stage dev-ada: your personal stage (from git user.email Ada@example.com); --stage <name> deploys another.',
      '(dry run: nothing deployed; shared stack tributary-dev-ada-events, outputs to cdk.out/outputs.dev-ada.json)',
    ]);
  });

  it('takes the OS user when git has no email, and says so', () => {
    expect(personalStage({ user: 'adam' })).toEqual({ stage: 'dev-adam', from: 'OS user adam' });
    expect(personalStage({ email: '', user: 'adam' })).toEqual({ stage: 'dev-adam', from: 'OS user adam' });
  });

  it('refuses to guess a stage when nobody can be named, saying what to do (exit 2)', () => {
    const run = () => runDeploy({ root: PROJECT, dryRun: true, identity: { email: '--@x.io', user: '__' } });
    expect(run).toThrow(CliError);
    expect(run).toThrow('Set git user.email, or name the stage: dev deploy --stage <name>');
    try {
      run();
    } catch (error) {
      expect((error as CliError).exitCode).toBe(2);
    }
  });

  it('refuses an alarm email that is not an address', () => {
    expect(() => runDeploy({ root: PROJECT, stage: 'dev', dryRun: true, alarmEmail: 'ops' })).toThrow(
      '"ops" is not an email address',
    );
  });

  it("reads who is deploying from git's user.email in the project", () => {
    const repo = new FixtureRepo();
    try {
      expect(currentIdentity(repo.dir).email).toBe('test@example.com');
    } finally {
      repo.cleanup();
    }
  });
});

describe('dev deploy', () => {
  it("prints what it would run with --dry-run: the personal stage of git's user.email", () => {
    const repo = new FixtureRepo();
    try {
      const run = repo.dev('deploy', '--dry-run');
      expect(run.code).toBe(0);
      expect(run.stdout.split('\n').slice(0, 2)).toEqual([
        'npx cdk deploy --all --context stage=dev-test --require-approval never --outputs-file cdk.out/outputs.dev-test.json',
        'Stage dev-test: your personal stage (from git user.email test@example.com); --stage <name> deploys another.',
      ]);
    } finally {
      repo.cleanup();
    }
  });

  it('takes --alarm-email', () => {
    const run = runDev(PROJECT, [
      'deploy',
      '--stage',
      'dev',
      '--alarm-email',
      'ops@example.com',
      '--dry-run',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--context stage=dev --context alarms:email=ops@example.com');
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
