import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { App, Stack } from 'aws-cdk-lib';
import { EventsStack } from './events-stack';
import { addNagChecks } from './nag';
import { eventsStackName, serviceStackName } from './names';
import { ServiceStack } from './service-stack';
import { type StageConfig, stageConfig } from './stage';
import { planSystem, type SystemPlan, SystemPlanError } from './system';

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

export interface SystemOptions {
  /** The project root (api-specs/, functions/). */
  readonly root: string;
  /** Stage name; default dev. */
  readonly stage?: string;
  /** Real esbuild bundling (default true). */
  readonly bundling?: boolean;
  /** Register cdk-nag's AwsSolutions checks on the app (default true). */
  readonly nag?: boolean;
  /** Spec files; default every spec of the root. */
  readonly specFiles?: readonly string[];
  /** The forwarder's entry; default functions/runtime/forwarder/handler.ts of the root. */
  readonly forwarderEntry?: string;
  /** The lock file that roots bundling; default the nearest package-lock.json above the root. */
  readonly depsLockFilePath?: string;
}

export interface TributarySystem {
  readonly plan: SystemPlan;
  readonly stage: StageConfig;
  readonly events: EventsStack;
  /** Service stacks by service name. */
  readonly services: ReadonlyMap<string, ServiceStack>;
}

/** The options the CDK CLI's context carries (`-c stage=prod -c tributary:bundling=false`). */
export function contextOptions(app: App): Partial<Pick<SystemOptions, 'root' | 'stage' | 'bundling'>> {
  const stage: unknown = app.node.tryGetContext(STAGE_CONTEXT);
  const bundling: unknown = app.node.tryGetContext(BUNDLING_CONTEXT);
  const root: unknown = app.node.tryGetContext(ROOT_CONTEXT);
  return {
    ...(typeof root === 'string' && root !== '' ? { root: resolve(root) } : {}),
    ...(stage === undefined ? {} : { stage: String(stage) }),
    ...(bundling === undefined ? {} : { bundling: bundling !== false && bundling !== 'false' }),
  };
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
  const eventsStack = new EventsStack(app, eventsStackName(stage.name), { stage });
  const services = new Map<string, ServiceStack>();
  for (const service of plan.services) {
    const stack = new ServiceStack(app, serviceStackName(stage.name, service.name), {
      service,
      root: plan.root,
      stage,
      bundling: options.bundling ?? true,
      depsLockFilePath,
      forwarderEntry: plan.forwarderEntry,
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
  return { plan, stage, events: eventsStack, services };
}
