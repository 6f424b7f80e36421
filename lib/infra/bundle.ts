import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import {
  type BuildFailure,
  type BuildOptions,
  type BuildResult,
  build as buildAsync,
  buildSync,
  version as esbuildVersion,
  type Message,
  type Metafile,
} from 'esbuild';
import {
  ASSET_FILES,
  BundleCache,
  DEFAULT_PRUNE_POLICY,
  type PrunePolicy,
  type StoredBundle,
} from './bundle-cache';
import { bundleKey, bundleSalt, contentHash, InputHasher } from './bundle-key';
import type { LambdaBuildOptions } from './bundle-options';
import { SystemPlanError } from './system';

/**
 * Every Lambda entry of the app bundled by one esbuild build, once per synth, before the stacks
 * are built; a content-addressed cache (bundle-cache.ts) keeps each bundle, so an entry whose
 * inputs did not change is never bundled again.
 *
 * One build with every entry point parses each shared file (the runtime, zod, Powertools) once;
 * `splitting` stays off, since each function needs one self-contained file. Per entry, the output
 * is byte for byte what a build of that entry alone gives (test/infra/bundle.test.ts), so which
 * entries a synth happens to rebuild never changes a bundle.
 *
 * esbuild writes each bundle to a folder of its own in `<root>/.tributary/`, moved into the store
 * once hashed. That folder is as deep in the project as `<root>/cdk.out/asset.<hash>/`, so the
 * source map's `sources` (relative to the map) are right where a synth into the default `cdk.out`
 * puts the asset: stack traces under `dev up` name the real files, as they did when each function
 * ran esbuild into cdk.out itself. They do not depend on where this synth's cloud assembly goes,
 * so neither does the asset hash.
 */

/** Bumped when what the store holds changes shape or meaning: older bundles are then not found. */
const CACHE_FORMAT = 1;
/** Where esbuild writes, relative to the root: one level below it, as `cdk.out` is. */
const STAGING = '.tributary';
/** Staging folders (`tmp-<pid>-<random>-<n>`): a crash can leave some behind. */
const TEMP_PREFIX = 'tmp-bundle-';

export interface BundleRequest {
  /** The project root: esbuild's working directory; cache paths are relative to it. */
  readonly root: string;
  /** Absolute paths of the entries (each exports `handler`). */
  readonly entries: readonly string[];
  readonly options: LambdaBuildOptions;
  /** The store (see bundle-cache.ts). */
  readonly cacheDir: string;
  /** Files every bundle depends on beyond its inputs: the lock file, the root tsconfig.json. */
  readonly projectFiles: readonly string[];
  readonly prune?: PrunePolicy;
  /** Test seam: runs after esbuild read the inputs, before they are hashed. */
  readonly afterBuild?: () => void;
}

/** One entry's bundle: the folder to make its asset from. */
export interface LambdaBundle {
  /** Absolute path of the entry. */
  readonly entry: string;
  /** Absolute path of a folder holding index.js and index.js.map, nothing else. */
  readonly dir: string;
  /** sha-256 of the folder's files: the asset hash is made from it. */
  readonly contentHash: string;
  /** Found in the cache (not built by this synth). */
  readonly reused: boolean;
}

export interface BundleReport {
  /** By absolute entry path. */
  readonly bundles: ReadonlyMap<string, LambdaBundle>;
  readonly built: number;
  readonly reused: number;
  /** Bundles stored without a key because an input changed while esbuild ran (found by no lookup). */
  readonly unsettled: number;
  readonly ms: number;
}

/** esbuild could not bundle an entry: the code is wrong, and the message says where. */
export class BundleError extends SystemPlanError {}

/** Duck-typed: buildSync's worker thread hands the failure back from another realm, where `instanceof Error` fails. */
function isBuildFailure(error: unknown): error is BuildFailure {
  return (
    typeof error === 'object' && error !== null && Array.isArray((error as Partial<BuildFailure>).errors)
  );
}

function formatMessage(root: string, message: Message): string {
  const where = message.location
    ? `${message.location.file}:${message.location.line}:${message.location.column + 1}  `
    : '';
  return `  ${where}${message.text}`.replace(`${root}/`, '');
}

function modifiedSince(path: string, ms: number): boolean {
  try {
    return statSync(path).mtimeMs >= ms;
  } catch {
    return true;
  }
}

/** The metafile inputs an entry reaches (esbuild's paths, relative to the root), sorted. */
export function reachableInputs(metafile: Metafile, entryPoint: string): string[] {
  const seen = new Set<string>();
  const pending = [entryPoint];
  for (let input = pending.pop(); input !== undefined; input = pending.pop()) {
    if (seen.has(input)) continue;
    seen.add(input);
    for (const imported of metafile.inputs[input]?.imports ?? []) {
      if (!imported.external && !seen.has(imported.path)) pending.push(imported.path);
    }
  }
  return [...seen].sort();
}

/** What a bundling knows once the cache was looked at: what it found and what is left to build. */
interface BundlePlan {
  readonly request: BundleRequest;
  readonly started: bigint;
  readonly root: string;
  readonly cache: BundleCache;
  readonly esbuildOptions: BuildOptions;
  readonly salt: string;
  readonly bundles: Map<string, LambdaBundle>;
  readonly used: Set<string>;
  readonly toBuild: readonly string[];
}

function planBundles(request: BundleRequest): BundlePlan {
  const started = process.hrtime.bigint();
  const root = resolve(request.root);
  const cache = new BundleCache(request.cacheDir);
  const esbuildOptions: BuildOptions = {
    bundle: true,
    splitting: false,
    platform: request.options.platform,
    target: request.options.target,
    format: request.options.format,
    minify: request.options.minify,
    sourcemap: request.options.sourcemap,
    sourcesContent: request.options.sourcesContent,
    external: [...request.options.external],
  };
  const before = new InputHasher(root);
  const salt = bundleSalt(
    {
      format: CACHE_FORMAT,
      esbuildVersion,
      settings: { esbuildOptions, staging: STAGING },
      projectFiles: request.projectFiles,
    },
    before,
  );

  const bundles = new Map<string, LambdaBundle>();
  const used = new Set<string>();
  const toBuild: string[] = [];
  for (const entry of [...new Set(request.entries.map((e) => resolve(e)))].sort()) {
    const found = cache.lookup(relative(root, entry), salt, before);
    if (found) {
      bundles.set(entry, { entry, dir: found.dir, contentHash: found.contentHash, reused: true });
      used.add(found.key);
    } else {
      toBuild.push(entry);
    }
  }
  return { request, started, root, cache, esbuildOptions, salt, bundles, used, toBuild };
}

/** Stores what was built, prunes the store, reports. */
function completeBundles(plan: BundlePlan, builtEntries: readonly Built[]): BundleReport {
  const { request, root, cache, salt, bundles, used } = plan;
  let unsettled = 0;
  for (const built of builtEntries) {
    const entryPath = relative(root, built.entry);
    // An input written while esbuild ran: its hash now may not be what esbuild read, so the
    // bundle is stored under a key no lookup computes (its content hash) and rebuilt next time.
    const key = built.changedDuringBuild ? built.contentHash : bundleKey(salt, built.inputs, built.hasher);
    const stored: StoredBundle = cache.store(
      key,
      { entry: entryPath, inputs: built.inputs, contentHash: built.contentHash, bytes: built.bytes },
      built.folder,
    );
    if (built.changedDuringBuild) unsettled++;
    else cache.remember(entryPath, key);
    used.add(key);
    bundles.set(built.entry, {
      entry: built.entry,
      dir: stored.dir,
      contentHash: built.contentHash,
      reused: false,
    });
  }
  cache.prune(used, request.prune ?? DEFAULT_PRUNE_POLICY);
  removeStaleStaging(join(root, STAGING), (request.prune ?? DEFAULT_PRUNE_POLICY).graceMs);
  return {
    bundles,
    built: plan.toBuild.length,
    reused: bundles.size - plan.toBuild.length,
    unsettled,
    ms: Number(process.hrtime.bigint() - plan.started) / 1e6,
  };
}

/** Bundles every entry: the cached ones from the store, all others in one esbuild build. */
export function bundleEntries(request: BundleRequest): BundleReport {
  const plan = planBundles(request);
  if (plan.toBuild.length === 0) return completeBundles(plan, []);
  const staged = stageBuild(plan);
  let result: BuildResult;
  try {
    result = buildSync(staged.options);
  } catch (error) {
    throw buildFailure(staged, error);
  }
  return completeBundles(plan, builtEntries(staged, result));
}

/**
 * {@link bundleEntries} with esbuild's asynchronous API: the same bundles, cache and errors, without
 * blocking the event loop while esbuild works (`dev up --watch` rebundles while the local system
 * keeps answering requests).
 */
export async function bundleEntriesAsync(request: BundleRequest): Promise<BundleReport> {
  const plan = planBundles(request);
  if (plan.toBuild.length === 0) return completeBundles(plan, []);
  const staged = stageBuild(plan);
  let result: BuildResult;
  try {
    result = await buildAsync(staged.options);
  } catch (error) {
    throw buildFailure(staged, error);
  }
  return completeBundles(plan, builtEntries(staged, result));
}

interface Built {
  readonly entry: string;
  /** The staging folder esbuild wrote index.js and index.js.map to. */
  readonly folder: string;
  readonly inputs: readonly string[];
  readonly contentHash: string;
  readonly bytes: number;
  readonly changedDuringBuild: boolean;
  /** Hashes the inputs as they are after the build. */
  readonly hasher: InputHasher;
}

/** One esbuild build of the plan's entries, ready to run. */
interface StagedBuild {
  readonly plan: BundlePlan;
  readonly options: BuildOptions & { metafile: true; write: true };
  readonly folderOf: (i: number) => string;
  /** The file system's time when the build began: inputs modified since are distrusted. */
  readonly buildStartedMs: number;
}

/**
 * One esbuild build of `toBuild`, written by esbuild itself to a staging folder per entry (handing
 * the output to Node instead, `write: false`, took twice as long: ~150 MB for 120 entries).
 */
function stageBuild(plan: BundlePlan): StagedBuild {
  const { root, toBuild: entries, esbuildOptions: options } = plan;
  const staging = join(root, STAGING);
  mkdirSync(staging, { recursive: true });
  const token = `${TEMP_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`;
  const folderOf = (i: number) => join(staging, `${token}-${i}`);
  // Anything written from now on may not be what esbuild read: the marker's mtime, stamped by the
  // file system the inputs are on, tells which inputs to distrust.
  const marker = `${folderOf(-1)}.marker`;
  writeFileSync(marker, '');
  const buildStartedMs = statSync(marker).mtimeMs;
  rmSync(marker, { force: true });
  return {
    plan,
    folderOf,
    buildStartedMs,
    options: {
      ...options,
      absWorkingDir: root,
      entryPoints: entries.map((entry, i) => ({ in: entry, out: `${basename(folderOf(i))}/index` })),
      outdir: staging,
      write: true,
      metafile: true,
      logLevel: 'silent',
    },
  };
}

/** The error to throw for a failed build: a located {@link BundleError} when the code is wrong. */
function buildFailure(staged: StagedBuild, error: unknown): unknown {
  const { root, toBuild: entries } = staged.plan;
  for (let i = 0; i < entries.length; i++) rmSync(staged.folderOf(i), { recursive: true, force: true });
  if (!isBuildFailure(error)) return error;
  return new BundleError(
    [
      `esbuild could not bundle the Lambda entries (${error.errors.length} error(s)):`,
      ...error.errors.map((message) => formatMessage(root, message)),
      'Fix the code (`npx tsc --noEmit -p tsconfig.json` shows type errors too) and synthesize again.',
    ].join('\n'),
  );
}

function builtEntries(staged: StagedBuild, result: BuildResult): Built[] {
  const { root, toBuild: entries, request } = staged.plan;
  request.afterBuild?.();
  const metafile = result.metafile;
  if (!metafile) throw new Error('esbuild returned no metafile although metafile was requested');
  const hasher = new InputHasher(root);
  return entries.map((entry, i) => {
    const folder = staged.folderOf(i);
    const output = metafile.outputs[relative(root, join(folder, 'index.js'))];
    if (!output?.entryPoint) throw new Error(`esbuild gave no metafile output for ${entry}`);
    const files = ASSET_FILES.map((name) => ({ name, contents: readFileSync(join(folder, name)) }));
    const inputs = reachableInputs(metafile, output.entryPoint);
    // A folder's mtime moves when a name is added to it (a file that may shadow an input).
    const watched = [...inputs, ...inputs.map((input) => dirname(input)), ...request.projectFiles];
    return {
      entry,
      folder,
      inputs,
      contentHash: contentHash(files),
      bytes: files.reduce((sum, file) => sum + file.contents.length, 0),
      changedDuringBuild: watched.some((path) => modifiedSince(resolve(root, path), staged.buildStartedMs)),
      hasher,
    };
  });
}

/** Staging folders of a synth that died before moving them into the store. */
function removeStaleStaging(staging: string, graceMs: number): void {
  if (!existsSync(staging)) return;
  const now = Date.now();
  for (const name of readdirSync(staging)) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const path = join(staging, name);
    try {
      if (now - statSync(path).mtimeMs > graceMs) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed by another synth meanwhile.
    }
  }
}
