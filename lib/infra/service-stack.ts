import { resolve } from 'node:path';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import {
  POWERTOOLS_LOG_LEVEL_VARIABLE,
  POWERTOOLS_SERVICE_NAME_VARIABLE,
  SERVICE_NAME_VARIABLE,
  TABLE_NAME_VARIABLE,
} from '../../functions/runtime/conventions';
import { pascalCase } from '../contract/names';
import { alarmedService, serviceAlarms } from './alarm-catalog';
import { DEFAULT_ALARM_THRESHOLDS, type ResolvedAlarmThresholds } from './alarm-thresholds';
import { FallbackRoute } from './fallback-route';
import { alarmTopicName, apiIdParameterName, apiUrlParameterName, eventBusName } from './names';
import { OperationHandler } from './operation-handler';
import { type AlarmSources, addServiceAlarms } from './service-alarms';
import { ServiceApi } from './service-api';
import { ServiceCalls } from './service-calls';
import { addServiceDashboard } from './service-dashboard';
import type { ServiceFunction, ServiceFunctionSettings } from './service-function';
import { ServiceTable } from './service-table';
import type { StageConfig } from './stage';
import { StreamForwarder } from './stream-forwarder';
import { Subscriber } from './subscriber';
import type { ServicePlan } from './system';

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
 * Each part is a construct of its own file (README.md, "Service constructs"): service-table.ts,
 * service-api.ts, operation-handler.ts, fallback-route.ts, stream-forwarder.ts, subscriber.ts,
 * parking-queue.ts, service-calls.ts; their defaults are in defaults.ts. This stack composes them
 * with the construct ids deployed stages have (`Table`, `Api`, `GetUser`, `Fallback`, `Forwarder`,
 * `OnUsersUser`...): the ids make the logical IDs, so changing one replaces the resource.
 *
 * How the owner's API reaches a subscriber: the owner writes its API URL and id to SSM parameters
 * with conventional names (names.ts); the subscriber's stack reads them as CloudFormation
 * parameters of type `AWS::SSM::Parameter::Value<String>`, resolved at deploy time. Unlike a
 * cross-stack export, this does not lock the owner's stack (an export in use cannot change or be
 * removed) and lets each service stack deploy on its own; the app adds a stack dependency so a
 * first `cdk deploy --all` creates the owner first.
 */

export interface ServiceStackProps extends StackProps {
  readonly service: ServicePlan;
  /** Absolute project root: plan entries are relative to it. */
  readonly root: string;
  readonly stage: StageConfig;
  readonly bundling: boolean;
  readonly depsLockFilePath: string;
  /** Absolute path of the forwarder's entry. */
  readonly forwarderEntry: string;
  /**
   * The service's alarm thresholds (alarm-thresholds.ts).
   * @default DEFAULT_ALARM_THRESHOLDS (alarm-thresholds.ts)
   */
  readonly alarmThresholds?: ResolvedAlarmThresholds;
  /**
   * An existing SNS topic every alarm notifies besides the stage's (`alarms:topic`).
   * @default - the stage's alarm topic only
   */
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
    const { service, stage } = props;
    this.service = service;
    // The order below is the order resources appear in the template: keep it, so a refactoring
    // can be checked by comparing templates byte for byte.
    const table = new ServiceTable(this, 'Table', { layout: service.layout, stage });
    this.table = table.table;
    const api = new ServiceApi(this, 'Api', { stage, description: service.description });
    this.api = api.api;
    this.apiStage = api.stage;
    const calls = new ServiceCalls(this, { stage: stage.name });
    const functions: ServiceFunctionSettings = {
      stage,
      bundling: props.bundling,
      depsLockFilePath: props.depsLockFilePath,
    };
    for (const operation of service.operations) {
      const handler = new OperationHandler(this, pascalCase(operation.id), {
        service: service.name,
        specFile: service.specFile,
        operation,
        entry: this.#entry(operation.entry),
        api,
        table,
        calls,
        environment: this.#commonEnvironment,
        functions,
      });
      this.handlers.set(operation.id, handler.fn);
    }
    this.fallback = new FallbackRoute(this, 'Fallback', {
      service: service.name,
      api,
      entry: this.#entry(service.fallbackEntry),
      routes: service.operations,
      environment: this.#serviceEnvironment,
      functions,
    }).fn;
    const forwarder =
      service.publishingResources.length === 0
        ? undefined
        : new StreamForwarder(this, 'Forwarder', {
            service: service.name,
            table,
            eventBus: this.#bus,
            publishingResources: service.publishingResources,
            entry: this.#entry(props.forwarderEntry),
            environment: this.#commonEnvironment,
            functions,
          });
    this.forwarder = forwarder?.fn;
    this.forwarderOnFailure = forwarder?.onFailure;
    for (const subscription of service.subscriptions) {
      const { publisher, resource } = subscription;
      const subscriber = new Subscriber(this, `On${pascalCase(publisher)}${pascalCase(resource)}`, {
        service: service.name,
        subscription,
        entry: this.#entry(subscription.entry),
        table,
        eventBus: this.#bus,
        calls,
        environment: this.#commonEnvironment,
        functions,
      });
      this.subscribers.set(`${publisher}.${resource}`, subscriber.fn);
      this.#deadLetters.set(`${publisher}.${resource}`, subscriber.deadLetters);
    }
    this.calledServices = new Set([
      ...service.subscriptions.flatMap((s) => s.calls.map((c) => c.service)),
      ...service.operations.flatMap((o) => o.calls.map((c) => c.service)),
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

  /** A plan entry (relative to the project root) as an absolute path. */
  #entry(entry: string): string {
    return resolve(this.#props.root, entry);
  }

  /** What every function with the table has: the table's name and {@link #serviceEnvironment}. */
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
