/**
 * The app's Lambda functions (AWS::Lambda::Function) as the local runner runs them: code from the
 * synthesized asset directory, environment resolved for local use, and their asynchronous
 * invocation settings (AWS::Lambda::EventInvokeConfig).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LocalAsyncInvokeConfig, LocalFunction } from '../model';
import { isObject } from './assembly';
import { type ReaderContext, type ResourceEntry, resourcesOfType } from './reader';
import { localFunctionName, TemplateError } from './scope';

/** Lambda's defaults when the template leaves them out. */
export const FUNCTION_DEFAULTS = { timeoutSeconds: 3, memoryMb: 128 } as const;
/** Lambda's defaults for asynchronous invocations. */
export const ASYNC_INVOKE_DEFAULTS = { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 21_600 } as const;

export function readFunctions(context: ReaderContext): Map<string, LocalFunction> {
  const functions = new Map<string, LocalFunction>();
  const deadLetterQueues = new Map<string, string>();
  for (const entry of resourcesOfType(context.assembly, 'AWS::Lambda::Function')) {
    const fn = readFunction(context, entry);
    if (fn === undefined) continue;
    functions.set(fn.id, fn);
    const queueId = deadLetterQueue(context, entry);
    if (queueId !== undefined) deadLetterQueues.set(fn.id, queueId);
  }
  const configs = readAsyncInvokeConfigs(context, functions);
  for (const [functionId, fn] of functions) {
    const config = configs.get(functionId);
    const deadLetterQueueId = deadLetterQueues.get(functionId);
    if (config === undefined && deadLetterQueueId === undefined) continue;
    functions.set(functionId, {
      ...fn,
      asyncInvoke: {
        ...ASYNC_INVOKE_DEFAULTS,
        ...config,
        ...(deadLetterQueueId === undefined ? {} : { deadLetterQueueId }),
      },
    });
  }
  return functions;
}

function readFunction(context: ReaderContext, entry: ResourceEntry): LocalFunction | undefined {
  const { scope } = context;
  const { stack, logicalId, resource, id } = entry;
  const properties = resource.Properties;
  const at = (property: string) => ({ logicalId, property });
  if (properties.PackageType === 'Image') {
    context.warn(`${id}: a container image function is not run locally`);
    return undefined;
  }
  const runtime =
    properties.Runtime === undefined ? undefined : scope.string(stack, properties.Runtime, at('Runtime'));
  if (runtime === undefined || !runtime.startsWith('nodejs')) {
    context.warn(`${id}: runtime ${runtime ?? '(none)'} is not run locally (Node.js only)`);
    return undefined;
  }
  const handler = scope.string(stack, properties.Handler, at('Handler'));
  const environment: Record<string, string> = {};
  const variables = isObject(properties.Environment) ? properties.Environment.Variables : undefined;
  if (isObject(variables)) {
    for (const [name, node] of Object.entries(variables)) {
      environment[name] = scope.string(stack, node, at(`Environment.Variables.${name}`));
    }
  }
  const description =
    properties.Description === undefined
      ? {}
      : { description: scope.string(stack, properties.Description, at('Description')) };
  return {
    id,
    stack: stack.stackName,
    logicalId,
    ...description,
    codeDir: codeDirectory(context, entry),
    handler,
    environment,
    timeoutSeconds: scope.number(stack, properties.Timeout, at('Timeout'), FUNCTION_DEFAULTS.timeoutSeconds),
    memoryMb: scope.number(stack, properties.MemorySize, at('MemorySize'), FUNCTION_DEFAULTS.memoryMb),
    runtime,
    functionName:
      properties.FunctionName === undefined
        ? localFunctionName(stack.stackName, logicalId)
        : scope.string(stack, properties.FunctionName, at('FunctionName')),
  };
}

/**
 * The directory of the function's code: the asset the `aws:asset:path` metadata names (CDK sets it
 * on every asset-backed function), else the asset whose hash is the `Code.S3Key`, else inline
 * `Code.ZipFile` written to a temporary directory.
 */
function codeDirectory(context: ReaderContext, entry: ResourceEntry): string {
  const { stack, logicalId, resource } = entry;
  const fail = (reason: string): never => {
    throw new TemplateError(stack.stackName, logicalId, 'Code', reason);
  };
  const code = resource.Properties.Code;
  if (!isObject(code)) return fail('the function has no Code');
  const assetPath = resource.Metadata['aws:asset:path'];
  const assetProperty = resource.Metadata['aws:asset:property'];
  let dir: string;
  if (typeof assetPath === 'string' && (assetProperty === undefined || assetProperty === 'Code')) {
    dir = resolve(stack.assemblyDir, assetPath);
  } else if (code.ZipFile !== undefined) {
    return inlineCode(context.scope.string(stack, code.ZipFile, { logicalId, property: 'Code.ZipFile' }));
  } else if (code.S3Key !== undefined) {
    const key = context.scope.string(stack, code.S3Key, { logicalId, property: 'Code.S3Key' });
    const asset = context.assembly.assets.get(key.replace(/\.zip$/, ''));
    if (asset === undefined) return fail(`S3 object ${key} is not an asset of this cloud assembly`);
    if (asset.packaging !== 'zip')
      return fail(`asset ${asset.path} is a ready-made archive, not a directory`);
    dir = asset.path;
  } else {
    return fail('neither an asset nor inline code');
  }
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return fail(`asset directory ${dir} is missing: synthesize the app again (npx cdk synth)`);
  }
  return dir;
}

/** Inline code (`Code.ZipFile`) as Lambda stores it: `index.js` in a directory of its own. */
function inlineCode(source: string): string {
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 32);
  const dir = join(tmpdir(), 'tributary-local-inline', hash);
  const file = join(dir, 'index.js');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, source);
  }
  return dir;
}

/** The queue of the function's DeadLetterConfig (where Lambda sends failed asynchronous events). */
function deadLetterQueue(context: ReaderContext, entry: ResourceEntry): string | undefined {
  const config = entry.resource.Properties.DeadLetterConfig;
  if (!isObject(config) || config.TargetArn === undefined) return undefined;
  const target = context.scope.reference(entry.stack, config.TargetArn, {
    logicalId: entry.logicalId,
    property: 'DeadLetterConfig.TargetArn',
  });
  if (target.resource.Type === 'AWS::SQS::Queue') return target.id;
  context.warn(`${entry.id}: dead-letter target ${target.id} (${target.resource.Type}) is not run locally`);
  return undefined;
}

function readAsyncInvokeConfigs(
  context: ReaderContext,
  functions: ReadonlyMap<string, LocalFunction>,
): Map<string, LocalAsyncInvokeConfig> {
  const { scope } = context;
  const configs = new Map<string, LocalAsyncInvokeConfig>();
  for (const { stack, logicalId, resource, id } of resourcesOfType(
    context.assembly,
    'AWS::Lambda::EventInvokeConfig',
  )) {
    const properties = resource.Properties;
    const at = (property: string) => ({ logicalId, property });
    const target = scope.reference(stack, properties.FunctionName, at('FunctionName'));
    if (!functions.has(target.id)) continue;
    const qualifier =
      properties.Qualifier === undefined
        ? '$LATEST'
        : scope.string(stack, properties.Qualifier, at('Qualifier'));
    if (qualifier !== '$LATEST') context.warn(`${id}: qualifier ${qualifier} applies to $LATEST locally`);
    let onFailureQueueId: string | undefined;
    const destinations = properties.DestinationConfig;
    const onFailure =
      isObject(destinations) && isObject(destinations.OnFailure) ? destinations.OnFailure : undefined;
    if (onFailure !== undefined) {
      const destination = scope.reference(
        stack,
        onFailure.Destination,
        at('DestinationConfig.OnFailure.Destination'),
      );
      if (destination.resource.Type === 'AWS::SQS::Queue') onFailureQueueId = destination.id;
      else
        context.warn(
          `${id}: on-failure destination ${destination.id} (${destination.resource.Type}) is not run locally`,
        );
    }
    if (isObject(destinations) && destinations.OnSuccess !== undefined) {
      context.warn(`${id}: on-success destinations are not run locally`);
    }
    configs.set(target.id, {
      maximumRetryAttempts: scope.number(
        stack,
        properties.MaximumRetryAttempts,
        at('MaximumRetryAttempts'),
        ASYNC_INVOKE_DEFAULTS.maximumRetryAttempts,
      ),
      maximumEventAgeInSeconds: scope.number(
        stack,
        properties.MaximumEventAgeInSeconds,
        at('MaximumEventAgeInSeconds'),
        ASYNC_INVOKE_DEFAULTS.maximumEventAgeInSeconds,
      ),
      ...(onFailureQueueId === undefined ? {} : { onFailureQueueId }),
    });
  }
  return configs;
}
