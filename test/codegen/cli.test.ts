import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planGeneration } from '../../lib/codegen/generate';
import { discoverSpecFiles, serviceNameOfFile } from '../../lib/contract/files';
import { runDev } from '../cli/helpers';
import { PROJECT } from './helpers';

/** `dev generate [--check]` run as a user runs it, on a copy of the reference specs. */

const dirs: string[] = [];

/**
 * A copy of the project as a clone would have it before `dev generate`: the specs and their schema
 * (not the allow files: their entries accept changes since the project's last commit, which a copy
 * without history cannot see), the shared runtime, and what people wrote for each service, without
 * any generated/ folder. `functions: false` copies the specs only.
 */
function copyOfProject(options: { functions?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-generate-'));
  dirs.push(dir);
  cpSync(join(PROJECT, 'api-specs'), join(dir, 'api-specs'), {
    recursive: true,
    filter: (source) => !source.endsWith('.allow.json'),
  });
  if (options.functions ?? true) {
    cpSync(join(PROJECT, 'functions'), join(dir, 'functions'), {
      recursive: true,
      filter: (source) => !/[\\/]generated([\\/]|$)/.test(source),
    });
  }
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The project's services (whatever api-specs/ holds) and what the generator makes of them. */
const SERVICES = discoverSpecFiles(PROJECT).map(serviceNameOfFile).sort();
const plan = planGeneration(PROJECT);
if (!plan.ok) throw new Error("the project's specs are invalid");
const COUNT = plan.files.length;

function generatedFiles(): string[] {
  return plan.ok ? plan.files.map((file) => file.path) : [];
}

describe('dev generate', () => {
  it('--check lists every missing file and exits 1, writing nothing', () => {
    const dir = copyOfProject({ functions: false });
    const run = runDev(dir, ['generate', '--check']);
    expect(run.code).toBe(1);
    for (const path of generatedFiles()) expect(run.stdout).toContain(`${path}: missing`);
    expect(run.stdout).toMatch(/\d+ generated file\(s\) out of date: run `npx dev generate`/);
    expect(existsSync(join(dir, 'functions'))).toBe(false);
  });

  it('writes the same files as the committed ones, then --check passes', () => {
    const dir = copyOfProject();
    const run = runDev(dir, ['generate']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Wrote ${COUNT} and removed 0 generated file(s).`);
    for (const path of generatedFiles()) {
      expect(readFileSync(join(dir, path), 'utf8')).toBe(readFileSync(join(PROJECT, path), 'utf8'));
    }
    const check = runDev(dir, ['generate', '--check']);
    expect(check.stdout).toContain(`Generated code is up to date (${COUNT} files).`);
    expect(check.code).toBe(0);
    // Running it again changes nothing.
    expect(runDev(dir, ['generate']).stdout).toContain(`Generated code is up to date (${COUNT} files).`);
  });

  it('--check reports stale, missing and extra files and exits 1; generate repairs them all', () => {
    const dir = copyOfProject();
    expect(runDev(dir, ['generate']).code).toBe(0);
    const models = join(dir, 'functions/users/generated/models.ts');
    writeFileSync(models, `${readFileSync(models, 'utf8')}// hand edit\n`);
    rmSync(join(dir, 'functions/orders/generated/client.ts'));
    writeFileSync(join(dir, 'functions/users/generated/old.ts'), 'export {};\n');
    mkdirSync(join(dir, 'functions/gone/generated'), { recursive: true });
    writeFileSync(join(dir, 'functions/gone/generated/models.ts'), 'export {};\n');

    const check = runDev(dir, ['generate', '--check']);
    expect(check.code).toBe(1);
    expect(check.stdout.split('\n')).toEqual([
      'functions/gone/generated/models.ts: should not exist (no spec generates it)',
      'functions/orders/generated/client.ts: missing',
      'functions/users/generated/models.ts: stale',
      'functions/users/generated/old.ts: should not exist (no spec generates it)',
      '4 generated file(s) out of date: run `npx dev generate` and commit the result.',
      '',
    ]);
    expect(readFileSync(models, 'utf8')).toContain('// hand edit'); // --check writes nothing

    const run = runDev(dir, ['generate']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Wrote 2 and removed 2 generated file(s).');
    expect(readFileSync(models, 'utf8')).not.toContain('// hand edit');
    expect(existsSync(join(dir, 'functions/users/generated/old.ts'))).toBe(false);
    expect(existsSync(join(dir, 'functions/gone'))).toBe(false);
    expect(readdirSync(join(dir, 'functions')).sort()).toEqual([...SERVICES, 'runtime'].sort());
    expect(runDev(dir, ['generate', '--check']).code).toBe(0);
  });

  it('generates nothing from invalid specs: exit 1 with the diagnostics', () => {
    const dir = copyOfProject();
    const file = join(dir, 'api-specs/users.json');
    const spec = JSON.parse(readFileSync(file, 'utf8'));
    spec.models.user.fields[1].type = 'strin';
    writeFileSync(file, JSON.stringify(spec));
    const run = runDev(dir, ['generate']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('api-specs/users.json');
    expect(run.stderr).toContain('fix the invalid specs first');
    expect(existsSync(join(dir, 'functions/users/generated'))).toBe(false);
  });

  it('refuses a spec whose code would not work, naming the spec', () => {
    const dir = copyOfProject();
    const file = join(dir, 'api-specs/users.json');
    const spec = JSON.parse(readFileSync(file, 'utf8'));
    // A valid spec, but the model user_input's type would be user's input type, UserInput.
    spec.models.user_input = { fields: [{ name: 'note', type: 'string' }] };
    writeFileSync(file, JSON.stringify(spec));
    const run = runDev(dir, ['generate', '--check']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('api-specs/users.json: cannot generate code');
    expect(run.stderr).toContain('generated identifier "UserInput"');
    expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it('is part of dev check: stale generated code fails the gate', () => {
    const dir = copyOfProject();
    expect(runDev(dir, ['generate']).code).toBe(0);
    const fresh = runDev(dir, ['check']);
    expect(fresh.stdout).toContain(`== generated\nGenerated code is up to date (${COUNT} files).`);
    expect(fresh.code).toBe(0);
    const events = join(dir, 'functions/users/generated/events.ts');
    writeFileSync(events, `${readFileSync(events, 'utf8')}// hand edit\n`);
    const stale = runDev(dir, ['check', '--format', 'json']);
    expect(stale.code).toBe(1);
    expect(JSON.parse(stale.stdout).generated).toEqual({
      state: 'stale',
      problems: ['functions/users/generated/events.ts: stale'],
      paths: ['functions/users/generated/events.ts'],
    });
  });

  it('prints help', () => {
    const run = runDev(copyOfProject(), ['generate', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--check');
  });
});
