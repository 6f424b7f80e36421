/**
 * Who hears the alarms. Every stage has one SNS topic, `tributary-<stage>-alarms` (events-stack.ts);
 * every alarm of every service sends its ALARM and its OK to it. Who is subscribed is configuration,
 * in the CDK context, so the same app serves a team's prod and a developer's stage:
 *
 *   "alarms:email": { "prod": "ops@example.com" }          in cdk.json: per stage, committed
 *   "alarms:topic": { "prod": "arn:aws:sns:<region>:<account>:<name>" }
 *   -c alarms:email=ada@example.com                        on the command line: the stage being
 *   -c alarms:topic=arn:aws:sns:...                        deployed, whatever cdk.json says
 *
 * A value is either an object by stage name (a stage it does not name has nobody) or one setting for
 * the stage being synthesized; `-c` replaces cdk.json's value, as CDK context does. An email
 * subscription is confirmed by a link mailed to the address; several addresses are comma-separated.
 * An existing topic (a pager's, a chat integration's) is notified by every alarm as well: a topic
 * cannot subscribe to another topic (SNS has no such protocol), so it is a second action on each
 * alarm, not a subscription, and its own policy must let CloudWatch publish. With neither, the topic
 * exists with no subscriber and synthesis says so. Prod's subscription lives in cdk.json, so no
 * deploy of prod can drop it by forgetting an option. No CDK import.
 */

export const ALARM_EMAIL_CONTEXT = 'alarms:email';
export const ALARM_TOPIC_CONTEXT = 'alarms:topic';

export interface AlarmNotifications {
  /** Addresses subscribed to the stage's topic by email. */
  readonly emails: readonly string[];
  /** An existing topic every alarm also notifies. */
  readonly topicArn?: string;
}

export const NO_NOTIFICATIONS: AlarmNotifications = Object.freeze({ emails: [] });

/** A notification setting that cannot be used; the message says what to write instead. */
export class AlarmNotificationsError extends Error {
  override readonly name = 'AlarmNotificationsError';
}

// Deliberately loose: SNS checks the address; this only catches what is surely not one (a typo'd key).
const EMAIL = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

/** The one setting of `value` that applies to `stage`: itself, or its entry when it is an object by stage. */
function forStage(value: unknown, stage: string, key: string): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    throw new AlarmNotificationsError(
      `${key} must be a string or an object by stage name, e.g. {"prod": ...}; for several addresses write one string, comma-separated`,
    );
  }
  return (value as Record<string, unknown>)[stage];
}

/**
 * The notifications of `stage` that the context values of {@link ALARM_EMAIL_CONTEXT} and
 * {@link ALARM_TOPIC_CONTEXT} ask for (each a string, or an object by stage name).
 */
export function alarmNotifications(email: unknown, topic: unknown, stage: string): AlarmNotifications {
  const emails: string[] = [];
  const stageEmail = forStage(email, stage, ALARM_EMAIL_CONTEXT);
  const stageTopic = forStage(topic, stage, ALARM_TOPIC_CONTEXT);
  if (stageEmail !== undefined && stageEmail !== '') {
    if (typeof stageEmail !== 'string') {
      throw new AlarmNotificationsError(
        `${ALARM_EMAIL_CONTEXT} for stage ${stage} must be an address, e.g. ops@example.com, not ${JSON.stringify(stageEmail)}`,
      );
    }
    for (const address of stageEmail.split(',').map((part) => part.trim())) {
      if (!EMAIL.test(address)) {
        throw new AlarmNotificationsError(
          `${ALARM_EMAIL_CONTEXT}: "${address}" is not an email address (several: a@example.com,b@example.com)`,
        );
      }
      if (!emails.includes(address)) emails.push(address);
    }
  }
  if (stageTopic === undefined || stageTopic === '') return { emails };
  if (typeof stageTopic !== 'string' || !TOPIC_ARN.test(stageTopic)) {
    throw new AlarmNotificationsError(
      `${ALARM_TOPIC_CONTEXT} for stage ${stage}: ${JSON.stringify(stageTopic)} is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)`,
    );
  }
  return { emails, topicArn: stageTopic };
}

/** The line synthesis prints when nobody would hear the alarms. */
export function noSubscriberNote(topicName: string): string {
  return `Alarms notify the SNS topic ${topicName}, which has no subscriber: nobody hears them. Subscribe in cdk.json ("${ALARM_EMAIL_CONTEXT}": {"<stage>": "<address>"}) or with -c ${ALARM_EMAIL_CONTEXT}=<address> or -c ${ALARM_TOPIC_CONTEXT}=<topic ARN> (docs/operations.md#who-hears-the-alarms).`;
}
