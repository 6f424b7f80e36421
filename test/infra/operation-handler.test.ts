/** OperationHandler (lib/infra/operation-handler.ts): its defaults, each prop overriding its default, its ids. */
import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { FUNCTION_DEFAULTS } from '../../lib/infra/defaults';
import { OperationHandler, type OperationHandlerProps } from '../../lib/infra/operation-handler';
import { ServiceApi } from '../../lib/infra/service-api';
import { ServiceCalls } from '../../lib/infra/service-calls';
import { ServiceTable } from '../../lib/infra/service-table';
import { stageConfig } from '../../lib/infra/stage';
import type { OperationPlan } from '../../lib/infra/system';
import { constructStack, resourcesOfType, STAND_IN_ENTRY, unbundled } from './helpers';

const CREATE_ORDER: OperationPlan = {
  id: 'createOrder',
  key: 'POST /orders',
  method: 'POST',
  path: '/orders',
  routePath: '/orders',
  auth: 'iam',
  tableAccess: {
    uses: ['create', 'idempotency'],
    actions: ['GetItem', 'PutItem', 'DeleteItem', 'UpdateItem'],
    recordOnlyActions: ['DeleteItem', 'UpdateItem'],
  },
  entry: 'functions/orders/generated/lambdas/create-order.ts',
  calls: [
    {
      service: 'users',
      method: 'GET',
      path: '/users/:id',
      routePath: '/users/{id}',
      apiUrlVariable: 'USERS_API_URL',
    },
  ],
};

function build(props: Partial<OperationHandlerProps> = {}, operation: OperationPlan = CREATE_ORDER) {
  const stack = constructStack('tributary-dev-orders');
  const stage = stageConfig('dev');
  const table = new ServiceTable(stack, 'Table', { layout: { globalSecondaryIndexes: [] }, stage });
  const api = new ServiceApi(stack, 'Api', { stage });
  const handler = new OperationHandler(stack, 'CreateOrder', {
    service: 'orders',
    specFile: 'api-specs/orders.json',
    operation,
    entry: STAND_IN_ENTRY,
    api,
    table,
    calls: new ServiceCalls(stack, { stage: 'dev' }),
    environment: { SERVICE_NAME: 'orders' },
    functions: unbundled(stage),
    ...props,
  });
  return { stack, handler, template: Template.fromStack(stack) };
}

const functionOf = (template: Template) => {
  const [fn] = Object.values(resourcesOfType(template, 'AWS::Lambda::Function'));
  if (!fn) throw new Error('no function');
  return fn.Properties;
};

describe('OperationHandler', () => {
  it("by default: the team's memory and timeout, the given environment plus TABLE_ACCESS and the calls' URLs", () => {
    const { template } = build();
    expect(functionOf(template)).toMatchObject({
      Description: 'orders: POST /orders',
      MemorySize: FUNCTION_DEFAULTS.memorySize,
      Timeout: FUNCTION_DEFAULTS.timeout.toSeconds(),
      Environment: {
        Variables: {
          SERVICE_NAME: 'orders',
          TABLE_ACCESS: 'GetItem,PutItem,DeleteItem,UpdateItem',
          USERS_API_URL: { Ref: 'UsersApiUrl' },
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
    expect([FUNCTION_DEFAULTS.memorySize, FUNCTION_DEFAULTS.timeout.toSeconds()]).toEqual([256, 10]);
  });

  it('grants the table actions of its uses (idempotency-only actions on idempotency records) and Invoke on its calls', () => {
    const { template } = build();
    const statements = Object.values(resourcesOfType(template, 'AWS::IAM::Policy'))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Array<Record<string, any>>)
      .filter((s) => s.Sid !== undefined);
    expect(statements.map((s) => [s.Sid, s.Action])).toEqual([
      ['OwnTableIdempotencyRecords', ['dynamodb:DeleteItem', 'dynamodb:UpdateItem']],
      ['OwnTableItems', ['dynamodb:GetItem', 'dynamodb:PutItem']],
      ['InvokeUsersGETUsersId', 'execute-api:Invoke'],
    ]);
  });

  // given: one prop set; want: the function's property it changes.
  it.each<[string, Partial<OperationHandlerProps>, string, unknown]>([
    ['memorySize', { memorySize: 1024 }, 'MemorySize', 1024],
    ['timeout', { timeout: Duration.seconds(25) }, 'Timeout', 25],
  ])('%s overrides its default', (_, given, property, want) => {
    expect(functionOf(build(given).template)[property]).toEqual(want);
  });

  it.each([
    ['iam', 'AWS_IAM', []],
    ['none', 'NONE', ['AwsSolutions::AwsSolutions-APIG4']],
  ] as const)(
    'routes <METHOD> <path> with %s auth (an auth "none" route acknowledged as the spec\'s)',
    (auth, type, acknowledged) => {
      const { template, handler } = build({}, { ...CREATE_ORDER, auth });
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: 'POST /orders',
        AuthorizationType: type,
      });
      expect(
        handler.route.node.metadata
          .filter((entry) => entry.type === 'aws:cdk:acknowledged-rules')
          .flatMap((entry) => Object.keys(entry.data as Record<string, string>)),
      ).toEqual(acknowledged);
    },
  );

  it('adds the function <id> and the route <id>Route to the scope it is given', () => {
    const { stack, handler } = build();
    expect(stack.node.tryFindChild('CreateOrder')).toBe(handler.fn);
    expect(stack.node.tryFindChild('CreateOrderRoute')).toBe(handler.route);
  });
});
