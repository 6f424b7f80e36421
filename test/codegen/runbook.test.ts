import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { thresholdsSetting } from '../../lib/codegen/generate';
import { RUNBOOK_MARKER, runbook } from '../../lib/codegen/runbook';
import { alarmedService, serviceAlarms } from '../../lib/infra/alarm-catalog';
import { DEFAULT_ALARM_THRESHOLDS } from '../../lib/infra/alarm-thresholds';
import { planService } from '../../lib/infra/system';
import { runDev } from '../cli/helpers';
import { type LoadedSpecFile, PROJECT, referenceSpecs } from './helpers';

/**
 * Runbooks: `dev generate` writes docs/runbooks/<service>.md from the spec and the alarm catalog.
 * The committed runbooks of the reference services are the golden files (reviewed in diffs like
 * code); `dev generate --check` (and so `dev check`) fails when one is stale.
 */

let reference: LoadedSpecFile[];
beforeAll(() => {
  reference = referenceSpecs();
});

function runbookOf(service: string, thresholds = DEFAULT_ALARM_THRESHOLDS) {
  const specs = new Map(reference.map(({ spec }) => [spec.name, spec]));
  const loaded = reference.find(({ spec }) => spec.name === service);
  if (!loaded) throw new Error(`no reference service ${service}`);
  const plan = planService(loaded.spec, loaded.file, specs);
  const subscribers = reference
    .filter(({ spec }) => (spec.subscriptions ?? []).some((s) => s.service === service))
    .map(({ spec }) => spec.name);
  return { plan, file: runbook({ plan, thresholds, subscribers }) };
}

/** The text outside fenced blocks and code spans, where a `<stage>` would be an HTML tag. */
function prose(markdown: string): string {
  return markdown
    .split('\n')
    .slice(1) // the marker comment
    .join('\n')
    .replace(/```[\s\S]*?```/g, '')
    .replace(/`[^`\n]*`/g, '');
}

describe.each(['users', 'orders', 'notifications'])('the runbook of %s', (service) => {
  it('is the committed golden file docs/runbooks/<service>.md (run `npx dev generate` when this fails)', () => {
    const { file } = runbookOf(service);
    expect(file.path).toBe(`docs/runbooks/${service}.md`);
    expect(readFileSync(join(PROJECT, file.path), 'utf8')).toBe(file.content);
  });

  it('starts with the do-not-edit marker, naming its spec', () => {
    const { file } = runbookOf(service);
    expect(file.content.startsWith(`${RUNBOOK_MARKER} from api-specs/${service}.json`)).toBe(true);
    expect(file.content.split('\n')[0]).toContain('Do not edit');
  });

  it('has a section for every alarm of the catalog, with its full name for any stage', () => {
    const { plan, file } = runbookOf(service);
    const alarms = serviceAlarms('<stage>', alarmedService(plan), DEFAULT_ALARM_THRESHOLDS);
    expect(alarms.length).toBeGreaterThan(0);
    const headings = [...file.content.matchAll(/^### (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(alarms.map((alarm) => alarm.what));
    for (const alarm of alarms) {
      expect(alarm.name.startsWith(`tributary-<stage>-${service}-`)).toBe(true);
      expect(file.content).toContain(`\`${alarm.name}\``);
      expect(file.content).toContain(`](#${alarm.what.toLowerCase()})`);
    }
    for (const part of ['**What it means.**', '**Look first.**', '**Recover']) {
      expect(file.content.split(part).length - 1).toBeGreaterThanOrEqual(alarms.length);
    }
  });

  it('writes every placeholder in code, where markdown shows it as it is', () => {
    const { file } = runbookOf(service);
    expect(file.content).toContain('`<stage>`');
    expect(prose(file.content)).not.toMatch(/<[a-z]/);
  });

  it('gives the commands that recover: republish and purge for the forwarder, a replay to the rule for each subscription', () => {
    const { plan, file } = runbookOf(service);
    if (plan.publishingResources.length > 0) {
      expect(file.content).toContain(`npx dev republish ${service} --table "$(output TableName)"`);
      expect(file.content).toContain('aws sqs purge-queue --queue-url "$(output ForwarderOnFailureUrl)"');
      expect(file.content).toContain('`npx dev parked`');
    }
    for (const s of plan.subscriptions) {
      expect(file.content).toContain(
        `--name tributary-$STAGE-${service}-on-${s.publisher}-${s.resource} --query Arn`,
      );
      expect(file.content).toContain('aws events start-replay');
      expect(file.content).toContain(
        `npx dev republish ${s.publisher} --stage <stage> --resource ${s.resource}`,
      );
    }
  });
});

describe('runbooks', () => {
  it('show the thresholds a service is given', () => {
    const { file } = runbookOf('orders', { ...DEFAULT_ALARM_THRESHOLDS, latencyP99Milliseconds: 4500 });
    expect(file.content).toContain('p99 latency at or over 4500 ms');
    expect(file.content).not.toContain('p99 latency at or over 3000 ms');
  });

  it("name the services waiting for a publisher's events, and the services an operation calls", () => {
    expect(runbookOf('orders').file.content).toContain('notifications missed those changes');
    expect(runbookOf('orders').file.content).toContain(
      'It calls users (`GET /users/:id`, [runbook](users.md))',
    );
  });

  it("take their thresholds from the project's cdk.json, none when it sets none", () => {
    expect(thresholdsSetting(PROJECT)).toBeUndefined();
    const dir = mkdtempSync(join(tmpdir(), 'tributary-cdkjson-'));
    try {
      expect(thresholdsSetting(dir)).toBeUndefined();
      writeFileSync(
        join(dir, 'cdk.json'),
        JSON.stringify({ context: { 'alarms:thresholds': { orders: {} } } }),
      );
      expect(thresholdsSetting(dir)).toEqual({ orders: {} });
      writeFileSync(join(dir, 'cdk.json'), '{ not json');
      expect(() => thresholdsSetting(dir)).toThrow('cdk.json: cannot generate code');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('dev generate and the runbooks', () => {
  let dir: string;
  const path = (relative: string) => join(dir, relative);

  beforeEach(() => {
    // The project as committed: specs, functions with their generated code, the runbooks.
    dir = mkdtempSync(join(tmpdir(), 'tributary-runbooks-'));
    cpSync(join(PROJECT, 'api-specs'), path('api-specs'), {
      recursive: true,
      filter: (source) => !source.endsWith('.allow.json'),
    });
    cpSync(join(PROJECT, 'functions'), path('functions'), { recursive: true });
    cpSync(join(PROJECT, 'docs', 'runbooks'), path('docs/runbooks'), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('--check fails on a stale, missing or extra runbook, and generate repairs them, leaving people’s files alone', () => {
    expect(runDev(dir, ['generate', '--check']).code).toBe(0);
    writeFileSync(
      path('docs/runbooks/orders.md'),
      `${readFileSync(path('docs/runbooks/orders.md'), 'utf8')}hand edit\n`,
    );
    rmSync(path('docs/runbooks/users.md'));
    writeFileSync(
      path('docs/runbooks/gone.md'),
      `${RUNBOOK_MARKER} from api-specs/gone.json -->\n# Runbook: gone\n`,
    );
    writeFileSync(path('docs/runbooks/README.md'), '# Runbooks\n\nWritten by a person.\n');

    const check = runDev(dir, ['generate', '--check']);
    expect(check.code).toBe(1);
    expect(check.stdout.split('\n')).toEqual([
      'docs/runbooks/gone.md: should not exist (no spec generates it)',
      'docs/runbooks/orders.md: stale',
      'docs/runbooks/users.md: missing',
      '3 generated file(s) out of date: run `npx dev generate` and commit the result.',
      '',
    ]);

    const run = runDev(dir, ['generate']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Wrote 2 and removed 1 generated file(s).');
    for (const service of ['orders', 'users']) {
      expect(readFileSync(path(`docs/runbooks/${service}.md`), 'utf8')).toBe(
        readFileSync(join(PROJECT, 'docs', 'runbooks', `${service}.md`), 'utf8'),
      );
    }
    expect(existsSync(path('docs/runbooks/gone.md'))).toBe(false);
    expect(readFileSync(path('docs/runbooks/README.md'), 'utf8')).toContain('Written by a person.');
    expect(runDev(dir, ['generate', '--check']).code).toBe(0);
  });

  it("follows the thresholds in the project's cdk.json, and refuses one that names no service", () => {
    writeFileSync(
      path('cdk.json'),
      JSON.stringify({ context: { 'alarms:thresholds': { orders: { latencyP99Milliseconds: 4500 } } } }),
    );
    const check = runDev(dir, ['generate', '--check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('docs/runbooks/orders.md: stale');
    expect(check.stdout).not.toContain('docs/runbooks/users.md');
    expect(runDev(dir, ['generate']).code).toBe(0);
    expect(readFileSync(path('docs/runbooks/orders.md'), 'utf8')).toContain('p99 latency at or over 4500 ms');

    writeFileSync(path('cdk.json'), JSON.stringify({ context: { 'alarms:thresholds': { billing: {} } } }));
    const bad = runDev(dir, ['generate']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('cdk.json: cannot generate code');
    expect(bad.stderr).toContain('names "billing", which is no service of this app');
  });

  it("removes a removed service's runbook", () => {
    for (const service of ['orders', 'notifications']) rmSync(path(`api-specs/${service}.json`));
    const run = runDev(dir, ['generate']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('docs/runbooks/orders.md: removed');
    expect(run.stdout).toContain('docs/runbooks/notifications.md: removed');
    expect(existsSync(path('docs/runbooks/users.md'))).toBe(true);
    expect(existsSync(path('docs/runbooks/orders.md'))).toBe(false);
  });
});
