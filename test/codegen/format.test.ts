/** The generator's formatter: Biome with fixed options, and the content-addressed cache before it. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatCacheKey, formatTypeScript } from '../../lib/codegen/format';

const UNFORMATTED = 'export const  answer = {a:1,b:"two"}\n';
const FORMATTED = "export const answer = { a: 1, b: 'two' };\n";

describe('formatTypeScript', () => {
  let cacheDir = '';
  beforeEach(() => {
    cacheDir = mkdtempSync(join(tmpdir(), 'tributary-format-test-'));
  });
  afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

  const entryOf = (content: string) => {
    const key = formatCacheKey(content);
    return join(cacheDir, key.slice(0, 2), key);
  };

  it('formats TypeScript with the project options and leaves other files as they are', () => {
    const files = [
      { path: 'a/b.ts', content: UNFORMATTED },
      { path: 'a/openapi.json', content: '{"x":1}' },
    ];
    expect(formatTypeScript(files, { cacheDir })).toEqual([
      { path: 'a/b.ts', content: FORMATTED },
      { path: 'a/openapi.json', content: '{"x":1}' },
    ]);
  });

  it('keeps what it formatted under the key of the text it was given', () => {
    formatTypeScript([{ path: 'x.ts', content: UNFORMATTED }], { cacheDir });
    expect(readFileSync(entryOf(UNFORMATTED), 'utf8')).toBe(FORMATTED);
  });

  it('answers a text it has seen from the cache, without formatting it again', () => {
    // A planted entry Biome would never write: only a cache read can return it.
    mkdirSync(join(entryOf(UNFORMATTED), '..'), { recursive: true });
    writeFileSync(entryOf(UNFORMATTED), '// from the cache\n');
    expect(formatTypeScript([{ path: 'x.ts', content: UNFORMATTED }], { cacheDir })).toEqual([
      { path: 'x.ts', content: '// from the cache\n' },
    ]);
  });

  it('formats only the misses, and keeps every file in its place', () => {
    mkdirSync(join(entryOf('const seen = 1;\n'), '..'), { recursive: true });
    writeFileSync(entryOf('const seen = 1;\n'), '// seen\n');
    const result = formatTypeScript(
      [
        { path: 'one.ts', content: UNFORMATTED },
        { path: 'two.md', content: '# two' },
        { path: 'three.ts', content: 'const seen = 1;\n' },
      ],
      { cacheDir },
    );
    expect(result.map((f) => f.content)).toEqual([FORMATTED, '# two', '// seen\n']);
  });

  it('still formats when the cache cannot be written', () => {
    const blocked = join(cacheDir, 'not-a-folder');
    writeFileSync(blocked, 'a file where the cache folder would be');
    expect(formatTypeScript([{ path: 'x.ts', content: UNFORMATTED }], { cacheDir: blocked })).toEqual([
      { path: 'x.ts', content: FORMATTED },
    ]);
    expect(existsSync(join(blocked, formatCacheKey(UNFORMATTED).slice(0, 2)))).toBe(false);
  });

  it('keys a text by its exact content', () => {
    expect(formatCacheKey('a')).not.toBe(formatCacheKey('a '));
    expect(formatCacheKey('a')).toBe(formatCacheKey('a'));
  });

  it('says a generator bug when Biome cannot parse what it was given', () => {
    expect(() => formatTypeScript([{ path: 'bad.ts', content: 'export const = ;' }], { cacheDir })).toThrow(
      'internal: Biome could not format the generated code (a generator bug)',
    );
  });
});
