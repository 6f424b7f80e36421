/**
 * How long `cdk synth` takes, wall clock through the pinned CDK CLI as a developer runs it
 * (cdk.json's app, cdk-nag included), for:
 *   - the reference services (3): this project's api-specs/ and functions/;
 *   - 20 generated services (the CLI fixture spec, each subscribing to the previous one).
 * Each with real esbuild bundling (what `cdk synth`/`cdk deploy` do) and with inline stand-ins
 * (`-c tributary:bundling=false`, what the unit tests do). Prints figures; never fails a build.
 *
 *   npx tsx bench/synth.bench.ts [runs]     # runs of the inline variant (bundled runs once)
 *
 * Projects are built under node_modules/.cache/ (bundling needs entries under the project root).
 * An entry the reference project does not have yet is stubbed, and the stub is listed.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { missingEntries, planSystem, requiredEntries } from '../lib/infra/system';
import { discoverSpecFiles } from '../lib/spec/files';
import { writeGeneratedSpecs } from './generated-specs';

const ROOT = join(__dirname, '..');
const CDK = join(ROOT, 'node_modules', '.bin', 'cdk');
const RUNS = Number(process.argv[2] ?? 3);
const CACHE = join(ROOT, 'node_modules', '.cache');

const STUB = (
  what: string,
) => `// Benchmark stub for ${what}: weighs what a handler bundles (the runtime's HTTP adapter).
import * as http from '../../runtime/http';

export const handler = async (): Promise<{ statusCode: number }> => {
  void http;
  return { statusCode: 501 };
};
`;

/** Writes a stub for every entry the plan needs and the project lacks; returns their paths. */
function stubMissingEntries(root: string): string[] {
  const missing = missingEntries(planSystem({ root, checkEntries: false }));
  for (const { entry } of missing) {
    const file = join(root, entry);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, STUB(entry));
  }
  return missing.map((m) => m.entry);
}

function referenceProject(): { dir: string; stubbed: string[]; functions: number } {
  const dir = mkdtempSync(join(CACHE, 'tributary-synth-reference-'));
  mkdirSync(join(dir, 'api-specs'));
  for (const file of discoverSpecFiles(ROOT)) cpSync(join(ROOT, file), join(dir, file));
  // Run-time code may import build-time tables (lib/spec/table-layout.ts): copy both trees.
  cpSync(join(ROOT, 'functions'), join(dir, 'functions'), { recursive: true });
  cpSync(join(ROOT, 'lib'), join(dir, 'lib'), { recursive: true });
  const stubbed = stubMissingEntries(dir);
  return { dir, stubbed, functions: requiredEntries(planSystem({ root: dir })).length };
}

function generatedProject(count: number): { dir: string; functions: number } {
  const dir = mkdtempSync(join(CACHE, 'tributary-synth-generated-'));
  writeGeneratedSpecs(ROOT, dir, count);
  cpSync(join(ROOT, 'functions', 'runtime'), join(dir, 'functions', 'runtime'), { recursive: true });
  cpSync(join(ROOT, 'lib'), join(dir, 'lib'), { recursive: true });
  stubMissingEntries(dir);
  return { dir, functions: requiredEntries(planSystem({ root: dir })).length };
}

function synth(root: string, bundling: boolean): { ms: number; ok: boolean; stderr: string } {
  const out = mkdtempSync(join(CACHE, 'tributary-synth-out-'));
  const start = process.hrtime.bigint();
  const result = spawnSync(
    CDK,
    ['synth', '--quiet', '-o', out, '-c', `tributary:root=${root}`, '-c', `tributary:bundling=${bundling}`],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' } },
  );
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  rmSync(out, { recursive: true, force: true });
  return { ms, ok: result.status === 0, stderr: result.stderr };
}

function report(label: string, root: string): void {
  const inline: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = synth(root, false);
    if (!run.ok) throw new Error(`${label}: synth failed\n${run.stderr}`);
    inline.push(run.ms);
  }
  const bundled = synth(root, true);
  if (!bundled.ok) throw new Error(`${label}: bundled synth failed\n${bundled.stderr}`);
  const sorted = [...inline].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  console.log(
    `${label.padEnd(40)} inline median ${(median / 1000).toFixed(1).padStart(5)} s (${RUNS} runs)   bundled ${(bundled.ms / 1000).toFixed(1).padStart(6)} s`,
  );
}

if (!existsSync(CDK)) throw new Error('the CDK CLI is not installed: run npm install');
mkdirSync(CACHE, { recursive: true });
console.log(`cdk synth through the CLI, wall time, node ${process.version}`);
const reference = referenceProject();
const generated = generatedProject(20);
try {
  if (reference.stubbed.length > 0) {
    console.log(
      `(reference project: stubbed ${reference.stubbed.length} missing entries: ${reference.stubbed.join(', ')})`,
    );
  }
  report(`reference services (3, ${reference.functions} entries)`, reference.dir);
  report(`generated services (20, ${generated.functions} entries)`, generated.dir);
} finally {
  rmSync(reference.dir, { recursive: true, force: true });
  rmSync(generated.dir, { recursive: true, force: true });
}
