/**
 * What a saved file means to `dev up --watch`, from its path alone (relative to the project root,
 * either separator): a spec (regenerate, synthesize, reload the system), Lambda source (rebundle
 * the entries that read it), or nothing (editor temp files, generated schemas, what no Lambda reads).
 * Pure, so the table of cases is a test.
 */

export type FileChange =
  /** `api-specs/<service>.json`: the service's code, tables, routes, rules may all change. */
  | { readonly kind: 'spec'; readonly path: string; readonly service: string }
  /**
   * A source file under `functions/`; `generated` when under a service's `generated/` (written by
   * `dev generate`, which the watcher itself runs on a spec change).
   */
  | { readonly kind: 'code'; readonly path: string; readonly generated: boolean }
  | { readonly kind: 'ignored'; readonly path: string; readonly reason: string };

/** What esbuild can read into a bundle (bundle-key.ts counts the same names as resolvable). */
const SOURCE = /\.(?:[cm]?[jt]sx?|json|node)$/;

/**
 * Names editors write beside the file they save and delete again: vim's swap files and its `4913`
 * probe, `file~` backups, emacs' `#file#` and `.#file` locks, JetBrains' `___jb_tmp___`, atomic-save
 * temp files (`file.ts.tmp`, `.file.ts.12345`), macOS' `.DS_Store`.
 */
function editorTempFile(name: string): boolean {
  return (
    name.startsWith('.') ||
    name.endsWith('~') ||
    /^#.*#$/.test(name) ||
    /^\d+$/.test(name) ||
    /\.(?:sw[a-z]|tmp|temp|bak|orig|crswap)$/i.test(name) ||
    /___jb_(?:tmp|old|bak)___$/.test(name)
  );
}

/** Files in api-specs/ that are not a service's spec. */
const NOT_A_SPEC: Readonly<Record<string, string>> = {
  'spec.schema.json': 'the spec format (written by dev schema)',
  'breaking-changes.allow.json': 'read by dev diff and dev check only',
  'lint.allow.json': 'read by dev lint and dev check only',
};

export function classifyChange(relativePath: string): FileChange {
  const path = relativePath.replaceAll('\\', '/').replace(/^\.\//, '');
  const segments = path.split('/');
  const name = segments[segments.length - 1] ?? '';
  const ignored = (reason: string): FileChange => ({ kind: 'ignored', path, reason });
  if (path === '' || segments.some((segment) => segment === '..' || segment === '')) {
    return ignored('not a path inside the project');
  }
  if (editorTempFile(name)) return ignored('an editor temp file');
  if (segments.slice(0, -1).some((segment) => segment.startsWith('.') || segment === 'node_modules')) {
    return ignored('in a hidden folder or node_modules');
  }
  if (segments[0] === 'api-specs') {
    if (segments.length !== 2 || !name.endsWith('.json'))
      return ignored('not a spec (api-specs/<service>.json)');
    const notSpec = NOT_A_SPEC[name];
    if (notSpec !== undefined || name.endsWith('.allow.json')) {
      return ignored(`not a service spec: ${notSpec ?? 'an allow file'}`);
    }
    return { kind: 'spec', path, service: name.slice(0, -'.json'.length) };
  }
  if (segments[0] === 'functions') {
    if (segments.length < 2) return ignored('not a source file');
    if (!SOURCE.test(name)) return ignored('not a source file esbuild reads');
    return { kind: 'code', path, generated: segments.length > 3 && segments[2] === 'generated' };
  }
  return ignored('outside api-specs/ and functions/');
}
