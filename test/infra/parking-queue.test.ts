/** ParkingQueue (lib/infra/parking-queue.ts): its defaults, its one prop with a default overridden, its ids. */
import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PARKING_QUEUE_DEFAULTS } from '../../lib/infra/defaults';
import { ParkingQueue, type ParkingQueueProps } from '../../lib/infra/parking-queue';
import { stageConfig } from '../../lib/infra/stage';
import { constructStack, onlyResource } from './helpers';

function build(props: Partial<ParkingQueueProps> = {}) {
  const stack = constructStack();
  const parking = new ParkingQueue(stack, 'OnUsersUserDeadLetters', {
    service: 'orders',
    stage: stageConfig('dev'),
    outputId: 'OnUsersUserDeadLettersUrl',
    ...props,
  });
  return { stack, parking, template: Template.fromStack(stack) };
}

describe('ParkingQueue', () => {
  it('by default: kept 14 days, SQS managed encryption, TLS only, its URL a stack output', () => {
    const { template } = build();
    const queue = onlyResource(template, 'AWS::SQS::Queue');
    expect(queue.Properties).toEqual({ MessageRetentionPeriod: 14 * 24 * 3600, SqsManagedSseEnabled: true });
    expect(PARKING_QUEUE_DEFAULTS.retentionPeriod.toSeconds()).toBe(14 * 24 * 3600);
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: [
          {
            Action: 'sqs:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Resource: { 'Fn::GetAtt': [queue.id, 'Arn'] },
          },
        ],
      },
    });
    template.hasOutput('OnUsersUserDeadLettersUrl', {
      Value: { Ref: queue.id },
      Description: 'Where orders parks what it gave up on (OnUsersUserDeadLetters); the runbook reads it.',
    });
  });

  it.each([
    ['dev', 'Delete'],
    ['prod', 'Retain'],
  ])('is removed with the stack as the %s stage says', (stage, policy) => {
    const { template } = build({ stage: stageConfig(stage) });
    expect(onlyResource(template, 'AWS::SQS::Queue').DeletionPolicy).toBe(policy);
  });

  it('retentionPeriod overrides its default', () => {
    const { template } = build({ retentionPeriod: Duration.days(4) });
    expect(onlyResource(template, 'AWS::SQS::Queue').Properties.MessageRetentionPeriod).toBe(4 * 24 * 3600);
  });

  it('adds the queue and the output to the scope it is given, under the ids it is given', () => {
    const { stack, parking } = build();
    expect(stack.node.tryFindChild('OnUsersUserDeadLetters')).toBe(parking.queue);
    expect(stack.node.tryFindChild('OnUsersUserDeadLettersUrl')).toBeDefined();
  });
});
