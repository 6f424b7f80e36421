/**
 * bundleEntriesAsync (what `dev up --watch` rebundles with, so the event loop keeps serving) against
 * bundleEntries: the same bytes, the same cache, the same located errors; and it does not block.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { BundleError, type BundleRequest, bundleEntries, bundleEntriesAsync } from '../../lib/infra/bundle';
import { lambdaBuildOptions } from '../../lib/infra/bundle-options';

let root: string;
const entry = (name: string) => join(root, 'functions', `${name}.ts`);

/** Written a minute ago: a build distrusts inputs written after it started. */
function write(relative: string, content: string): void {
  const file = join(root, relative);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  const past = new Date(Date.now() - 60_000);
  for (let path = file; path.startsWith(root); path = dirname(path)) utimesSync(path, past, past);
}

const request = (cache: string, names: readonly string[] = ['a', 'b']): BundleRequest => ({
  root,
  entries: names.map(entry),
  options: lambdaBuildOptions(lambda.Runtime.NODEJS_24_X),
  cacheDir: join(root, '.tributary', cache),
  projectFiles: [join(root, 'package-lock.json')],
});

const files = (dir: string | undefined) =>
  ['index.js', 'index.js.map'].map((name) => readFileSync(join(dir ?? '', name), 'utf8'));

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tributary-bundle-async-'));
  write('package-lock.json', '{"lockfileVersion":3}\n');
  write('functions/shared.ts', "export const shared = (x: string): string => 'shared:' + x;\n");
  write(
    'functions/a.ts',
    "import { shared } from './shared';\nexport const handler = async () => shared('a');\n",
  );
  write(
    'functions/b.ts',
    "import { shared } from './shared';\nexport const handler = async () => shared('b');\n",
  );
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('bundleEntriesAsync', () => {
  it('makes the bytes bundleEntries makes, and stores them in the same cache', async () => {
    const sync = bundleEntries(request('sync'));
    const async = await bundleEntriesAsync(request('async'));
    expect(async.built).toBe(2);
    for (const name of ['a', 'b']) {
      const made = async.bundles.get(entry(name));
      expect(made?.contentHash).toBe(sync.bundles.get(entry(name))?.contentHash);
      expect(files(made?.dir)).toEqual(files(sync.bundles.get(entry(name))?.dir));
    }
    // What one stored, the other finds.
    const again = bundleEntries(request('async'));
    expect(again).toMatchObject({ built: 0, reused: 2 });
    const changed = await bundleEntriesAsync(request('sync'));
    expect(changed).toMatchObject({ built: 0, reused: 2 });
    write(
      'functions/a.ts',
      "import { shared } from './shared';\nexport const handler = async () => shared('A');\n",
    );
    const rebuilt = await bundleEntriesAsync(request('sync'));
    expect(rebuilt).toMatchObject({ built: 1, reused: 1 });
    expect(rebuilt.bundles.get(entry('a'))?.reused).toBe(false);
  });

  it('rejects with the located BundleError bundleEntries throws', async () => {
    write(
      'functions/b.ts',
      "import { shared } from './shared';\nexport const handler = async () => shared(;\n",
    );
    let syncError: unknown;
    try {
      bundleEntries(request('sync'));
    } catch (error) {
      syncError = error;
    }
    expect(syncError).toBeInstanceOf(BundleError);
    const asyncError = await bundleEntriesAsync(request('async')).catch((error: unknown) => error);
    expect(asyncError).toBeInstanceOf(BundleError);
    expect((asyncError as Error).message).toBe((syncError as Error).message);
    expect((asyncError as Error).message).toContain('functions/b.ts:2:');
  });

  it('leaves the event loop free while esbuild works', async () => {
    let ticks = 0;
    const timer = setInterval(() => {
      ticks++;
    }, 1);
    try {
      await bundleEntriesAsync(request('async'));
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(0);
  });
});
