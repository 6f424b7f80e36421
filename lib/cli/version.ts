import { execFileSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `dev --version`: the tool's package name and version, and the commit it was run from when its
 * directory is a git work tree of its own. It imports nothing but node's own modules, so the
 * launcher can print it before loading the CLI.
 */

/** Where the tool's package.json is: the version is the tool's, wherever it runs. */
export const TOOL_ROOT = join(__dirname, '..', '..');

/** `tributary 0.1.0 (d37b8a3)`, or `tributary 0.1.0` without a commit. */
export function versionLine(name: string, version: string, commit?: string): string {
  return commit === undefined ? `${name} ${version}` : `${name} ${version} (${commit})`;
}

/** The name and version of the package at `root`. */
export function packageVersion(root: string): { name: string; version: string } {
  const parsed: unknown = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const field = (key: string): string => {
    const value =
      typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)[key] : undefined;
    if (typeof value !== 'string') throw new Error(`${join(root, 'package.json')} has no "${key}" string`);
    return value;
  };
  return { name: field('name'), version: field('version') };
}

/**
 * HEAD's abbreviated commit when `root` is the top of a git work tree; undefined otherwise (no
 * git, not a repository, no commit yet, or `root` installed inside another project's repository,
 * whose commit would say nothing about the tool).
 */
export function gitCommit(root: string): string | undefined {
  let out: string;
  try {
    out = execFileSync('git', ['-C', root, 'rev-parse', '--show-toplevel', '--short', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return undefined;
  }
  const [top, commit] = out.trim().split('\n');
  if (top === undefined || commit === undefined || !/^[0-9a-f]{4,}$/.test(commit)) return undefined;
  return realpathSync(top) === realpathSync(root) ? commit : undefined;
}

/** What `dev --version` prints, for the tool at `root`. */
export function versionText(root: string = TOOL_ROOT): string {
  const { name, version } = packageVersion(root);
  return versionLine(name, version, gitCommit(root));
}
