/**
 * `dev up --watch`: the local system, kept in step with the files as they are saved.
 *
 * - A handler, domain, subscriber or runtime file (functions/**): the Lambda entries that read it
 *   are rebundled (code-reload.ts) and the next invocation of their functions runs the new code;
 *   invocations in flight finish on the old (LambdaRunner.replaceCode). Nothing restarts.
 * - A spec (api-specs/<service>.json): `dev generate`, a synth in the background (the running system
 *   keeps answering), then everything but DynamoDB Local restarts from the new cloud assembly on the
 *   same ports: tables and indexes the spec added are created, the data stays, the stream mappings
 *   go on from where they were, routes, rules and subscribers are the new ones.
 * - What does not build (esbuild's syntax and import errors, an invalid spec, a failed synth) is
 *   printed, located, and the last good version keeps running.
 *
 * Saves come in bursts (watcher.ts); each burst is planned (classify.ts, plan.ts) and applied one at
 * a time, in order.
 */
import { join } from 'node:path';
import {
  type DynamoDbLocal,
  isCdkOutFresh,
  LOCAL_ACCOUNT,
  LOCAL_REGION,
  loadLocalSystem,
  MemoryCheckpointStore,
  parkingLotOf,
  type RunningSystem,
  SynthError,
  startDynamoDbLocal,
  synthesize,
  synthesizeInBackground,
  type UpOptions,
  up,
} from '@tributary/local-runtime';
import { classifyChange, type FileChange } from './classify';
import { CodeReloader, type CodeReloadReport } from './code-reload';
import { planRebuild } from './plan';
import { regenerate, stillAsWritten } from './regenerate';
import { FolderWatcher } from './watcher';

/** The folders `dev up --watch` watches, relative to the root. */
export const WATCHED_FOLDERS = ['api-specs', 'functions'] as const;

export interface WatchSettings {
  /** Quiet time that ends a burst of saves; default 100 ms. */
  readonly quietMs?: number;
  /** Longest a burst is held; default 1 s. */
  readonly maxWaitMs?: number;
  /** Told what each burst of saves did (tests, benches). */
  readonly onReport?: (report: WatchReport) => void;
}

export type WatchReport =
  | ({ readonly kind: 'code'; readonly paths: readonly string[] } & CodeReloadReport)
  | {
      readonly kind: 'system';
      readonly paths: readonly string[];
      readonly ok: boolean;
      /** Why the last good version still runs (or, when the restart itself failed, nothing does). */
      readonly error?: string;
      readonly ms: number;
    }
  | { readonly kind: 'none'; readonly paths: readonly string[] };

/** Starts the system once (the local runtime's `up`). */
export type StartSystem = (options: UpOptions) => Promise<RunningSystem>;

/** `functions/catalog/generated/lambdas/get-product.ts` → `catalog/get-product`. */
export function entryName(entry: string): string {
  const match = /^functions\/([^/]+)\/generated\/lambdas\/([^/]+)\.ts$/.exec(entry);
  return match ? `${match[1]}/${match[2]}` : entry;
}

/** Up to three entries by name, then how many more. */
export function entryNames(entries: readonly string[]): string {
  const shown = entries.slice(0, 3).map(entryName).join(', ');
  return entries.length > 3 ? `${shown} and ${entries.length - 3} more` : shown;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
const indent = (text: string) =>
  text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');

/** The local runtime's options, and whether to keep the system in step with saved files. */
export interface DevUpOptions extends UpOptions {
  /**
   * Keep the system in step with saved files (`dev up --watch`): a saved handler runs on the next
   * request, a saved spec reloads all but DynamoDB Local. `true`, or its settings.
   */
  readonly watch?: boolean | WatchSettings;
}

/** `dev up`: the local runtime's system, kept in step with saved files when asked to watch. */
export async function devUp(options: DevUpOptions): Promise<RunningSystem> {
  const { watch, ...once } = options;
  return watch ? watchSystem(options, up) : up(once);
}

export async function watchSystem(options: DevUpOptions, start: StartSystem): Promise<RunningSystem> {
  const started = Date.now();
  const settings: WatchSettings = typeof options.watch === 'object' ? options.watch : {};
  const log = options.log ?? (() => {});
  const say = (line: string) => log(`[watch] ${line}`);
  const report = (r: WatchReport) => settings.onReport?.(r);
  const root = options.root;
  const cdkOut = options.cdkOut ?? join(root, 'cdk.out');
  const mode = options.synth ?? 'auto';
  if (mode === 'always' || (mode === 'auto' && !isCdkOutFresh(root, cdkOut, options.appSources))) {
    log(`Synthesizing the CDK app into ${cdkOut} ...`);
    synthesize(root, cdkOut);
  }

  // DynamoDB Local outlives every reload: the data stays, and so do the streams.
  log(
    `Starting DynamoDB Local${options.persistDir ? ` (data in ${options.persistDir})` : ' (in memory)'} ...`,
  );
  const dynamodb: DynamoDbLocal = await startDynamoDbLocal(
    options.persistDir ? { persistDir: options.persistDir } : {},
  );
  // With --persist the checkpoints are in a file up() reads on every start; else they live here.
  const checkpoints = options.persistDir ? undefined : new MemoryCheckpointStore();
  // The parking lot too: what was parked before a reload stays listed and redrivable after it.
  const parking = parkingLotOf(options);
  const base: UpOptions = {
    ...options,
    parking,
    synth: 'never',
    cdkOut,
    dynamodb,
    ...(checkpoints ? { checkpoints } : {}),
  };
  const portsOf = (system: RunningSystem) =>
    Object.fromEntries(
      Object.entries(system.urls).map(([service, url]) => [service, Number(new URL(url).port)]),
    );

  let current: RunningSystem;
  try {
    current = await start(base);
  } catch (error) {
    await dynamodb.stop();
    throw error;
  }
  /** Whether `current` is stopped: its restart failed, and the next save tries again. */
  let down = false;
  let apiPorts = portsOf(current);
  const newReloader = (system: RunningSystem) =>
    CodeReloader.create({ root, cdkOut, functions: system.system.functions, runner: system.runner });
  /** Undefined when the entries could not be read: the next save reloads the whole system. */
  let code: CodeReloader | undefined;
  try {
    code = await newReloader(current);
  } catch (error) {
    await current.stop();
    await dynamodb.stop();
    throw error;
  }
  /** What the last regeneration wrote: its own writes are not the developer's saves. */
  let selfWritten: ReadonlyMap<string, string> = new Map();

  const applyCode = async (
    reloader: CodeReloader,
    paths: readonly string[],
    plan: { entries: readonly string[] },
  ) => {
    const result = await reloader.reload(plan.entries, paths);
    const saved = paths.join(', ');
    if (result.reloaded.length > 0) {
      const names = entryNames(result.reloaded.map(({ entry }) => entry));
      say(
        `${saved}: ${names} reloaded in ${Math.round(result.swappedMs ?? result.ms)} ms (${result.built} bundle(s) built); the next request runs the new code`,
      );
    } else if (result.failed.length === 0) {
      say(`${saved}: the bundles did not change`);
    }
    if (result.failed.length > 0) {
      say(
        `${saved} does not build; ${entryNames(result.failed)} keep(s) running the last good code:\n${result.errors.map((line) => `  ${line}`).join('\n')}`,
      );
    }
    report({ kind: 'code', paths, ...result });
  };

  const reloadSystem = async (paths: readonly string[]) => {
    const began = Date.now();
    const refused = (error: string) => {
      say(
        `${error}\n  ${down ? 'Nothing runs until the next save.' : 'The last good version keeps running.'}`,
      );
      report({ kind: 'system', paths, ok: false, error, ms: Date.now() - began });
    };
    say(
      `${paths.join(', ')}: generating, synthesizing and reloading the system (DynamoDB Local keeps its data) ...`,
    );
    const generated = regenerate(root);
    if (!generated.ok) return refused(`dev generate failed:\n${indent(generated.message)}`);
    selfWritten = generated.written;
    try {
      await synthesizeInBackground(root, cdkOut);
      // What cannot be read stops here, while the last good version still runs.
      loadLocalSystem(cdkOut, {
        apiUrl: () => 'http://127.0.0.1:0',
        tableName: (id) => id,
        region: LOCAL_REGION,
        accountId: LOCAL_ACCOUNT,
      });
    } catch (error) {
      return refused(
        error instanceof SynthError ? error.message : `the new cloud assembly: ${message(error)}`,
      );
    }
    const before = down ? undefined : current;
    if (before) {
      // Deliveries in flight finish first (the bus's retries are cut short by the stop otherwise).
      await before.idle(5_000).catch(() => {});
      await before.stop();
    }
    try {
      current = await start({ ...base, apiPorts });
      down = false;
    } catch (error) {
      down = true;
      return refused(`the system did not start again: ${message(error)}`);
    }
    apiPorts = portsOf(current);
    code = undefined;
    try {
      code = await newReloader(current);
    } catch (error) {
      say(`cannot tell which files each Lambda reads (${message(error)}): the next save reloads the system`);
    }
    const added = Object.entries(current.urls).filter(([service]) => !before?.urls[service]);
    say(
      `reloaded in ${seconds(Date.now() - began)}${added.map(([service, url]) => `; new: ${service} ${url}`).join('')}`,
    );
    report({ kind: 'system', paths, ok: true, ms: Date.now() - began });
  };

  const apply = async (paths: readonly string[]) => {
    const changes: FileChange[] = paths
      .map(classifyChange)
      .filter((change) => !(change.kind === 'code' && stillAsWritten(root, change.path, selfWritten)));
    const plan = planRebuild(changes, code?.inputs() ?? new Map(), code?.failing());
    const relevant = changes.filter((change) => change.kind !== 'ignored').map((change) => change.path);
    if (plan.kind === 'system' || ((down || code === undefined) && relevant.length > 0)) {
      return reloadSystem(relevant);
    }
    if (plan.kind === 'code' && code !== undefined) return applyCode(code, plan.changed, plan);
    const unread = changes.filter((change) => change.kind === 'code').map((change) => change.path);
    if (unread.length > 0) say(`${unread.join(', ')}: no Lambda reads it`);
    report({ kind: 'none', paths });
  };

  // One burst at a time, in order; bursts that come in meanwhile are applied together after.
  const pending: string[] = [];
  let working: Promise<void> = Promise.resolve();
  let busy = false;
  const drain = async () => {
    busy = true;
    try {
      while (pending.length > 0) {
        const paths = [...new Set(pending.splice(0))].sort();
        try {
          await apply(paths);
        } catch (error) {
          say(`could not apply ${paths.join(', ')}: ${message(error)}`);
        }
      }
    } finally {
      busy = false;
    }
  };
  const watcher = new FolderWatcher({
    root,
    folders: WATCHED_FOLDERS,
    ...(settings.quietMs === undefined ? {} : { quietMs: settings.quietMs }),
    ...(settings.maxWaitMs === undefined ? {} : { maxWaitMs: settings.maxWaitMs }),
    onBurst: (paths) => {
      pending.push(...paths);
      if (!busy) working = drain();
    },
    onError: (error) => say(`cannot watch a folder: ${error.message}`),
  });
  say(
    `watching ${WATCHED_FOLDERS.map((f) => `${f}/`).join(' and ')}: a saved handler runs on the next request, a saved spec reloads the system`,
  );

  return {
    get system() {
      return current.system;
    },
    get urls() {
      return current.urls;
    },
    get eventBusUrl() {
      return current.eventBusUrl;
    },
    dynamodbEndpoint: dynamodb.endpoint,
    get parking() {
      return current.parking;
    },
    get runner() {
      return current.runner;
    },
    startupMs: Date.now() - started,
    credentialsOf: (functionId) => current.credentialsOf(functionId),
    // The parking lot outlives reloads (above): the system running now redrives what any parked.
    redrive: (id) => current.redrive(id),
    idle: (timeoutMs) => current.idle(timeoutMs),
    stats: () => current.stats(),
    async stop() {
      watcher.close();
      pending.length = 0;
      await working;
      if (!down) await current.stop();
      await dynamodb.stop();
    },
  };
}
