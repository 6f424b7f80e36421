/** ServiceApi (lib/infra/service-api.ts): its defaults, each prop overriding its default, its routes and ids. */
import { Template } from 'aws-cdk-lib/assertions';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ACCESS_LOG_FORMAT, HTTP_API_DEFAULTS } from '../../lib/infra/defaults';
import { ServiceApi, type ServiceApiProps } from '../../lib/infra/service-api';
import { stageConfig } from '../../lib/infra/stage';
import { constructStack, onlyResource } from './helpers';

function build(props: Partial<ServiceApiProps> = {}) {
  const stack = constructStack('tributary-dev-books');
  const api = new ServiceApi(stack, 'Api', { stage: stageConfig('dev'), ...props });
  return { stack, api, template: () => Template.fromStack(stack) };
}

/** Every property of the API, its stage and its access log group. */
function rendered(template: Template) {
  return {
    api: onlyResource(template, 'AWS::ApiGatewayV2::Api').Properties,
    stage: onlyResource(template, 'AWS::ApiGatewayV2::Stage').Properties,
    logs: onlyResource(template, 'AWS::Logs::LogGroup').Properties,
  };
}

describe('ServiceApi', () => {
  it('by default: named after its stack, a $default stage auto-deployed, per-route metrics, access logs by route key', () => {
    const { template } = build();
    const { api, stage, logs } = rendered(template());
    expect(api).toEqual({ Name: 'tributary-dev-books', ProtocolType: 'HTTP' });
    const logGroup = onlyResource(template(), 'AWS::Logs::LogGroup').id;
    expect(stage).toEqual({
      ApiId: { Ref: onlyResource(template(), 'AWS::ApiGatewayV2::Api').id },
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { DetailedMetricsEnabled: true },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [logGroup, 'Arn'] },
        Format: ACCESS_LOG_FORMAT.toString(),
      },
    });
    // The route key, never the raw path or query, which may hold personal data.
    expect(JSON.parse(ACCESS_LOG_FORMAT.toString())).toMatchObject({ routeKey: '$context.routeKey' });
    expect(ACCESS_LOG_FORMAT.toString()).not.toMatch(/\$context\.(path|rawPath|rawQueryString)/);
    expect(logs).toEqual({ RetentionInDays: 7 });
    expect(HTTP_API_DEFAULTS).toEqual({ accessLogFormat: ACCESS_LOG_FORMAT, detailedMetrics: true });
  });

  it.each([
    ['dev', 7, 'Delete'],
    ['prod', 365, 'Retain'],
  ])('keeps the access logs as the %s stage says', (stage, days, policy) => {
    const { template } = build({ stage: stageConfig(stage) });
    const logs = onlyResource(template(), 'AWS::Logs::LogGroup');
    expect([logs.Properties.RetentionInDays, logs.DeletionPolicy]).toEqual([days, policy]);
  });

  // given: one prop set; want: what it changes in the rendered API, stage or log group.
  it.each<[string, Partial<ServiceApiProps>, (r: ReturnType<typeof rendered>) => unknown, unknown]>([
    ['apiName', { apiName: 'books-api' }, (r) => r.api.Name, 'books-api'],
    ['description', { description: 'Books.' }, (r) => r.api.Description, 'Books.'],
    [
      'accessLogFormat',
      // API Gateway requires the request id in every format.
      { accessLogFormat: AccessLogFormat.custom('{"requestId":"$context.requestId"}') },
      (r) => r.stage.AccessLogSettings.Format,
      '{"requestId":"$context.requestId"}',
    ],
    [
      'detailedMetrics: false',
      { detailedMetrics: false },
      // Off is CloudFormation's default: the CDK leaves the setting out.
      (r) => r.stage.DefaultRouteSettings,
      undefined,
    ],
  ])('%s overrides its default', (_, given, got, want) => {
    const { template } = build(given);
    expect(got(rendered(template()))).toEqual(want);
  });

  it.each([
    ['iam', 'AWS_IAM'],
    ['none', 'NONE'],
  ] as const)('adds a route <id>Route to a Lambda, %s auth', (auth, authorizationType) => {
    const { stack, api, template } = build();
    const fn = new lambda.Function(stack, 'Handler', {
      runtime: lambda.Runtime.NODEJS_LATEST,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({})'),
    });
    const route = api.addRoute('GetBook', {
      routeKey: apigwv2.HttpRouteKey.with('/books/{id}', apigwv2.HttpMethod.GET),
      handler: fn,
      auth,
    });
    expect(stack.node.tryFindChild('GetBookRoute')).toBe(route);
    const props = onlyResource(template(), 'AWS::ApiGatewayV2::Route').Properties;
    expect([props.RouteKey, props.AuthorizationType]).toEqual(['GET /books/{id}', authorizationType]);
    template().hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: { 'Fn::GetAtt': [onlyResource(template(), 'AWS::Lambda::Function').id, 'Arn'] },
    });
  });

  it('adds the API, its log group and its stage to the scope it is given, with the ids deployed stages have', () => {
    const { stack, api } = build();
    expect(stack.node.tryFindChild('Api')).toBe(api.api);
    expect(stack.node.tryFindChild('AccessLogs')).toBe(api.accessLogs);
    expect(stack.node.tryFindChild('DefaultStage')).toBe(api.stage);
  });
});
