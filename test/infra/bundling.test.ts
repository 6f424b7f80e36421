/**
 * Real esbuild bundling (the local esbuild, no Docker) for one service, as `cdk synth` does it for
 * every service: the other infra tests use inline stand-ins to stay fast.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serviceStackName } from '../../lib/infra/names';
import { BUNDLE_AWS_SDK } from '../../lib/infra/service-function';
import { ScratchProject } from '../support/scratch-project';
import { resourcesOfType, type Synthesized, synthesize } from './helpers';

let scratch: ScratchProject;
let synth: Synthesized;

beforeAll(() => {
  // Real code: a scratch copy of the project (the users service as generated, the real forwarder).
  scratch = new ScratchProject();
  synth = synthesize({
    bundling: true,
    root: scratch.dir,
    specFiles: [scratch.path('api-specs/users.json')],
  });
  if (synth.error) throw synth.error;
}, 120_000);
afterAll(() => {
  synth?.cleanup();
  scratch?.cleanup();
});

function bundles(): Array<{ description: string; dir: string }> {
  const template = synth.template(serviceStackName('dev', 'users'));
  return Object.values(resourcesOfType(template, 'AWS::Lambda::Function')).map((fn) => {
    expect(fn.Properties.Handler).toBe('index.handler');
    expect(fn.Properties.Code.S3Key).toMatch(/^[0-9a-f]{64}\.zip$/);
    const hash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
    return { description: fn.Properties.Description as string, dir: join(synth.outdir, `asset.${hash}`) };
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
