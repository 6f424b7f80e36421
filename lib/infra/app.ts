import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { App, Stack } from 'aws-cdk-lib';
import {
  ALARM_EMAIL_CONTEXT,
  ALARM_TOPIC_CONTEXT,
  type AlarmNotifications,
  AlarmNotificationsError,
  alarmNotifications,
} from './alarm-notifications';
import {
  ALARM_THRESHOLDS_CONTEXT,
  AlarmThresholdsError,
  alarmThresholds,
  type ResolvedAlarmThresholds,
} from './alarm-thresholds';
import { type BundleReport, bundleEntries } from './bundle';
import { registerSharedBundles } from './bundle-registry';
import { EventsStack } from './events-stack';
import { addNagChecks } from './nag';
import { eventsStackName, serviceStackName } from './names';
import { BUNDLE_OPTIONS } from './service-function';
import { ServiceStack } from './service-stack';
import { type StageConfig, stageConfig } from './stage';
import { planSystem, requiredEntries, type SystemPlan, SystemPlanError } from './system';

/**
 * The whole system as a CDK app: one shared events stack and one stack per spec in api-specs/.
 * `bin/app.ts` calls {@link buildSystem} with the options the CLI's context gives; tests call it
 * with a fixture project and bundling off.
 */

/** `-c stage=dev|prod`. */
export const STAGE_CONTEXT = 'stage';
/** `-c tributary:bundling=false`: inline stand-ins instead of esbuild bundles (unit tests). */
export const BUNDLING_CONTEXT = 'tributary:bundling';
/** `-c tributary:root=<dir>`: build another project's specs and functions (tests, benchmarks). */
export const ROOT_CONTEXT = 'tributary:root';
/** `-c tributary:bundler=per-entry`: bundle each function on its own, the old way (benchmarks). */
export const BUNDLER_CONTEXT = 'tributary:bundler';

/**
 * How the bundles are made. `shared` (default): every entry in one esbuild build before the stacks
 * are built, each bundle kept in a content-addressed cache (bundle.ts). `per-entry`: a
 * NodejsFunction per function runs esbuild for its entry alone on every synth; kept to compare
 * (bench/synth.bench.ts).
 */
export const BUNDLERS = ['shared', 'per-entry'] as const;
export type Bundler = (typeof BUNDLERS)[number];

/** Where the shared build keeps its bundles, relative to the project root (gitignored). */
export const BUNDLE_CACHE_DIR = join('.tributary', 'bundles');

export interface SystemOptions {
  /** The project root (api-specs/, functions/). */
  readonly root: string;
  /** Stage name; default dev. */
  readonly stage?: string;
  /** Real esbuild bundling (default true). */
  readonly bundling?: boolean;
  /** How bundles are made when bundling (default `shared`). */
  readonly bundler?: Bundler;
  /** The shared build's cache; default {@link BUNDLE_CACHE_DIR} in the root. */
  readonly bundleCacheDir?: string;
  /** Where the shared build says what it did (one line); default stderr, as the CDK's own bundling. */
  readonly log?: (line: string) => void;
  /** Register cdk-nag's AwsSolutions checks on the app (default true). */
  readonly nag?: boolean;
  /** Spec files; default every spec of the root. */
  readonly specFiles?: readonly string[];
  /** The forwarder's entry; default functions/runtime/forwarder/handler.ts of the root. */
  readonly forwarderEntry?: string;
  /** The lock file that roots bundling; default the nearest package-lock.json above the root. */
  readonly depsLockFilePath?: string;
  /**
   * Who hears the alarms and when they fire, as the CDK context gives them (cdk.json, `-c`):
   * `alarms:email`, `alarms:topic` (alarm-notifications.ts), `alarms:thresholds`
   * (alarm-thresholds.ts). Default: nobody subscribed, the documented thresholds.
   */
  readonly alarms?: AlarmContext;
}

/** The raw context values of the alarm settings, checked by {@link buildSystem}. */
export interface AlarmContext {
  readonly email?: unknown;
  readonly topic?: unknown;
  readonly thresholds?: unknown;
}

export interface TributarySystem {
  readonly plan: SystemPlan;
  readonly stage: StageConfig;
  readonly events: EventsStack;
  /** Service stacks by service name. */
  readonly services: ReadonlyMap<string, ServiceStack>;
  /** What the shared build did; undefined with bundling off or the `per-entry` bundler. */
  readonly bundles: BundleReport | undefined;
}

/** The options the CDK CLI's context carries (`-c stage=prod -c tributary:bundling=false`). */
export function contextOptions(
  app: App,
): Partial<Pick<SystemOptions, 'root' | 'stage' | 'bundling' | 'bundler' | 'alarms'>> {
  const stage: unknown = app.node.tryGetContext(STAGE_CONTEXT);
  const bundling: unknown = app.node.tryGetContext(BUNDLING_CONTEXT);
  const root: unknown = app.node.tryGetContext(ROOT_CONTEXT);
  const bundler: unknown = app.node.tryGetContext(BUNDLER_CONTEXT);
  if (bundler !== undefined && !BUNDLERS.some((b) => b === bundler)) {
    throw new SystemPlanError(
      `unknown ${BUNDLER_CONTEXT} ${JSON.stringify(bundler)}: use ${BUNDLERS.join(' or ')} (-c ${BUNDLER_CONTEXT}=per-entry)`,
    );
  }
  return {
    ...(typeof root === 'string' && root !== '' ? { root: resolve(root) } : {}),
    ...(stage === undefined ? {} : { stage: String(stage) }),
    ...(bundling === undefined ? {} : { bundling: bundling !== false && bundling !== 'false' }),
    ...(bundler === undefined ? {} : { bundler: bundler as Bundler }),
    alarms: {
      email: app.node.tryGetContext(ALARM_EMAIL_CONTEXT),
      topic: app.node.tryGetContext(ALARM_TOPIC_CONTEXT),
      thresholds: app.node.tryGetContext(ALARM_THRESHOLDS_CONTEXT),
    },
  };
}

/** The alarm settings of the stage, or a SystemPlanError that says what to write instead. */
function alarmSettings(
  context: AlarmContext,
  stage: StageConfig,
  plan: SystemPlan,
): { notifications: AlarmNotifications; thresholds: ReadonlyMap<string, ResolvedAlarmThresholds> } {
  try {
    return {
      notifications: alarmNotifications(context.email, context.topic, stage.name),
      thresholds: alarmThresholds(
        context.thresholds,
        plan.services.map((service) => service.name),
      ),
    };
  } catch (error) {
    if (error instanceof AlarmNotificationsError || error instanceof AlarmThresholdsError) {
      throw new SystemPlanError(error.message);
    }
    throw error;
  }
}

function nearestLockFile(start: string): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const candidate = join(dir, 'package-lock.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) {
      throw new SystemPlanError(`no package-lock.json in ${start} or above: run npm install in the project`);
    }
  }
}

/**
 * The shared build: every entry the plan needs, bundled before any stack exists (from the cache
 * where the inputs did not change), and registered so each ServiceFunction finds its bundle.
 */
function bundleSystem(
  app: App,
  plan: SystemPlan,
  options: SystemOptions,
  depsLockFilePath: string,
): BundleReport {
  const cacheDir = resolve(plan.root, options.bundleCacheDir ?? BUNDLE_CACHE_DIR);
  const report = bundleEntries({
    root: plan.root,
    entries: requiredEntries(plan).map(({ entry }) => resolve(plan.root, entry)),
    options: BUNDLE_OPTIONS,
    cacheDir,
    projectFiles: [depsLockFilePath, join(plan.root, 'tsconfig.json')].filter((file) => existsSync(file)),
  });
  registerSharedBundles(app, report.bundles);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  log(
    `Bundled ${report.bundles.size} Lambda entries in ${(report.ms / 1000).toFixed(1)} s: ` +
      `${report.built} built, ${report.reused} reused from ${relative(plan.root, cacheDir) || cacheDir}`,
  );
  return report;
}

/** Whether `a` depends on `b`, directly or through other stacks. */
function dependsOn(a: Stack, b: Stack, seen = new Set<Stack>()): boolean {
  if (seen.has(a)) return false;
  seen.add(a);
  return a.dependencies.some((d) => d === b || dependsOn(d, b, seen));
}

export function buildSystem(app: App, options: SystemOptions): TributarySystem {
  const stage = stageConfig(options.stage);
  const plan = planSystem({
    root: options.root,
    ...(options.specFiles ? { specFiles: options.specFiles } : {}),
    ...(options.forwarderEntry ? { forwarderEntry: options.forwarderEntry } : {}),
  });
  const depsLockFilePath = options.depsLockFilePath ?? nearestLockFile(plan.root);
  const bundling = options.bundling ?? true;
  const bundles =
    bundling && (options.bundler ?? 'shared') === 'shared'
      ? bundleSystem(app, plan, options, depsLockFilePath)
      : undefined;
  const alarms = alarmSettings(options.alarms ?? {}, stage, plan);
  const eventsStack = new EventsStack(app, eventsStackName(stage.name), {
    stage,
    alarmNotifications: alarms.notifications,
  });
  const services = new Map<string, ServiceStack>();
  for (const service of plan.services) {
    const stack = new ServiceStack(app, serviceStackName(stage.name, service.name), {
      service,
      root: plan.root,
      stage,
      bundling,
      depsLockFilePath,
      forwarderEntry: plan.forwarderEntry,
      ...(alarms.thresholds.has(service.name)
        ? { alarmThresholds: alarms.thresholds.get(service.name) }
        : {}),
      ...(alarms.notifications.topicArn === undefined
        ? {}
        : { alarmTopicArn: alarms.notifications.topicArn }),
    });
    // Deploy order only (no exports): the bus before its publishers and rules, an owner before the
    // subscribers that read its API's SSM parameters.
    stack.addStackDependency(eventsStack, 'publishes to and subscribes on the shared bus');
    services.set(service.name, stack);
  }
  for (const stack of services.values()) {
    for (const owner of stack.calledServices) {
      const ownerStack = services.get(owner);
      // Services that subscribe to each other: the first edge orders them, the closing one cannot
      // (a first deploy of such a pair needs the owner's stack deployed once before).
      if (ownerStack && ownerStack !== stack && !dependsOn(ownerStack, stack)) {
        stack.addStackDependency(ownerStack, `reads the ${owner} API URL and id from SSM`);
      }
    }
  }
  if (options.nag ?? true) addNagChecks(app);
  return { plan, stage, events: eventsStack, services, bundles };
}
