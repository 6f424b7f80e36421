/** StreamForwarder (lib/infra/stream-forwarder.ts): its defaults, each prop overriding its default, its ids. */
import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import {
  FORWARDER_EVENT_SOURCE,
  FORWARDER_PARALLELIZATION_FACTOR,
  FORWARDER_TIMEOUT,
} from '../../lib/infra/defaults';
import { FORWARDER_PARKED_QUEUE_OUTPUT } from '../../lib/infra/names';
import { ServiceTable } from '../../lib/infra/service-table';
import { stageConfig } from '../../lib/infra/stage';
import { StreamForwarder, type StreamForwarderProps } from '../../lib/infra/stream-forwarder';
import { constructStack, onlyResource, resourcesOfType, STAND_IN_ENTRY, unbundled } from './helpers';

function build(props: Partial<StreamForwarderProps> = {}) {
  const stack = constructStack('tributary-dev-books');
  const stage = stageConfig('dev');
  const table = new ServiceTable(stack, 'Table', { layout: { globalSecondaryIndexes: [] }, stage });
  const forwarder = new StreamForwarder(stack, 'Forwarder', {
    service: 'books',
    table,
    eventBus: events.EventBus.fromEventBusName(stack, 'Bus', 'tributary-dev'),
    publishingResources: ['book', 'author'],
    entry: STAND_IN_ENTRY,
    environment: { SERVICE_NAME: 'books' },
    functions: unbundled(stage),
    ...props,
  });
  return { stack, forwarder, template: Template.fromStack(stack) };
}

const mappingOf = (template: Template) =>
  onlyResource(template, 'AWS::Lambda::EventSourceMapping').Properties;

describe('StreamForwarder', () => {
  it('by default: the event source mapping of FORWARDER_EVENT_SOURCE, batches given up parked on its queue', () => {
    const { template } = build();
    const queue = onlyResource(template, 'AWS::SQS::Queue').id;
    expect(mappingOf(template)).toEqual({
      FunctionName: { Ref: onlyResource(template, 'AWS::Lambda::Function').id },
      EventSourceArn: { 'Fn::GetAtt': [onlyResource(template, 'AWS::DynamoDB::Table').id, 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      MaximumRecordAgeInSeconds: 12 * 3600,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ParallelizationFactor: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queue, 'Arn'] } } },
    });
    expect(FORWARDER_EVENT_SOURCE.parallelizationFactor).toBe(FORWARDER_PARALLELIZATION_FACTOR);
    template.hasOutput(FORWARDER_PARKED_QUEUE_OUTPUT, { Value: { Ref: queue } });
  });

  it('by default: 60 s, the bus, the published resources and its parking queue in its environment', () => {
    const { template } = build();
    expect(onlyResource(template, 'AWS::Lambda::Function').Properties).toMatchObject({
      Description: 'books: stream forwarder to tributary-dev',
      Timeout: FORWARDER_TIMEOUT.toSeconds(),
      Environment: {
        Variables: {
          SERVICE_NAME: 'books',
          EVENT_BUS_NAME: 'tributary-dev',
          RESOURCE_TYPES: 'book,author',
          PARKING_QUEUE_URL: { Ref: onlyResource(template, 'AWS::SQS::Queue').id },
        },
      },
    });
    expect(FORWARDER_TIMEOUT.toSeconds()).toBe(60);
  });

  it("may put events with its own service's source only", () => {
    const { template } = build();
    const statements = Object.values(resourcesOfType(template, 'AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as Array<Record<string, unknown>>,
    );
    expect(statements.filter((s) => JSON.stringify(s.Action).includes('events:'))).toEqual([
      {
        Sid: 'PutOwnEvents',
        Action: 'events:PutEvents',
        Effect: 'Allow',
        Condition: { StringEquals: { 'events:source': ['tributary.books'] } },
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
      },
    ]);
  });

  // given: one prop set; want: the mapping's (or the function's) property it changes.
  it.each<[string, Partial<StreamForwarderProps>, 'mapping' | 'function', string, unknown]>([
    ['batchSize', { batchSize: 10 }, 'mapping', 'BatchSize', 10],
    ['parallelizationFactor', { parallelizationFactor: 1 }, 'mapping', 'ParallelizationFactor', 1],
    ['retryAttempts', { retryAttempts: 3 }, 'mapping', 'MaximumRetryAttempts', 3],
    ['maxRecordAge', { maxRecordAge: Duration.hours(1) }, 'mapping', 'MaximumRecordAgeInSeconds', 3600],
    ['bisectBatchOnError', { bisectBatchOnError: false }, 'mapping', 'BisectBatchOnFunctionError', false],
    ['timeout', { timeout: Duration.seconds(90) }, 'function', 'Timeout', 90],
  ])('%s overrides its default', (_, given, where, property, want) => {
    const { template } = build(given);
    const props =
      where === 'mapping' ? mappingOf(template) : onlyResource(template, 'AWS::Lambda::Function').Properties;
    expect(props[property]).toEqual(want);
  });

  it('adds the function <id> and the queue <id>OnFailure to the scope it is given', () => {
    const { stack, forwarder } = build();
    expect(stack.node.tryFindChild('Forwarder')).toBe(forwarder.fn);
    expect(stack.node.tryFindChild('ForwarderOnFailure')).toBe(forwarder.onFailure);
  });
});
