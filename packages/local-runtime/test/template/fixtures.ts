/** Small hand-written cloud assemblies for the template readers' tests. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Template = Record<string, any>;

const dirs: string[] = [];

/** Removes every assembly made so far (call it in afterAll). */
export function removeAssemblies(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A cloud assembly with the stacks' templates, and an asset directory per hash. */
export function assembly(stacks: Record<string, Template>, assets: string[] = ['abc']): string {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-template-'));
  dirs.push(dir);
  const artifacts: Record<string, unknown> = {};
  for (const [name, template] of Object.entries(stacks)) {
    writeFileSync(join(dir, `${name}.template.json`), JSON.stringify(template));
    artifacts[name] = {
      type: 'aws:cloudformation:stack',
      properties: { templateFile: `${name}.template.json` },
    };
  }
  const files: Record<string, unknown> = {};
  for (const hash of assets) {
    mkdirSync(join(dir, `asset.${hash}`));
    writeFileSync(join(dir, `asset.${hash}`, 'index.js'), 'exports.handler = async () => 1;');
    files[hash] = { source: { path: `asset.${hash}`, packaging: 'zip' }, destinations: {} };
  }
  writeFileSync(join(dir, 'app.assets.json'), JSON.stringify({ version: '1', files }));
  artifacts['app.assets'] = { type: 'cdk:asset-manifest', properties: { file: 'app.assets.json' } };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ version: '1', artifacts }));
  return dir;
}

/** An AWS::Lambda::Function with code in the asset `hash`. */
export function fn(properties: Template = {}, hash = 'abc'): Template {
  return {
    Type: 'AWS::Lambda::Function',
    Properties: {
      Code: { S3Bucket: 'bucket', S3Key: `${hash}.zip` },
      Handler: 'index.handler',
      Runtime: 'nodejs24.x',
      ...properties,
    },
    Metadata: { 'aws:asset:path': `asset.${hash}`, 'aws:asset:property': 'Code' },
  };
}
