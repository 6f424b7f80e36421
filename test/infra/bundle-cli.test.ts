/**
 * The shared build through the pinned CDK CLI (`bin/app.ts`, as `npx cdk synth` runs it), on a copy
 * of the fixture project (stand-in entries: small bundles, fast): one build, then the cache, and a
 * handler that does not compile named the way a spec error is.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureProjectCopy, REPO } from './helpers';

const CDK = join(REPO, 'node_modules', '.bin', 'cdk');
const project = fixtureProjectCopy();
const outs: string[] = [];
afterAll(() => {
  for (const out of outs) rmSync(out, { recursive: true, force: true });
  project.cleanup();
});

function cdkSynth(): { status: number | null; stderr: string; out: string } {
  const out = mkdtempSync(join(tmpdir(), 'tributary-cdk-out-'));
  outs.push(out);
  const result = spawnSync(CDK, ['synth', '--quiet', '-o', out, '-c', `tributary:root=${project.dir}`], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', NO_COLOR: '1' },
  });
  return { status: result.status, stderr: result.stderr, out };
}

const templates = (out: string) =>
  Object.fromEntries(
    readdirSync(out)
      .filter((file) => file.endsWith('.template.json'))
      .map((file) => [file, readFileSync(join(out, file), 'utf8')]),
  );

describe('cdk synth with the shared build', () => {
  it('bundles every entry in one build, then takes them all from the cache: the same templates', () => {
    const cold = cdkSynth();
    expect(cold.status).toBe(0);
    const built =
      /Bundled (\d+) Lambda entries in [\d.]+ s: (\d+) built, 0 reused from \.tributary\/bundles/.exec(
        cold.stderr,
      );
    expect(built?.[1]).toBeDefined();
    expect(built?.[2]).toBe(built?.[1]);
    expect(Number(built?.[1])).toBeGreaterThan(20);

    const warm = cdkSynth();
    expect(warm.status).toBe(0);
    expect(warm.stderr).toContain(`: 0 built, ${built?.[1]} reused from .tributary/bundles`);
    expect(Object.keys(templates(warm.out))).toHaveLength(5);
    expect(templates(warm.out)).toEqual(templates(cold.out));
  }, 180_000);

  it('fails, naming the file and line, when a handler does not compile', () => {
    const entry = 'functions/reviews/generated/lambdas/update-review.ts';
    writeFileSync(join(project.dir, entry), 'export const handler = async () => {\n  return 1 +;\n};\n');
    const run = cdkSynth();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('esbuild could not bundle the Lambda entries (1 error(s)):');
    expect(run.stderr).toMatch(
      /functions\/reviews\/generated\/lambdas\/update-review\.ts:2:\d+ {2}Unexpected ";"/,
    );
    expect(run.stderr).toContain('Fix the code');
    expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(readdirSync(run.out).filter((file) => file.endsWith('.template.json'))).toEqual([]);
  }, 120_000);
});
