/**
 * Who hears the alarms. Every stage has one SNS topic, `tributary-<stage>-alarms` (events-stack.ts);
 * every alarm of every service sends its ALARM and its OK to it. Who is subscribed comes from the
 * CDK context, so the same app serves a team's prod and a developer's stage:
 *
 *   -c alarms:email=ops@example.com              an email subscription (confirmed by a link mailed
 *                                                to the address); several, comma-separated
 *   -c alarms:topic=arn:aws:sns:<region>:<account>:<name>
 *                                                an existing topic (a pager's, a chat integration's)
 *                                                that every alarm notifies as well
 *
 * A topic cannot subscribe to another topic (SNS has no such protocol), so an existing topic is a
 * second action on each alarm, not a subscription. With neither, the topic exists with no
 * subscriber and synthesis says so. No CDK import.
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

/** The notifications the context values of {@link ALARM_EMAIL_CONTEXT} and {@link ALARM_TOPIC_CONTEXT} ask for. */
export function alarmNotifications(email: unknown, topic: unknown): AlarmNotifications {
  const emails: string[] = [];
  if (email !== undefined && email !== '') {
    if (typeof email !== 'string') {
      throw new AlarmNotificationsError(`-c ${ALARM_EMAIL_CONTEXT} must be an address, e.g. ops@example.com`);
    }
    for (const address of email.split(',').map((part) => part.trim())) {
      if (!EMAIL.test(address)) {
        throw new AlarmNotificationsError(
          `-c ${ALARM_EMAIL_CONTEXT}: "${address}" is not an email address (several: a@example.com,b@example.com)`,
        );
      }
      if (!emails.includes(address)) emails.push(address);
    }
  }
  if (topic === undefined || topic === '') return { emails };
  if (typeof topic !== 'string' || !TOPIC_ARN.test(topic)) {
    throw new AlarmNotificationsError(
      `-c ${ALARM_TOPIC_CONTEXT}: ${JSON.stringify(topic)} is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)`,
    );
  }
  return { emails, topicArn: topic };
}

/** The line synthesis prints when nobody would hear the alarms. */
export function noSubscriberNote(topicName: string): string {
  return `Alarms notify the SNS topic ${topicName}, which has no subscriber: nobody hears them. Subscribe with -c ${ALARM_EMAIL_CONTEXT}=<address> or -c ${ALARM_TOPIC_CONTEXT}=<topic ARN> (docs/operations.md#who-hears-the-alarms).`;
}
