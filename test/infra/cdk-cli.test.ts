/**
 * The pinned CDK CLI runs `bin/app.ts` through cdk.json, offline, as `npx cdk synth` does on a
 * fresh clone (here on a copy of the fixture project, with inline code to stay fast).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureProjectCopy, REPO } from './helpers';

const CDK = join(REPO, 'node_modules', '.bin', 'cdk');

function cdkSynth(root: string, ...context: string[]) {
  const out = mkdtempSync(join(tmpdir(), 'tributary-cdk-out-'));
  const result = spawnSync(
    CDK,
    [
      'synth',
      '--quiet',
      '-o',
      out,
      '-c',
      `tributary:root=${root}`,
      '-c',
      'tributary:bundling=false',
      ...context,
    ],
    {
      cwd: REPO,
      encoding: 'utf8',
      env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', NO_COLOR: '1' },
    },
  );
  return { ...result, out, cleanup: () => rmSync(out, { recursive: true, force: true }) };
}

const projects: Array<{ cleanup(): void }> = [];
afterAll(() => {
  for (const p of projects) p.cleanup();
});

function project() {
  const copy = fixtureProjectCopy();
  projects.push(copy);
  return copy.dir;
}

describe('cdk.json', () => {
  const config = JSON.parse(readFileSync(join(REPO, 'cdk.json'), 'utf8'));

  it('runs the app with tsx and keeps the CLI quiet and offline', () => {
    expect(config.app).toBe('npx tsx bin/app.ts');
    expect(config.notices).toBe(false);
    expect(config.context['cli-telemetry']).toBe(false);
  });

  it('pins the CDK CLI in devDependencies', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
    expect(pkg.devDependencies['aws-cdk']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.devDependencies.esbuild).toBeDefined();
  });
});

describe('cdk synth', () => {
  it('synthesizes every stack of a project', () => {
    const run = cdkSynth(project());
    try {
      expect(run.stderr).not.toMatch(/error/i);
      expect(run.status).toBe(0);
      expect(
        readdirSync(run.out)
          .filter((f) => f.endsWith('.template.json'))
          .sort(),
      ).toEqual([
        'tributary-dev-events.template.json',
        'tributary-dev-notifications.template.json',
        'tributary-dev-orders.template.json',
        'tributary-dev-reviews.template.json',
        'tributary-dev-users.template.json',
      ]);
    } finally {
      run.cleanup();
    }
  });

  it('fails, naming the file, when a handler is missing', () => {
    const root = project();
    rmSync(join(root, 'functions', 'reviews', 'generated', 'lambdas', 'update-review.ts'));
    const run = cdkSynth(root);
    try {
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain('functions/reviews/generated/lambdas/update-review.ts');
      expect(run.stderr).toContain('run `npx dev generate`');
      expect(run.stderr).toContain('PATCH /reviews/:id (operation updateReview)');
      expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      expect(existsSync(join(run.out, 'tributary-dev-reviews.template.json'))).toBe(false);
    } finally {
      run.cleanup();
    }
  });

  it('rejects an invalid stage name', () => {
    const run = cdkSynth(project(), '-c', 'stage=QA_1');
    try {
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain('invalid stage "QA_1": use a lower-case letter, then lower-case letters');
      expect(run.stderr).toContain('(-c stage=<name>)');
    } finally {
      run.cleanup();
    }
  });
});
