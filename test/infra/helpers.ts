import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { buildSystem, type SystemOptions, type TributarySystem } from '../../lib/infra/app';
import type { ServiceFunctionSettings } from '../../lib/infra/service-function';
import { type StageConfig, stageConfig } from '../../lib/infra/stage';
import { planSystem, requiredEntries } from '../../lib/infra/system';

export const REPO = join(__dirname, '..', '..');
/**
 * The infra tests' own system: fixture specs (test/fixtures/infra/project/api-specs: frozen copies of
 * users, orders and notifications, and a `reviews` service), never the repository's api-specs/, so
 * adding or changing a service there does not change what these tests check.
 */
export const FIXTURE_SPECS = join(REPO, 'test', 'fixtures', 'infra', 'project', 'api-specs');
export const FIXTURE_SPEC = join(FIXTURE_SPECS, 'reviews.json');
export const LOCK_FILE = join(REPO, 'package-lock.json');

/** The context of cdk.json (feature flags...), so tests synthesize what the CLI synthesizes. */
export const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(
  readFileSync(join(REPO, 'cdk.json'), 'utf8'),
).context;

/** The fixture specs, absolute paths, sorted. */
export function fixtureSpecFiles(): string[] {
  return readdirSync(FIXTURE_SPECS)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => join(FIXTURE_SPECS, file));
}

/** A stand-in for a Lambda entry: the infra tests need the file, not the behaviour. */
function standIn(entry: string): string {
  return `// Fixture stand-in for ${entry}: infra tests need the file, not the behaviour.\nexport const handler = async (): Promise<{ statusCode: number }> => ({ statusCode: 501 });\n`;
}

/**
 * A throwaway, self-contained project: every fixture spec in its api-specs/ and a stand-in for every
 * Lambda entry the system needs (those `dev generate` writes, and the forwarder), so the CDK app
 * builds it (`-c tributary:root=<dir>` for the real bin/app.ts). `skip` leaves entries out.
 */
export function fixtureProjectCopy(skip: readonly string[] = []): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-project-'));
  mkdirSync(join(dir, 'api-specs'));
  for (const file of fixtureSpecFiles()) cpSync(file, join(dir, 'api-specs', basename(file)));
  // Bundling roots at the lock file's folder (the project's own) and runs its esbuild.
  cpSync(LOCK_FILE, join(dir, 'package-lock.json'));
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const plan = planSystem({ root: dir, checkEntries: false });
  for (const { entry } of requiredEntries(plan)) {
    if (skip.includes(entry)) continue;
    mkdirSync(dirname(join(dir, entry)), { recursive: true });
    writeFileSync(join(dir, entry), standIn(entry));
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

let shared: string | undefined;
/** One fixture project per test file (made on first use, in the temp folder). */
export function fixtureRoot(): string {
  shared ??= fixtureProjectCopy().dir;
  return shared;
}

export interface ValidationViolation {
  readonly ruleName: string;
  readonly severity: string;
  readonly violatingConstructs: ReadonlyArray<{ readonly constructPath: string }>;
}

export interface Synthesized {
  readonly app: App;
  readonly system: TributarySystem;
  readonly outdir: string;
  /** Set unless synthesis failed (cdk-nag findings fail it). */
  readonly assembly: CloudAssembly | undefined;
  readonly error: Error | undefined;
  template(stackName: string): Template;
  templateJson(stackName: string): Record<string, unknown>;
  /** Every violation of every validation plugin (cdk-nag, CloudFormation rules, annotations). */
  violations(): ValidationViolation[];
  /** Every acknowledged violation, with its acknowledgement. */
  suppressed(): SuppressedViolation[];
  cleanup(): void;
}

export type SynthesizeOptions = Partial<SystemOptions>;

export interface SuppressedViolation extends ValidationViolation {
  readonly acknowledgedId: string;
  readonly acknowledgedAt: string;
  readonly reason: string;
}

interface ValidationReport {
  readonly pluginReports: ReadonlyArray<{
    readonly pluginName: string;
    readonly violations: ValidationViolation[];
    readonly suppressedViolations?: SuppressedViolation[];
  }>;
}

/** Builds the fixture system in a fresh App and synthesizes it once (bundling off by default). */
export function synthesize(options: SynthesizeOptions = {}): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'tributary-infra-'));
  const app = new App({
    outdir,
    analyticsReporting: false,
    context: { ...CDK_JSON_CONTEXT },
  });
  const root = options.root ?? fixtureRoot();
  const system = buildSystem(app, {
    root,
    specFiles: fixtureSpecFiles(),
    // Bundling needs every entry under the lock file's folder: the project's own when it has one.
    depsLockFilePath: existsSync(join(root, 'package-lock.json'))
      ? join(root, 'package-lock.json')
      : LOCK_FILE,
    bundling: false,
    ...options,
  });
  let assembly: CloudAssembly | undefined;
  let error: Error | undefined;
  try {
    assembly = app.synth();
  } catch (caught) {
    error = caught as Error;
  }
  const report = (): ValidationReport =>
    JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
  const templateJson = (stackName: string): Record<string, unknown> =>
    JSON.parse(readFileSync(join(outdir, `${stackName}.template.json`), 'utf8'));
  return {
    app,
    system,
    outdir,
    assembly,
    error,
    template: (stackName) => Template.fromJSON(templateJson(stackName)),
    templateJson,
    violations: () => report().pluginReports.flatMap((r) => r.violations),
    suppressed: () => report().pluginReports.flatMap((r) => r.suppressedViolations ?? []),
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/** The resources of a template of a type, by logical id. */
export function resourcesOfType(
  template: Template,
  type: string,
): Record<string, { Properties: Record<string, any>; [key: string]: any }> {
  return template.findResources(type) as Record<string, { Properties: Record<string, any> }>;
}

/**
 * A template with what changes for reasons other than the constructs replaced by placeholders:
 * asset hashes (content of the bundles) and anything else shaped like a SHA-256.
 */
export function normalizeTemplate(template: unknown): unknown {
  return JSON.parse(JSON.stringify(template).replace(/[0-9a-f]{64}/g, '<hash>'));
}

/**
 * An empty stack for one construct's unit test, in an app with cdk.json's context (feature flags),
 * so the construct renders as it does in the app's stacks.
 */
export function constructStack(id = 'tributary-dev-test'): Stack {
  return new Stack(new App({ context: { ...CDK_JSON_CONTEXT } }), id);
}

/** What a construct's functions share in unit tests: inline stand-in code (no esbuild). */
export function unbundled(stage: StageConfig = stageConfig('dev')): ServiceFunctionSettings {
  return { stage, bundling: false, depsLockFilePath: LOCK_FILE };
}

/** Where a construct's function entry would be: unread with bundling off, so any absolute path does. */
export const STAND_IN_ENTRY = join(REPO, 'functions', 'runtime', 'http', 'fallback-handler.ts');

/** The one resource of a type in a template, with its logical id; fails unless there is exactly one. */
export function onlyResource(
  template: Template,
  type: string,
): { id: string; Properties: Record<string, any>; [key: string]: any } {
  const entries = Object.entries(resourcesOfType(template, type));
  if (entries.length !== 1) throw new Error(`expected one ${type}, found ${entries.length}`);
  const [id, resource] = entries[0]!;
  return { ...resource, id };
}
