/**
 * New Lambda code for a running system (`dev up --watch`): the entries a save affects (plan.ts) are
 * rebundled by the app's own shared build (lib/infra/bundle.ts: same esbuild settings, same
 * content-addressed cache, so an entry whose inputs did not change is not rebuilt), each new bundle
 * is put in the cloud assembly beside the synthesized assets, and the runner runs it from the next
 * invocation on (LambdaRunner.replaceCode). A change that does not build leaves the last good code
 * running and says where the error is.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { LocalFunction } from '@tributary/local-runtime';
import { implementationFile, subscriberFile } from '../codegen/layout';
import { BUNDLE_CACHE_DIR } from '../infra/app';
import { BundleError, bundleEntriesAsync, type LambdaBundle } from '../infra/bundle';
import { ASSET_FILES, BundleCache } from '../infra/bundle-cache';
import { contentHash } from '../infra/bundle-key';
import { BUNDLE_OPTIONS } from '../infra/service-function';
import { planSystem, requiredEntries } from '../infra/system';
import type { EntryInputs } from './plan';

/** What the reloader needs of the runner. */
export interface CodeTarget {
  /** Resolves once the new code's first environment (if one was started at once) is initialised. */
  replaceCode(functionId: string, codeDir: string): Promise<void>;
  codeDir(functionId: string): string | undefined;
}

export interface CodeReloaderOptions {
  readonly root: string;
  /** The cloud assembly the functions' assets are in: new bundles go beside them. */
  readonly cdkOut: string;
  readonly functions: ReadonlyMap<string, LocalFunction>;
  readonly runner: CodeTarget;
  /** The bundle cache; default the app's ({@link BUNDLE_CACHE_DIR}). */
  readonly cacheDir?: string;
}

/** What one rebuild did. */
export interface CodeReloadReport {
  /** Entries whose new bundle now runs, with the functions that run it. */
  readonly reloaded: ReadonlyArray<{ readonly entry: string; readonly functions: readonly string[] }>;
  /** Entries rebundled to the very bytes already running (a comment, a reverted change): left warm. */
  readonly unchanged: readonly string[];
  /** esbuild's errors, each `file:line:col  message`, deduplicated; empty when everything built. */
  readonly errors: readonly string[];
  /** Entries that did not build: their last good code keeps running. */
  readonly failed: readonly string[];
  /** Entries esbuild actually built (not found in the cache). */
  readonly built: number;
  /** Until every entry was bundled. */
  readonly ms: number;
  /** Until the last new code was swapped in (the entry of a saved handler is bundled first). */
  readonly swappedMs?: number;
}

/**
 * The files every bundle depends on beyond its inputs, as the app's shared build names them
 * (lib/infra/app.ts, bundleSystem): the nearest package-lock.json and the root tsconfig.json. The
 * same list gives the same cache keys, so what a synth built is found.
 */
export function bundleProjectFiles(root: string): string[] {
  let lockFile: string | undefined;
  for (let dir = resolve(root); lockFile === undefined; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package-lock.json'))) lockFile = join(dir, 'package-lock.json');
    else if (dirname(dir) === dir) break;
  }
  return [...(lockFile ? [lockFile] : []), join(root, 'tsconfig.json')].filter((file) => existsSync(file));
}

/** `functions/x/y.ts` for the root-relative path of any platform. */
const slashed = (path: string) => path.split('\\').join('/');

/**
 * The entry a synthesized asset was bundled from: the one entry among its source map's `sources`
 * (`../../functions/...`, relative to the asset folder, which is as deep in the project as the shared
 * build's staging folder). Undefined when none or several are.
 */
export function entryOfAsset(codeDir: string, entries: ReadonlySet<string>): string | undefined {
  let sources: unknown;
  try {
    sources = (JSON.parse(readFileSync(join(codeDir, 'index.js.map'), 'utf8')) as { sources?: unknown })
      .sources;
  } catch {
    return undefined;
  }
  if (!Array.isArray(sources)) return undefined;
  const found = new Set(
    sources
      .filter((source): source is string => typeof source === 'string')
      .map((source) => source.replace(/^(?:\.\.\/)+/, ''))
      .filter((source) => entries.has(source)),
  );
  return found.size === 1 ? [...found][0] : undefined;
}

/** Longest the rest of a rebuild waits for the saved handler's new code to initialise. */
const INIT_WAIT_MS = 3_000;

/** Waits for the promises to settle, `ms` at most. */
async function settleWithin(promises: ReadonlyArray<Promise<void>>, ms: number): Promise<void> {
  if (promises.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled(promises),
    new Promise((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}

/** The located lines of esbuild's errors in a {@link BundleError}'s message. */
function locatedErrors(error: BundleError): string[] {
  return error.message
    .split('\n')
    .filter((line) => line.startsWith('  '))
    .map((line) => line.trim());
}

export class CodeReloader {
  readonly #options: CodeReloaderOptions;
  readonly #root: string;
  readonly #cacheDir: string;
  readonly #projectFiles: string[];
  /** A written handler or subscriber file → the entry it is the code of. */
  readonly #ownEntry = new Map<string, string>();
  /** Entry → the functions that run its bundle. */
  readonly #functionsOf = new Map<string, string[]>();
  /** Entry → its last good bundle's inputs. */
  readonly #inputs = new Map<string, readonly string[]>();
  /** Entries whose last build failed, retried on every save. */
  readonly #failing = new Set<string>();
  /** Function → the content hash of the bundle it runs, once known. */
  readonly #running = new Map<string, string>();

  /**
   * Maps every function to its entry and learns each entry's inputs (from the cache: a synth just
   * built them). Functions whose entry cannot be told are left out: their code is not reloaded.
   */
  static async create(options: CodeReloaderOptions): Promise<CodeReloader> {
    const reloader = new CodeReloader(options);
    const initial = await reloader.#bundle([...reloader.#functionsOf.keys()], new Set());
    for (const entry of initial.failed) reloader.#failing.add(entry);
    return reloader;
  }

  private constructor(options: CodeReloaderOptions) {
    this.#options = options;
    this.#root = resolve(options.root);
    this.#cacheDir = resolve(this.#root, options.cacheDir ?? BUNDLE_CACHE_DIR);
    this.#projectFiles = bundleProjectFiles(this.#root);
    const plan = planSystem({ root: this.#root });
    const entries = new Set(requiredEntries(plan).map(({ entry }) => slashed(entry)));
    for (const service of plan.services) {
      for (const op of service.operations) {
        this.#ownEntry.set(implementationFile(service.name, op.id), slashed(op.entry));
      }
      for (const sub of service.subscriptions) {
        this.#ownEntry.set(subscriberFile(service.name, sub.publisher, sub.resource), slashed(sub.entry));
      }
    }
    for (const fn of options.functions.values()) {
      const entry = entryOfAsset(fn.codeDir, entries);
      if (entry === undefined) continue;
      this.#functionsOf.set(entry, [...(this.#functionsOf.get(entry) ?? []), fn.id]);
    }
  }

  /** The functions whose code this reloader replaces. */
  get functions(): number {
    return [...this.#functionsOf.values()].reduce((sum, ids) => sum + ids.length, 0);
  }

  /** Entry → inputs of its last good bundle (entries that never built have none). */
  inputs(): EntryInputs {
    return this.#inputs;
  }

  failing(): ReadonlySet<string> {
    return this.#failing;
  }

  /**
   * Rebundles `entries` and runs whatever changed from the next invocation on. A saved handler or
   * subscriber is read by every entry of its service (the generated wiring imports them all), but
   * its own operation's bundle is nearly always the only one that changes: that entry is bundled
   * and swapped first, so the next request runs it sooner, then the others (`changed`: the saved
   * files).
   */
  async reload(entries: readonly string[], changed: readonly string[] = []): Promise<CodeReloadReport> {
    const started = performance.now();
    const known = entries.filter((entry) => this.#functionsOf.has(entry));
    const own = new Set(changed.flatMap((path) => this.#ownEntry.get(path) ?? []));
    const first = known.filter((entry) => own.has(entry));
    const phases =
      first.length > 0 && first.length < known.length
        ? [first, known.filter((entry) => !own.has(entry))]
        : [known];
    const reloaded: Array<{ entry: string; functions: string[] }> = [];
    const unchanged: string[] = [];
    const errors = new Set<string>();
    const failed: string[] = [];
    let built = 0;
    let swappedMs: number | undefined;
    const broken = new Set<string>();
    let initialising: Array<Promise<void>> = [];
    for (const phase of phases) {
      // The saved handler's new code initialises before the rest is bundled: on a small machine the
      // two would slow each other, and the next request waits for the init, not for the rest.
      await settleWithin(initialising, INIT_WAIT_MS);
      initialising = [];
      const bundled = await this.#bundle(phase, broken);
      built += bundled.built;
      failed.push(...bundled.failed);
      for (const error of bundled.errors) errors.add(error);
      for (const [entry, bundle] of bundled.bundles) {
        const functions = this.#functionsOf.get(entry) ?? [];
        const stale = functions.filter((id) => this.#runningHash(id) !== bundle.contentHash);
        if (stale.length === 0) {
          unchanged.push(entry);
          continue;
        }
        const dir = this.#stage(bundle);
        for (const id of stale) {
          initialising.push(this.#options.runner.replaceCode(id, dir));
          this.#running.set(id, bundle.contentHash);
        }
        reloaded.push({ entry, functions: stale });
        swappedMs = performance.now() - started;
      }
    }
    return {
      reloaded,
      unchanged: unchanged.sort(),
      errors: [...errors],
      failed: failed.sort(),
      built,
      ms: performance.now() - started,
      ...(swappedMs === undefined ? {} : { swappedMs }),
    };
  }

  /**
   * Bundles the entries in one build. When that fails: the entries whose last good bundle read a
   * file esbuild named in an error (`broken`, kept across calls) fail with it, and each other entry
   * is bundled on its own, so one the broken file does not reach still reloads. Records inputs and
   * failures.
   */
  async #bundle(
    entries: readonly string[],
    broken: Set<string>,
  ): Promise<{ bundles: Map<string, LambdaBundle>; failed: string[]; errors: string[]; built: number }> {
    const bundles = new Map<string, LambdaBundle>();
    const failed: string[] = [];
    const errors = new Set<string>();
    let built = 0;
    const fail = (entry: string) => {
      failed.push(entry);
      this.#failing.add(entry);
    };
    const attempt = async (batch: readonly string[]): Promise<boolean> => {
      try {
        const report = await bundleEntriesAsync({
          root: this.#root,
          entries: batch.map((entry) => join(this.#root, entry)),
          options: BUNDLE_OPTIONS,
          cacheDir: this.#cacheDir,
          projectFiles: this.#projectFiles,
        });
        built += report.built;
        for (const [path, bundle] of report.bundles) {
          const entry = slashed(relative(this.#root, path));
          bundles.set(entry, bundle);
          this.#failing.delete(entry);
          const manifest = new BundleCache(this.#cacheDir).manifest(basename(dirname(bundle.dir)));
          if (manifest) this.#inputs.set(entry, manifest.inputs.map(slashed));
        }
        return true;
      } catch (error) {
        if (!(error instanceof BundleError)) throw error;
        for (const line of locatedErrors(error)) {
          errors.add(line);
          const file = /^([^:]+):\d+:\d+ /.exec(line)?.[1];
          if (file !== undefined) broken.add(file);
        }
        if (batch.length === 1) batch.forEach(fail);
        return false;
      }
    };
    const readsBroken = (entry: string) => (this.#inputs.get(entry) ?? []).some((input) => broken.has(input));
    const doomed = entries.filter(readsBroken);
    doomed.forEach(fail);
    const rest = entries.filter((entry) => !doomed.includes(entry));
    if (rest.length > 0 && !(await attempt(rest)) && rest.length > 1) {
      for (const entry of rest) {
        if (readsBroken(entry)) fail(entry);
        else await attempt([entry]);
      }
    }
    return { bundles, failed, errors: [...errors], built };
  }

  /** The content hash of what a function runs now (its asset folder's files), read once. */
  #runningHash(functionId: string): string | undefined {
    const known = this.#running.get(functionId);
    if (known !== undefined) return known;
    const dir = this.#options.runner.codeDir(functionId);
    if (dir === undefined) return undefined;
    try {
      const hash = contentHash(
        ASSET_FILES.map((name) => ({ name, contents: readFileSync(join(dir, name)) })),
      );
      this.#running.set(functionId, hash);
      return hash;
    } catch {
      return undefined;
    }
  }

  /**
   * The bundle as an asset folder of the cloud assembly (`asset.watch-<hash>`), copied out of the
   * cache (which prunes what synths stop using) and as deep in the project as the synthesized ones,
   * so the source map's paths name the real files in stack traces.
   */
  #stage(bundle: LambdaBundle): string {
    const dir = join(this.#options.cdkOut, `asset.watch-${bundle.contentHash.slice(0, 32)}`);
    if (ASSET_FILES.every((name) => existsSync(join(dir, name)))) return dir;
    const temp = mkdtempSync(join(this.#options.cdkOut, '.watch-'));
    for (const name of ASSET_FILES) cpSync(join(bundle.dir, name), join(temp, name));
    rmSync(dir, { recursive: true, force: true });
    renameSync(temp, dir);
    return dir;
  }
}
