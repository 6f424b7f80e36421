/**
 * Real esbuild bundling (the local esbuild, no Docker) for one service, as `cdk synth` does it for
 * every service: the other infra tests use inline stand-ins to stay fast. The app bundles every
 * entry in one shared build with a cache (lib/infra/bundle.ts; its own tests: bundle.test.ts); the
 * `per-entry` bundler (a NodejsFunction per function, kept to compare) must give the same code.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { BUNDLE_CACHE_DIR, BUNDLER_CONTEXT, contextOptions } from '../../lib/infra/app';
import { registerSharedBundles } from '../../lib/infra/bundle-registry';
import { serviceStackName } from '../../lib/infra/names';
import { BUNDLE_AWS_SDK, ServiceFunction } from '../../lib/infra/service-function';
import { stageConfig } from '../../lib/infra/stage';
import { SystemPlanError } from '../../lib/infra/system';
import { ScratchProject } from '../support/scratch-project';
import { LOCK_FILE, normalizeTemplate, resourcesOfType, type Synthesized, synthesize } from './helpers';

let scratch: ScratchProject;
let synth: Synthesized;

beforeAll(() => {
  // Real code: a scratch copy of the project (the users service as generated, the real forwarder).
  scratch = new ScratchProject();
  synth = usersSynth();
}, 120_000);
afterAll(() => {
  for (const s of others) s.cleanup();
  synth?.cleanup();
  scratch?.cleanup();
});

const USERS = serviceStackName('dev', 'users');
const others: Synthesized[] = [];

/** The users service of the scratch project, synthesized with real bundles into a fresh cdk.out. */
function usersSynth(options: { bundler?: 'shared' | 'per-entry' } = {}): Synthesized {
  const result = synthesize({
    bundling: true,
    root: scratch.dir,
    specFiles: [scratch.path('api-specs/users.json')],
    log: () => {},
    ...options,
  });
  if (result.error) throw result.error;
  return result;
}

function bundles(of: Synthesized = synth): Array<{ description: string; dir: string }> {
  const template = of.template(USERS);
  return Object.values(resourcesOfType(template, 'AWS::Lambda::Function')).map((fn) => {
    expect(fn.Properties.Handler).toBe('index.handler');
    expect(fn.Properties.Code.S3Key).toMatch(/^[0-9a-f]{64}\.zip$/);
    const hash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
    return { description: fn.Properties.Description as string, dir: join(of.outdir, `asset.${hash}`) };
  });
}

describe('bundling with the local esbuild', () => {
  it('bundles every handler and the forwarder into a minified index.js with a source map', () => {
    const all = bundles();
    expect(all).toHaveLength(7);
    for (const { dir } of all) {
      const code = readFileSync(join(dir, 'index.js'), 'utf8');
      // Minified: nearly every byte sits on long lines (the few short ones are template literals, e.g. zod's).
      const onLongLines = code
        .split('\n')
        .filter((line) => line.length > 1000)
        .reduce((sum, line) => sum + line.length, 0);
      expect(onLongLines / code.length).toBeGreaterThan(0.9);
      const map = JSON.parse(readFileSync(join(dir, 'index.js.map'), 'utf8'));
      expect(map.sources.length).toBeGreaterThan(0);
      expect(map.sourcesContent).toBeUndefined();
    }
  });

  it("keeps the $default route's fallback small: the route table and the errors, no SDK, zod or logger", () => {
    const fallback = bundles().find((b) => b.description.includes('$default route'));
    const code = readFileSync(join(fallback?.dir ?? '', 'index.js'), 'utf8');
    expect(code).toContain('method_not_allowed');
    expect(code).not.toMatch(/@aws-sdk|@aws-lambda-powertools|zod/);
    expect(code.length).toBeLessThan(10_000);
  });

  it(`${BUNDLE_AWS_SDK ? 'bundles' : 'leaves out'} the AWS SDK, as the SDK benchmark decided`, () => {
    const forwarder = bundles().find((b) => b.description.includes('stream forwarder'));
    expect(forwarder && existsSync(join(forwarder.dir, 'index.js'))).toBe(true);
    const code = readFileSync(join(forwarder?.dir ?? '', 'index.js'), 'utf8');
    if (BUNDLE_AWS_SDK) expect(code).not.toContain('require("@aws-sdk/client-eventbridge")');
    else expect(code).toContain('require("@aws-sdk/client-eventbridge")');
  });
});

describe('the shared build', () => {
  const code = (of: Synthesized) =>
    new Map(bundles(of).map((b) => [b.description, readFileSync(join(b.dir, 'index.js'), 'utf8')]));

  it('builds every entry once, then reuses them: same template, byte for byte, and same assets', () => {
    expect(synth.system.bundles).toMatchObject({ built: 7, reused: 0 });
    const warm = usersSynth();
    others.push(warm);
    expect(warm.system.bundles).toMatchObject({ built: 0, reused: 7 });
    expect(readFileSync(join(warm.outdir, `${USERS}.template.json`), 'utf8')).toBe(
      readFileSync(join(synth.outdir, `${USERS}.template.json`), 'utf8'),
    );
    expect(code(warm)).toEqual(code(synth));
  });

  it('makes the same template from scratch: the asset hash is the bundle content hash', () => {
    rmSync(join(scratch.dir, BUNDLE_CACHE_DIR), { recursive: true, force: true });
    const cold = usersSynth();
    others.push(cold);
    expect(cold.system.bundles).toMatchObject({ built: 7, reused: 0 });
    expect(readFileSync(join(cold.outdir, `${USERS}.template.json`), 'utf8')).toBe(
      readFileSync(join(synth.outdir, `${USERS}.template.json`), 'utf8'),
    );
  });

  it('gives the code the per-entry bundler (a NodejsFunction per function) gives, in the same template', () => {
    const perEntry = usersSynth({ bundler: 'per-entry' });
    others.push(perEntry);
    expect(perEntry.system.bundles).toBeUndefined();
    expect(code(perEntry)).toEqual(code(synth));
    // Only the asset hashes differ (the CDK hashes a NodejsFunction's output folder itself).
    const shape = (of: Synthesized) =>
      normalizeTemplate(of.templateJson(USERS)) as { Resources: Record<string, { Metadata?: object }> };
    const withoutBundledFlag = (template: ReturnType<typeof shape>) => {
      for (const resource of Object.values(template.Resources)) {
        if (resource.Metadata) delete (resource.Metadata as Record<string, unknown>)['aws:asset:is-bundled'];
      }
      return template;
    };
    expect(withoutBundledFlag(shape(synth))).toEqual(withoutBundledFlag(shape(perEntry)));
  });

  it('fails loudly when a function uses an entry the app did not bundle', () => {
    const app = new App();
    registerSharedBundles(app, new Map());
    const stack = new Stack(app, 'Stack');
    expect(
      () =>
        new ServiceFunction(stack, 'Fn', {
          entry: '/nowhere/handler.ts',
          description: 'not in the plan',
          stage: stageConfig('dev'),
          environment: {},
          bundling: true,
          depsLockFilePath: LOCK_FILE,
        }),
    ).toThrow('internal error: /nowhere/handler.ts is not among the entries the app bundled');
  });

  it('runs no esbuild and writes no cache with bundling off', () => {
    const inline = synthesize({ log: () => {} });
    others.push(inline);
    expect(inline.system.bundles).toBeUndefined();
    expect(existsSync(join(inline.system.plan.root, BUNDLE_CACHE_DIR))).toBe(false);
  });
});

describe(`-c ${BUNDLER_CONTEXT}`, () => {
  const bundler = (value?: unknown) =>
    contextOptions(new App({ context: value === undefined ? {} : { [BUNDLER_CONTEXT]: value } })).bundler;

  it('picks the bundler, the shared build by default', () => {
    expect(bundler()).toBeUndefined();
    expect(bundler('shared')).toBe('shared');
    expect(bundler('per-entry')).toBe('per-entry');
  });

  it('refuses another value, saying which ones exist', () => {
    expect(() => bundler('parallel')).toThrow(SystemPlanError);
    expect(() => bundler('parallel')).toThrow(
      'unknown tributary:bundler "parallel": use shared or per-entry (-c tributary:bundler=per-entry)',
    );
  });
});
