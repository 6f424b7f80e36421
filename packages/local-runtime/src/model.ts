/**
 * What `dev up` runs, read from the synthesized CDK app (cdk.out): the contract between the
 * template reader (template.ts) and the local services (Lambda runner, stream pollers, event bus,
 * HTTP APIs). Ids are `<stack name>/<logical id>`: unique across the app and stable across synths.
 */

export interface LocalFunction {
  readonly id: string;
  readonly stack: string;
  readonly logicalId: string;
  readonly description?: string;
  /** Absolute directory of the function's asset (cdk.out/asset.<hash>). */
  readonly codeDir: string;
  /** `index.handler`: file (without .js) and export. */
  readonly handler: string;
  /** Resolved for local use: table names, bus name, other services' local URLs. */
  readonly environment: Readonly<Record<string, string>>;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly runtime: string;
  /** The function's name (`FunctionName`, else `<stack>-<logical id>`): what `Ref` of it resolves to. */
  readonly functionName?: string;
  /**
   * Asynchronous invocation settings (AWS::Lambda::EventInvokeConfig, the function's DeadLetterConfig),
   * when the template has any; Lambda's defaults fill what it leaves out.
   */
  readonly asyncInvoke?: LocalAsyncInvokeConfig;
  /** Its execution role, when the role is a resource of the app (`dev up --iam` enforces its policies). */
  readonly role?: LocalRole;
}

/** A function's execution role (AWS::IAM::Role) and what its policies say about EventBridge. */
export interface LocalRole {
  /** `<stack>/<logical id>` of the role. */
  readonly id: string;
  /** `RoleName`, else `<stack>-<logical id>`. */
  readonly name: string;
  /** `arn:aws:iam::<account>:role/<name>`. */
  readonly arn: string;
  /**
   * The statements of its policies (AWS::IAM::Policy, AWS::IAM::ManagedPolicy of the app, the role's
   * inline `Policies`) whose Action (or NotAction) covers `events:PutEvents`. AWS managed policies
   * are not known locally: they grant nothing here.
   */
  readonly putEventsStatements: readonly LocalPolicyStatement[];
}

/** One statement of an identity policy, its values resolved for local use. */
export interface LocalPolicyStatement {
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  /** `Resource` patterns (`*` and `?` wildcards), or `NotResource` ones when `notResource`. */
  readonly resources: readonly string[];
  readonly notResource?: boolean;
  /** `Condition`: operator → condition key → values. */
  readonly condition?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

/** How Lambda retries an asynchronous invocation (an EventBridge delivery) that failed. */
export interface LocalAsyncInvokeConfig {
  /** MaximumRetryAttempts (0-2, default 2). */
  readonly maximumRetryAttempts: number;
  /** MaximumEventAgeInSeconds (60-21600, default 21600). */
  readonly maximumEventAgeInSeconds: number;
  /** Id of the on-failure destination queue, when there is one. */
  readonly onFailureQueueId?: string;
  /** Id of the function's dead-letter queue (DeadLetterConfig), when there is one. */
  readonly deadLetterQueueId?: string;
}

export interface LocalTable {
  readonly id: string;
  readonly stack: string;
  readonly logicalId: string;
  /** The name the table gets in DynamoDB Local (and in the functions' TABLE_NAME). */
  readonly tableName: string;
  readonly keySchema: ReadonlyArray<{ readonly AttributeName: string; readonly KeyType: 'HASH' | 'RANGE' }>;
  readonly attributeDefinitions: ReadonlyArray<{
    readonly AttributeName: string;
    readonly AttributeType: 'S' | 'N' | 'B';
  }>;
  readonly globalSecondaryIndexes: ReadonlyArray<{
    readonly IndexName: string;
    readonly KeySchema: ReadonlyArray<{ readonly AttributeName: string; readonly KeyType: 'HASH' | 'RANGE' }>;
    readonly Projection: { readonly ProjectionType: string };
  }>;
  /** NEW_AND_OLD_IMAGES etc., when the table has a stream. */
  readonly streamViewType?: string;
  readonly ttlAttribute?: string;
}

export interface LocalEventSourceMapping {
  readonly id: string;
  readonly functionId: string;
  readonly tableId: string;
  readonly batchSize: number;
  readonly startingPosition: 'TRIM_HORIZON' | 'LATEST';
  readonly bisectBatchOnFunctionError: boolean;
  /** -1: until the record expires. */
  readonly maximumRetryAttempts: number;
  /** -1: no limit. */
  readonly maximumRecordAgeInSeconds: number;
  readonly reportBatchItemFailures: boolean;
  readonly maximumBatchingWindowInSeconds: number;
  /** Id of the on-failure destination queue, when there is one. */
  readonly onFailureQueueId?: string;
}

export interface LocalRuleTarget {
  readonly functionId: string;
  /** EventBridge's delivery retries (RetryPolicy.MaximumRetryAttempts, default 185). */
  readonly retryAttempts: number;
  /** RetryPolicy.MaximumEventAgeInSeconds (default 86400). */
  readonly maxEventAgeSeconds: number;
  /** Id of the dead-letter queue, when there is one. */
  readonly deadLetterQueueId?: string;
}

export interface LocalRule {
  readonly id: string;
  readonly stack: string;
  readonly busName: string;
  readonly pattern: unknown;
  readonly targets: readonly LocalRuleTarget[];
}

export interface LocalRoute {
  readonly method: string;
  /** API Gateway route path: `/users/{id}`. */
  readonly path: string;
  readonly functionId: string;
  readonly auth: 'AWS_IAM' | 'NONE';
}

export interface LocalHttpApi {
  readonly id: string;
  readonly stack: string;
  /** The service the API belongs to (its stack's service), for printing and URL variables. */
  readonly service: string;
  readonly routes: readonly LocalRoute[];
}

export interface LocalQueue {
  readonly id: string;
  readonly stack: string;
  readonly logicalId: string;
}

export interface LocalSystem {
  readonly functions: ReadonlyMap<string, LocalFunction>;
  readonly tables: ReadonlyMap<string, LocalTable>;
  readonly mappings: readonly LocalEventSourceMapping[];
  readonly rules: readonly LocalRule[];
  readonly apis: readonly LocalHttpApi[];
  readonly queues: ReadonlyMap<string, LocalQueue>;
  /** Event bus names the app creates. */
  readonly buses: readonly string[];
  /** What the template describes that is not run locally (non-Lambda targets, Kinesis/SQS sources...). */
  readonly warnings?: readonly string[];
}

/** The result of one local Lambda invocation. */
export type InvokeResult = (
  | { readonly ok: true; readonly value: unknown; readonly durationMs: number; readonly coldStart: boolean }
  | {
      readonly ok: false;
      readonly error: {
        readonly errorType: string;
        readonly errorMessage: string;
        readonly trace?: readonly string[];
      };
      readonly durationMs: number;
      readonly coldStart: boolean;
      readonly timedOut: boolean;
    }
) & {
  /**
   * The trace header the invocation ran in (its `_X_AMZN_TRACE_ID`): the one asked for, or the new
   * trace it was given without one. What reports name, so an untraced event's delivery attempt and
   * the subscriber's logs and calls of that attempt are found together.
   */
  readonly traceHeader?: string;
};

/** How an invocation is made, besides its event. */
export interface InvokeOptions {
  /**
   * The X-Ray trace header the invocation belongs to (`Root=1-<8 hex>-<24 hex>;Parent=<16 hex>;Sampled=1`):
   * the function sees it in `_X_AMZN_TRACE_ID`. Without one (or with one that has no valid Root),
   * the invocation gets a new trace, as Lambda always sets the variable (trace.ts).
   */
  readonly traceHeader?: string;
}

/** How the event bus, the pollers and the HTTP APIs call a function. */
export interface LambdaInvoker {
  invoke(functionId: string, event: unknown, options?: InvokeOptions): Promise<InvokeResult>;
}

/**
 * What delivering a parked event again takes (an event delivery the bus gave up on): the rule and
 * target it was owed to and the trace it belonged to. The event itself is the message's `body`.
 */
export interface ParkedDelivery {
  readonly ruleId: string;
  readonly functionId: string;
  /** The bus the event was put on. */
  readonly busName: string;
  /** The PutEvents entry's `TraceHeader`, when it had a valid one. */
  readonly traceHeader?: string;
}

/** Where failed work is parked locally (the stand-in for SQS dead-letter and on-failure queues). */
export interface ParkedMessage {
  /**
   * Stable and unique: given when the message is parked (the parking lot makes one when the caller
   * gives none). Lines of a parked-messages file written before ids existed have none.
   */
  readonly id?: string;
  readonly queueId: string;
  readonly at: string;
  /** What failed: the stream batch's description (Lambda's on-failure record), or the event. */
  readonly body: unknown;
  readonly reason: string;
  /** For an event delivery the bus gave up on: what `redrive` needs to deliver it again. */
  readonly delivery?: ParkedDelivery;
  /** When it was redriven (listed only when asked for redriven messages too). */
  readonly redrivenAt?: string;
}

export interface ParkingLot {
  park(message: ParkedMessage): void;
  /** The messages parked (not redriven), oldest first, optionally of one queue. */
  list(queueId?: string): readonly ParkedMessage[];
}
