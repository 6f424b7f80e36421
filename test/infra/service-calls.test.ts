/** ServiceCalls (lib/infra/service-calls.ts): SSM-read parameters, one pair per called service; exact Invoke grants. */
import { Template } from 'aws-cdk-lib/assertions';
import { ServiceCalls } from '../../lib/infra/service-calls';
import { ServiceFunction } from '../../lib/infra/service-function';
import type { CallPlan } from '../../lib/infra/system';
import { constructStack, resourcesOfType, STAND_IN_ENTRY, unbundled } from './helpers';

const GET_USER: CallPlan = {
  service: 'users',
  method: 'GET',
  path: '/users/:id',
  routePath: '/users/{id}',
  apiUrlVariable: 'USERS_API_URL',
};
const LIST_USERS: CallPlan = { ...GET_USER, path: '/users', routePath: '/users' };

function build() {
  const stack = constructStack('tributary-dev-orders');
  const calls = new ServiceCalls(stack, { stage: 'dev' });
  const fn = new ServiceFunction(stack, 'CreateOrder', {
    ...unbundled(),
    entry: STAND_IN_ENTRY,
    description: 'orders: POST /orders',
    environment: calls.environment([GET_USER, LIST_USERS]),
  });
  calls.grant(fn, [GET_USER, LIST_USERS]);
  return { stack, fn, template: Template.fromStack(stack) };
}

const invokeArn = (path: string) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':execute-api:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      ':',
      { Ref: 'UsersApiId' },
      `/$default/GET${path}`,
    ],
  ],
});

describe('ServiceCalls', () => {
  it("reads a called service's API id and URL from its SSM parameters: one pair however many calls", () => {
    const { template } = build();
    expect(template.toJSON().Parameters).toMatchObject({
      UsersApiId: {
        Type: 'AWS::SSM::Parameter::Value<String>',
        Default: '/tributary/dev/users/api-id',
      },
      UsersApiUrl: {
        Type: 'AWS::SSM::Parameter::Value<String>',
        Default: '/tributary/dev/users/api-url',
      },
    });
    expect(Object.keys(template.toJSON().Parameters)).toEqual([
      'UsersApiId',
      'UsersApiUrl',
      'BootstrapVersion',
    ]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { USERS_API_URL: { Ref: 'UsersApiUrl' } } },
    });
  });

  it('grants execute-api:Invoke on exactly the routes called, a path parameter as *', () => {
    const { template } = build();
    const statements = Object.values(resourcesOfType(template, 'AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as Array<Record<string, unknown>>,
    );
    expect(statements.filter((s) => s.Action === 'execute-api:Invoke')).toEqual([
      {
        Sid: 'InvokeUsersGETUsersId',
        Effect: 'Allow',
        Action: 'execute-api:Invoke',
        Resource: invokeArn('/users/*'),
      },
      {
        Sid: 'InvokeUsersGETUsers',
        Effect: 'Allow',
        Action: 'execute-api:Invoke',
        Resource: invokeArn('/users'),
      },
    ]);
  });

  it("acknowledges cdk-nag's wildcard finding for a route with a path parameter only, on the function's role", () => {
    const { fn } = build();
    const acknowledged = fn.role.node.metadata
      .filter((entry) => entry.type === 'aws:cdk:acknowledged-rules')
      .flatMap((entry) => Object.keys(entry.data as Record<string, string>));
    expect(acknowledged).toEqual([
      'AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<UsersApiId>/$default/GET/users/*]',
    ]);
  });
});
