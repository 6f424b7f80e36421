/**
 * Real esbuild bundling (the local esbuild, no Docker) for one service, as `cdk synth` does it for
 * every service: the other infra tests use inline stand-ins to stay fast.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serviceStackName } from '../../lib/infra/names';
import { BUNDLE_AWS_SDK } from '../../lib/infra/service-function';
import { REPO, resourcesOfType, type Synthesized, synthesize } from './helpers';

let synth: Synthesized;

beforeAll(() => {
  synth = synthesize({ bundling: true, specFiles: [join(REPO, 'api-specs', 'users.json')] });
  if (synth.error) throw synth.error;
}, 120_000);
afterAll(() => synth?.cleanup());

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
    expect(all).toHaveLength(6);
    for (const { dir } of all) {
      const code = readFileSync(join(dir, 'index.js'), 'utf8');
      expect(code.split('\n').length).toBeLessThan(10);
      const map = JSON.parse(readFileSync(join(dir, 'index.js.map'), 'utf8'));
      expect(map.sources.length).toBeGreaterThan(0);
      expect(map.sourcesContent).toBeUndefined();
    }
  });

  it(`${BUNDLE_AWS_SDK ? 'bundles' : 'leaves out'} the AWS SDK, as the SDK benchmark decided`, () => {
    const forwarder = bundles().find((b) => b.description.includes('stream forwarder'));
    expect(forwarder && existsSync(join(forwarder.dir, 'index.js'))).toBe(true);
    const code = readFileSync(join(forwarder?.dir ?? '', 'index.js'), 'utf8');
    if (BUNDLE_AWS_SDK) expect(code).not.toContain('require("@aws-sdk/client-eventbridge")');
    else expect(code).toContain('require("@aws-sdk/client-eventbridge")');
  });
});
