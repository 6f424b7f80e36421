/**
 * What the CDK app (bin/app.ts) is made from, relative to the project root: the specs, the functions
 * it bundles, the infrastructure code and what it validates specs with, its settings and the lock
 * file. `dev up` synthesizes again when any of it is newer than cdk.out; tests, docs and the rest of
 * the toolchain do not make it stale.
 */
export const APP_SOURCES: readonly string[] = [
  'api-specs',
  'functions',
  'lib/infra',
  'lib/contract',
  'bin/app.ts',
  'cdk.json',
  'package-lock.json',
];
