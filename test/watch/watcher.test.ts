/**
 * The folder watcher of `dev up --watch` on a real temp folder: saves come out as one debounced
 * burst of root-relative paths, folders created later are watched too, node_modules and hidden
 * folders are not.
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderWatcher } from '../../lib/watch/watcher';

let root: string;
let watcher: FolderWatcher | undefined;
const bursts: string[][] = [];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tributary-watcher-'));
  mkdirSync(join(root, 'functions', 'orders', 'handlers'), { recursive: true });
  mkdirSync(join(root, 'functions', 'node_modules', 'x'), { recursive: true });
  mkdirSync(join(root, 'api-specs'));
  mkdirSync(join(root, 'lib'));
  writeFileSync(join(root, 'functions', 'orders', 'handlers', 'a.ts'), 'export const a = 1;\n');
  bursts.length = 0;
});

afterEach(() => {
  watcher?.close();
  watcher = undefined;
  rmSync(root, { recursive: true, force: true });
});

function start(quietMs = 100, maxWaitMs = 1_000): FolderWatcher {
  watcher = new FolderWatcher({
    root,
    folders: ['api-specs', 'functions', 'missing'],
    quietMs,
    maxWaitMs,
    onBurst: (paths) => bursts.push(paths),
  });
  return watcher;
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function nextBurst(timeoutMs = 3_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  while (bursts.length === 0) {
    if (Date.now() > deadline) throw new Error('no burst');
    await settle(20);
  }
  return bursts.shift() ?? [];
}

describe('FolderWatcher', () => {
  it('reports a burst of saves once, sorted, relative to the root', async () => {
    const watched = start();
    // api-specs, functions, functions/orders, functions/orders/handlers (not node_modules, not lib).
    expect(watched.folders).toBe(4);
    writeFileSync(join(root, 'functions', 'orders', 'handlers', 'a.ts'), 'export const a = 2;\n');
    writeFileSync(join(root, 'api-specs', 'orders.json'), '{}\n');
    writeFileSync(join(root, 'functions', 'orders', 'handlers', 'a.ts'), 'export const a = 3;\n');
    expect(await nextBurst()).toEqual(['api-specs/orders.json', 'functions/orders/handlers/a.ts']);
    await settle(300);
    expect(bursts).toEqual([]);
  });

  it("sees an editor's atomic save (write a temp file, rename it over) as the file and the temp file", async () => {
    start();
    const temp = join(root, 'functions', 'orders', 'handlers', '.a.ts.tmp123');
    writeFileSync(temp, 'export const a = 4;\n');
    renameSync(temp, join(root, 'functions', 'orders', 'handlers', 'a.ts'));
    const burst = await nextBurst();
    expect(burst).toContain('functions/orders/handlers/a.ts');
    expect(burst).toContain('functions/orders/handlers/.a.ts.tmp123');
  });

  it('watches folders created later, with what was written in them before the watch began', async () => {
    start();
    mkdirSync(join(root, 'functions', 'catalog', 'domain'), { recursive: true });
    writeFileSync(join(root, 'functions', 'catalog', 'domain', 'first.ts'), 'export {};\n');
    expect(await nextBurst()).toContain('functions/catalog/domain/first.ts');
    writeFileSync(join(root, 'functions', 'catalog', 'domain', 'second.ts'), 'export {};\n');
    expect(await nextBurst()).toEqual(['functions/catalog/domain/second.ts']);
  });

  it('reports deletions, and ignores node_modules and hidden folders', async () => {
    start();
    writeFileSync(join(root, 'functions', 'node_modules', 'x', 'index.js'), '');
    mkdirSync(join(root, 'functions', '.cache'));
    writeFileSync(join(root, 'functions', '.cache', 'y.ts'), '');
    await settle(300);
    bursts.length = 0;
    writeFileSync(join(root, 'functions', 'node_modules', 'x', 'index.js'), 'changed');
    writeFileSync(join(root, 'functions', '.cache', 'y.ts'), 'changed');
    unlinkSync(join(root, 'functions', 'orders', 'handlers', 'a.ts'));
    expect(await nextBurst()).toEqual(['functions/orders/handlers/a.ts']);
  });

  it('does not hold a burst of continuous saves longer than maxWaitMs', async () => {
    start(200, 500);
    const began = Date.now();
    const file = join(root, 'functions', 'orders', 'handlers', 'a.ts');
    while (bursts.length === 0 && Date.now() - began < 3_000) {
      writeFileSync(file, `export const a = ${Date.now()};\n`);
      await settle(50);
    }
    expect(bursts[0]).toEqual(['functions/orders/handlers/a.ts']);
    expect(Date.now() - began).toBeLessThan(1_500);
  });

  it('reports nothing once closed', async () => {
    start().close();
    writeFileSync(join(root, 'functions', 'orders', 'handlers', 'a.ts'), 'export const a = 5;\n');
    await settle(300);
    expect(bursts).toEqual([]);
  });
});
