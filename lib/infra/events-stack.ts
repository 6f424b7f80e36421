import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';
import { eventBusName } from './names';
import type { StageConfig } from './stage';

export interface EventsStackProps extends StackProps {
  readonly stage: StageConfig;
}

/**
 * The shared stack: the custom event bus every service publishes to and subscribes on, and an
 * archive of everything on it for replay. Services find the bus by its conventional name
 * ({@link eventBusName}), so no service stack imports anything from this one.
 */
export class EventsStack extends Stack {
  readonly bus: events.EventBus;
  readonly archive: events.Archive;

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
  }
}
