import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../contract/diagnostic';
import { discoverSpecFiles } from '../contract/files';
import type { Spec } from '../contract/schema';
import { type SpecText, validateSpecTexts } from '../contract/validate/validate';
import {
  ALARM_THRESHOLDS_CONTEXT,
  AlarmThresholdsError,
  alarmThresholds,
  DEFAULT_ALARM_THRESHOLDS,
  type ResolvedAlarmThresholds,
} from '../infra/alarm-thresholds';
import { planService } from '../infra/system';
import { asyncApiDocument } from './asyncapi/document';
import { generateClient, generateIndex } from './client';
import { ServiceContext } from './context';
import { generateEvents } from './events';
import { formatTypeScript, type SourceFile } from './format';
import { generateImplementations, implementationSources, implementationsFile } from './implementations';
import { generateLambdas } from './lambdas';
import { FUNCTIONS_DIR, GENERATED_DIR, generatedDirOf, subscriberFile } from './layout';
import { generateModels } from './models';
import { openApiDocument } from './openapi';
import { generateOperations } from './operations';
import { generateReaders } from './readers';
import { generateRepository } from './repository';
import { isGeneratedRunbook, RUNBOOKS_DIR, runbook } from './runbook';
import { isStub, operationStub, type ScaffoldFile, subscriberStub } from './scaffold';
import { generateServiceDeps, serviceDepsFile } from './service-deps';
import { calledServices, subscriptionLinks } from './service-links';
import { GenerateError } from './source';
import { generateTesting } from './testing';

/**
 * `dev generate`: every validated spec → functions/<service>/generated/, plus a stub for each file
 * a person must write and has not (scaffold.ts; never overwritten). The transforms are pure (specs
 * and the set of files people wrote in, file contents out); formatting is one Biome run over all of
 * them; only the CLI writes. The generated/ folders belong to the generator: a file in one that no
 * spec generates is extra, and `dev generate` removes it. See layout.ts for where each file lives.
 */

export { FUNCTIONS_DIR, GENERATED_DIR, generatedDirOf };

/** The modules generated for every service at the top of its generated/ folder (besides service.ts, implementations.ts and lambdas/). */
export const GENERATED_FILES = [
  'models.ts',
  'readers.ts',
  'operations.ts',
  'events.ts',
  'repository.ts',
  'client.ts',
  'index.ts',
  'openapi.json',
  'asyncapi.json',
] as const;

export type GeneratedFile = SourceFile;

export interface GenerationInputs {
  /** Every spec of the system by service (subscriptions and calls name other services); default only this one. */
  readonly specs?: ReadonlyMap<string, Spec>;
  /** Files people wrote (implementations, subscribers), relative to the root; default none. */
  readonly written?: ReadonlySet<string>;
  /** Alarm thresholds by service (cdk.json's `alarms:thresholds`), for the runbooks; default the defaults. */
  readonly thresholds?: ReadonlyMap<string, ResolvedAlarmThresholds>;
}

/**
 * The unformatted files of one validated spec, paths relative to the project root. Throws a
 * GenerateError when the spec cannot become code (id prefixes clash, generated names collide...).
 */
export function generateServiceSources(
  spec: Spec,
  specFile: string,
  inputs: GenerationInputs = {},
): GeneratedFile[] {
  const specs = inputs.specs ?? new Map([[spec.name, spec]]);
  const ctx = new ServiceContext(spec, specFile);
  // Order matters: a module can import only what the modules before it declared.
  const models = generateModels(ctx);
  const readers = generateReaders(ctx);
  const operations = generateOperations(ctx);
  const events = generateEvents(ctx);
  const repository = generateRepository(ctx);
  const client = generateClient(ctx);
  const index = generateIndex(ctx);
  ctx.assertNoCollisions();
  const dir = generatedDirOf(spec.name);
  const contents: Record<(typeof GENERATED_FILES)[number], string> = {
    'models.ts': models,
    'readers.ts': readers,
    'operations.ts': operations,
    'events.ts': events,
    'repository.ts': repository,
    'client.ts': client,
    'index.ts': index,
    'openapi.json': `${JSON.stringify(openApiDocument(spec), null, 2)}\n`,
    'asyncapi.json': `${JSON.stringify(asyncApiDocument(spec), null, 2)}\n`,
  };
  const wiring = [
    { path: serviceDepsFile(spec.name), content: generateServiceDeps(ctx, calledServices(spec, specs)) },
    {
      path: implementationsFile(spec.name),
      content: generateImplementations(ctx, implementationSources(ctx, inputs.written ?? new Set())),
    },
    ...generateLambdas(ctx, subscriptionLinks(spec, specs)),
    // Test doubles (generated/testing/): imported by tests only, never by the Lambda entries.
    ...generateTesting(ctx, calledServices(spec, specs), subscriptionLinks(spec, specs)),
    // The operators' runbook (docs/runbooks/<service>.md), from the plan the CDK app builds.
    runbook({
      plan: planService(spec, specFile, specs),
      thresholds: inputs.thresholds?.get(spec.name) ?? DEFAULT_ALARM_THRESHOLDS,
      subscribers: [...specs.values()]
        .filter((other) => (other.subscriptions ?? []).some((s) => s.service === spec.name))
        .map((other) => other.name)
        .sort(),
    }),
  ];
  return [...GENERATED_FILES.map((name) => ({ path: `${dir}/${name}`, content: contents[name] })), ...wiring];
}

/**
 * The stubs of one validated spec that are not written yet: a custom operation's implementation,
 * a subscription's functions (scaffold.ts). Never one for a file in `inputs.written`.
 */
export function scaffoldServiceSources(
  spec: Spec,
  specFile: string,
  inputs: GenerationInputs = {},
): ScaffoldFile[] {
  const specs = inputs.specs ?? new Map([[spec.name, spec]]);
  const written = inputs.written ?? new Set<string>();
  const ctx = new ServiceContext(spec, specFile);
  const sources = implementationSources(ctx, written);
  const stubs: ScaffoldFile[] = [];
  for (const op of ctx.operations) {
    if (sources.get(op.id)?.kind === 'missing') stubs.push(operationStub(ctx, op));
  }
  for (const link of subscriptionLinks(spec, specs)) {
    if (!written.has(subscriberFile(spec.name, link.publisher, link.resource)))
      stubs.push(subscriberStub(ctx, link));
  }
  return stubs;
}

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

function specMap(specs: ReadonlyArray<{ readonly spec: Spec }>): Map<string, Spec> {
  return new Map(specs.map(({ spec }) => [spec.name, spec]));
}

/**
 * The formatted generated files of a set of validated specs, sorted by path. `thresholds` is the
 * project's `alarms:thresholds` setting (cdk.json), which the runbooks show.
 */
export function generateSources(
  specs: ReadonlyArray<{ readonly spec: Spec; readonly file: string }>,
  written: ReadonlySet<string> = new Set(),
  thresholds?: unknown,
): GeneratedFile[] {
  let resolved: ReadonlyMap<string, ResolvedAlarmThresholds>;
  try {
    resolved = alarmThresholds(
      thresholds,
      specs.map(({ spec }) => spec.name),
    );
  } catch (error) {
    if (error instanceof AlarmThresholdsError) throw new GenerateError(CDK_JSON, [error.message]);
    throw error;
  }
  const inputs: GenerationInputs = { specs: specMap(specs), written, thresholds: resolved };
  const files = specs.flatMap(({ spec, file }) => generateServiceSources(spec, file, inputs));
  return formatTypeScript(files).sort(byPath);
}

/** The formatted stubs of a set of validated specs for what is not written yet, sorted by path. */
export function scaffoldSources(
  specs: ReadonlyArray<{ readonly spec: Spec; readonly file: string }>,
  written: ReadonlySet<string> = new Set(),
): ScaffoldFile[] {
  const inputs: GenerationInputs = { specs: specMap(specs), written };
  const files = specs.flatMap(({ spec, file }) => scaffoldServiceSources(spec, file, inputs));
  return formatTypeScript(files).sort(byPath);
}

/**
 * The files people wrote that the generated wiring may import: every `handlers/*.ts` and
 * `subscribers/*.ts` of a service folder, relative to the root.
 */
export function writtenFiles(root: string, services: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const service of services) {
    for (const folder of ['handlers', 'subscribers']) {
      const relative = `${FUNCTIONS_DIR}/${service}/${folder}`;
      const absolute = join(root, relative);
      if (!existsSync(absolute)) continue;
      for (const entry of readdirSync(absolute, { withFileTypes: true })) {
        if (entry.isFile() && entry.name.endsWith('.ts')) out.add(`${relative}/${entry.name}`);
      }
    }
  }
  return out;
}

export type GenerationPlan =
  | {
      readonly ok: true;
      readonly files: GeneratedFile[];
      /** Stubs for what people must write and have not: written by `dev generate` when missing, never overwritten. */
      readonly scaffolds: ScaffoldFile[];
    }
  | { readonly ok: false; readonly diagnostics: Diagnostic[] };

/** The project's CDK settings file, where the alarm thresholds the runbooks show are set. */
export const CDK_JSON = 'cdk.json';

/** The `alarms:thresholds` context value of the project's cdk.json, if it has one. */
export function thresholdsSetting(root: string): unknown {
  let text: string;
  try {
    text = readFileSync(join(root, CDK_JSON), 'utf8');
  } catch {
    return undefined; // no cdk.json: the documented defaults
  }
  let settings: unknown;
  try {
    settings = JSON.parse(text);
  } catch (error) {
    throw new GenerateError(CDK_JSON, [
      `not JSON (${(error as Error).message}): fix it, then generate again`,
    ]);
  }
  const context =
    typeof settings === 'object' && settings !== null
      ? (settings as { context?: unknown }).context
      : undefined;
  return typeof context === 'object' && context !== null
    ? (context as Record<string, unknown>)[ALARM_THRESHOLDS_CONTEXT]
    : undefined;
}

/** Reads and validates every spec of the project and generates its files; invalid specs generate nothing. */
export function planGeneration(root: string): GenerationPlan {
  const inputs: SpecText[] = discoverSpecFiles(root).map((file) => ({
    file: file.split('\\').join('/'),
    text: readFileSync(join(root, file)),
  }));
  const result = validateSpecTexts(inputs);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) return { ok: false, diagnostics: errors };
  const specs = result.valid.map(({ spec, file }) => ({ spec, file }));
  const written = writtenFiles(
    root,
    specs.map(({ spec }) => spec.name),
  );
  return {
    ok: true,
    files: generateSources(specs, written, thresholdsSetting(root)),
    scaffolds: scaffoldSources(specs, written),
  };
}

/**
 * Every file now in a `functions/<service>/generated/` folder of the project, and every runbook
 * `dev generate` wrote in docs/runbooks/ (a file there without its marker is a person's), relative
 * and sorted.
 */
export function existingGeneratedFiles(root: string): string[] {
  const out: string[] = existingRunbooks(root);
  const functions = join(root, FUNCTIONS_DIR);
  if (!existsSync(functions)) return out.sort();
  const walk = (relative: string): void => {
    for (const entry of readdirSync(join(root, relative), { withFileTypes: true })) {
      const path = `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else out.push(path);
    }
  };
  for (const entry of readdirSync(functions, { withFileTypes: true })) {
    const generated = `${FUNCTIONS_DIR}/${entry.name}/${GENERATED_DIR}`;
    if (entry.isDirectory() && existsSync(join(root, generated))) walk(generated);
  }
  return out.sort();
}

function existingRunbooks(root: string): string[] {
  const dir = join(root, RUNBOOKS_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => `${RUNBOOKS_DIR}/${entry.name}`)
    .filter((path) => isGeneratedRunbook(readFileSync(join(root, path), 'utf8')));
}

export interface Freshness {
  /** Generated files whose content on disk differs. */
  readonly stale: string[];
  /** Generated files not on disk. */
  readonly missing: string[];
  /** Files in generated/ folders that no spec generates. */
  readonly extra: string[];
  /** Stubs of files people must write that are not there yet (the generated wiring imports them). */
  readonly unscaffolded: string[];
}

/** How the files on disk differ from what the specs generate (and which stubs are still to be created). */
export function compareWithDisk(
  root: string,
  files: readonly GeneratedFile[],
  scaffolds: readonly ScaffoldFile[] = [],
): Freshness {
  const stale: string[] = [];
  const missing: string[] = [];
  const wanted = new Set(files.map((f) => f.path));
  for (const file of files) {
    let current: string;
    try {
      current = readFileSync(join(root, file.path), 'utf8');
    } catch {
      missing.push(file.path);
      continue;
    }
    if (current !== file.content) stale.push(file.path);
  }
  const extra = existingGeneratedFiles(root).filter((path) => !wanted.has(path));
  const unscaffolded = scaffolds.map((file) => file.path).filter((path) => !existsSync(join(root, path)));
  return { stale, missing, extra, unscaffolded };
}

export function isFresh(freshness: Freshness): boolean {
  return (
    freshness.stale.length === 0 &&
    freshness.missing.length === 0 &&
    freshness.extra.length === 0 &&
    freshness.unscaffolded.length === 0
  );
}

/** The written files (implementations, subscribers) that are still the stub `dev generate` made. */
export function stubsInPlace(root: string, services: readonly string[]): string[] {
  return [...writtenFiles(root, services)]
    .filter((path) => isStub(readFileSync(join(root, path), 'utf8')))
    .sort();
}
