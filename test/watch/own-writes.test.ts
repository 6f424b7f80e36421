/**
 * How `dev up --watch` tells its own writes from the developer's (regenerate.ts: a file the
 * regeneration wrote is ignored while it holds what was written) and which entry a synthesized asset
 * runs (code-reload.ts: the one entry among its source map's sources).
 */
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { entryOfAsset } from '../../lib/watch/code-reload';
import { changedBetween, snapshotSources, stillAsWritten } from '../../lib/watch/regenerate';

let root: string;
const write = (relative: string, content: string) => {
  mkdirSync(dirname(join(root, relative)), { recursive: true });
  writeFileSync(join(root, relative), content);
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tributary-own-writes-'));
  write('functions/orders/generated/models.ts', 'export const v = 1;\n');
  write('functions/orders/generated/old.ts', 'export {};\n');
  write('functions/orders/handlers/create-order.ts', 'export const mine = 1;\n');
  write('functions/node_modules/x/index.js', '');
  write('functions/.cache/y.ts', '');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('what a regeneration wrote', () => {
  it('is every file added, changed or removed under functions/, and nothing else', () => {
    const before = snapshotSources(root);
    expect([...before.keys()].sort()).toEqual([
      'functions/orders/generated/models.ts',
      'functions/orders/generated/old.ts',
      'functions/orders/handlers/create-order.ts',
    ]);
    write('functions/orders/generated/models.ts', 'export const v = 2;\n');
    write('functions/orders/generated/lambdas/get-order.ts', 'export {};\n');
    unlinkSync(join(root, 'functions/orders/generated/old.ts'));
    const written = changedBetween(before, snapshotSources(root));
    expect([...written.keys()].sort()).toEqual([
      'functions/orders/generated/lambdas/get-order.ts',
      'functions/orders/generated/models.ts',
      'functions/orders/generated/old.ts',
    ]);
    expect(written.get('functions/orders/generated/old.ts')).toBe('missing');

    // As written: ignored. Removed and still gone: ignored. Saved again by the developer: not ignored.
    expect(stillAsWritten(root, 'functions/orders/generated/models.ts', written)).toBe(true);
    expect(stillAsWritten(root, 'functions/orders/generated/old.ts', written)).toBe(true);
    expect(stillAsWritten(root, 'functions/orders/handlers/create-order.ts', written)).toBe(false);
    write('functions/orders/generated/models.ts', 'export const v = 3;\n');
    expect(stillAsWritten(root, 'functions/orders/generated/models.ts', written)).toBe(false);
  });
});

describe('entryOfAsset', () => {
  const ENTRIES = new Set([
    'functions/orders/generated/lambdas/get-order.ts',
    'functions/orders/generated/lambdas/list-orders.ts',
    'functions/runtime/forwarder/handler.ts',
  ]);
  const asset = (sources: unknown) => {
    const dir = mkdtempSync(join(root, 'asset-'));
    writeFileSync(join(dir, 'index.js.map'), JSON.stringify({ version: 3, sources, mappings: '' }));
    return dir;
  };

  it('is the one entry among the source map sources, relative to the asset folder', () => {
    const dir = asset([
      '../../node_modules/zod/index.js',
      '../../functions/runtime/http/handler.ts',
      '../../functions/orders/generated/lambdas/get-order.ts',
    ]);
    expect(entryOfAsset(dir, ENTRIES)).toBe('functions/orders/generated/lambdas/get-order.ts');
  });

  it('is none for no entry, two entries, a map that is not one, or no map', () => {
    expect(entryOfAsset(asset(['../../functions/runtime/errors.ts']), ENTRIES)).toBeUndefined();
    expect(
      entryOfAsset(
        asset([
          '../../functions/orders/generated/lambdas/get-order.ts',
          '../../functions/orders/generated/lambdas/list-orders.ts',
        ]),
        ENTRIES,
      ),
    ).toBeUndefined();
    expect(entryOfAsset(asset('not a list'), ENTRIES)).toBeUndefined();
    expect(entryOfAsset(join(root, 'no-such-asset'), ENTRIES)).toBeUndefined();
  });
});
