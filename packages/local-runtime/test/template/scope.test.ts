// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Fn::Sub strings use CloudFormation's ${} syntax.
/**
 * loadLocalSystem on small hand-written cloud assemblies: cross-stack values (SSM parameters one
 * stack writes and another reads, exports), code locations, defaults, what is not run locally,
 * and errors that name the stack, the resource and the property.
 */
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalResolver, loadLocalSystem, TemplateError } from '../../src/template/index';
import { assembly, fn, removeAssemblies, type Template } from './fixtures';

const resolver: LocalResolver = {
  apiUrl: (apiId) => `http://localhost:4000/${apiId}`,
  tableName: (tableId) => tableId.replace('/', '.'),
  region: 'eu-west-1',
  accountId: '000000000000',
};

afterAll(removeAssemblies);

const API_URL = {
  'Fn::Join': [
    '',
    [
      'https://',
      { Ref: 'Api' },
      '.execute-api.',
      { Ref: 'AWS::Region' },
      '.',
      { Ref: 'AWS::URLSuffix' },
      '/',
    ],
  ],
};

/** An owner stack that writes its API's URL and id to SSM, as Tributary's service stacks do. */
const OWNER: Template = {
  Resources: {
    Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'owner', ProtocolType: 'HTTP' } },
    UrlParameter: {
      Type: 'AWS::SSM::Parameter',
      Properties: { Name: '/app/owner/api-url', Type: 'String', Value: API_URL },
    },
    IdParameter: {
      Type: 'AWS::SSM::Parameter',
      Properties: { Name: '/app/owner/api-id', Type: 'String', Value: { Ref: 'Api' } },
    },
    Bus: { Type: 'AWS::Events::EventBus', Properties: { Name: 'app-bus' } },
    Handler: fn(),
  },
  Outputs: {
    BusName: { Value: { Ref: 'Bus' }, Export: { Name: 'app-bus-name' } },
    HandlerArn: {
      Value: { 'Fn::GetAtt': ['Handler', 'Arn'] },
      Export: { Name: { 'Fn::Sub': '${AWS::StackName}-handler' } },
    },
  },
};

function reader(variables: Record<string, unknown>, parameters: Template = {}): Template {
  return {
    Parameters: parameters,
    Resources: { Reader: fn({ Environment: { Variables: variables } }) },
  };
}

function load(stacks: Record<string, Template>, assets?: string[]) {
  return loadLocalSystem(assembly(stacks, assets), resolver);
}

describe('environment values across stacks', () => {
  it('resolves SSM parameters written by another stack, exports, parameters and pseudo parameters', () => {
    const system = load({
      'app-owner': OWNER,
      'app-reader': reader(
        {
          OWNER_URL: { Ref: 'OwnerUrl' },
          OWNER_API_ID: { Ref: 'OwnerId' },
          BUS: { 'Fn::ImportValue': 'app-bus-name' },
          HANDLER_ARN: { 'Fn::ImportValue': 'app-owner-handler' },
          STAGE: { Ref: 'Stage' },
          WHERE: { 'Fn::Sub': '${AWS::Region}/${AWS::AccountId}/${AWS::StackName}' },
          SELF: { Ref: 'Reader' },
          PLAIN: 'x',
        },
        {
          OwnerUrl: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/app/owner/api-url' },
          OwnerId: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/app/owner/api-id' },
          Stage: { Type: 'String', Default: 'dev' },
          Unused: { Type: 'String' },
          BootstrapVersion: {
            Type: 'AWS::SSM::Parameter::Value<String>',
            Default: '/cdk-bootstrap/hnb659fds/version',
          },
        },
      ),
    });
    expect(system.functions.get('app-reader/Reader')?.environment).toEqual({
      OWNER_URL: 'http://localhost:4000/app-owner/Api',
      OWNER_API_ID: 'app-owner/Api',
      BUS: 'app-bus',
      HANDLER_ARN: 'arn:aws:lambda:eu-west-1:000000000000:function:app-owner-Handler',
      STAGE: 'dev',
      WHERE: 'eu-west-1/000000000000/app-reader',
      SELF: 'app-reader-Reader',
      PLAIN: 'x',
    });
  });

  it.each<[string, Record<string, unknown>, Template, string]>([
    [
      'an SSM parameter no stack writes',
      { URL: { Ref: 'Missing' } },
      { Missing: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/app/nobody/api-url' } },
      'app-reader/Reader Environment.Variables.URL Ref: parameter Missing is read from SSM parameter /app/nobody/api-url at deploy time, and no stack of the app writes it',
    ],
    [
      'a parameter without a default',
      { STAGE: { Ref: 'Stage' } },
      { Stage: { Type: 'String' } },
      'app-reader/Reader Environment.Variables.STAGE Ref: parameter Stage has no Default, and nothing passes it locally',
    ],
    [
      'an unknown export',
      { X: { 'Fn::ImportValue': 'nope' } },
      {},
      'app-reader/Reader Environment.Variables.X Fn::ImportValue: no stack of the app exports nope',
    ],
    [
      'an attribute with no local value',
      { X: { 'Fn::GetAtt': ['Reader', 'SnapStartResponse'] } },
      {},
      'app-reader/Reader Environment.Variables.X Fn::GetAtt: Fn::GetAtt Reader.SnapStartResponse (AWS::Lambda::Function) has no local value',
    ],
    [
      'a missing resource',
      { X: { 'Fn::Sub': 'arn:${Nope.Arn}' } },
      {},
      'app-reader/Reader Environment.Variables.X Fn::Sub: no resource Nope in the stack',
    ],
  ])('names stack, resource and property when it cannot resolve %s', (_, variables, parameters, message) => {
    let caught: unknown;
    try {
      load({ 'app-owner': OWNER, 'app-reader': reader(variables, parameters) });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TemplateError);
    expect((caught as Error).message).toBe(message);
    expect(caught).toMatchObject({ stackName: 'app-reader', logicalId: 'Reader' });
  });

  it('explains where a value read through SSM fails in the writing stack', () => {
    const owner = structuredClone(OWNER);
    owner.Resources.UrlParameter.Properties.Value = { 'Fn::GetAtt': ['Api', 'Nope'] };
    expect(() =>
      load({
        'app-owner': owner,
        'app-reader': reader(
          { URL: { Ref: 'OwnerUrl' } },
          { OwnerUrl: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/app/owner/api-url' } },
        ),
      }),
    ).toThrow(
      'app-reader/Reader Environment.Variables.URL Ref: SSM parameter /app/owner/api-url (app-owner/UrlParameter) Value (stack app-owner) Fn::GetAtt: Fn::GetAtt Api.Nope (AWS::ApiGatewayV2::Api) has no local value',
    );
  });
});

describe('function code and settings', () => {
  it('finds code by asset metadata, by the asset manifest, or writes inline code out', () => {
    const withoutMetadata = fn({}, 'def');
    delete withoutMetadata.Metadata;
    const system = load(
      {
        app: {
          Resources: {
            ByMetadata: fn({ Timeout: 30, MemorySize: '512', Description: 'by metadata' }),
            ByManifest: withoutMetadata,
            Inline: {
              Type: 'AWS::Lambda::Function',
              Properties: {
                Code: { ZipFile: 'exports.handler = async () => "inline";' },
                Handler: 'index.handler',
                Runtime: 'nodejs20.x',
                FunctionName: 'my-inline',
              },
            },
          },
        },
      },
      ['abc', 'def'],
    );
    const byMetadata = system.functions.get('app/ByMetadata');
    expect(byMetadata).toMatchObject({ timeoutSeconds: 30, memoryMb: 512, description: 'by metadata' });
    expect(byMetadata?.codeDir.endsWith('asset.abc')).toBe(true);
    expect(system.functions.get('app/ByManifest')).toMatchObject({ timeoutSeconds: 3, memoryMb: 128 });
    expect(system.functions.get('app/ByManifest')?.codeDir.endsWith('asset.def')).toBe(true);
    const inline = system.functions.get('app/Inline');
    expect(inline?.functionName).toBe('my-inline');
    expect(readFileSync(join(inline?.codeDir ?? '', 'index.js'), 'utf8')).toBe(
      'exports.handler = async () => "inline";',
    );
  });

  it('fails clearly when an asset directory is missing', () => {
    const dir = assembly({ app: { Resources: { Gone: fn({}, 'zzz') } } });
    expect(existsSync(join(dir, 'asset.zzz'))).toBe(false);
    expect(() => loadLocalSystem(dir, resolver)).toThrow(
      `app/Gone Code: asset directory ${join(dir, 'asset.zzz')} is missing: synthesize the app again (npx cdk synth)`,
    );
  });

  it('fails clearly without a manifest', () => {
    expect(() => loadLocalSystem(join(tmpdir(), 'no-such-cdk-out'), resolver)).toThrow(
      /no-such-cdk-out\/manifest.json does not exist: synthesize the app \(npx cdk synth\)/,
    );
  });

  it('reads asynchronous invocation settings with on-failure queues and DLQs', () => {
    const system = load({
      app: {
        Resources: {
          Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
          Dlq: { Type: 'AWS::SQS::Queue', Properties: {} },
          Fn: fn({ DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': ['Dlq', 'Arn'] } } }),
          Config: {
            Type: 'AWS::Lambda::EventInvokeConfig',
            Properties: {
              FunctionName: { Ref: 'Fn' },
              Qualifier: '$LATEST',
              MaximumRetryAttempts: 0,
              DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['Queue', 'Arn'] } } },
            },
          },
          OnlyDlq: fn({ DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': ['Dlq', 'Arn'] } } }),
        },
      },
    });
    expect(system.functions.get('app/Fn')?.asyncInvoke).toEqual({
      maximumRetryAttempts: 0,
      maximumEventAgeInSeconds: 21_600,
      onFailureQueueId: 'app/Queue',
      deadLetterQueueId: 'app/Dlq',
    });
    expect(system.functions.get('app/OnlyDlq')?.asyncInvoke).toEqual({
      maximumRetryAttempts: 2,
      maximumEventAgeInSeconds: 21_600,
      deadLetterQueueId: 'app/Dlq',
    });
  });
});

describe('rules, mappings and APIs', () => {
  const TABLE = {
    Type: 'AWS::DynamoDB::Table',
    Properties: {
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      SSESpecification: { KMSMasterKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } },
    },
  };

  it('applies AWS defaults and resolves buses, targets and sources across stacks', () => {
    const system = load({
      'app-owner': OWNER,
      app: {
        Resources: {
          Table: TABLE,
          Fn: fn(),
          Mapping: {
            Type: 'AWS::Lambda::EventSourceMapping',
            Properties: {
              EventSourceArn: { 'Fn::GetAtt': ['Table', 'StreamArn'] },
              FunctionName: { 'Fn::GetAtt': ['Fn', 'Arn'] },
              StartingPosition: 'LATEST',
            },
          },
          OnDefaultBus: {
            Type: 'AWS::Events::Rule',
            Properties: {
              EventPattern: { source: [{ prefix: { Ref: 'AWS::StackName' } }] },
              Targets: [{ Arn: { 'Fn::GetAtt': ['Fn', 'Arn'] }, Id: 't' }],
            },
          },
          OnImportedBus: {
            Type: 'AWS::Events::Rule',
            Properties: {
              EventBusName: { 'Fn::ImportValue': 'app-bus-name' },
              EventPattern: '{"source":["x"]}',
              Targets: [
                {
                  Arn: { 'Fn::ImportValue': 'app-owner-handler' },
                  Id: 't',
                  RetryPolicy: { MaximumRetryAttempts: 0 },
                },
              ],
            },
          },
          OnBusArn: {
            Type: 'AWS::Events::Rule',
            Properties: {
              EventBusName: 'arn:aws:events:eu-west-1:000000000000:event-bus/other-bus',
              EventPattern: { source: ['y'] },
              Targets: [],
            },
          },
        },
      },
    });
    expect(system.tables.get('app/Table')).toMatchObject({
      tableName: 'app.Table',
      streamViewType: 'NEW_IMAGE',
    });
    expect(system.mappings).toEqual([
      {
        id: 'app/Mapping',
        functionId: 'app/Fn',
        tableId: 'app/Table',
        batchSize: 100,
        startingPosition: 'LATEST',
        bisectBatchOnFunctionError: false,
        maximumRetryAttempts: -1,
        maximumRecordAgeInSeconds: -1,
        reportBatchItemFailures: false,
        maximumBatchingWindowInSeconds: 0,
      },
    ]);
    expect(system.rules).toEqual([
      {
        id: 'app/OnDefaultBus',
        stack: 'app',
        busName: 'default',
        pattern: { source: [{ prefix: 'app' }] },
        targets: [{ functionId: 'app/Fn', retryAttempts: 185, maxEventAgeSeconds: 86_400 }],
      },
      {
        id: 'app/OnImportedBus',
        stack: 'app',
        busName: 'app-bus',
        pattern: { source: ['x'] },
        targets: [{ functionId: 'app-owner/Handler', retryAttempts: 0, maxEventAgeSeconds: 86_400 }],
      },
      { id: 'app/OnBusArn', stack: 'app', busName: 'other-bus', pattern: { source: ['y'] }, targets: [] },
    ]);
    expect(system.buses).toEqual(['app-bus']);
    expect(system.warnings).toEqual([]);
  });

  it('reads routes, $default and authorizers, and names the service by its stack', () => {
    const integration = (target: string) => ({
      Type: 'AWS::ApiGatewayV2::Integration',
      Properties: {
        ApiId: { Ref: 'Api' },
        IntegrationType: 'AWS_PROXY',
        IntegrationUri: { 'Fn::GetAtt': [target, 'Arn'] },
        PayloadFormatVersion: '2.0',
      },
    });
    const route = (key: string, integrationId: string, auth?: string) => ({
      Type: 'AWS::ApiGatewayV2::Route',
      Properties: {
        ApiId: { Ref: 'Api' },
        RouteKey: key,
        ...(auth === undefined ? {} : { AuthorizationType: auth }),
        Target: { 'Fn::Join': ['', ['integrations/', { Ref: integrationId }]] },
      },
    });
    const system = load({
      'shop-dev-events': { Resources: {} },
      'shop-dev-catalog': {
        Resources: {
          Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { ProtocolType: 'HTTP' } },
          Get: fn(),
          Any: fn(),
          GetIntegration: integration('Get'),
          AnyIntegration: integration('Any'),
          GetRoute: route('get /items/{id}', 'GetIntegration', 'AWS_IAM'),
          AnyRoute: route('$default', 'AnyIntegration'),
          JwtRoute: route('POST /items', 'AnyIntegration', 'JWT'),
        },
      },
    });
    expect(system.apis).toEqual([
      {
        id: 'shop-dev-catalog/Api',
        stack: 'shop-dev-catalog',
        service: 'catalog',
        routes: [
          { method: 'GET', path: '/items/{id}', functionId: 'shop-dev-catalog/Get', auth: 'AWS_IAM' },
          { method: 'ANY', path: '$default', functionId: 'shop-dev-catalog/Any', auth: 'NONE' },
          { method: 'POST', path: '/items', functionId: 'shop-dev-catalog/Any', auth: 'NONE' },
        ],
      },
    ]);
    expect(system.warnings).toEqual([
      'shop-dev-catalog/JwtRoute: route POST /items authorizer JWT is not checked locally',
    ]);
  });

  it('warns about what it does not run', () => {
    const system = load({
      app: {
        Resources: {
          Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
          Stream: { Type: 'AWS::Kinesis::Stream', Properties: {} },
          Fn: fn(),
          Python: fn({ Runtime: 'python3.12' }),
          FromKinesis: {
            Type: 'AWS::Lambda::EventSourceMapping',
            Properties: {
              EventSourceArn: { 'Fn::GetAtt': ['Stream', 'Arn'] },
              FunctionName: { Ref: 'Fn' },
              StartingPosition: 'LATEST',
            },
          },
          ToQueue: {
            Type: 'AWS::Events::Rule',
            Properties: {
              EventPattern: { source: ['x'] },
              Targets: [{ Arn: { 'Fn::GetAtt': ['Queue', 'Arn'] }, Id: 'q' }],
            },
          },
          Disabled: {
            Type: 'AWS::Events::Rule',
            Properties: { State: 'DISABLED', EventPattern: { source: ['x'] } },
          },
          Scheduled: { Type: 'AWS::Events::Rule', Properties: { ScheduleExpression: 'rate(1 minute)' } },
        },
      },
    });
    expect([...system.functions.keys()]).toEqual(['app/Fn']);
    expect(system.mappings).toEqual([]);
    expect(system.rules).toEqual([
      { id: 'app/ToQueue', stack: 'app', busName: 'default', pattern: { source: ['x'] }, targets: [] },
    ]);
    expect(system.warnings).toEqual([
      'app/Python: runtime python3.12 is not run locally (Node.js only)',
      'app/FromKinesis: source app/Stream (AWS::Kinesis::Stream) is not run locally (DynamoDB streams only)',
      'app/ToQueue: target app/Queue (AWS::SQS::Queue) is not run locally (Lambda targets only)',
      'app/Disabled: state DISABLED, not run locally',
      'app/Scheduled: a rule without an event pattern (a schedule) is not run locally',
    ]);
  });
});
