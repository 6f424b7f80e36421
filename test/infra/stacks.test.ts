/**
 * The contracts of the synthesized templates, asserted on the fixture system (the reference specs
 * plus `reviews`, a service that exists only as a spec and handler files). Synthesized once for the
 * file, with inline code stand-ins (no esbuild: see bundling.test.ts for the real bundles) and
 * cdk-nag's AwsSolutions checks on.
 */
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { IDEMPOTENCY_KEY_PREFIX, TABLE_KEY, TTL_ATTRIBUTE } from '../../functions/runtime/conventions';
import { FORWARDER_EVENT_SOURCE, ITERATOR_AGE_ALARM_MS, SUBSCRIBER_DELIVERY } from '../../lib/infra/defaults';
import { eventsStackName, serviceStackName } from '../../lib/infra/names';
import type { ServicePlan } from '../../lib/infra/system';
import { normalizeTemplate, resourcesOfType, type Synthesized, synthesize } from './helpers';

type Json = Record<string, any>;

let synth: Synthesized;
let services: readonly ServicePlan[];

beforeAll(() => {
  synth = synthesize();
  if (synth.error) throw synth.error;
  services = synth.system.plan.services;
});
afterAll(() => synth?.cleanup());

const stackOf = (service: string) => serviceStackName('dev', service);
const templateOf = (service: string): Template => synth.template(stackOf(service));
const SERVICES = ['notifications', 'orders', 'reviews', 'users'];

const getAtt = (logicalId: string, attribute: string) => ({ 'Fn::GetAtt': [logicalId, attribute] });

function only<T>(values: Record<string, T>, what: string): [string, T] {
  const entries = Object.entries(values);
  if (entries.length !== 1) throw new Error(`expected one ${what}, found ${entries.length}`);
  return entries[0]!;
}

function tableId(template: Template): string {
  return only(resourcesOfType(template, 'AWS::DynamoDB::Table'), 'table')[0];
}

/** The function whose description is `<service>: <what>`, with its role's policy statements. */
function lambda(template: Template, description: string): { id: string; props: Json; statements: Json[] } {
  const functions = resourcesOfType(template, 'AWS::Lambda::Function');
  const [id, fn] = only(
    Object.fromEntries(Object.entries(functions).filter(([, f]) => f.Properties.Description === description)),
    `function "${description}"`,
  );
  const roleId: string = fn.Properties.Role['Fn::GetAtt'][0];
  const statements = Object.values(resourcesOfType(template, 'AWS::IAM::Policy'))
    .filter((p) => p.Properties.Roles.some((r: Json) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Json[]);
  return { id, props: fn.Properties, statements };
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);
const actionsOf = (statements: Json[]) => statements.flatMap((s) => asArray(s.Action) as string[]);

describe('the events stack', () => {
  it('matches its normalized snapshot', () => {
    expect(normalizeTemplate(synth.templateJson(eventsStackName('dev')))).toMatchSnapshot();
  });

  it('has the custom bus and an archive of everything on it', () => {
    const template = synth.template(eventsStackName('dev'));
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'tributary-dev' });
    template.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: getAtt(only(resourcesOfType(template, 'AWS::Events::EventBus'), 'bus')[0], 'Arn'),
      EventPattern: { account: [{ Ref: 'AWS::AccountId' }] },
      RetentionDays: 7,
    });
  });
});

describe.each(SERVICES)('the %s stack', (service) => {
  const plan = () => {
    const found = services.find((s) => s.name === service);
    if (!found) throw new Error(service);
    return found;
  };

  it('has one table: stream NEW_AND_OLD_IMAGES, PITR, encryption, TTL, a GSI per index of the layout', () => {
    const template = templateOf(service);
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: TABLE_KEY, KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      GlobalSecondaryIndexes: plan().layout.globalSecondaryIndexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    });
  });

  it('has a route per operation, IAM auth unless the spec says none, through the HTTP API with access logs', () => {
    const template = templateOf(service);
    const routes = Object.values(resourcesOfType(template, 'AWS::ApiGatewayV2::Route'));
    expect(routes.map((r) => [r.Properties.RouteKey, r.Properties.AuthorizationType]).sort()).toEqual(
      [
        ...plan().operations.map((op) => [
          `${op.method} ${op.routePath}`,
          op.auth === 'none' ? 'NONE' : 'AWS_IAM',
        ]),
        ['$default', 'NONE'],
      ].sort(),
    );
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('"routeKey":"\\$context.routeKey"'),
      },
    });
  });

  it('gives every Lambda the team defaults and the common environment', () => {
    const template = templateOf(service);
    const functions = Object.values(resourcesOfType(template, 'AWS::Lambda::Function'));
    const p = plan();
    expect(functions).toHaveLength(
      p.operations.length + p.subscriptions.length + (p.publishingResources.length > 0 ? 1 : 0) + 1,
    );
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
        Environment: {
          Variables: expect.objectContaining({ SERVICE_NAME: service, NODE_OPTIONS: '--enable-source-maps' }),
        },
      });
    }
    // Every function but the $default route's (which has no table: see below) has the common environment.
    const withTable = functions.filter((fn) => !fn.Properties.Description.includes('$default route'));
    expect(withTable).toHaveLength(functions.length - 1);
    for (const fn of withTable) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
        Environment: {
          Variables: expect.objectContaining({
            TABLE_NAME: { Ref: tableId(template) },
            SERVICE_NAME: service,
            POWERTOOLS_SERVICE_NAME: service,
            POWERTOOLS_LOG_LEVEL: 'DEBUG',
            NODE_OPTIONS: '--enable-source-maps',
          }),
        },
      });
    }
    const logGroups = Object.values(resourcesOfType(template, 'AWS::Logs::LogGroup'));
    expect(logGroups.map((g) => g.Properties.RetentionInDays)).toEqual(logGroups.map(() => 7));
  });

  it("sends what no operation's route matches ($default, no auth) to its fallback Lambda, which has no grant but its logs", () => {
    const template = templateOf(service);
    const fallback = lambda(template, `${service}: $default route (404/405 for unmatched requests)`);
    const [, route] = only(
      Object.fromEntries(
        Object.entries(resourcesOfType(template, 'AWS::ApiGatewayV2::Route')).filter(
          ([, r]) => r.Properties.RouteKey === '$default',
        ),
      ),
      '$default route',
    );
    expect(route.Properties.AuthorizationType).toBe('NONE');
    const integrationId: string = route.Properties.Target['Fn::Join'][1][1].Ref;
    expect(
      resourcesOfType(template, 'AWS::ApiGatewayV2::Integration')[integrationId]?.Properties,
    ).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: getAtt(fallback.id, 'Arn'),
      PayloadFormatVersion: '2.0',
    });
    // API Gateway may invoke it (the permission of the $default route: any stage, any route key).
    const permissions = Object.values(resourcesOfType(template, 'AWS::Lambda::Permission')).filter(
      (p) => p.Properties.FunctionName['Fn::GetAtt']?.[0] === fallback.id,
    );
    expect(permissions.map((p) => [p.Properties.Action, p.Properties.Principal])).toEqual([
      ['lambda:InvokeFunction', 'apigateway.amazonaws.com'],
    ]);
    // From this API only, whatever the stage and route (it is invoked as `<api>/<stage>/$default`).
    const sourceArn: Json[] = permissions[0]?.Properties.SourceArn['Fn::Join'][1];
    expect(sourceArn.slice(-2)).toEqual([
      { Ref: only(resourcesOfType(template, 'AWS::ApiGatewayV2::Api'), 'api')[0] },
      '/*/*',
    ]);
    // Its routes are the operations' route keys, and nothing of a table reaches it.
    const variables: Json = fallback.props.Environment.Variables;
    expect(variables.ROUTES.split(',')).toEqual(
      plan()
        .operations.map((op) => `${op.method} ${op.routePath}`)
        .sort(),
    );
    expect(variables).toEqual({
      SERVICE_NAME: service,
      POWERTOOLS_SERVICE_NAME: service,
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
      NODE_OPTIONS: '--enable-source-maps',
      ROUTES: expect.any(String),
    });
    expect(fallback.props).toMatchObject({ MemorySize: 128, Timeout: 3 });
    // No grant: only its own log group and X-Ray, as every function has.
    const actions = actionsOf(fallback.statements);
    expect(actions.filter((a) => a.startsWith('dynamodb:'))).toEqual([]);
    expect(actions.filter((a) => !a.startsWith('logs:') && !a.startsWith('xray:'))).toEqual([]);
    expect(JSON.stringify(fallback.statements)).not.toContain(tableId(template));
  });

  it('grants every operation and subscriber Lambda exactly the table actions of its uses, and passes them as TABLE_ACCESS', () => {
    const template = templateOf(service);
    const table = tableId(template);
    const indexArns = plan().layout.globalSecondaryIndexes.map((index) => ({
      'Fn::Join': ['', [getAtt(table, 'Arn'), `/index/${index.name}`]],
    }));
    const lambdas = [
      ...plan().operations.map((op) => ({
        description: `${service}: ${op.key}`,
        access: op.tableAccess,
        calls: op.calls,
        deadLetters: false,
      })),
      ...plan().subscriptions.map((sub) => ({
        description: `${service}: subscriber to ${sub.publisher}.${sub.resource} ${sub.events.join('/')}`,
        access: sub.tableAccess,
        calls: sub.calls,
        deadLetters: true,
      })),
    ];
    expect(lambdas.length).toBeGreaterThan(0);
    for (const { description, access, calls, deadLetters } of lambdas) {
      const { statements, props } = lambda(template, description);
      const scoped = access.recordOnlyActions.map((action) => `dynamodb:${action}`);
      const want = access.actions.map((action) => `dynamodb:${action}`);
      const items = want.filter((action) => action !== 'dynamodb:Query' && !scoped.includes(action));
      const expected: Json[] = [];
      if (scoped.length > 0) {
        // Idempotency records only: a create may not update or delete a resource.
        expected.push({
          Sid: 'OwnTableIdempotencyRecords',
          Effect: 'Allow',
          Action: scoped.length === 1 ? scoped[0] : scoped,
          Resource: getAtt(table, 'Arn'),
          Condition: {
            'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${IDEMPOTENCY_KEY_PREFIX}*`] },
          },
        });
      }
      if (items.length > 0) {
        expected.push({
          Sid: 'OwnTableItems',
          Effect: 'Allow',
          Action: items.length === 1 ? items[0] : items,
          Resource: getAtt(table, 'Arn'),
        });
      }
      if (want.includes('dynamodb:Query')) {
        expected.push({
          Sid: 'OwnTableIndexes',
          Effect: 'Allow',
          Action: 'dynamodb:Query',
          Resource: indexArns,
        });
      }
      const dynamo = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('dynamodb:')));
      expect(dynamo).toEqual(expected);
      expect(props.Environment.Variables.TABLE_ACCESS).toBe(access.actions.join(','));
      // Beyond its own table only what the spec's calls grant (checked exactly in the calls tests).
      const unexpected = actionsOf(statements).filter(
        (a) =>
          !a.startsWith('dynamodb:') &&
          !a.startsWith('logs:') &&
          !a.startsWith('xray:') &&
          !(a === 'execute-api:Invoke' && calls.length > 0) &&
          // A subscriber's failed deliveries go to its dead-letter queue.
          !(a === 'sqs:SendMessage' && deadLetters),
      );
      expect(unexpected).toEqual([]);
    }
  });

  it('never grants actions no code issues: no ConditionCheckItem, Scan or batch calls; UpdateItem only for idempotency records', () => {
    const template = templateOf(service);
    const granted = Object.values(resourcesOfType(template, 'AWS::IAM::Policy')).flatMap((p) =>
      actionsOf(p.Properties.PolicyDocument.Statement as Json[]),
    );
    for (const action of ['ConditionCheckItem', 'Scan', 'BatchGetItem', 'BatchWriteItem']) {
      expect(granted).not.toContain(`dynamodb:${action}`);
    }
    for (const op of plan().operations) {
      const updates = (op.tableAccess.actions as readonly string[]).includes('UpdateItem');
      expect([op.key, updates]).toEqual([op.key, op.tableAccess.uses.includes('idempotency')]);
      expect(op.tableAccess.recordOnlyActions).not.toContain('PutItem');
    }
  });

  it("derives each operation's uses from its shape: a GET reads, a create never deletes a resource, a delete never puts", () => {
    const operations = plan().operations;
    expect(operations.length).toBeGreaterThan(0);
    // What breaks the rule of its shape, per operation, so a service of GETs only is checked too.
    const broken = operations.map((op) => {
      const scoped = op.tableAccess.recordOnlyActions as readonly string[];
      const unscoped = (op.tableAccess.actions as readonly string[]).filter((a) => !scoped.includes(a));
      const reads: readonly string[] = unscoped.filter((a) => a === 'GetItem' || a === 'Query');
      const problems: string[] = [];
      if (op.method === 'GET') {
        problems.push(...unscoped.filter((a) => !reads.includes(a)).map((a) => `a GET may not ${a}`));
        if (op.tableAccess.uses.length > 0 && reads.length === 0)
          problems.push('a GET of its table reads it');
      }
      if (op.method === 'POST' && op.tableAccess.uses.includes('create') && unscoped.includes('DeleteItem'))
        problems.push('a create may not DeleteItem');
      if (op.method === 'DELETE' && unscoped.includes('PutItem')) problems.push('a delete may not PutItem');
      return [op.key, problems];
    });
    expect(broken).toEqual(operations.map((op) => [op.key, []]));
  });

  it("touches no other service's table: no imports, no literal table ARNs, one table referenced", () => {
    const text = JSON.stringify(synth.templateJson(stackOf(service)));
    expect(text).not.toContain('Fn::ImportValue');
    expect(text).not.toMatch(/:dynamodb:[^"]*:table\//);
    const tables = new Set(
      [...text.matchAll(/"Fn::GetAtt":\["([A-Za-z0-9]+)","(?:Arn|StreamArn)"\]/g)]
        .map((m) => m[1]!)
        .filter((id) => id.startsWith('Table')),
    );
    expect([...tables]).toEqual([tableId(templateOf(service))]);
  });

  it('outputs its API URL and publishes URL and id to SSM for subscribers', () => {
    const template = templateOf(service);
    template.hasOutput('ApiUrl', { Value: Match.objectLike({ 'Fn::Join': Match.anyValue() }) });
    template.hasOutput('TableName', { Value: { Ref: tableId(template) } });
    template.hasResourceProperties('AWS::SSM::Parameter', { Name: `/tributary/dev/${service}/api-url` });
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Name: `/tributary/dev/${service}/api-id`,
      Value: { Ref: only(resourcesOfType(template, 'AWS::ApiGatewayV2::Api'), 'api')[0] },
    });
  });

  it('matches its normalized snapshot', () => {
    expect(normalizeTemplate(synth.templateJson(stackOf(service)))).toMatchSnapshot();
  });
});

describe('the stream forwarder', () => {
  it.each(SERVICES)('of %s: event source mapping with every guarantee setting', (service) => {
    const template = templateOf(service);
    const table = tableId(template);
    const forwarder = lambda(template, `${service}: stream forwarder to tributary-dev`);
    const [queueId] = only(
      Object.fromEntries(
        Object.entries(resourcesOfType(template, 'AWS::SQS::Queue')).filter(([id]) =>
          id.startsWith('ForwarderOnFailure'),
        ),
      ),
      'on-failure queue',
    );
    const [, mapping] = only(resourcesOfType(template, 'AWS::Lambda::EventSourceMapping'), 'mapping');
    expect(mapping.Properties).toEqual({
      FunctionName: { Ref: forwarder.id },
      EventSourceArn: getAtt(table, 'StreamArn'),
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: FORWARDER_EVENT_SOURCE.batchSize,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      MaximumRecordAgeInSeconds: 12 * 3600,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ParallelizationFactor: FORWARDER_EVENT_SOURCE.parallelizationFactor,
      DestinationConfig: { OnFailure: { Destination: getAtt(queueId, 'Arn') } },
    });
    // No event-source filter: guard and dedupe items are skipped in code.
    expect(mapping.Properties.FilterCriteria).toBeUndefined();
  });

  it.each(SERVICES)('of %s: puts events on the shared bus only, reads its own stream only', (service) => {
    const template = templateOf(service);
    const table = tableId(template);
    const forwarder = lambda(template, `${service}: stream forwarder to tributary-dev`);
    expect(forwarder.props.Environment.Variables).toMatchObject({
      SERVICE_NAME: service,
      EVENT_BUS_NAME: 'tributary-dev',
      RESOURCE_TYPES: services.find((s) => s.name === service)?.publishingResources.join(','),
      // Unusable records are parked on the on-failure queue, which it may send to (and nothing else).
      PARKING_QUEUE_URL: { Ref: expect.stringMatching(/^ForwarderOnFailure/) },
    });
    const sqsStatements = forwarder.statements.filter((s) =>
      actionsOf([s]).some((a) => a.startsWith('sqs:')),
    );
    expect(sqsStatements.map((s) => s.Resource)).toEqual(
      sqsStatements.map(() => ({ 'Fn::GetAtt': [expect.stringMatching(/^ForwarderOnFailure/), 'Arn'] })),
    );
    expect(forwarder.statements).toContainEqual({
      Sid: 'PutOwnEvents',
      Effect: 'Allow',
      Action: 'events:PutEvents',
      // Its own service's source only: it cannot put another service's events.
      Condition: { StringEquals: { 'events:source': [`tributary.${service}`] } },
      Resource: {
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':events:',
            { Ref: 'AWS::Region' },
            ':',
            { Ref: 'AWS::AccountId' },
            ':event-bus/tributary-dev',
          ],
        ],
      },
    });
    const putEvents = forwarder.statements.filter((s) => actionsOf([s]).includes('events:PutEvents'));
    expect(putEvents).toHaveLength(1);
    expect(forwarder.statements).toContainEqual({
      Effect: 'Allow',
      Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
      Resource: getAtt(table, 'StreamArn'),
    });
    const tableActions = actionsOf(forwarder.statements).filter(
      (a) => a.startsWith('dynamodb:') && !/Stream|GetRecords|GetShardIterator/.test(a),
    );
    expect(tableActions).toEqual([]);
  });

  it.each(SERVICES)('of %s: alarms on iterator age, errors and the on-failure queue', (service) => {
    const template = templateOf(service);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'IteratorAge',
      Namespace: 'AWS/Lambda',
      Statistic: 'Maximum',
      Threshold: ITERATOR_AGE_ALARM_MS,
    });
    // Failed invocations and refused entries, in one expression (alarms.test.ts has the details).
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `tributary-dev-${service}-forwarder-failures`,
      Threshold: 1,
      Metrics: Match.arrayWith([
        Match.objectLike({
          MetricStat: Match.objectLike({
            Metric: Match.objectLike({ MetricName: 'Errors', Namespace: 'AWS/Lambda' }),
          }),
        }),
      ]),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ForwarderOnFailure'), 'QueueName'] },
        },
      ],
    });
  });
});

describe('subscriptions', () => {
  const subscriptionCases = () =>
    services.flatMap((service) => service.subscriptions.map((subscription) => ({ service, subscription })));

  it('exist for every spec subscription, the fixture service included', () => {
    expect(
      subscriptionCases().map(
        ({ service, subscription }) =>
          `${service.name} <- ${subscription.publisher}.${subscription.resource}`,
      ),
    ).toEqual([
      'notifications <- orders.order',
      'orders <- users.user',
      'reviews <- orders.order',
      'reviews <- users.user',
    ]);
  });

  it('each has a rule on the shared bus matching the publisher source and detail types, with retries and a DLQ', () => {
    for (const { service, subscription } of subscriptionCases()) {
      const template = templateOf(service.name);
      const fn = lambda(
        template,
        `${service.name}: subscriber to ${subscription.publisher}.${subscription.resource} ${subscription.events.join('/')}`,
      );
      const rules = Object.values(resourcesOfType(template, 'AWS::Events::Rule')).filter(
        (r) => r.Properties.Targets[0].Arn['Fn::GetAtt'][0] === fn.id,
      );
      expect(rules).toHaveLength(1);
      const dlqArn = fn.props.DeadLetterConfig.TargetArn;
      expect(rules[0]!.Properties).toMatchObject({
        EventBusName: 'tributary-dev',
        EventPattern: {
          source: [`tributary.${subscription.publisher}`],
          'detail-type': [...subscription.detailTypes],
        },
        Targets: [
          {
            Arn: getAtt(fn.id, 'Arn'),
            RetryPolicy: {
              MaximumRetryAttempts: SUBSCRIBER_DELIVERY.ruleRetryAttempts,
              MaximumEventAgeInSeconds: 6 * 3600,
            },
            DeadLetterConfig: { Arn: dlqArn },
          },
        ],
      });
      expect(rules[0]!.Properties.EventPattern).toEqual({
        source: [`tributary.${subscription.publisher}`],
        'detail-type': [...subscription.detailTypes],
      });
      // Function errors: Lambda's async retries, then the same dead-letter queue.
      expect(dlqArn['Fn::GetAtt'][1]).toBe('Arn');
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: fn.id },
        MaximumRetryAttempts: SUBSCRIBER_DELIVERY.asyncRetryAttempts,
        MaximumEventAgeInSeconds: 6 * 3600,
      });
      template.hasResourceProperties('AWS::SQS::Queue', Match.objectLike({ SqsManagedSseEnabled: true }));
    }
  });

  /** The Invoke statement of one call: exactly that route of that service's API, by its SSM-read id. */
  const invokeStatement = (call: { service: string; method: string; routePath: string }) => {
    const pascal = call.service.charAt(0).toUpperCase() + call.service.slice(1);
    return {
      Sid: expect.stringMatching(/^Invoke/),
      Effect: 'Allow',
      Action: 'execute-api:Invoke',
      Resource: {
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
            { Ref: `${pascal}ApiId` },
            `/$default/${call.method}${call.routePath.replace(/\{[^}]+\}/g, '*')}`,
          ],
        ],
      },
    };
  };

  it("each may invoke exactly the routes it calls (default the owner's GET <resource>/{id}), and gets their URLs without hard-coding", () => {
    for (const { service, subscription } of subscriptionCases()) {
      const template = templateOf(service.name);
      const fn = lambda(
        template,
        `${service.name}: subscriber to ${subscription.publisher}.${subscription.resource} ${subscription.events.join('/')}`,
      );
      const invoke = fn.statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('execute-api:')));
      expect(invoke).toEqual(subscription.calls.map(invokeStatement));
      for (const call of subscription.calls) {
        const pascal = call.service.charAt(0).toUpperCase() + call.service.slice(1);
        expect(fn.props.Environment.Variables[call.apiUrlVariable]).toEqual({ Ref: `${pascal}ApiUrl` });
        template.templateMatches({
          Parameters: {
            [`${pascal}ApiUrl`]: {
              Type: 'AWS::SSM::Parameter::Value<String>',
              Default: `/tributary/dev/${call.service}/api-url`,
            },
            [`${pascal}ApiId`]: {
              Type: 'AWS::SSM::Parameter::Value<String>',
              Default: `/tributary/dev/${call.service}/api-id`,
            },
          },
        });
      }
      // Subscribers keep idempotency records in their own table.
      expect(fn.statements.find((s) => s.Sid === 'OwnTableItems')?.Resource).toEqual(
        getAtt(tableId(template), 'Arn'),
      );
    }
  });

  it('the reference subscribers call what their specs declare: notifications reads orders and users, orders asks users', () => {
    const calls = (service: string) =>
      synth.system.plan.services
        .find((s) => s.name === service)
        ?.subscriptions.flatMap((sub) => sub.calls.map((c) => `${c.service} ${c.method} ${c.path}`));
    expect(calls('notifications')).toEqual(['orders GET /orders/:id', 'users GET /users/:id']);
    // A user.deleted is only acted on once the users API confirms it (404).
    expect(calls('orders')).toEqual(['users GET /users/:id']);
  });

  it('operations that call another service get its URL and Invoke on exactly that route, others none', () => {
    const template = templateOf('orders');
    const orders = synth.system.plan.services.find((s) => s.name === 'orders');
    for (const operation of orders?.operations ?? []) {
      const fn = lambda(template, `orders: ${operation.key}`);
      const invoke = fn.statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('execute-api:')));
      expect(invoke).toEqual(operation.calls.map(invokeStatement));
      expect(fn.props.Environment.Variables.USERS_API_URL).toEqual(
        operation.calls.length > 0 ? { Ref: 'UsersApiUrl' } : undefined,
      );
    }
    expect(orders?.operations.filter((o) => o.calls.length > 0).map((o) => o.key)).toEqual([
      'POST /orders',
      'PUT /orders/:id',
    ]);
  });

  it('orders stacks so owners deploy before their subscribers, without cross-stack exports', () => {
    const dependencies = (service: string) =>
      synth.system.services
        .get(service)
        ?.dependencies.map((stack) => stack.stackName)
        .sort();
    expect(dependencies('users')).toEqual(['tributary-dev-events']);
    expect(dependencies('orders')).toEqual(['tributary-dev-events', 'tributary-dev-users']);
    expect(dependencies('reviews')).toEqual([
      'tributary-dev-events',
      'tributary-dev-orders',
      'tributary-dev-users',
    ]);
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing that is not acknowledged (and no other validation finding either)', () => {
    expect(synth.violations()).toEqual([]);
  });

  it('acknowledges each finding with a specific reason, on the construct it is about', () => {
    const suppressed = synth.suppressed();
    expect(suppressed.length).toBeGreaterThan(0);
    for (const finding of suppressed) {
      expect(finding.acknowledgedId).toMatch(/^AwsSolutions::AwsSolutions-/);
      expect(finding.reason.length).toBeGreaterThan(60);
      for (const c of finding.violatingConstructs)
        expect(`${c.constructPath}/`.startsWith(`${finding.acknowledgedAt}/`)).toBe(true);
    }
    expect([...new Set(suppressed.map((f) => f.ruleName.replace(/\[.*$/, '')))].sort()).toEqual([
      'AwsSolutions-APIG4',
      'AwsSolutions-IAM5',
      'AwsSolutions-SQS3',
    ]);
  });

  it('has no stale acknowledgement: each one suppresses a finding', () => {
    const acknowledgements = synth.app.node
      .findAll()
      .flatMap((construct) =>
        construct.node.metadata
          .filter((entry) => entry.type === 'aws:cdk:acknowledged-rules')
          .flatMap((entry) =>
            Object.keys(entry.data as Record<string, string>).map((id) => ({ id, at: construct.node.path })),
          ),
      );
    const used = new Set(synth.suppressed().map((f) => `${f.acknowledgedId} @ ${f.acknowledgedAt}`));
    expect(acknowledgements.filter((a) => !used.has(`${a.id} @ ${a.at}`))).toEqual([]);
  });
});
