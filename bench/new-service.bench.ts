/**
 * What adding a service costs a team, in lines a person writes (issue "a new service is a new spec"):
 * two specs nobody wrote code for are added to a scratch copy of the project (test/fixtures/services:
 * `catalog`, plain CRUD; `inventory`, one custom operation and a subscription), `dev generate` runs,
 * and every file outside generated/ is counted: the hand-written lines a plain CRUD service needs
 * (goal 0), and what the generator scaffolds for the rest (stubs, typed, to be filled in).
 *
 * Side by side: the same two services before the generator owned the wiring, as measured when the
 * issue was filed (397 hand-written lines, about 325 of them copies).
 *
 *   npx tsx bench/new-service.bench.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScratchProject } from '../test/support/scratch-project';

const ROOT = join(__dirname, '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'services');

/** Lines that are code: not blank, not only a comment. */
function codeLines(text: string): number {
  return text.split('\n').filter((line) => {
    const trimmed = line.trim();
    return (
      trimmed !== '' && !trimmed.startsWith('//') && !trimmed.startsWith('*') && !trimmed.startsWith('/*')
    );
  }).length;
}

const scratch = new ScratchProject({
  reference: false,
  specs: [join(FIXTURES, 'catalog.json'), join(FIXTURES, 'inventory.json')],
});
try {
  const started = process.hrtime.bigint();
  const run = scratch.dev('generate');
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.code !== 0) throw new Error(run.output);
  console.log(`dev generate for two new services: ${ms.toFixed(0)} ms`);
  console.log(
    `  ${'service'.padEnd(12)} ${'files a person writes'.padStart(22)} ${'code lines'.padStart(11)}`,
  );
  for (const service of ['catalog', 'inventory']) {
    const files = scratch.writtenFiles(service);
    const lines = files.reduce((sum, file) => sum + codeLines(readFileSync(scratch.path(file), 'utf8')), 0);
    console.log(`  ${service.padEnd(12)} ${String(files.length).padStart(22)} ${String(lines).padStart(11)}`);
    for (const file of files) console.log(`      ${file} (a stub to fill in)`);
  }
  console.log('  before (as filed with the issue): 397 hand-written lines, about 325 of them copies');
} finally {
  scratch.cleanup();
}
