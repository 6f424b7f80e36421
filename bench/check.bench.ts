/**
 * How long `dev check` takes, wall clock with node start included, as a developer or CI runs it:
 *   - on this project's reference specs;
 *   - on 100 generated specs (with subscriptions between them and a change to diff).
 * Targets (issue #2): under 1.5 s and under 5 s. Prints figures; never fails a build.
 *
 *   npm run bench            # or: npx tsx bench/check.bench.ts [runs]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { specJsonSchemaText } from '../lib/contract/json-schema';
import { generatedServiceName, writeGeneratedSpecs } from './generated-specs';

const ROOT = join(__dirname, '..');
const DEV = join(ROOT, 'bin', 'dev.cjs');
const RUNS = Number(process.argv[2] ?? 5);

function timeCheck(cwd: string, args: string[]): { ms: number[]; code: number | null } {
  const ms: number[] = [];
  let code: number | null = null;
  // One untimed run warms tsx's transform cache, as every run after the first on a machine is.
  spawnSync(process.execPath, [DEV, 'check', ...args], { cwd, encoding: 'utf8' });
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [DEV, 'check', ...args], { cwd, encoding: 'utf8' });
    ms.push(Number(process.hrtime.bigint() - start) / 1e6);
    code = result.status;
  }
  return { ms, code };
}

function report(name: string, targetMs: number, { ms, code }: { ms: number[]; code: number | null }): void {
  const sorted = [...ms].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const verdict = median < targetMs ? 'within target' : 'OVER TARGET';
  console.log(
    `${name.padEnd(34)} median ${median.toFixed(0).padStart(5)} ms  min ${sorted[0]?.toFixed(0)} ms  max ${sorted[
      sorted.length - 1
    ]?.toFixed(0)} ms  (target < ${targetMs} ms: ${verdict}; exit ${code})`,
  );
}

function generatedProject(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-bench-'));
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'bench@example.com');
  git('config', 'user.name', 'Bench');
  writeGeneratedSpecs(ROOT, dir, count);
  writeFileSync(join(dir, 'api-specs', 'spec.schema.json'), specJsonSchemaText());
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  // Give the diff something to classify: a new optional field in every tenth service.
  for (let i = 0; i < count; i += 10) {
    const file = join(dir, 'api-specs', `${generatedServiceName(i)}.json`);
    const spec = JSON.parse(readFileSync(file, 'utf8'));
    spec.models.product_form.fields.push({
      name: 'note',
      type: 'string',
      required: false,
      description: 'Free text.',
    });
    writeFileSync(file, JSON.stringify(spec, null, 2));
  }
  return dir;
}

console.log(`dev check, wall time including node start, ${RUNS} runs each (node ${process.version})`);
report('reference specs (3)', 1500, timeCheck(ROOT, ['--base', 'HEAD']));
const dir = generatedProject(100);
try {
  report('generated specs (100)', 5000, timeCheck(dir, ['--base', 'HEAD']));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
