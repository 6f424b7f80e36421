import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DEFAULT_STAGE, isStageName, STAGES, type StageName } from './stage-name';
import { SystemPlanError } from './system';

/**
 * What differs between stages (`-c stage=dev|prod`). Everything else is the same in both, so what
 * is tested in dev is what runs in prod.
 */
export { DEFAULT_STAGE, isStageName, STAGES, type StageName } from './stage-name';

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

const CONFIGS: Readonly<Record<StageName, StageConfig>> = {
  dev: {
    name: 'dev',
    removalPolicy: RemovalPolicy.DESTROY,
    deletionProtection: false,
    logRetention: RetentionDays.ONE_WEEK,
    archiveRetention: Duration.days(7),
    logLevel: 'DEBUG',
  },
  prod: {
    name: 'prod',
    removalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: true,
    logRetention: RetentionDays.ONE_YEAR,
    archiveRetention: Duration.days(365),
    logLevel: 'INFO',
  },
};

/** The configuration of a stage named on the command line (`-c stage=...`); default dev. */
export function stageConfig(value: unknown = DEFAULT_STAGE): StageConfig {
  const name = value ?? DEFAULT_STAGE;
  if (!isStageName(name)) {
    throw new SystemPlanError(`unknown stage ${JSON.stringify(name)}: use -c stage=${STAGES.join('|')}`);
  }
  return CONFIGS[name];
}
