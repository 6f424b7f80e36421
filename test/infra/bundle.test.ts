/**
 * The shared build and its content-addressed cache on a small project of their own (real esbuild,
 * no CDK): which entries a synth rebuilds, what it reuses, and that a bundle never depends on the
 * other entries built with it.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { BundleError, type BundleReport, bundleEntries } from '../../lib/infra/bundle';
import { bundlesToPrune, DEFAULT_PRUNE_POLICY } from '../../lib/infra/bundle-cache';
import { lambdaBuildOptions, nodeTarget } from '../../lib/infra/bundle-options';
import { RUNTIME } from '../../lib/infra/service-function';
import { SystemPlanError } from '../../lib/infra/system';

let root: string;
const cacheDir = () => join(root, '.tributary', 'bundles');
const entry = (name: string) => join(root, 'functions', `${name}.ts`);

/**
 * Writes a file dated a minute ago, and its folders: a build distrusts inputs (and folders) written
 * after it started, and file system clocks tick coarsely enough for "just now" to look like "during".
 */
function write(relative: string, content: string): void {
  const file = join(root, relative);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  const past = new Date(Date.now() - 60_000);
  for (let path = file; path.startsWith(root); path = dirname(path)) utimesSync(path, past, past);
}

function bundle(
  entries: readonly string[] = ['a', 'b'],
  extra: Partial<Parameters<typeof bundleEntries>[0]> = {},
) {
  return bundleEntries({
    root,
    entries: entries.map(entry),
    options: lambdaBuildOptions(RUNTIME),
    cacheDir: cacheDir(),
    projectFiles: [join(root, 'package-lock.json')],
    ...extra,
  });
}

const code = (report: BundleReport, name: string) =>
  readFileSync(join(report.bundles.get(entry(name))?.dir ?? '', 'index.js'), 'utf8');
const rebuilt = (report: BundleReport) =>
  [...report.bundles.values()]
    .filter((b) => !b.reused)
    .map((b) => b.entry.replace(`${join(root, 'functions')}/`, '').replace(/\.ts$/, ''))
    .sort();

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tributary-bundle-'));
  write('package-lock.json', '{"lockfileVersion":3}\n');
  write('functions/shared.ts', "export const shared = (x: string): string => 'shared:' + x;\n");
  write('functions/only-a.ts', "export const onlyA = 'only-a-v1';\n");
  write('functions/helper/index.ts', "export const helper = 'helper-folder';\n");
  write(
    'functions/a.ts',
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { onlyA } from './only-a';\nimport { shared } from './shared';\n" +
      'export const handler = async () => [shared(onlyA), typeof DynamoDBClient];\n',
  );
  write(
    'functions/b.ts',
    "import { helper } from './helper';\nimport { shared } from './shared';\nexport const handler = async () => shared(helper);\n",
  );
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the shared build', () => {
  it('bundles every entry into a folder of its own: a minified cjs index.js and its source map, nothing else', () => {
    const report = bundle();
    expect([report.built, report.reused, report.bundles.size]).toEqual([2, 0, 2]);
    for (const name of ['a', 'b']) {
      const bundle = report.bundles.get(entry(name));
      expect(readdirSync(bundle?.dir ?? '').sort()).toEqual(['index.js', 'index.js.map']);
      expect(bundle?.contentHash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(code(report, 'a')).toContain('only-a-v1');
    expect(code(report, 'a')).toContain('require("@aws-sdk/client-dynamodb")');
    expect(code(report, 'a')).toMatch(/module\.exports/);
    expect(code(report, 'a')).toMatch(/\/\/# sourceMappingURL=index\.js\.map\n$/);
    expect(code(report, 'b')).toContain('helper-folder');
    expect(code(report, 'b')).not.toContain('only-a-v1');
    // esbuild's staging folders are all moved into the store.
    expect(readdirSync(join(root, '.tributary'))).toEqual(['bundles']);
  });

  it('writes source map paths as seen from an asset in <root>/cdk.out, without sources', () => {
    const report = bundle();
    const map = JSON.parse(
      readFileSync(join(report.bundles.get(entry('a'))?.dir ?? '', 'index.js.map'), 'utf8'),
    );
    expect(map.sourcesContent).toBeUndefined();
    expect([...map.sources].sort()).toEqual([
      '../../functions/a.ts',
      '../../functions/only-a.ts',
      '../../functions/shared.ts',
    ]);
    const assetDir = join(root, 'cdk.out', 'asset.0123');
    for (const source of map.sources) expect(existsSync(resolve(assetDir, source))).toBe(true);
  });

  it('gives each entry the bytes a build of that entry alone gives', () => {
    const together = bundle(['a', 'b']);
    const alone = bundle(['b'], { cacheDir: join(root, 'other-cache') });
    expect(alone.built).toBe(1);
    expect(alone.bundles.get(entry('b'))?.contentHash).toBe(together.bundles.get(entry('b'))?.contentHash);
    expect(code(alone, 'b')).toBe(code(together, 'b'));
  });

  it('targets the runtime Node major', () => {
    expect(nodeTarget(RUNTIME)).toBe('node24');
    expect(nodeTarget(lambda.Runtime.NODEJS_20_X)).toBe('node20');
    expect(() => nodeTarget(lambda.Runtime.PYTHON_3_12)).toThrow(
      /python3.12 is not a Node.js Lambda runtime/,
    );
  });

  it('says which file is wrong when esbuild cannot bundle, as a SystemPlanError (exit 1, no stack)', () => {
    write('functions/b.ts', 'export const handler = async () => {\n  return 1 +;\n};\n');
    let error: unknown;
    try {
      bundle();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BundleError);
    expect(error).toBeInstanceOf(SystemPlanError);
    expect((error as Error).message).toMatch(/functions\/b\.ts:2:\d+ {2}Unexpected ";"/);
    expect((error as Error).message).toMatch(/Fix the code/);
    expect(existsSync(join(root, '.tributary')) ? readdirSync(join(root, '.tributary')) : []).toEqual([]);
  });

  it('names an import that does not resolve', () => {
    write('functions/b.ts', "import { gone } from './gone';\nexport const handler = async () => gone;\n");
    expect(() => bundle()).toThrow(/functions\/b\.ts:1:\d+ {2}Could not resolve "\.\/gone"/);
  });
});

describe('the bundle cache', () => {
  it('reuses every bundle when nothing changed: same folders, same content hashes', () => {
    const cold = bundle();
    const warm = bundle();
    expect([warm.built, warm.reused]).toEqual([0, 2]);
    for (const [path, b] of cold.bundles) {
      expect(warm.bundles.get(path)).toMatchObject({ dir: b.dir, contentHash: b.contentHash, reused: true });
    }
  });

  it('rebuilds only the entries whose inputs include a changed file', () => {
    bundle();
    write('functions/only-a.ts', "export const onlyA = 'only-a-v2';\n");
    const afterA = bundle();
    expect(rebuilt(afterA)).toEqual(['a']);
    expect(code(afterA, 'a')).toContain('only-a-v2');
    write('functions/shared.ts', "export const shared = (x: string): string => 'shared2:' + x;\n");
    expect(rebuilt(bundle())).toEqual(['a', 'b']);
  });

  it('finds the bundle of a reverted change again without building', () => {
    const first = bundle();
    write('functions/only-a.ts', "export const onlyA = 'only-a-v2';\n");
    bundle();
    write('functions/only-a.ts', "export const onlyA = 'only-a-v1';\n");
    const reverted = bundle();
    expect(reverted.built).toBe(0);
    expect(reverted.bundles.get(entry('a'))?.contentHash).toBe(first.bundles.get(entry('a'))?.contentHash);
  });

  it('rebuilds when a new file beside an input changes what an import resolves to', () => {
    bundle();
    // `./helper` resolved to helper/index.ts; helper.ts now wins, though no input changed.
    write('functions/helper.ts', "export const helper = 'helper-file';\n");
    const report = bundle();
    expect(rebuilt(report)).toEqual(['a', 'b']);
    expect(code(report, 'b')).toContain('helper-file');
  });

  it('ignores editor leftovers beside the inputs', () => {
    bundle();
    write('functions/.shared.ts.swp', 'swap');
    write('functions/shared.ts~', 'backup');
    write('functions/4913', '');
    expect(bundle().built).toBe(0);
  });

  it('rebuilds everything when the lock file, the options or the cache format change', () => {
    bundle();
    write('package-lock.json', '{"lockfileVersion":3,"packages":{}}\n');
    expect(bundle().built).toBe(2);
    const unminified = bundle(['a', 'b'], { options: { ...lambdaBuildOptions(RUNTIME), minify: false } });
    expect(unminified.built).toBe(2);
    expect(code(unminified, 'b')).toContain('\n');
  });

  it('does not trust a bundle whose input changed while esbuild ran: it is rebuilt next time', () => {
    const racing = bundle(['a', 'b'], {
      afterBuild: () =>
        writeFileSync(
          join(root, 'functions/only-a.ts'),
          "export const onlyA = 'written-during-the-build';\n",
        ),
    });
    expect(racing.unsettled).toBe(1);
    expect(code(racing, 'a')).toContain('only-a-v1');
    const next = bundle();
    expect(rebuilt(next)).toEqual(['a']);
    expect(code(next, 'a')).toContain('written-during-the-build');
  });

  it('treats a damaged store as absent: bundle.json or the entry record unreadable', () => {
    const first = bundle();
    const key = dirname(first.bundles.get(entry('a'))?.dir ?? '');
    writeFileSync(join(key, 'bundle.json'), '{"entry":');
    for (const record of readdirSync(join(cacheDir(), 'entries'))) {
      writeFileSync(join(cacheDir(), 'entries', record), 'not json');
    }
    const report = bundle();
    expect(report.built).toBe(2);
    expect(code(report, 'a')).toContain('only-a-v1');
    expect(bundle().built).toBe(0);
  });

  it('deletes unused bundles past the grace period and leftovers of interrupted writes', () => {
    bundle();
    write('functions/only-a.ts', "export const onlyA = 'only-a-v2';\n");
    const now = bundle();
    const leftover = join(cacheDir(), 'tmp-crashed');
    mkdirSync(leftover);
    const staged = join(root, '.tributary', 'tmp-bundle-1-dead-0');
    mkdirSync(staged);
    const keys = () => readdirSync(cacheDir()).filter((name) => /^[0-9a-f]{64}$/.test(name));
    expect(keys()).toHaveLength(3);
    const policy = { ...DEFAULT_PRUNE_POLICY, graceMs: -1, budgetBytes: 0 };
    const later = bundle(['a', 'b'], { prune: policy });
    expect(later.built).toBe(0);
    expect(keys().sort()).toEqual(
      [...now.bundles.values()].map((b) => dirname(b.dir).split('/').pop()).sort(),
    );
    expect(existsSync(leftover)).toBe(false);
    expect(existsSync(staged)).toBe(false);
  });
});

describe('bundlesToPrune', () => {
  const MB = 1024 * 1024;
  const policy = { graceMs: 1_000, budgetBytes: 10 * MB, maxAgeMs: 100_000 };
  const now = 1_000_000;

  it('never deletes what this synth used or what was used within the grace period', () => {
    const stored = [
      { key: 'used', lastUsedMs: 0, bytes: 50 * MB },
      { key: 'recent', lastUsedMs: now - 500, bytes: 50 * MB },
    ];
    expect(bundlesToPrune(stored, new Set(['used']), policy, now)).toEqual([]);
  });

  it('keeps the most recently used within the budget, after what must be kept', () => {
    const stored = [
      { key: 'kept', lastUsedMs: now, bytes: 4 * MB },
      { key: 'old', lastUsedMs: now - 5_000, bytes: 4 * MB },
      { key: 'newer', lastUsedMs: now - 2_000, bytes: 4 * MB },
      { key: 'small', lastUsedMs: now - 9_000, bytes: 1 * MB },
    ];
    expect(bundlesToPrune(stored, new Set(['kept']), policy, now)).toEqual(['old']);
  });

  it('deletes whatever is older than the maximum age, even within the budget', () => {
    const stored = [{ key: 'ancient', lastUsedMs: now - 200_000, bytes: 1 }];
    expect(bundlesToPrune(stored, new Set(), policy, now)).toEqual(['ancient']);
  });
});
