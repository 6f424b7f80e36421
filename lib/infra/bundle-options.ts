import type * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * What a Lambda bundle is, in one place: the shared build (bundle.ts) and the per-function
 * `NodejsFunction` (service-function.ts, kept for comparison) both take their esbuild settings from
 * {@link lambdaBuildOptions}, so the two ways give the same code.
 */

/**
 * Whether to bundle the AWS SDK into each function instead of loading the runtime's copy.
 * `bench/sdk-bundling.bench.ts` (require + client construction in fresh node processes, the local
 * proxy of the init phase) found no init-time gain from bundling: a paired median difference of a
 * few milliseconds either way, inside the noise, while a bundled SDK adds ~585 KiB to every
 * function's zip, which Lambda fetches on each cold start. So the runtime's copy is used. The cost:
 * the deployed SDK version is the runtime's, not the lock file's. Flip this to pin it.
 */
export const BUNDLE_AWS_SDK = false;

/** What the runtime provides when the SDK is not bundled. */
export const RUNTIME_PROVIDED_MODULES = ['@aws-sdk/*', '@smithy/*'] as const;

/** The esbuild settings of every Lambda bundle (a subset of esbuild's BuildOptions). */
export interface LambdaBuildOptions {
  /** esbuild's target for the runtime's Node.js major, e.g. `node24`. */
  readonly target: string;
  readonly platform: 'node';
  /** CommonJS: the runtime loads `index.js` with `require` and calls `index.handler`. */
  readonly format: 'cjs';
  readonly minify: boolean;
  /** A separate `index.js.map`, used by `--enable-source-maps` (set in every function's NODE_OPTIONS). */
  readonly sourcemap: boolean;
  /** No sources inlined in the map: they would double the zip for stack traces that only need lines. */
  readonly sourcesContent: boolean;
  /** Left as `require(...)`: what the runtime provides. */
  readonly external: readonly string[];
}

/** `nodejs24.x` → `node24`: esbuild's target for a Lambda Node.js runtime. */
export function nodeTarget(runtime: lambda.Runtime): string {
  const match = /^nodejs(\d+)\.x$/.exec(runtime.name);
  if (!match)
    throw new Error(`${runtime.name} is not a Node.js Lambda runtime: it cannot run an esbuild bundle`);
  return `node${match[1]}`;
}

export function lambdaBuildOptions(runtime: lambda.Runtime): LambdaBuildOptions {
  return {
    target: nodeTarget(runtime),
    platform: 'node',
    format: 'cjs',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    external: BUNDLE_AWS_SDK ? [] : [...RUNTIME_PROVIDED_MODULES],
  };
}
