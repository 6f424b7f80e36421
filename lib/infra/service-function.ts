import { resolve } from 'node:path';
import { AssetHashType, type Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BUNDLE_AWS_SDK, lambdaBuildOptions, RUNTIME_PROVIDED_MODULES } from './bundle-options';
import { sharedBundles } from './bundle-registry';
import { FUNCTION_DEFAULTS } from './defaults';
import { acknowledge } from './nag';
import type { StageConfig } from './stage';

/**
 * The team's defaults for every Lambda, in one place. Every function of every service is one of
 * these, so a default changes everywhere at once:
 *
 * - the current Node.js runtime (the latest the CDK knows: cdk-nag's AwsSolutions-L1), ARM64;
 * - a minified esbuild bundle with source maps (`--enable-source-maps`), no sources inlined, the AWS
 *   SDK (`@aws-sdk/*`, `@smithy/*`) taken from the runtime, not bundled (bundle-options.ts,
 *   {@link BUNDLE_OPTIONS});
 * - its code from the app's shared build (bundle.ts: every entry in one esbuild build, cached by
 *   content) when the app registered one, as buildSystem does; otherwise (the `per-entry` bundler,
 *   kept to compare) a NodejsFunction that runs esbuild for this function alone;
 * - its own log group with the stage's retention and removal policy, and its own role that may
 *   write to that log group and nothing else until a grant says otherwise (no AWS managed policy);
 * - active X-Ray tracing, its two actions in a separate policy so their `*` is the only wildcard
 *   acknowledged.
 *
 * With `bundling: false` (context `tributary:bundling=false`, for unit tests) the code is an inline
 * stand-in that throws: same template shape, no esbuild run.
 */

export const RUNTIME = lambda.Runtime.NODEJS_24_X;
export const ARCHITECTURE = lambda.Architecture.ARM_64;

/** Every bundle's esbuild settings: the runtime's Node.js major, cjs, minified, source maps, no SDK. */
export const BUNDLE_OPTIONS = lambdaBuildOptions(RUNTIME);

// Decided in bundle-options.ts; exported here too, where every other Lambda default is.
export { BUNDLE_AWS_SDK, RUNTIME_PROVIDED_MODULES };

/** Code that stands in for a bundle when bundling is off; it never runs in a deployed stage. */
export const INLINE_STAND_IN =
  "exports.handler = async () => { throw new Error('built with tributary:bundling=false: not deployable'); };";

export interface ServiceFunctionProps {
  /** Absolute path of the entry file (exports `handler`). */
  readonly entry: string;
  readonly description: string;
  readonly stage: StageConfig;
  readonly environment: Readonly<Record<string, string>>;
  /** Real esbuild bundling (default) or the inline stand-in. */
  readonly bundling: boolean;
  /** The lock file whose folder is the bundling project root (the `per-entry` bundler's). */
  readonly depsLockFilePath: string;
  /**
   * How long one invocation may run.
   * @default FUNCTION_DEFAULTS.timeout (10 seconds, defaults.ts)
   */
  readonly timeout?: Duration;
  /**
   * Memory in MiB (CPU grows with it).
   * @default FUNCTION_DEFAULTS.memorySize (256, defaults.ts)
   */
  readonly memorySize?: number;
  /**
   * Asynchronous invocations only: retries and the queue that receives what still failed.
   * @default - Lambda's own (2 retries, 6 hours, no dead-letter queue)
   */
  readonly async?: {
    readonly retryAttempts: number;
    readonly maxEventAge: Duration;
    readonly deadLetterQueue: sqs.IQueue;
  };
}

/**
 * What every function of a service stack shares: the stage and how code is bundled. The service
 * constructs (operation-handler.ts, fallback-route.ts, stream-forwarder.ts, subscriber.ts) take it
 * as `functions` and add what is theirs (entry, description, environment, sizes).
 */
export type ServiceFunctionSettings = Pick<ServiceFunctionProps, 'stage' | 'bundling' | 'depsLockFilePath'>;

export class ServiceFunction extends Construct {
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.stage.logRetention,
      removalPolicy: props.stage.removalPolicy,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (execution role)`,
    });
    this.logGroup.grantWrite(this.role);

    const common: lambda.FunctionOptions = {
      description: props.description,
      architecture: ARCHITECTURE,
      memorySize: props.memorySize ?? FUNCTION_DEFAULTS.memorySize,
      timeout: props.timeout ?? FUNCTION_DEFAULTS.timeout,
      role: this.role,
      logGroup: this.logGroup,
      environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
      ...(props.async
        ? {
            retryAttempts: props.async.retryAttempts,
            maxEventAge: props.async.maxEventAge,
            deadLetterQueue: props.async.deadLetterQueue,
          }
        : {}),
    };
    this.function = props.bundling ? this.#bundled(props, common) : this.#inline(common);

    // Tracing: set on the function directly so the X-Ray statement lives in its own policy.
    const cfn = this.function.node.defaultChild as lambda.CfnFunction;
    cfn.tracingConfig = { mode: 'Active' };
    const tracing = new iam.Policy(this, 'TracingPolicy', {
      statements: [
        new iam.PolicyStatement({
          actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
          resources: ['*'],
        }),
      ],
    });
    tracing.attachToRole(this.role);
    // Lambda checks the role may write traces when the function is created or updated.
    this.function.node.addDependency(tracing);
    acknowledge(
      tracing,
      'AwsSolutions-IAM5[Resource::*]',
      'xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions; this policy holds nothing else.',
    );
  }

  #bundled(props: ServiceFunctionProps, common: lambda.FunctionOptions): lambda.Function {
    const shared = sharedBundles(this);
    if (!shared) return this.#bundledAlone(props, common);
    const entry = resolve(props.entry);
    const bundle = shared.get(entry);
    if (!bundle) {
      throw new Error(
        `internal error: ${entry} is not among the entries the app bundled; requiredEntries (lib/infra/system.ts) must list every Lambda entry the stacks use`,
      );
    }
    return new lambda.Function(this, 'Function', {
      ...common,
      runtime: RUNTIME,
      handler: 'index.handler',
      // The asset hash comes from the bundle's bytes (no second hashing of the folder by the CDK):
      // same sources, same bundle, same hash, same template.
      code: lambda.Code.fromAsset(bundle.dir, {
        assetHash: bundle.contentHash,
        assetHashType: AssetHashType.CUSTOM,
      }),
    });
  }

  /** The `per-entry` bundler: esbuild for this function alone, as the CDK does it. */
  #bundledAlone(props: ServiceFunctionProps, common: lambda.FunctionOptions): lambda.Function {
    return new nodejs.NodejsFunction(this, 'Function', {
      ...common,
      runtime: RUNTIME,
      entry: props.entry,
      handler: 'handler',
      depsLockFilePath: props.depsLockFilePath,
      bundling: {
        minify: BUNDLE_OPTIONS.minify,
        sourceMap: BUNDLE_OPTIONS.sourcemap,
        sourcesContent: BUNDLE_OPTIONS.sourcesContent,
        target: BUNDLE_OPTIONS.target,
        format: nodejs.OutputFormat.CJS,
        bundleAwsSDK: BUNDLE_AWS_SDK,
        externalModules: [...BUNDLE_OPTIONS.external],
        forceDockerBundling: false,
        logLevel: nodejs.LogLevel.ERROR,
      },
    });
  }

  #inline(common: lambda.FunctionOptions): lambda.Function {
    return new lambda.Function(this, 'Function', {
      ...common,
      runtime: RUNTIME,
      handler: 'index.handler',
      code: lambda.Code.fromInline(INLINE_STAND_IN),
    });
  }
}
