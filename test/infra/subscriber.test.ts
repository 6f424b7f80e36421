/** Subscriber (lib/infra/subscriber.ts): its defaults, each prop overriding its default, its ids. */
import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import { SUBSCRIBER_DELIVERY, SUBSCRIBER_TIMEOUT } from '../../lib/infra/defaults';
import { ServiceCalls } from '../../lib/infra/service-calls';
import { ServiceTable } from '../../lib/infra/service-table';
import { stageConfig } from '../../lib/infra/stage';
import { Subscriber, type SubscriberProps } from '../../lib/infra/subscriber';
import type { SubscriptionPlan } from '../../lib/infra/system';
import { constructStack, onlyResource, STAND_IN_ENTRY, unbundled } from './helpers';

const USERS_USER: SubscriptionPlan = {
  publisher: 'users',
  resource: 'user',
  events: ['deleted'],
  source: 'tributary.users',
  detailTypes: ['user.deleted'],
  calls: [
    {
      service: 'users',
      method: 'GET',
      path: '/users/:id',
      routePath: '/users/{id}',
      apiUrlVariable: 'USERS_API_URL',
    },
  ],
  tableAccess: { uses: ['dedupe'], actions: ['GetItem', 'PutItem'], recordOnlyActions: [] },
  entry: 'functions/orders/generated/lambdas/on-users-user.ts',
};

function build(props: Partial<SubscriberProps> = {}) {
  const stack = constructStack('tributary-dev-orders');
  const stage = stageConfig('dev');
  const subscriber = new Subscriber(stack, 'OnUsersUser', {
    service: 'orders',
    subscription: USERS_USER,
    entry: STAND_IN_ENTRY,
    table: new ServiceTable(stack, 'Table', { layout: { globalSecondaryIndexes: [] }, stage }),
    eventBus: events.EventBus.fromEventBusName(stack, 'Bus', 'tributary-dev'),
    calls: new ServiceCalls(stack, { stage: 'dev' }),
    environment: { SERVICE_NAME: 'orders' },
    functions: unbundled(stage),
    ...props,
  });
  return { stack, subscriber, template: Template.fromStack(stack) };
}

/** What the props with defaults set: the rule target's retry policy, the async config, the timeout. */
function delivery(template: Template) {
  const [target] = onlyResource(template, 'AWS::Events::Rule').Properties.Targets;
  const invoke = onlyResource(template, 'AWS::Lambda::EventInvokeConfig').Properties;
  return {
    timeout: onlyResource(template, 'AWS::Lambda::Function').Properties.Timeout,
    ruleRetryAttempts: target.RetryPolicy.MaximumRetryAttempts,
    ruleMaxEventAge: target.RetryPolicy.MaximumEventAgeInSeconds,
    asyncRetryAttempts: invoke.MaximumRetryAttempts,
    asyncMaxEventAge: invoke.MaximumEventAgeInSeconds,
  };
}

describe('Subscriber', () => {
  it('by default: 30 s; EventBridge retries 8 times for 6 h, Lambda twice for 6 h, both then to one dead-letter queue', () => {
    const { template } = build();
    expect(delivery(template)).toEqual({
      timeout: 30,
      ruleRetryAttempts: 8,
      ruleMaxEventAge: 6 * 3600,
      asyncRetryAttempts: 2,
      asyncMaxEventAge: 6 * 3600,
    });
    expect(delivery(template)).toEqual({
      timeout: SUBSCRIBER_TIMEOUT.toSeconds(),
      ruleRetryAttempts: SUBSCRIBER_DELIVERY.ruleRetryAttempts,
      ruleMaxEventAge: SUBSCRIBER_DELIVERY.ruleMaxEventAge.toSeconds(),
      asyncRetryAttempts: SUBSCRIBER_DELIVERY.asyncRetryAttempts,
      asyncMaxEventAge: SUBSCRIBER_DELIVERY.asyncMaxEventAge.toSeconds(),
    });
    const queueArn = { 'Fn::GetAtt': [onlyResource(template, 'AWS::SQS::Queue').id, 'Arn'] };
    expect(onlyResource(template, 'AWS::Lambda::Function').Properties.DeadLetterConfig).toEqual({
      TargetArn: queueArn,
    });
    expect(onlyResource(template, 'AWS::Events::Rule').Properties.Targets[0].DeadLetterConfig).toEqual({
      Arn: queueArn,
    });
    template.hasOutput('OnUsersUserDeadLettersUrl', {});
  });

  it("matches the publisher's source and detail types on the bus, in a rule named for replays", () => {
    const { template } = build();
    expect(onlyResource(template, 'AWS::Events::Rule').Properties).toMatchObject({
      Name: 'tributary-dev-orders-on-users-user',
      EventBusName: 'tributary-dev',
      Description: 'orders reacts to users.user deleted',
      EventPattern: { source: ['tributary.users'], 'detail-type': ['user.deleted'] },
    });
    expect(onlyResource(template, 'AWS::Lambda::Function').Properties.Environment.Variables).toEqual({
      SERVICE_NAME: 'orders',
      TABLE_ACCESS: 'GetItem,PutItem',
      USERS_API_URL: { Ref: 'UsersApiUrl' },
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  // given: one prop set; want: what it changes (the rest stays the default).
  it.each<[string, Partial<SubscriberProps>, Partial<ReturnType<typeof delivery>>]>([
    ['timeout', { timeout: Duration.seconds(45) }, { timeout: 45 }],
    ['ruleRetryAttempts', { ruleRetryAttempts: 3 }, { ruleRetryAttempts: 3 }],
    ['ruleMaxEventAge', { ruleMaxEventAge: Duration.hours(1) }, { ruleMaxEventAge: 3600 }],
    ['asyncRetryAttempts', { asyncRetryAttempts: 0 }, { asyncRetryAttempts: 0 }],
    ['asyncMaxEventAge', { asyncMaxEventAge: Duration.minutes(30) }, { asyncMaxEventAge: 1800 }],
  ])('%s overrides its default', (_, given, want) => {
    expect(delivery(build(given).template)).toEqual({ ...delivery(build().template), ...want });
  });

  it('adds the queue <id>DeadLetters, the function <id> and the rule <id>Rule to the scope it is given', () => {
    const { stack, subscriber } = build();
    expect(stack.node.tryFindChild('OnUsersUserDeadLetters')).toBe(subscriber.deadLetters);
    expect(stack.node.tryFindChild('OnUsersUser')).toBe(subscriber.fn);
    expect(stack.node.tryFindChild('OnUsersUserRule')).toBe(subscriber.rule);
  });
});
