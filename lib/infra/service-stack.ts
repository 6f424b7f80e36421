import { resolve } from 'node:path';
import { CfnOutput, CfnParameter, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import {
  EVENT_BUS_NAME_VARIABLE,
  eventSource,
  PARKING_QUEUE_URL_VARIABLE,
  POWERTOOLS_LOG_LEVEL_VARIABLE,
  POWERTOOLS_SERVICE_NAME_VARIABLE,
  RESOURCE_TYPES_VARIABLE,
  ROUTES_VARIABLE,
  SERVICE_NAME_VARIABLE,
  TABLE_ACCESS_VARIABLE,
  TABLE_KEY,
  TABLE_NAME_VARIABLE,
  TTL_ATTRIBUTE,
} from '../../functions/runtime/conventions';
import { formatRoutes } from '../../functions/runtime/http/fallback-handler';
import { pascalCase } from '../codegen/names';
import { alarmedService, serviceAlarms } from './alarm-catalog';
import { DEFAULT_ALARM_THRESHOLDS, type ResolvedAlarmThresholds } from './alarm-thresholds';
import { grantTableAccess, routeArn } from './grants';
import { acknowledge } from './nag';
import {
  alarmTopicName,
  apiIdParameterName,
  apiUrlParameterName,
  deadLetterQueueOutput,
  eventBusName,
  FORWARDER_PARKED_QUEUE_OUTPUT,
  subscriptionRuleName,
} from './names';
import { type AlarmSources, addServiceAlarms } from './service-alarms';
import { addServiceDashboard } from './service-dashboard';
import { ServiceFunction, type ServiceFunctionProps } from './service-function';
import type { StageConfig } from './stage';
import type { CallPlan, OperationPlan, ServicePlan, SubscriptionPlan, TableAccessPlan } from './system';

/**
 * One service, everything it owns, built from its plan (its spec) with no per-service code:
 *
 * - one DynamoDB table (stream NEW_AND_OLD_IMAGES, a GSI per index of lib/contract/table-layout.ts, PITR,
 *   encryption, TTL on the TTL attribute);
 * - an HTTP API: a route per operation, IAM auth unless the spec says `auth: none`, access logs;
 *   and a `$default` route (no auth) to a small fallback Lambda that answers 404/405 as a
 *   `generic_error` for whatever no operation's route matches;
 * - a Lambda per operation: GET handlers read their own table, the others read and write it;
 * - the stream forwarder (when a resource publishes events) with its event source mapping and
 *   on-failure queue;
 * - per subscription: a rule on the shared bus, a subscriber Lambda with retries and a dead-letter
 *   queue;
 * - its alarms (alarm-catalog.ts: 5xx rate and p99 latency per operation, the forwarder's lag,
 *   failures and parked records, each subscriber's errors and parked events), every one sending
 *   its ALARM and its OK to the stage's alarm topic (found by its conventional name, like the bus),
 *   and a dashboard (service-dashboard.ts);
 * - every Lambda that calls another service (the spec's `calls`: an operation's, or a subscription's,
 *   default the publisher's GET of one item) gets that service's URL and `execute-api:Invoke` on
 *   exactly the routes it calls.
 *
 * How the owner's API reaches a subscriber: the owner writes its API URL and id to SSM parameters
 * with conventional names (names.ts); the subscriber's stack reads them as CloudFormation
 * parameters of type `AWS::SSM::Parameter::Value<String>`, resolved at deploy time. Unlike a
 * cross-stack export, this does not lock the owner's stack (an export in use cannot change or be
 * removed) and lets each service stack deploy on its own; the app adds a stack dependency so a
 * first `cdk deploy --all` creates the owner first.
 */

/** Access log line: who called which route, how it went. The route key, never the raw path or query (they may hold personal data). */
export const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    sourceIp: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    callerArn: '$context.identity.userArn',
  }),
);

/**
 * Concurrent batches per stream shard. Lambda keeps the records of one item (one partition key) in
 * order across them, so per-item order holds. A stream shard carries up to a table partition's
 * ~1,000 writes per second, about what one forwarder invocation puts (10 calls of 10 entries at a
 * time); 2 leaves room for a batch in retry while the shard's others go on (docs/design.md).
 */
export const FORWARDER_PARALLELIZATION_FACTOR = 2;

/** The forwarder's event source mapping: see DESIGN.md, "Forwarder guarantees". */
export const FORWARDER_EVENT_SOURCE = {
  startingPosition: lambda.StartingPosition.TRIM_HORIZON,
  batchSize: 100,
  bisectBatchOnError: true,
  retryAttempts: 10,
  /** Well inside the stream's 24 h retention, so a parked batch can still be read from the stream. */
  maxRecordAge: Duration.hours(12),
  reportBatchItemFailures: true,
  parallelizationFactor: FORWARDER_PARALLELIZATION_FACTOR,
} as const;

/** EventBridge → subscriber delivery retries (the rule target) and Lambda's own async retries. */
export const SUBSCRIBER_DELIVERY = {
  ruleRetryAttempts: 8,
  ruleMaxEventAge: Duration.hours(6),
  asyncRetryAttempts: 2,
  asyncMaxEventAge: Duration.hours(6),
} as const;

/** The forwarder's iterator age alarm's default threshold (alarm-thresholds.ts has them all). */
export const ITERATOR_AGE_ALARM_MS = DEFAULT_ALARM_THRESHOLDS.forwarderIteratorAgeMilliseconds;

export interface ServiceStackProps extends StackProps {
  readonly service: ServicePlan;
  /** Absolute project root: plan entries are relative to it. */
  readonly root: string;
  readonly stage: StageConfig;
  readonly bundling: boolean;
  readonly depsLockFilePath: string;
  /** Absolute path of the forwarder's entry. */
  readonly forwarderEntry: string;
  /** The service's alarm thresholds (alarm-thresholds.ts); default the documented defaults. */
  readonly alarmThresholds?: ResolvedAlarmThresholds;
  /** An existing SNS topic every alarm notifies besides the stage's (`alarms:topic`). */
  readonly alarmTopicArn?: string;
}

export class ServiceStack extends Stack {
  readonly service: ServicePlan;
  readonly table: dynamodb.Table;
  readonly api: apigwv2.HttpApi;
  readonly apiStage: apigwv2.HttpStage;
  /** Operation Lambdas by operation id. */
  readonly handlers = new Map<string, ServiceFunction>();
  /** Subscriber Lambdas by `<publisher>.<resource>`. */
  readonly subscribers = new Map<string, ServiceFunction>();
  /** The Lambda of the API's `$default` route: 404/405 for unmatched requests. */
  readonly fallback: ServiceFunction;
  readonly forwarder: ServiceFunction | undefined;
  readonly forwarderOnFailure: sqs.Queue | undefined;
  /** Services whose API this one calls: their stacks must deploy first. */
  readonly calledServices: ReadonlySet<string>;
  /** Its alarms by construct id (alarm-catalog.ts). */
  readonly alarms: ReadonlyMap<string, cloudwatch.Alarm>;
  readonly dashboard: cloudwatch.Dashboard;

  readonly #props: ServiceStackProps;
  readonly #ownerParameters = new Map<string, { apiId: CfnParameter; apiUrl: CfnParameter }>();
  /** Subscriptions' dead-letter queues by `<publisher>.<resource>`. */
  readonly #deadLetters = new Map<string, sqs.Queue>();
  #sharedBus: events.IEventBus | undefined;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, {
      ...(props.env ? { env: props.env } : {}),
      ...(props.stackName ? { stackName: props.stackName } : {}),
      description: `Tributary ${props.stage.name}: the ${props.service.name} service (${props.service.specFile}).`,
      terminationProtection: props.stage.deletionProtection,
    });
    this.#props = props;
    this.service = props.service;
    this.table = this.#table();
    const { api, stage } = this.#api();
    this.api = api;
    this.apiStage = stage;
    for (const operation of props.service.operations) this.#operation(operation);
    this.fallback = this.#fallback();
    const forwarder = this.#forwarder();
    this.forwarder = forwarder?.fn;
    this.forwarderOnFailure = forwarder?.onFailure;
    for (const subscription of props.service.subscriptions) this.#subscription(subscription);
    this.calledServices = new Set([
      ...props.service.subscriptions.flatMap((s) => s.calls.map((c) => c.service)),
      ...props.service.operations.flatMap((o) => o.calls.map((c) => c.service)),
    ]);
    this.#outputs();
    const { alarms, dashboard } = this.#observability();
    this.alarms = alarms;
    this.dashboard = dashboard;
  }

  /** The shared bus, found by its conventional name (no import from the events stack). */
  get #bus(): events.IEventBus {
    this.#sharedBus ??= events.EventBus.fromEventBusName(this, 'Bus', eventBusName(this.#props.stage.name));
    return this.#sharedBus;
  }

  get #commonEnvironment(): Record<string, string> {
    return { [TABLE_NAME_VARIABLE]: this.table.tableName, ...this.#serviceEnvironment };
  }

  /** What every function of the service has, those without a table (the `$default` route's) included. */
  get #serviceEnvironment(): Record<string, string> {
    const name = this.service.name;
    return {
      [SERVICE_NAME_VARIABLE]: name,
      [POWERTOOLS_SERVICE_NAME_VARIABLE]: name,
      [POWERTOOLS_LOG_LEVEL_VARIABLE]: this.#props.stage.logLevel,
    };
  }

  /** TABLE_ACCESS: the granted actions, which the function's guard enforces before sending (table-access.ts). */
  #tableAccessEnvironment(access: TableAccessPlan): Record<string, string> {
    return { [TABLE_ACCESS_VARIABLE]: access.actions.join(',') };
  }

  #table(): dynamodb.Table {
    const { stage, service } = this.#props;
    const table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_KEY, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      deletionProtection: stage.deletionProtection,
      removalPolicy: stage.removalPolicy,
    });
    for (const index of service.layout.globalSecondaryIndexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    return table;
  }

  #api(): { api: apigwv2.HttpApi; stage: apigwv2.HttpStage } {
    const { stage, service } = this.#props;
    const api = new apigwv2.HttpApi(this, 'Api', {
      apiName: this.stackName,
      description: service.description,
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: stage.logRetention,
      removalPolicy: stage.removalPolicy,
    });
    const apiStage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      // Per-route metrics: the alarms and the dashboard are per operation.
      detailedMetricsEnabled: true,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: ACCESS_LOG_FORMAT,
      },
    });
    return { api, stage: apiStage };
  }

  #function(
    id: string,
    entry: string,
    description: string,
    environment: Record<string, string>,
    options: Partial<Pick<ServiceFunctionProps, 'timeout' | 'memorySize' | 'async'>> = {},
  ): ServiceFunction {
    const props = this.#props;
    return new ServiceFunction(this, id, {
      entry: resolve(props.root, entry),
      description,
      stage: props.stage,
      environment,
      bundling: props.bundling,
      depsLockFilePath: props.depsLockFilePath,
      ...options,
    });
  }

  #operation(operation: OperationPlan): void {
    const id = pascalCase(operation.id);
    const fn = this.#function(id, operation.entry, `${this.service.name}: ${operation.key}`, {
      ...this.#commonEnvironment,
      ...this.#tableAccessEnvironment(operation.tableAccess),
      ...this.#callEnvironment(operation.calls),
    });
    grantTableAccess(
      fn.function,
      this.table,
      this.#indexNames(),
      operation.tableAccess.actions,
      operation.tableAccess.recordOnlyActions,
    );
    this.#grantCalls(fn, operation.calls);
    const route = new apigwv2.HttpRoute(this, `${id}Route`, {
      httpApi: this.api,
      routeKey: apigwv2.HttpRouteKey.with(operation.routePath, apigwv2.HttpMethod[operation.method]),
      integration: new HttpLambdaIntegration(`${id}Integration`, fn.function),
      authorizer: operation.auth === 'none' ? new apigwv2.HttpNoneAuthorizer() : new HttpIamAuthorizer(),
    });
    if (operation.auth === 'none') {
      acknowledge(
        route,
        'AwsSolutions-APIG4',
        `${this.service.specFile} declares auth "none" for ${operation.key}: public by the spec, which the auth-none lint rule only lets through with a reviewed allow entry.`,
      );
    }
    this.handlers.set(operation.id, fn);
  }

  /**
   * The `$default` route, which API Gateway picks when no other route matches (an unknown path, or a
   * known one with another method), to a Lambda that answers 404 / 405 + `allow` as a `generic_error`
   * from the service's route keys (functions/runtime/http/fallback-handler.ts). It has no table, no
   * grant and no other service's URL.
   *
   * No auth, on purpose: with IAM auth on `$default`, API Gateway would check `execute-api:Invoke`
   * for the unmatched request before the fallback runs, and callers are granted exactly the routes
   * they call, so nearly every client would get API Gateway's 403 instead of the 404/405 the design
   * promises. Unauthenticated, it reveals nothing the API did not already: without it an unmatched
   * request is API Gateway's public 404, and a known IAM path already answers 403 to anyone.
   */
  #fallback(): ServiceFunction {
    const name = this.service.name;
    const fn = this.#function(
      'Fallback',
      this.service.fallbackEntry,
      `${name}: $default route (404/405 for unmatched requests)`,
      { ...this.#serviceEnvironment, [ROUTES_VARIABLE]: formatRoutes(this.service.operations) },
      { memorySize: 128, timeout: Duration.seconds(3) },
    );
    const route = new apigwv2.HttpRoute(this, 'FallbackRoute', {
      httpApi: this.api,
      routeKey: apigwv2.HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration('FallbackIntegration', fn.function),
      authorizer: new apigwv2.HttpNoneAuthorizer(),
    });
    acknowledge(
      route,
      'AwsSolutions-APIG4',
      `The $default route of ${name} only answers 404/405 (generic_error) for requests no operation route matches; it reads no data and calls nothing, and IAM auth on it would turn those answers into 403 for every caller granted only the routes it calls.`,
    );
    return fn;
  }

  #indexNames(): string[] {
    return this.service.layout.globalSecondaryIndexes.map((index) => index.name);
  }

  /**
   * A queue where failed work waits for an operator: encrypted, TLS only, kept 14 days. Its URL is
   * the output `output` (names.ts), which the runbook's commands read.
   */
  #queue(id: string, output: string): sqs.Queue {
    const queue = new sqs.Queue(this, id, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: this.#props.stage.removalPolicy,
    });
    new CfnOutput(this, output, {
      value: queue.queueUrl,
      description: `Where ${this.service.name} parks what it gave up on (${id}); the runbook reads it.`,
    });
    return queue;
  }

  #forwarder(): { fn: ServiceFunction; onFailure: sqs.Queue } | undefined {
    const { service, stage } = this.#props;
    if (service.publishingResources.length === 0) return undefined;
    const bus = this.#bus;
    const onFailure = this.#queue('ForwarderOnFailure', FORWARDER_PARKED_QUEUE_OUTPUT);
    acknowledge(
      onFailure,
      'AwsSolutions-SQS3',
      "This queue is the dead-letter destination of the forwarder's event source mapping (cdk-nag only recognizes SQS redrive and Lambda DLQs); a queue behind it would hide parked batches from the alarm.",
    );
    const fn = this.#function(
      'Forwarder',
      this.#props.forwarderEntry,
      `${service.name}: stream forwarder to ${eventBusName(stage.name)}`,
      {
        ...this.#commonEnvironment,
        [EVENT_BUS_NAME_VARIABLE]: bus.eventBusName,
        [RESOURCE_TYPES_VARIABLE]: service.publishingResources.join(','),
        // Records that cannot become events are parked here at once, with their reason (park.ts).
        [PARKING_QUEUE_URL_VARIABLE]: onFailure.queueUrl,
      },
      { timeout: Duration.seconds(60) },
    );
    // Only its own service's source: a forwarder (or whoever gets its role) cannot forge another
    // service's events, which subscribers would otherwise take for the owner's.
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'PutOwnEvents',
        actions: ['events:PutEvents'],
        resources: [bus.eventBusArn],
        conditions: { StringEquals: { 'events:source': [eventSource(service.name)] } },
      }),
    );
    fn.function.addEventSource(
      new DynamoEventSource(this.table, { ...FORWARDER_EVENT_SOURCE, onFailure: new SqsDlq(onFailure) }),
    );
    acknowledge(
      fn.role,
      'AwsSolutions-IAM5[Resource::*]',
      "dynamodb:ListStreams (needed by the stream event source mapping) supports no resource-level permissions; the stream reads themselves are on this table's stream ARN only.",
    );

    return { fn, onFailure };
  }

  /** The CloudFormation parameters that read a service's API id and URL from SSM, one pair per service. */
  #owner(service: string): { apiId: CfnParameter; apiUrl: CfnParameter } {
    const existing = this.#ownerParameters.get(service);
    if (existing) return existing;
    const stage = this.#props.stage.name;
    const pascal = pascalCase(service);
    const parameters = {
      apiId: new CfnParameter(this, `${pascal}ApiId`, {
        type: 'AWS::SSM::Parameter::Value<String>',
        default: apiIdParameterName(stage, service),
        description: `The ${service} service's HTTP API id (SSM, written by its stack).`,
      }),
      apiUrl: new CfnParameter(this, `${pascal}ApiUrl`, {
        type: 'AWS::SSM::Parameter::Value<String>',
        default: apiUrlParameterName(stage, service),
        description: `The ${service} service's HTTP API URL (SSM, written by its stack).`,
      }),
    };
    this.#ownerParameters.set(service, parameters);
    return parameters;
  }

  /** The API URL variable of every service the calls reach (`USERS_API_URL`), read from SSM. */
  #callEnvironment(calls: readonly CallPlan[]): Record<string, string> {
    const environment: Record<string, string> = {};
    for (const call of calls)
      environment[call.apiUrlVariable] = this.#owner(call.service).apiUrl.valueAsString;
    return environment;
  }

  /** `execute-api:Invoke` on exactly the routes the calls name, nothing else of those APIs. */
  #grantCalls(fn: ServiceFunction, calls: readonly CallPlan[]): void {
    for (const call of calls) {
      const owner = this.#owner(call.service);
      fn.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: `Invoke${pascalCase(call.service)}${call.method}${pascalCase(call.path.replace(/[/:]+/g, '_'))}`,
          actions: ['execute-api:Invoke'],
          resources: [routeArn(owner.apiId.valueAsString, call.method, call.routePath)],
        }),
      );
      if (!call.routePath.includes('{')) continue;
      const apiIdLogicalId = this.resolve(owner.apiId.logicalId) as string;
      const flattened = `arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<${apiIdLogicalId}>/$default/${call.method}${call.routePath.replace(/\{[^}]+\}/g, '*')}`;
      acknowledge(
        fn.role,
        `AwsSolutions-IAM5[Resource::${flattened}]`,
        `Exactly the route ${call.method} ${call.routePath} of ${call.service}, declared in the spec's calls: execute-api ARNs write a path parameter as *.`,
      );
    }
  }

  #subscription(subscription: SubscriptionPlan): void {
    const id = `On${pascalCase(subscription.publisher)}${pascalCase(subscription.resource)}`;
    const label = `${subscription.publisher}.${subscription.resource} ${subscription.events.join('/')}`;
    const stage = this.#props.stage.name;
    const { publisher, resource } = subscription;
    const deadLetters = this.#queue(`${id}DeadLetters`, deadLetterQueueOutput(publisher, resource));
    const fn = this.#function(
      id,
      subscription.entry,
      `${this.service.name}: subscriber to ${label}`,
      {
        ...this.#commonEnvironment,
        ...this.#tableAccessEnvironment(subscription.tableAccess),
        ...this.#callEnvironment(subscription.calls),
      },
      {
        timeout: Duration.seconds(30),
        async: {
          retryAttempts: SUBSCRIBER_DELIVERY.asyncRetryAttempts,
          maxEventAge: SUBSCRIBER_DELIVERY.asyncMaxEventAge,
          deadLetterQueue: deadLetters,
        },
      },
    );
    // Its dedupe records and what its spec declares (table_access): own table only.
    grantTableAccess(fn.function, this.table, this.#indexNames(), subscription.tableAccess.actions);
    this.#grantCalls(fn, subscription.calls);

    new events.Rule(this, `${id}Rule`, {
      // Named, so an archive replay can target it (the runbook's redrive).
      ruleName: subscriptionRuleName(stage, this.service.name, publisher, resource),
      eventBus: this.#bus,
      description: `${this.service.name} reacts to ${label}`,
      eventPattern: { source: [subscription.source], detailType: [...subscription.detailTypes] },
      targets: [
        new targets.LambdaFunction(fn.function, {
          retryAttempts: SUBSCRIBER_DELIVERY.ruleRetryAttempts,
          maxEventAge: SUBSCRIBER_DELIVERY.ruleMaxEventAge,
          deadLetterQueue: deadLetters,
        }),
      ],
    });
    this.subscribers.set(`${subscription.publisher}.${subscription.resource}`, fn);
    this.#deadLetters.set(`${subscription.publisher}.${subscription.resource}`, deadLetters);
  }

  /**
   * The alarms of the service's catalog, each sending ALARM and OK to the stage's topic (by its
   * conventional name: no import from the events stack) and to the configured existing topic, if
   * any; and the dashboard, which shows what they watch.
   */
  #observability(): { alarms: Map<string, cloudwatch.Alarm>; dashboard: cloudwatch.Dashboard } {
    const { stage, service } = this.#props;
    const thresholds = this.#props.alarmThresholds ?? DEFAULT_ALARM_THRESHOLDS;
    const topics: sns.ITopic[] = [
      sns.Topic.fromTopicArn(
        this,
        'AlarmTopic',
        this.formatArn({ service: 'sns', resource: alarmTopicName(stage.name) }),
      ),
    ];
    if (this.#props.alarmTopicArn !== undefined) {
      topics.push(sns.Topic.fromTopicArn(this, 'ConfiguredAlarmTopic', this.#props.alarmTopicArn));
    }
    const subscribers = new Map(
      [...this.subscribers].map(([key, fn]) => {
        const deadLetters = this.#deadLetters.get(key);
        if (deadLetters === undefined) throw new Error(`internal error: no dead-letter queue for ${key}`);
        return [key, { fn: fn.function, deadLetters }] as const;
      }),
    );
    const sources: AlarmSources = {
      service: service.name,
      apiId: this.api.apiId,
      forwarder:
        this.forwarder && this.forwarderOnFailure
          ? { fn: this.forwarder.function, parked: this.forwarderOnFailure }
          : undefined,
      subscribers,
    };
    const definitions = serviceAlarms(stage.name, alarmedService(service), thresholds);
    const alarms = addServiceAlarms(this, definitions, sources, thresholds, topics);
    const functions = [
      ...this.handlers.values(),
      this.fallback,
      ...(this.forwarder ? [this.forwarder] : []),
      ...this.subscribers.values(),
    ];
    const dashboard = addServiceDashboard(this, {
      ...sources,
      stage: stage.name,
      operations: alarmedService(service).operations,
      alarms: [...alarms.values()],
      logGroups: functions.map((fn) => fn.logGroup),
    });
    return { alarms, dashboard };
  }

  #outputs(): void {
    const { stage, service } = this.#props;
    new ssm.StringParameter(this, 'ApiUrlParameter', {
      parameterName: apiUrlParameterName(stage.name, service.name),
      stringValue: this.apiStage.url,
      description: `The ${service.name} HTTP API URL; subscribers read it at deploy time.`,
    });
    new ssm.StringParameter(this, 'ApiIdParameter', {
      parameterName: apiIdParameterName(stage.name, service.name),
      stringValue: this.api.apiId,
      description: `The ${service.name} HTTP API id; subscribers' execute-api:Invoke grants name it.`,
    });
    new CfnOutput(this, 'ApiUrl', {
      value: this.apiStage.url,
      description: `The ${service.name} HTTP API.`,
    });
    new CfnOutput(this, 'TableName', {
      value: this.table.tableName,
      description: `The ${service.name} table (for \`dev republish ${service.name} --table\`).`,
    });
  }
}
