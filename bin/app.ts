#!/usr/bin/env node
/**
 * The CDK app: the whole system from api-specs/ and functions/. Run by the CDK CLI (cdk.json):
 *
 *   npx cdk synth                               # dev stage
 *   npx cdk synth -c stage=prod
 *   npx cdk synth -c tributary:bundling=false   # inline stand-ins, no esbuild (fast)
 *   npx dev deploy [--stage prod]               # cdk deploy with the right arguments
 */
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildSystem, contextOptions } from '../lib/infra/app';
import { SystemPlanError } from '../lib/infra/system';

const PROJECT = join(__dirname, '..');

// Synthesized explicitly below, and only when the whole system could be built.
const app = new App({ autoSynth: false });
try {
  buildSystem(app, {
    root: PROJECT,
    // The project's own lock file roots bundling, whichever project root the context names.
    depsLockFilePath: join(PROJECT, 'package-lock.json'),
    ...contextOptions(app),
  });
  app.synth();
} catch (error) {
  if (!(error instanceof SystemPlanError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
