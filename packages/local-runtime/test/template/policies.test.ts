/**
 * The functions' execution roles and their events:PutEvents statements, read from hand-written
 * cloud assemblies: every place a statement can come from, resolved values, and what is left out.
 */
import type { LocalFunction } from '../../src/model';
import { type LocalResolver, loadLocalSystem } from '../../src/template/index';
import { assembly, fn, removeAssemblies, type Template } from './fixtures';

afterAll(removeAssemblies);

const resolver: LocalResolver = {
  apiUrl: (apiId) => `http://localhost:4000/${apiId}`,
  tableName: (tableId) => tableId.replace('/', '.'),
  region: 'eu-west-1',
  accountId: '000000000000',
};

const BUS_ARN = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':events:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      ':event-bus/app-bus',
    ],
  ],
};
const LOCAL_BUS_ARN = 'arn:aws:events:eu-west-1:000000000000:event-bus/app-bus';

const role = (properties: Template = {}): Template => ({
  Type: 'AWS::IAM::Role',
  Properties: { AssumeRolePolicyDocument: { Statement: [] }, ...properties },
});
const policy = (statements: Template[], roles: unknown[] = [{ Ref: 'FnRole' }]): Template => ({
  Type: 'AWS::IAM::Policy',
  Properties: {
    PolicyName: 'p',
    PolicyDocument: { Version: '2012-10-17', Statement: statements },
    Roles: roles,
  },
});
/** The statement lib/infra/stream-forwarder.ts gives a forwarder, as CDK synthesizes it. */
const PUT_OWN_EVENTS: Template = {
  Sid: 'PutOwnEvents',
  Effect: 'Allow',
  Action: 'events:PutEvents',
  Resource: BUS_ARN,
  Condition: { StringEquals: { 'events:source': ['tributary.orders'] } },
};

function load(resources: Template): { fn: LocalFunction | undefined; warnings: readonly string[] } {
  const system = loadLocalSystem(
    assembly({ app: { Resources: { Fn: fn({ Role: { 'Fn::GetAtt': ['FnRole', 'Arn'] } }), ...resources } } }),
    resolver,
  );
  return { fn: system.functions.get('app/Fn'), warnings: system.warnings ?? [] };
}

describe("functions' roles and their PutEvents statements", () => {
  it('reads the role and the statement a forwarder’s AWS::IAM::Policy gives it, values resolved', () => {
    const { fn: forwarder } = load({
      FnRole: role(),
      FnRolePolicy: policy([
        { Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: '*' },
        PUT_OWN_EVENTS,
        { Effect: 'Allow', Action: ['xray:PutTraceSegments'], Resource: '*' },
      ]),
    });
    expect(forwarder?.role).toEqual({
      id: 'app/FnRole',
      name: 'app-FnRole',
      arn: 'arn:aws:iam::000000000000:role/app-FnRole',
      putEventsStatements: [
        {
          sid: 'PutOwnEvents',
          effect: 'Allow',
          resources: [LOCAL_BUS_ARN],
          condition: { StringEquals: { 'events:source': ['tributary.orders'] } },
        },
      ],
    });
  });

  it('keeps statements whose wildcard or NotAction covers PutEvents, and Denies, and nothing else', () => {
    const { fn: f } = load({
      FnRole: role({ RoleName: 'named-role' }),
      FnRolePolicy: policy([
        { Effect: 'Allow', Action: 'events:*', Resource: '*' },
        { Effect: 'Allow', Action: 'EVENTS:putevents', Resource: '*' }, // actions ignore case
        { Effect: 'Deny', NotAction: ['s3:*'], NotResource: [BUS_ARN] },
        { Effect: 'Allow', NotAction: 'events:PutEvents', Resource: '*' }, // everything but
        { Effect: 'Allow', Action: 'events:PutRule', Resource: '*' },
      ]),
    });
    expect(f?.role?.name).toBe('named-role');
    expect(f?.role?.putEventsStatements).toEqual([
      { effect: 'Allow', resources: ['*'] },
      { effect: 'Allow', resources: ['*'] },
      { effect: 'Deny', resources: [LOCAL_BUS_ARN], notResource: true },
    ]);
  });

  it('gathers statements from inline Policies, managed policies of the app and Roles given by name', () => {
    const statement = (sid: string) => ({
      Sid: sid,
      Effect: 'Allow',
      Action: 'events:PutEvents',
      Resource: '*',
    });
    const { fn: f } = load({
      FnRole: role({
        RoleName: 'the-role',
        Policies: [{ PolicyName: 'inline', PolicyDocument: { Statement: statement('Inline') } }],
        ManagedPolicyArns: [
          { Ref: 'Managed' },
          'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
        ],
      }),
      Managed: {
        Type: 'AWS::IAM::ManagedPolicy',
        Properties: { PolicyDocument: { Statement: [statement('Managed')] } },
      },
      ByName: policy([statement('ByName')], ['the-role']),
      Elsewhere: policy([statement('Elsewhere')], ['some-other-role']),
    });
    expect(f?.role?.putEventsStatements.map((s) => s.sid).sort()).toEqual(['ByName', 'Inline', 'Managed']);
  });

  it('leaves out, with a warning, a statement whose resource has no local value: it grants nothing', () => {
    const { fn: f, warnings } = load({
      FnRole: role(),
      Key: { Type: 'AWS::KMS::Key', Properties: {} },
      FnRolePolicy: policy([
        { Effect: 'Allow', Action: 'events:PutEvents', Resource: { 'Fn::GetAtt': ['Key', 'Arn'] } },
        { Effect: 'Allow', Action: 'kms:Decrypt', Resource: { 'Fn::GetAtt': ['Key', 'Arn'] } },
      ]),
    });
    expect(f?.role?.putEventsStatements).toEqual([]);
    // Only the statement that concerns PutEvents is resolved (and warned about).
    expect(warnings).toEqual([
      expect.stringMatching(/FnRolePolicy PolicyDocument\.Statement\[0\].*not enforced locally/),
    ]);
  });

  it('gives a function whose role is not a resource of the app no role', () => {
    const system = loadLocalSystem(
      assembly({ app: { Resources: { Fn: fn({ Role: 'arn:aws:iam::000000000000:role/imported' }) } } }),
      resolver,
    );
    expect(system.functions.get('app/Fn')?.role).toBeUndefined();
  });
});
