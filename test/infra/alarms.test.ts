/**
 * Alarms that reach someone, a dashboard per service, and personal stages side by side: the fixture
 * system synthesized as two developers' stages, dev-ada (an email subscription, an existing pager
 * topic and a threshold of its own, from the CDK context) and dev-adam (nothing configured).
 */
import { App } from 'aws-cdk-lib';
import { alarmedService, serviceAlarms } from '../../lib/infra/alarm-catalog';
import { DEFAULT_ALARM_THRESHOLDS } from '../../lib/infra/alarm-thresholds';
import { buildSystem } from '../../lib/infra/app';
import {
  deadLetterQueueOutput,
  eventsStackName,
  FORWARDER_PARKED_QUEUE_OUTPUT,
  serviceStackName,
} from '../../lib/infra/names';
import { SystemPlanError } from '../../lib/infra/system';
import {
  fixtureRoot,
  fixtureSpecFiles,
  LOCK_FILE,
  resourcesOfType,
  type Synthesized,
  synthesize,
} from './helpers';

type Json = Record<string, any>;

const PAGER = 'arn:aws:sns:eu-west-1:123456789012:pager';
const SERVICES = ['notifications', 'orders', 'reviews', 'users'];

let ada: Synthesized;
let adam: Synthesized;

beforeAll(() => {
  ada = synthesize({
    stage: 'dev-ada',
    alarms: {
      email: { 'dev-ada': 'ada@example.com', prod: 'ops@example.com' },
      topic: PAGER,
      thresholds: { orders: { latencyP99Milliseconds: 5000 } },
    },
  });
  adam = synthesize({ stage: 'dev-adam' });
  if (ada.error) throw ada.error;
  if (adam.error) throw adam.error;
});
afterAll(() => {
  ada?.cleanup();
  adam?.cleanup();
});

/** The ARN of a stage's alarm topic as a service stack writes it: by name, in its own account and region. */
function stageTopicArn(stage: string): Json {
  return {
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        ':sns:',
        { Ref: 'AWS::Region' },
        ':',
        { Ref: 'AWS::AccountId' },
        `:tributary-${stage}-alarms`,
      ],
    ],
  };
}

function alarmsOf(synth: Synthesized, stage: string, service: string): Json[] {
  return Object.values(
    resourcesOfType(synth.template(serviceStackName(stage, service)), 'AWS::CloudWatch::Alarm'),
  ).map((resource) => resource.Properties);
}

describe('alarms', () => {
  it.each(SERVICES)(
    'of %s: every one sends ALARM and OK to the stage topic and the configured one',
    (service) => {
      for (const [synth, stage, topics] of [
        [ada, 'dev-ada', [stageTopicArn('dev-ada'), PAGER]],
        [adam, 'dev-adam', [stageTopicArn('dev-adam')]],
      ] as const) {
        const alarms = alarmsOf(synth, stage, service);
        expect(alarms.length).toBeGreaterThan(0);
        for (const alarm of alarms) {
          expect([alarm.AlarmName, alarm.AlarmActions]).toEqual([alarm.AlarmName, topics]);
          expect([alarm.AlarmName, alarm.OKActions]).toEqual([alarm.AlarmName, topics]);
        }
      }
    },
  );

  it.each(SERVICES)(
    "of %s: exactly the catalog's, by name, each pointing to its runbook section",
    (service) => {
      const plan = ada.system.plan.services.find((s) => s.name === service);
      if (!plan) throw new Error(`no plan for ${service}`);
      const thresholds =
        service === 'orders'
          ? { ...DEFAULT_ALARM_THRESHOLDS, latencyP99Milliseconds: 5000 }
          : DEFAULT_ALARM_THRESHOLDS;
      const catalog = serviceAlarms('dev-ada', alarmedService(plan), thresholds);
      const alarms = alarmsOf(ada, 'dev-ada', service);
      expect(alarms.map((a) => a.AlarmName).sort()).toEqual(catalog.map((a) => a.name).sort());
      for (const definition of catalog) {
        const alarm = alarms.find((a) => a.AlarmName === definition.name);
        expect(alarm?.Threshold).toBe(definition.threshold);
        expect(alarm?.AlarmDescription).toContain(
          `Runbook: docs/runbooks/${service}.md#${definition.what.toLowerCase()}`,
        );
      }
      // Every operation, the forwarder and every subscription is watched.
      expect(catalog.filter((a) => a.kind === 'latency-p99')).toHaveLength(plan.operations.length);
      expect(catalog.filter((a) => a.kind === 'subscriber-parked')).toHaveLength(plan.subscriptions.length);
    },
  );

  it("reads an operation's 5xx rate and p99 latency from its route, at the service's thresholds", () => {
    const alarms = alarmsOf(ada, 'dev-ada', 'orders');
    const latency = alarms.find((a) => a.AlarmName === 'tributary-dev-ada-orders-createOrder-p99-latency');
    expect(latency).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: 'Latency',
      ExtendedStatistic: 'p99',
      Threshold: 5000,
      Dimensions: expect.arrayContaining([
        { Name: 'Method', Value: 'POST' },
        { Name: 'Resource', Value: '/orders' },
        { Name: 'Stage', Value: '$default' },
      ]),
    });
    const usersLatency = alarmsOf(ada, 'dev-ada', 'users').find((a) => a.AlarmName.endsWith('-p99-latency'));
    expect(usersLatency?.Threshold).toBe(DEFAULT_ALARM_THRESHOLDS.latencyP99Milliseconds);

    const rate = alarms.find((a) => a.AlarmName === 'tributary-dev-ada-orders-createOrder-5xx-rate');
    const expression = rate?.Metrics.find((m: Json) => m.Expression);
    expect(expression.Expression).toBe('IF(requests >= 10, 100 * FILL(errors, 0) / requests, 0)');
    const metricNames = rate?.Metrics.filter((m: Json) => m.MetricStat).map(
      (m: Json) => `${m.Id}=${m.MetricStat.Metric.Namespace}/${m.MetricStat.Metric.MetricName}`,
    );
    expect(metricNames.sort()).toEqual(['errors=AWS/ApiGateway/5xx', 'requests=AWS/ApiGateway/Count']);
  });

  it("counts the forwarder's failed invocations and the entries EventBridge refused", () => {
    const failures = alarmsOf(ada, 'dev-ada', 'orders').find(
      (a) => a.AlarmName === 'tributary-dev-ada-orders-forwarder-failures',
    );
    const metrics = failures?.Metrics.filter((m: Json) => m.MetricStat).map((m: Json) => m.MetricStat.Metric);
    expect(metrics).toContainEqual({
      Namespace: 'Tributary',
      MetricName: 'EntriesFailed',
      Dimensions: [{ Name: 'service', Value: 'orders' }],
    });
    expect(metrics).toContainEqual(
      expect.objectContaining({ Namespace: 'AWS/Lambda', MetricName: 'Errors' }),
    );
  });

  it("watches the forwarder's on-failure queue and each subscription's dead-letter queue, whose URLs are outputs", () => {
    const outputs = ada.templateJson(serviceStackName('dev-ada', 'orders')).Outputs as Json;
    const idOf = (output: string) => outputs[output]?.Value?.Ref;
    const alarms = alarmsOf(ada, 'dev-ada', 'orders');
    const watched = (alarmName: string) =>
      alarms.find((a) => a.AlarmName === alarmName)?.Dimensions?.[0]?.Value?.['Fn::GetAtt']?.[0];
    expect(watched('tributary-dev-ada-orders-forwarder-parked')).toMatch(/^ForwarderOnFailure/);
    expect(watched('tributary-dev-ada-orders-forwarder-parked')).toBe(idOf(FORWARDER_PARKED_QUEUE_OUTPUT));
    expect(watched('tributary-dev-ada-orders-on-users-user-parked')).toMatch(/^OnUsersUserDeadLetters/);
    expect(watched('tributary-dev-ada-orders-on-users-user-parked')).toBe(
      idOf(deadLetterQueueOutput('users', 'user')),
    );
  });

  it('leaves no alarm of the stacks without actions (none notifies nobody)', () => {
    for (const synth of [ada, adam]) {
      for (const stack of synth.system.services.values()) {
        const template = synth.template(stack.stackName);
        for (const alarm of Object.values(resourcesOfType(template, 'AWS::CloudWatch::Alarm'))) {
          expect(alarm.Properties.AlarmActions?.length ?? 0).toBeGreaterThan(0);
          expect(alarm.Properties.OKActions?.length ?? 0).toBeGreaterThan(0);
        }
      }
    }
  });
});

describe('the alarm topic', () => {
  it('exists once per stage, subscribed as the context says for that stage', () => {
    const adaEvents = ada.template(eventsStackName('dev-ada'));
    adaEvents.resourceCountIs('AWS::SNS::Topic', 1);
    adaEvents.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'tributary-dev-ada-alarms' });
    // Only dev-ada's address: prod's entry in the same setting is not this stage's.
    expect(
      Object.values(resourcesOfType(adaEvents, 'AWS::SNS::Subscription')).map((s) => [
        s.Properties.Protocol,
        s.Properties.Endpoint,
      ]),
    ).toEqual([['email', 'ada@example.com']]);
    const adamEvents = adam.template(eventsStackName('dev-adam'));
    adamEvents.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'tributary-dev-adam-alarms' });
    adamEvents.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it("lets CloudWatch publish only this stage's alarms", () => {
    const policy = Object.values(
      resourcesOfType(ada.template(eventsStackName('dev-ada')), 'AWS::SNS::TopicPolicy'),
    )
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Json[])
      .find((s) => s.Sid === 'StageAlarmsPublish');
    expect(JSON.stringify(policy?.Condition.ArnLike)).toContain(':alarm:tributary-dev-ada-*');
  });
});

describe('the dashboard', () => {
  it.each(SERVICES)(
    'of %s: one per service and stage, with routes, forwarder, subscriptions and alarms',
    (service) => {
      const plan = ada.system.plan.services.find((s) => s.name === service);
      if (!plan) throw new Error(`no plan for ${service}`);
      const template = ada.template(serviceStackName('dev-ada', service));
      const dashboards = Object.values(resourcesOfType(template, 'AWS::CloudWatch::Dashboard'));
      expect(dashboards.map((d) => d.Properties.DashboardName)).toEqual([`tributary-dev-ada-${service}`]);
      const body = JSON.stringify(dashboards[0]?.Properties.DashboardBody);
      for (const title of [
        'Requests per route',
        '4xx per route',
        '5xx per route',
        'p99 latency per route (ms)',
      ]) {
        expect(body).toContain(title);
      }
      for (const operation of plan.operations) {
        expect(body).toContain(`\\"label\\":\\"${operation.key}\\"`);
      }
      if (plan.publishingResources.length > 0) {
        for (const metric of ['IteratorAge', 'EventsPut', 'EntriesFailed', 'RecordsParked'])
          expect(body).toContain(metric);
      }
      for (const subscription of plan.subscriptions) {
        expect(body).toContain(
          `on-${subscription.publisher}-${subscription.resource}: deliveries and parked`,
        );
      }
      // Every alarm's state is on it.
      const alarmIds = Object.keys(resourcesOfType(template, 'AWS::CloudWatch::Alarm'));
      for (const id of alarmIds) expect(body).toContain(`{"Fn::GetAtt":["${id}","Arn"]}`);
      expect(body).toContain('Latest errors logged');
    },
  );
});

describe('two personal stages in one account', () => {
  /**
   * Physical names: the ones AWS holds unique per account and region, by type. Resources without one
   * (tables, queues, functions, log groups) get a name CloudFormation derives from the stack's.
   */
  const NAMED: Record<string, string> = {
    'AWS::SNS::Topic': 'TopicName',
    'AWS::CloudWatch::Alarm': 'AlarmName',
    'AWS::CloudWatch::Dashboard': 'DashboardName',
    'AWS::Events::Rule': 'Name',
    'AWS::Events::EventBus': 'Name',
    'AWS::SSM::Parameter': 'Name',
  };

  function physicalNames(synth: Synthesized, stage: string): Map<string, string[]> {
    const byType = new Map<string, string[]>([['stack', []]]);
    for (const stack of [synth.system.events, ...synth.system.services.values()]) {
      byType.get('stack')?.push(stack.stackName);
      for (const [type, key] of Object.entries(NAMED)) {
        for (const resource of Object.values(resourcesOfType(synth.template(stack.stackName), type))) {
          const name = resource.Properties[key];
          expect([type, typeof name]).toEqual([type, 'string']);
          byType.set(type, [...(byType.get(type) ?? []), name]);
        }
      }
    }
    for (const [type, names] of byType) {
      expect([type, names.length > 0]).toEqual([type, true]);
      for (const name of names) expect(name).toContain(stage);
    }
    return byType;
  }

  it('share no name: dev-ada and dev-adam differ in every stack, topic, alarm, dashboard, rule, bus and parameter', () => {
    const adaNames = physicalNames(ada, 'dev-ada');
    const adamNames = physicalNames(adam, 'dev-adam');
    const all = (names: Map<string, string[]>) => [...names.values()].flat();
    const shared = all(adaNames).filter((name) => all(adamNames).includes(name));
    expect(shared).toEqual([]);
    // And within a stage, no two resources of a type take one name.
    for (const names of [adaNames, adamNames]) {
      for (const [type, list] of names) {
        if (type === 'AWS::Events::EventBus') continue;
        expect([type, new Set(list).size]).toEqual([type, list.length]);
      }
    }
  });

  it('pass cdk-nag as every stage does', () => {
    expect(ada.violations()).toEqual([]);
    expect(adam.violations()).toEqual([]);
  });
});

describe('alarm settings that cannot be used', () => {
  it.each([
    [{ thresholds: { billing: {} } }, 'names "billing", which is no service of this app'],
    [{ email: ['ops@example.com'] }, 'alarms:email must be a string or an object by stage name'],
    [{ topic: 'pager' }, 'is not an SNS topic ARN'],
  ])('stop synthesis with a SystemPlanError that says what to write: %j', (alarms, message) => {
    const build = () =>
      buildSystem(new App(), {
        root: fixtureRoot(),
        specFiles: fixtureSpecFiles(),
        depsLockFilePath: LOCK_FILE,
        bundling: false,
        nag: false,
        alarms,
      });
    expect(build).toThrow(SystemPlanError);
    expect(build).toThrow(message);
  });
});
