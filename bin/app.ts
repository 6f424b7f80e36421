#!/usr/bin/env node
/**
 * The CDK app: the whole system from api-specs/ and functions/. Run by the CDK CLI (cdk.json):
 *
 *   npx cdk synth                  # dev stage
 *   npx cdk synth -c stage=prod
 *   npx dev deploy [--stage prod]  # cdk deploy with the right arguments
 */
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildSystem, contextOptions } from '../lib/infra/app';
import { SystemPlanError } from '../lib/infra/system';

const app = new App();
try {
  buildSystem(app, { root: join(__dirname, '..'), ...contextOptions(app) });
  app.synth();
} catch (error) {
  if (!(error instanceof SystemPlanError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
