'use strict';
/**
 * The CLI as one CommonJS bundle, built by esbuild from bin/dev.ts into .tributary/cache/cli/ (git
 * ignores .tributary/) and rebuilt when one of its sources changed: loading a bundle takes a
 * fraction of what compiling the TypeScript on every call did. Plain JavaScript, as the launcher.
 *
 * - What it is built from: every file esbuild read (its metafile), recorded in manifest.json with
 *   its mtime and size, plus the build settings (this file, tsconfig.json). The bundle is fresh
 *   while every one of them still has the recorded mtime and size: a stat each, no reading.
 * - Packages stay outside (`require`d from node_modules at run time): an `npm install` never makes
 *   the bundle stale, and the bundle is only the project's own code. The project's own workspace
 *   packages (`@tributary/*`, TypeScript sources) are its code: they are bundled.
 * - `__dirname` and `__filename` keep meaning the source file's directory and path (worker.cjs next
 *   to sandbox.ts, the tool's root from lib/cli/version.ts): each file that uses them gets its own,
 *   relative to the bundle, so the project folder can move.
 * - Concurrent launches (jest runs many) may build at once: each writes to a file of its own and
 *   renames it into place, so a reader sees a whole bundle, old or new.
 */
const { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { basename, dirname, join, relative, resolve } = require('node:path');

/** Under the project root. */
const CACHE_DIR = join('.tributary', 'cache', 'cli');
/**
 * The bundles, each built on its own: `dev --version` needs only its small one, and a source that
 * does not compile elsewhere does not stop it.
 */
const ENTRIES = { dev: 'bin/dev.ts', version: 'lib/cli/version.ts' };
/** Files no entry imports that decide what the bundle is: the build settings. */
const SETTINGS_FILES = ['bin/launcher/cli-bundle.cjs', 'tsconfig.json'];
/** Oldest Node.js the bundle runs on: the launcher's without the project's own (other platforms). */
const TARGET = 'node20';

/** @typedef {keyof typeof ENTRIES} Entry */
/** @typedef {{ inputs: Record<string, [number, number]> }} Manifest */

/**
 * The bundle of `entry` at `root` and the manifest of what it was built from.
 * @param {string} root
 * @param {Entry} entry
 * @returns {{ bundle: string, manifest: string }}
 */
function bundlePaths(root, entry) {
  const dir = join(root, CACHE_DIR);
  return { bundle: join(dir, `${entry}.cjs`), manifest: join(dir, `${entry}.manifest.json`) };
}

/** `[mtimeMs, size]` of a file, or undefined when it is gone. */
function stamp(path) {
  try {
    const stat = statSync(path);
    return [stat.mtimeMs, stat.size];
  } catch {
    return undefined;
  }
}

/**
 * Whether the bundle of `entry` at `root` was built from the sources as they are now.
 * @param {string} root
 * @param {Entry} entry
 * @returns {boolean}
 */
function isFresh(root, entry) {
  const paths = bundlePaths(root, entry);
  /** @type {Manifest} */
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(paths.manifest, 'utf8'));
  } catch {
    return false;
  }
  if (stamp(paths.bundle) === undefined) return false;
  const inputs = Object.entries(manifest.inputs ?? {});
  if (inputs.length === 0) return false;
  return inputs.every(([file, recorded]) => {
    const now = stamp(resolve(root, file));
    return now !== undefined && now[0] === recorded[0] && now[1] === recorded[1];
  });
}

/** Writes `content` to `path` through a file of this process's own and a rename. */
function writeAtomically(path, content) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, path);
}

/**
 * An esbuild plugin that gives every project file using `__dirname` or `__filename` its own source
 * directory and path, relative to the bundle's.
 */
function sourceLocationPlugin(esbuild, root, outDir) {
  return {
    name: 'source-location',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (args.path.includes(`${join('node_modules', '')}`)) return undefined;
        const source = readFileSync(args.path, 'utf8');
        if (!/\b__(dirname|filename)\b/.test(source)) return undefined;
        const { code } = await esbuild.transform(source, {
          loader: 'ts',
          sourcefile: relative(root, args.path),
          define: { __dirname: '__sourceDirname', __filename: '__sourceFilename' },
        });
        const directory = JSON.stringify(relative(outDir, dirname(args.path)));
        const file = JSON.stringify(basename(args.path));
        return {
          contents:
            `const __sourceDirname = require('node:path').join(__bundleDirname, ${directory});\n` +
            `const __sourceFilename = require('node:path').join(__sourceDirname, ${file});\n${code}`,
          loader: 'js',
          resolveDir: dirname(args.path),
        };
      });
    },
  };
}

/** The project's workspace packages: TypeScript sources, bundled as the project's own code. */
const WORKSPACE_SCOPE = '@tributary/';

/**
 * An esbuild plugin that leaves every package outside the bundle but the project's workspace
 * packages (esbuild's `packages: 'external'` would leave those out too, and Node.js cannot load
 * their TypeScript).
 */
function externalPackagesPlugin() {
  return {
    name: 'external-packages',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) =>
        args.path.startsWith(WORKSPACE_SCOPE) ? undefined : { path: args.path, external: true },
      );
    },
  };
}

/**
 * Builds the bundle of `entry` at `root`; resolves to its path. Throws esbuild's error (its
 * message lists every problem with file:line) when the sources do not compile.
 * @param {string} root
 * @param {Entry} entry
 * @returns {Promise<string>}
 */
async function build(root, entry) {
  const esbuild = require('esbuild');
  const paths = bundlePaths(root, entry);
  const outDir = dirname(paths.bundle);
  mkdirSync(outDir, { recursive: true });
  const started = Date.now();
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [ENTRIES[entry]],
    outfile: paths.bundle,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: TARGET,
    keepNames: true,
    metafile: true,
    write: false,
    logLevel: 'silent',
    banner: { js: 'var __bundleDirname = __dirname;' },
    plugins: [externalPackagesPlugin(), sourceLocationPlugin(esbuild, root, outDir)],
  });
  for (const output of result.outputFiles) writeAtomically(output.path, output.contents);
  /** @type {Manifest} */
  const manifest = { inputs: {} };
  const finished = Date.now();
  for (const file of [...SETTINGS_FILES, ...Object.keys(result.metafile.inputs)]) {
    const recorded = stamp(resolve(root, file));
    if (recorded === undefined) continue;
    // Changed while esbuild ran: the bundle may hold the old text, so the next launch builds again.
    // (esbuild reads nothing in the millisecond it starts in: a file saved then was read as saved.)
    const changedMeanwhile = recorded[0] > started + 1 && recorded[0] <= finished;
    manifest.inputs[file] = changedMeanwhile ? [0, 0] : recorded;
  }
  writeAtomically(paths.manifest, `${JSON.stringify(manifest)}\n`);
  return paths.bundle;
}

/**
 * The path of the bundle of `entry` at `root`, built first when it is missing or stale.
 * @param {string} root
 * @param {Entry} entry
 * @returns {Promise<string>}
 */
async function freshBundle(root, entry) {
  return isFresh(root, entry) ? bundlePaths(root, entry).bundle : build(root, entry);
}

module.exports = { CACHE_DIR, bundlePaths, build, freshBundle, isFresh };
