import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DEFAULT_STAGE, PROD_STAGE, type StageName, stageNameProblem } from './stage-name';
import { SystemPlanError } from './system';

/**
 * What differs between stages (`-c stage=<name>`). `prod` has its settings spelled out; every other
 * stage (dev, a pull request's `pr-42`, a developer's `dev-ada`) takes dev's, so what is tested in a
 * pull-request stage is what runs in prod, with only retention and protection apart.
 */
export {
  DEFAULT_STAGE,
  isStageName,
  PROD_STAGE,
  STAGE_NAME_MAX_LENGTH,
  type StageName,
} from './stage-name';

export interface StageConfig {
  readonly name: StageName;
  /** Tables, queues, log groups and the archive: destroyed with the stack in dev, kept in prod. */
  readonly removalPolicy: RemovalPolicy;
  /** DynamoDB deletion protection. */
  readonly deletionProtection: boolean;
  /** Lambda logs and API access logs. */
  readonly logRetention: RetentionDays;
  /** How long the event archive keeps events for replay. */
  readonly archiveRetention: Duration;
  /** POWERTOOLS_LOG_LEVEL of every function. */
  readonly logLevel: 'DEBUG' | 'INFO';
}

/** Every stage but prod: throwaway data, a week of logs and archive, debug logs. */
const DEV_SETTINGS: Omit<StageConfig, 'name'> = {
  removalPolicy: RemovalPolicy.DESTROY,
  deletionProtection: false,
  logRetention: RetentionDays.ONE_WEEK,
  archiveRetention: Duration.days(7),
  logLevel: 'DEBUG',
};

/** prod: explicit, nothing inherited. */
const PROD_SETTINGS: Omit<StageConfig, 'name'> = {
  removalPolicy: RemovalPolicy.RETAIN,
  deletionProtection: true,
  logRetention: RetentionDays.ONE_YEAR,
  archiveRetention: Duration.days(365),
  logLevel: 'INFO',
};

/** The configuration of a stage named on the command line (`-c stage=...`); default dev. */
export function stageConfig(value: unknown = DEFAULT_STAGE): StageConfig {
  const name = value ?? DEFAULT_STAGE;
  const problem = stageNameProblem(name);
  if (problem !== undefined) throw new SystemPlanError(`${problem} (-c stage=<name>)`);
  const stage = name as StageName;
  return { name: stage, ...(stage === PROD_STAGE ? PROD_SETTINGS : DEV_SETTINGS) };
}
