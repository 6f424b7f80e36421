/**
 * The environment of a local execution environment: the function's own variables, the ones Lambda
 * defines (which a function cannot override), then what `dev up` adds on top (the local
 * `AWS_ENDPOINT_URL_*`, region, credentials). Nothing of the parent process leaks in but `PATH`.
 */
import { randomBytes } from 'node:crypto';
import { delimiter } from 'node:path';
import type { LocalFunction } from '../model';

export interface EnvironmentSettings {
  readonly functionName: string;
  readonly region: string;
  /** Module directories the runtime provides (Lambda's /var/runtime/node_modules: the AWS SDK). */
  readonly runtimeModulePaths: readonly string[];
  readonly logStreamName: string;
  readonly extraEnvironment: Readonly<Record<string, string>>;
  /** The parent's PATH, for handlers that spawn programs. */
  readonly path?: string;
}

/** `2026/11/22/[$LATEST]<32 hex>`, as Lambda names an environment's log stream. */
export function logStreamName(now = new Date()): string {
  const date = now.toISOString().slice(0, 10).replaceAll('-', '/');
  return `${date}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

export function logGroupName(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

export function functionEnvironment(
  fn: LocalFunction,
  settings: EnvironmentSettings,
): Record<string, string> {
  const reserved: Record<string, string> = {
    AWS_REGION: settings.region,
    AWS_DEFAULT_REGION: settings.region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: settings.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: logGroupName(settings.functionName),
    AWS_LAMBDA_LOG_STREAM_NAME: settings.logStreamName,
    LAMBDA_TASK_ROOT: fn.codeDir,
    NODE_PATH: [...settings.runtimeModulePaths, fn.codeDir].join(delimiter),
    _HANDLER: fn.handler,
    ...(settings.path === undefined ? {} : { PATH: settings.path }),
  };
  return { ...fn.environment, ...reserved, ...settings.extraEnvironment };
}
