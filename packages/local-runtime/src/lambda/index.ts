/** The local Lambda runtime: {@link LambdaRunner} runs the app's functions in processes of their runtime's Node.js. */

export {
  machineNodeBinaries,
  type NodeBinaries,
  type NodeBinary,
  RuntimeUnavailableError,
  resolveNodeBinaries,
} from './node-runtime';
export type { PoolStats } from './pool';
export type { LambdaError } from './protocol';
export {
  DEFAULT_ACCOUNT_ID,
  DEFAULT_MAX_CONCURRENCY,
  DEFAULT_REGION,
  LambdaRunner,
  type LambdaRunnerOptions,
} from './runner';
export { INIT_TIMEOUT_MS } from './sandbox';
