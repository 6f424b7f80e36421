import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FORWARDER_EVENT_SOURCE, SUBSCRIBER_DELIVERY } from '../../lib/infra/defaults';
import {
  FORWARDER_MAX_RECORD_AGE_HOURS,
  SUBSCRIBER_ASYNC_RETRY_ATTEMPTS,
  SUBSCRIBER_MAX_EVENT_AGE_HOURS,
  SUBSCRIBER_RULE_RETRY_ATTEMPTS,
  timesInWords,
} from '../../lib/infra/delivery-limits';

const RUNBOOKS = join(__dirname, '..', '..', 'docs', 'runbooks');

describe('delivery limits: one number for the stack and its runbooks', () => {
  it('are what the stack defaults are built from', () => {
    expect(FORWARDER_EVENT_SOURCE.maxRecordAge.toHours()).toBe(FORWARDER_MAX_RECORD_AGE_HOURS);
    expect(SUBSCRIBER_DELIVERY.asyncRetryAttempts).toBe(SUBSCRIBER_ASYNC_RETRY_ATTEMPTS);
    expect(SUBSCRIBER_DELIVERY.ruleRetryAttempts).toBe(SUBSCRIBER_RULE_RETRY_ATTEMPTS);
    expect(SUBSCRIBER_DELIVERY.asyncMaxEventAge.toHours()).toBe(SUBSCRIBER_MAX_EVENT_AGE_HOURS);
    expect(SUBSCRIBER_DELIVERY.ruleMaxEventAge.toHours()).toBe(SUBSCRIBER_MAX_EVENT_AGE_HOURS);
  });

  it('are what the generated runbooks tell an operator', () => {
    const texts = readdirSync(RUNBOOKS)
      .filter((file) => file.endsWith('.md') && file !== 'README.md')
      .map((file) => readFileSync(join(RUNBOOKS, file), 'utf8'));
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) {
      expect(text).toContain(`${FORWARDER_MAX_RECORD_AGE_HOURS} hours`);
    }
    const withSubscribers = texts.filter((text) => text.includes('then EventBridge for up to'));
    expect(withSubscribers.length).toBeGreaterThan(0);
    for (const text of withSubscribers) {
      expect(text).toContain(
        `Lambda ${timesInWords(SUBSCRIBER_ASYNC_RETRY_ATTEMPTS)} more, then EventBridge for up to ${SUBSCRIBER_MAX_EVENT_AGE_HOURS} hours`,
      );
    }
  });

  it.each([
    [1, 'once'],
    [2, 'twice'],
    [3, '3 times'],
    [0, '0 times'],
  ])('%i in words: %s', (n, want) => {
    expect(timesInWords(n)).toBe(want);
  });
});
