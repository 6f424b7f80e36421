/**
 * docs/add-a-service.md is what a new team follows, so it is followed here, step by step, in a
 * scratch copy of the project (test/support/scratch-project.ts, without the reference services:
 * the walkthrough's two stand alone), with the real `dev` CLI, `tsc` and jest.
 *
 * How the page says what is checked (test/docs/doc-checks.ts reads it):
 * - a fenced block whose info string says `file=<path>`, as in
 *   ```` ```ts file=functions/inventory/handlers/count-stock-item.ts ````, is the whole of that
 *   file: the specs, the code a person writes and the tests of step 8;
 * - one that says `output=<step>` shows lines that step prints (or, for a stub, writes); each must
 *   be there (blank lines and `...` aside).
 *
 * So the page fails this test when its specs do not generate, its code does not type-check against
 * the generated types or is not as biome formats it, a stub is left in place, its tests fail on its
 * code, or an output it shows is not what the tools print. The last test shows that its tests
 * would catch a wrong subscriber.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { implementationFile, serviceDirOf, subscriberFile } from '../../lib/codegen/layout';
import { PROJECT, type RunResult, ScratchProject } from '../support/scratch-project';
import { type FileBlock, fileBlocks, linesNotIn, outputBlocks } from './doc-checks';

jest.setTimeout(300_000);

const PAGE = readFileSync(join(PROJECT, 'docs', 'add-a-service.md'), 'utf8');
const files = fileBlocks(PAGE);
const outputs = outputBlocks(PAGE);

const CATALOG_SPEC = 'api-specs/catalog.json';
const INVENTORY_SPEC = 'api-specs/inventory.json';
/** What the walkthrough must write, where the layout puts it. */
const COUNT = implementationFile('inventory', 'countStockItem');
const SUBSCRIBER = subscriberFile('inventory', 'catalog', 'product');
const OVERRIDE = implementationFile('catalog', 'deleteProduct');
const TESTS = files.filter((file) => file.path.startsWith('test/')).map((file) => file.path);
const CODE = files.filter((file) => file.path.startsWith('functions/'));

function fileBlock(path: string): FileBlock {
  const found = files.find((file) => file.path === path);
  if (found === undefined) throw new Error(`docs/add-a-service.md has no block marked file=${path}`);
  return found;
}

function shown(step: string): string {
  const text = outputs.get(step);
  if (text === undefined) throw new Error(`docs/add-a-service.md has no block marked output=${step}`);
  return text;
}

/** What a run printed that the page shows otherwise: empty when every shown line was printed. */
function notPrinted(step: string, run: RunResult): string[] {
  return linesNotIn(shown(step), run.output);
}

let scratch: ScratchProject;

function git(...args: string[]): void {
  const run = spawnSync('git', ['-c', 'user.email=docs@example.com', '-c', 'user.name=docs', ...args], {
    cwd: scratch.dir,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${run.stderr}`);
}

/** The walkthrough's tests (or some of them), run by jest in the scratch project. */
function runTests(...paths: string[]): RunResult {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.JEST_WORKER_ID;
  const run = spawnSync(
    process.execPath,
    [join(PROJECT, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci', '--colors=false', ...paths],
    { cwd: scratch.dir, encoding: 'utf8', env },
  );
  return { code: run.status, output: `${run.stdout ?? ''}${run.stderr ?? ''}` };
}

beforeAll(() => {
  scratch = new ScratchProject({ reference: false });
  scratch.write('jest.config.js', readFileSync(join(PROJECT, 'jest.config.js'), 'utf8'));
  // `dev check` diffs against a revision: the project before the walkthrough is the base.
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'before the walkthrough');
});
afterAll(() => scratch?.cleanup());

describe('docs/add-a-service.md, followed in a scratch project', () => {
  it('marks as files the two specs, the code to write and its tests, each where the layout puts it', () => {
    expect(files.map((file) => file.path)).toEqual(
      expect.arrayContaining([CATALOG_SPEC, INVENTORY_SPEC, COUNT, SUBSCRIBER, OVERRIDE]),
    );
    expect(TESTS.length).toBeGreaterThanOrEqual(3);
    const elsewhere = files
      .map((file) => file.path)
      .filter(
        (path) =>
          ![CATALOG_SPEC, INVENTORY_SPEC, COUNT, SUBSCRIBER, OVERRIDE].includes(path) &&
          !path.startsWith(`${serviceDirOf('inventory')}/domain/`) &&
          !path.startsWith(`${serviceDirOf('catalog')}/domain/`) &&
          !/^test\/functions\/(catalog|inventory)\/.+\.test\.ts$/.test(path),
      );
    expect(elsewhere).toEqual([]);
    expect(files.filter((file) => file.language !== (file.path.endsWith('.json') ? 'json' : 'ts'))).toEqual(
      [],
    );
  });

  it('step 2: the catalog spec generates its code, with nothing to write', () => {
    scratch.write(CATALOG_SPEC, fileBlock(CATALOG_SPEC).content);
    const run = scratch.dev('generate');
    expect(run.code).toBe(0);
    expect(notPrinted('generate-catalog', run)).toEqual([]);
    expect(scratch.writtenFiles('catalog')).toEqual([]);
  });

  it('step 4: the inventory spec scaffolds exactly the two stubs, as shown, and dev check lists them', () => {
    scratch.write(INVENTORY_SPEC, fileBlock(INVENTORY_SPEC).content);
    const run = scratch.dev('generate');
    expect(run.code).toBe(0);
    expect(notPrinted('generate-inventory', run)).toEqual([]);
    expect(scratch.writtenFiles('inventory')).toEqual([COUNT, SUBSCRIBER].sort());
    expect(linesNotIn(shown('count-stock-item-stub'), scratch.read(COUNT))).toEqual([]);
    const check = scratch.dev('check', '--base', 'HEAD');
    expect(check.code).toBe(0);
    expect(notPrinted('check-stubs', check)).toEqual([]);
  });

  it('steps 5 to 7: the written code replaces the stubs, and generating again wires the override in', () => {
    for (const file of CODE) scratch.write(file.path, file.content);
    const run = scratch.dev('generate');
    expect(run.code).toBe(0);
    expect(notPrinted('generate-override', run)).toEqual([]);
    expect(scratch.read('functions/catalog/generated/implementations.ts')).toContain(
      "from '../handlers/delete-product'",
    );
    expect(scratch.dev('generate', '--check').code).toBe(0);
  });

  it('type-checks against the generated types, the tests of step 8 included', () => {
    for (const path of TESTS) scratch.write(path, fileBlock(path).content);
    const tsc = scratch.typecheck();
    expect(tsc.output).toBe('');
    expect(tsc.code).toBe(0);
  });

  it('is formatted and linted as `npm test` wants (biome)', () => {
    const paths = files.filter((file) => file.path.endsWith('.ts')).map((file) => file.path);
    const biome = spawnSync(
      process.execPath,
      [join(PROJECT, 'node_modules', '@biomejs', 'biome', 'bin', 'biome'), 'check', ...paths],
      { cwd: scratch.dir, encoding: 'utf8' },
    );
    expect(`${biome.stdout}${biome.stderr}`).toContain(`Checked ${paths.length} files`);
    expect(biome.status).toBe(0);
  });

  it('step 9: dev check passes with no stub left, as shown', () => {
    const json = scratch.dev('check', '--base', 'HEAD', '--format', 'json');
    const report = JSON.parse(json.output.slice(json.output.indexOf('{')));
    expect(report.stubs).toEqual([]);
    expect(report.ok).toBe(true);
    expect(notPrinted('check-done', scratch.dev('check', '--base', 'HEAD'))).toEqual([]);
  });

  it('step 8: its tests pass on its code', () => {
    const run = runTests(...TESTS);
    expect(run.output).toMatch(/Tests:\s+(\d+) passed, \1 total/);
    expect(run.code).toBe(0);
  });

  it('its tests would catch a wrong subscriber: one that never stocks a product fails them', () => {
    const written = fileBlock(SUBSCRIBER).content;
    const wrong = written.replace(/await items\.create\([^)]*\);/, '');
    expect(wrong).not.toBe(written);
    scratch.write(SUBSCRIBER, wrong);
    try {
      const run = runTests(...TESTS.filter((path) => path.includes('/subscribers/')));
      expect(run.output).toMatch(/Tests:\s+\d+ failed/);
      expect(run.code).not.toBe(0);
    } finally {
      scratch.write(SUBSCRIBER, written);
    }
  });
});
