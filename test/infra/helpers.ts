import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { buildSystem, type SystemOptions, type TributarySystem } from '../../lib/infra/app';
import { discoverSpecFiles } from '../../lib/spec/files';

export const REPO = join(__dirname, '..', '..');
/** Stand-ins for every Lambda entry, and the extra `reviews` service's spec. */
export const FIXTURE_ROOT = join(REPO, 'test', 'fixtures', 'infra', 'project');
export const FIXTURE_SPEC = join(FIXTURE_ROOT, 'api-specs', 'reviews.json');
export const LOCK_FILE = join(REPO, 'package-lock.json');

/** The context of cdk.json (feature flags...), so tests synthesize what the CLI synthesizes. */
export const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(
  readFileSync(join(REPO, 'cdk.json'), 'utf8'),
).context;

/** The reference specs of the repository plus the fixture service. */
export function fixtureSpecFiles(): string[] {
  return [...discoverSpecFiles(REPO).map((file) => join(REPO, file)), FIXTURE_SPEC];
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
  const system = buildSystem(app, {
    root: FIXTURE_ROOT,
    specFiles: fixtureSpecFiles(),
    depsLockFilePath: LOCK_FILE,
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
 * A throwaway, self-contained project: the fixture's functions/ and every fixture spec in its
 * api-specs/, so the real `bin/app.ts` can build it with `-c tributary:root=<dir>`.
 */
export function fixtureProjectCopy(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-project-'));
  cpSync(join(FIXTURE_ROOT, 'functions'), join(dir, 'functions'), { recursive: true });
  mkdirSync(join(dir, 'api-specs'));
  for (const file of fixtureSpecFiles()) cpSync(file, join(dir, 'api-specs', basename(file)));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
