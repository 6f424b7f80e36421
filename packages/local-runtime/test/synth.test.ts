/** When `up` synthesizes again: a source of the app newer than cdk.out's manifest. */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCdkOutFresh } from '../src/synth';

let root: string;
const SYNTHESIZED = new Date('2026-06-01T12:00:00Z');
const BEFORE = new Date('2026-06-01T11:00:00Z');
const AFTER = new Date('2026-06-01T13:00:00Z');

function file(path: string, at: Date): void {
  const full = join(root, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, 'x');
  utimesSync(full, at, at);
}

/** Every folder's own mtime to BEFORE, so only the files decide. */
function settleFolders(...folders: string[]): void {
  for (const folder of ['.', ...folders]) utimesSync(join(root, folder), BEFORE, BEFORE);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'synth-fresh-'));
  file('app.ts', BEFORE);
  file('lib/stack.ts', BEFORE);
  file('cdk.out/manifest.json', SYNTHESIZED);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('isCdkOutFresh', () => {
  it('is fresh when every source is older than the manifest', () => {
    settleFolders('lib', 'cdk.out');
    expect(isCdkOutFresh(root, join(root, 'cdk.out'))).toBe(true);
  });

  it('is stale without a manifest', () => {
    rmSync(join(root, 'cdk.out'), { recursive: true });
    expect(isCdkOutFresh(root, join(root, 'cdk.out'))).toBe(false);
  });

  it('is stale when a source is newer', () => {
    file('lib/stack.ts', AFTER);
    settleFolders('lib', 'cdk.out');
    expect(isCdkOutFresh(root, join(root, 'cdk.out'))).toBe(false);
  });

  it('does not take cdk.out, node_modules or dot-folders for sources', () => {
    file('cdk.out/asset.abc/index.js', AFTER);
    file('node_modules/pkg/index.js', AFTER);
    file('.cache/x.json', AFTER);
    settleFolders('lib', 'cdk.out', 'cdk.out/asset.abc', 'node_modules', 'node_modules/pkg', '.cache');
    expect(isCdkOutFresh(root, join(root, 'cdk.out'))).toBe(true);
  });

  it('looks only at the sources the app names, when it names them', () => {
    file('docs/guide.md', AFTER);
    settleFolders('lib', 'cdk.out', 'docs');
    expect(isCdkOutFresh(root, join(root, 'cdk.out'))).toBe(false);
    expect(isCdkOutFresh(root, join(root, 'cdk.out'), ['app.ts', 'lib'])).toBe(true);
    expect(isCdkOutFresh(root, join(root, 'cdk.out'), ['app.ts', 'lib', 'docs'])).toBe(false);
  });
});
