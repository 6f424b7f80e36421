/** `-c stage=prod` against dev: removal policy, deletion protection, retention, log level, names. */
import { eventsStackName, serviceStackName } from '../../lib/infra/names';
import { resourcesOfType, type Synthesized, synthesize } from './helpers';

let dev: Synthesized;
let prod: Synthesized;

beforeAll(() => {
  dev = synthesize({ stage: 'dev' });
  prod = synthesize({ stage: 'prod' });
  if (dev.error) throw dev.error;
  if (prod.error) throw prod.error;
});
afterAll(() => {
  dev?.cleanup();
  prod?.cleanup();
});

const STATEFUL = ['AWS::DynamoDB::Table', 'AWS::Logs::LogGroup', 'AWS::SQS::Queue'];

describe.each([
  ['dev', () => dev, { policy: 'Delete', protection: false, retention: 7, logLevel: 'DEBUG', archive: 7 }],
  [
    'prod',
    () => prod,
    { policy: 'Retain', protection: true, retention: 365, logLevel: 'INFO', archive: 365 },
  ],
] as const)('stage %s', (stage, get, expected) => {
  it('switches the removal policy of everything that holds data', () => {
    const template = get().template(serviceStackName(stage, 'orders'));
    for (const type of STATEFUL) {
      const resources = Object.values(resourcesOfType(template, type));
      expect(resources.length).toBeGreaterThan(0);
      for (const resource of resources) {
        expect([type, resource.DeletionPolicy, resource.UpdateReplacePolicy]).toEqual([
          type,
          expected.policy,
          expected.policy,
        ]);
      }
    }
  });

  it('switches table deletion protection and stack termination protection', () => {
    const template = get().template(serviceStackName(stage, 'users'));
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      DeletionProtectionEnabled: expected.protection,
    });
    const stack = get().assembly?.getStackByName(serviceStackName(stage, 'users'));
    expect(stack?.terminationProtection ?? false).toBe(expected.protection);
  });

  it('switches log retention, the archive retention and the log level', () => {
    const template = get().template(serviceStackName(stage, 'reviews'));
    const groups = Object.values(resourcesOfType(template, 'AWS::Logs::LogGroup'));
    expect(new Set(groups.map((g) => g.Properties.RetentionInDays))).toEqual(new Set([expected.retention]));
    for (const fn of Object.values(resourcesOfType(template, 'AWS::Lambda::Function'))) {
      expect(fn.Properties.Environment.Variables.POWERTOOLS_LOG_LEVEL).toBe(expected.logLevel);
    }
    get()
      .template(eventsStackName(stage))
      .hasResourceProperties('AWS::Events::Archive', { RetentionDays: expected.archive });
  });

  it('names the bus, stacks and SSM parameters after the stage, so stages share an account safely', () => {
    const template = get().template(serviceStackName(stage, 'orders'));
    get()
      .template(eventsStackName(stage))
      .hasResourceProperties('AWS::Events::EventBus', { Name: `tributary-${stage}` });
    template.hasResourceProperties('AWS::Events::Rule', { EventBusName: `tributary-${stage}` });
    template.hasResourceProperties('AWS::SSM::Parameter', { Name: `/tributary/${stage}/orders/api-url` });
    template.templateMatches({
      Parameters: { UsersApiUrl: { Default: `/tributary/${stage}/users/api-url` } },
    });
  });

  it('passes cdk-nag with the same acknowledgements', () => {
    expect(get().violations()).toEqual([]);
  });
});
