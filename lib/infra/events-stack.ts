import { Annotations, ArnFormat, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { SYSTEM } from '../contract/names';
import { type AlarmNotifications, NO_NOTIFICATIONS, noSubscriberNote } from './alarm-notifications';
import { alarmTopicName, eventBusName } from './names';
import type { StageConfig } from './stage';

export interface EventsStackProps extends StackProps {
  readonly stage: StageConfig;
  /**
   * Who the stage's alarm topic notifies (alarm-notifications.ts).
   * @default - nobody (NO_NOTIFICATIONS, alarm-notifications.ts)
   */
  readonly alarmNotifications?: AlarmNotifications;
}

/**
 * The shared stack: the custom event bus every service publishes to and subscribes on, an archive
 * of everything on it for replay, and the stage's alarm topic every service's alarms notify.
 * Services find the bus and the topic by their conventional names ({@link eventBusName},
 * {@link alarmTopicName}), so no service stack imports anything from this one.
 */
export class EventsStack extends Stack {
  readonly bus: events.EventBus;
  readonly archive: events.Archive;
  readonly alarmTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: EventsStackProps) {
    super(scope, id, props);
    this.bus = new events.EventBus(this, 'Bus', {
      eventBusName: eventBusName(props.stage.name),
      description: `Tributary ${props.stage.name}: every service's resource events.`,
    });
    this.archive = this.bus.archive('Archive', {
      description: `Every event on ${eventBusName(props.stage.name)}, for replay.`,
      // Every event on the bus comes from this account: the pattern matches them all.
      eventPattern: { account: [Stack.of(this).account] },
      retention: props.stage.archiveRetention,
    });
    this.archive.applyRemovalPolicy(props.stage.removalPolicy);
    new CfnOutput(this, 'EventBusName', {
      value: this.bus.eventBusName,
      description: 'The shared event bus.',
    });
    new CfnOutput(this, 'EventBusArn', { value: this.bus.eventBusArn });
    this.alarmTopic = this.#alarmTopic(props.stage, props.alarmNotifications ?? NO_NOTIFICATIONS);
  }

  /**
   * `tributary-<stage>-alarms`: TLS only (cdk-nag SNS3), and CloudWatch may publish to it for this
   * stage's alarms only. Not encrypted with a KMS key: CloudWatch cannot publish to a topic under
   * the AWS managed key, and alarm notifications carry alarm names and states, no data.
   */
  #alarmTopic(stage: StageConfig, notifications: AlarmNotifications): sns.Topic {
    const name = alarmTopicName(stage.name);
    const topic = new sns.Topic(this, 'AlarmTopic', {
      topicName: name,
      displayName: `Tributary ${stage.name} alarms`,
      enforceSSL: true,
    });
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'StageAlarmsPublish',
        actions: ['sns:Publish'],
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        resources: [topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
          ArnLike: {
            'aws:SourceArn': Stack.of(this).formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              // Every alarm of the stage is named tributary-<stage>-... (names.ts).
              resourceName: `${SYSTEM}-${stage.name}-*`,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    for (const email of notifications.emails)
      topic.addSubscription(new subscriptions.EmailSubscription(email));
    if (notifications.emails.length === 0 && notifications.topicArn === undefined) {
      Annotations.of(this).addInfo(noSubscriberNote(name));
    }
    new CfnOutput(this, 'AlarmTopicArn', {
      value: topic.topicArn,
      description: "The stage's alarm topic: every alarm's ALARM and OK.",
    });
    return topic;
  }
}
