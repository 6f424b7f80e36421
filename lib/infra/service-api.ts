import { Stack } from 'aws-cdk-lib';
import type { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { HTTP_API_DEFAULTS } from './defaults';
import type { StageConfig } from './stage';

export interface ServiceApiProps {
  /** The access logs' retention and removal policy are the stage's. */
  readonly stage: StageConfig;
  /**
   * The API's name.
   * @default - the name of the stack it is in (`tributary-<stage>-<service>`)
   */
  readonly apiName?: string;
  /**
   * The API's description.
   * @default - none
   */
  readonly description?: string;
  /**
   * What each access log line holds.
   * @default HTTP_API_DEFAULTS.accessLogFormat (ACCESS_LOG_FORMAT: the route key, never the path, defaults.ts)
   */
  readonly accessLogFormat?: AccessLogFormat;
  /**
   * Per-route CloudWatch metrics. The alarms and the dashboard read them: turn them off only
   * for an API that has neither.
   * @default HTTP_API_DEFAULTS.detailedMetrics (true, defaults.ts)
   */
  readonly detailedMetrics?: boolean;
}

/** A route of the API to a Lambda ({@link ServiceApi.addRoute}). */
export interface ServiceApiRouteOptions {
  /** `GET /users/{id}`, or {@link apigwv2.HttpRouteKey.DEFAULT} for what no other route matches. */
  readonly routeKey: apigwv2.HttpRouteKey;
  readonly handler: lambda.IFunction;
  /** `iam`: callers need `execute-api:Invoke` on the route; `none`: anyone may call it. */
  readonly auth: 'iam' | 'none';
}

/**
 * A service's HTTP API: the API, its `$default` stage (auto-deployed, per-route metrics) and the
 * stage's access logs; routes are added with {@link ServiceApi.addRoute}.
 *
 * Adds to `scope` (README.md, "Service constructs": no construct level of its own, so logical IDs
 * stay those of deployed stages): the API `<id>` (the stack's is `Api`), the log group `AccessLogs`
 * and the stage `DefaultStage`, so one per scope; per route, `<route id>Route`.
 */
export class ServiceApi {
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly accessLogs: logs.LogGroup;
  readonly #scope: Construct;

  constructor(scope: Construct, id: string, props: ServiceApiProps) {
    this.#scope = scope;
    this.api = new apigwv2.HttpApi(scope, id, {
      apiName: props.apiName ?? Stack.of(scope).stackName,
      description: props.description,
      // The stage is ours (below): the default one would have no access logs.
      createDefaultStage: false,
    });
    this.accessLogs = new logs.LogGroup(scope, 'AccessLogs', {
      retention: props.stage.logRetention,
      removalPolicy: props.stage.removalPolicy,
    });
    this.stage = new apigwv2.HttpStage(scope, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      detailedMetricsEnabled: props.detailedMetrics ?? HTTP_API_DEFAULTS.detailedMetrics,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogs),
        format: props.accessLogFormat ?? HTTP_API_DEFAULTS.accessLogFormat,
      },
    });
  }

  /**
   * The route `<id>Route` to a Lambda through the integration `<id>Integration` (which also lets
   * API Gateway invoke the function, from this API only).
   */
  addRoute(id: string, options: ServiceApiRouteOptions): apigwv2.HttpRoute {
    return new apigwv2.HttpRoute(this.#scope, `${id}Route`, {
      httpApi: this.api,
      routeKey: options.routeKey,
      integration: new HttpLambdaIntegration(`${id}Integration`, options.handler),
      authorizer: options.auth === 'none' ? new apigwv2.HttpNoneAuthorizer() : new HttpIamAuthorizer(),
    });
  }
}
