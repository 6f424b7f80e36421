/**
 * The alarm settings and the alarm catalog as data (no synthesis): who hears the alarms, their
 * thresholds, which alarms a service has and their names; and the personal stage name.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import {
  type AlarmedService,
  alarmedService,
  runbookAnchor,
  runbookPath,
  serviceAlarms,
} from '../../lib/infra/alarm-catalog';
import { AlarmNotificationsError, alarmNotifications } from '../../lib/infra/alarm-notifications';
import {
  AlarmThresholdsError,
  alarmThresholds,
  DEFAULT_ALARM_THRESHOLDS,
} from '../../lib/infra/alarm-thresholds';
import { contextOptions } from '../../lib/infra/app';
import { alarmName } from '../../lib/infra/names';
import { personalStageName, STAGE_NAME_MAX_LENGTH, stageNameProblem } from '../../lib/infra/stage-name';
import { planSystem } from '../../lib/infra/system';
import { fixtureSpecFiles, REPO } from './helpers';

describe('alarmNotifications', () => {
  const PAGER = 'arn:aws:sns:eu-west-1:123456789012:pager';

  it('takes one setting for the stage being synthesized (-c)', () => {
    expect(alarmNotifications('ops@example.com, ada@example.com,ops@example.com', PAGER, 'dev-ada')).toEqual({
      emails: ['ops@example.com', 'ada@example.com'],
      topicArn: PAGER,
    });
  });

  it("takes an object by stage name (cdk.json): the stage's entry, nobody for a stage it does not name", () => {
    const email = { prod: 'ops@example.com' };
    const topic = { prod: PAGER };
    expect(alarmNotifications(email, topic, 'prod')).toEqual({
      emails: ['ops@example.com'],
      topicArn: PAGER,
    });
    expect(alarmNotifications(email, topic, 'pr-42')).toEqual({ emails: [] });
  });

  it('is nobody when nothing is set', () => {
    expect(alarmNotifications(undefined, undefined, 'dev')).toEqual({ emails: [] });
    expect(alarmNotifications('', '', 'dev')).toEqual({ emails: [] });
  });

  it.each([
    [['ops@example.com'], undefined, 'must be a string or an object by stage name'],
    ['not-an-address', undefined, '"not-an-address" is not an email address'],
    [{ prod: 42 }, undefined, 'alarms:email for stage prod must be an address'],
    [undefined, 'arn:aws:sqs:eu-west-1:123456789012:queue', 'is not an SNS topic ARN'],
    [undefined, { prod: 'pager' }, 'alarms:topic for stage prod: "pager" is not an SNS topic ARN'],
  ])('refuses %j / %j, saying what to write', (email, topic, message) => {
    expect(() => alarmNotifications(email, topic, 'prod')).toThrow(AlarmNotificationsError);
    expect(() => alarmNotifications(email, topic, 'prod')).toThrow(message);
  });
});

describe('alarmThresholds', () => {
  const SERVICES = ['orders', 'users'];

  it('gives every service the documented defaults when nothing is set', () => {
    const resolved = alarmThresholds(undefined, SERVICES);
    expect([...resolved.keys()]).toEqual(SERVICES);
    expect(resolved.get('orders')).toEqual(DEFAULT_ALARM_THRESHOLDS);
  });

  it('sets what a service sets and keeps the rest, from an object (cdk.json) or JSON (-c)', () => {
    for (const value of [
      { orders: { latencyP99Milliseconds: 5000 } },
      '{"orders":{"latencyP99Milliseconds":5000}}',
    ]) {
      const resolved = alarmThresholds(value, SERVICES);
      expect(resolved.get('orders')).toEqual({ ...DEFAULT_ALARM_THRESHOLDS, latencyP99Milliseconds: 5000 });
      expect(resolved.get('users')).toEqual(DEFAULT_ALARM_THRESHOLDS);
    }
  });

  it('are documented in docs/operations.md, each with its default', () => {
    const doc = readFileSync(join(REPO, 'docs', 'operations.md'), 'utf8');
    for (const [key, value] of Object.entries(DEFAULT_ALARM_THRESHOLDS)) {
      expect([key, doc]).toEqual([
        key,
        expect.stringMatching(new RegExp(`\\| \`${key}\`\\s*\\| ${value}\\s*\\|`)),
      ]);
    }
  });

  it.each([
    ['{orders', 'is not JSON'],
    [[], 'must be an object by service name'],
    [{ billing: {} }, 'names "billing", which is no service of this app (orders, users)'],
    [{ orders: 5 }, '"orders" must be an object of thresholds'],
    [{ orders: { latency: 5 } }, 'sets "latency", which is no threshold; use one of serverErrorRatePercent'],
    [{ orders: { parkedMessages: 0 } }, '"orders".parkedMessages must be a positive number, not 0'],
    [{ orders: { parkedMessages: '1' } }, 'must be a positive number, not "1"'],
  ])('refuses %j, saying what to write', (value, message) => {
    expect(() => alarmThresholds(value, SERVICES)).toThrow(AlarmThresholdsError);
    expect(() => alarmThresholds(value, SERVICES)).toThrow(message);
  });
});

describe('contextOptions', () => {
  it('reads the alarm settings from the CDK context (cdk.json, or -c)', () => {
    const app = new App({
      context: {
        'alarms:email': { prod: 'ops@example.com' },
        'alarms:topic': 'arn:aws:sns:eu-west-1:123456789012:pager',
        'alarms:thresholds': '{"orders":{"subscriberErrors":5}}',
      },
    });
    expect(contextOptions(app).alarms).toEqual({
      email: { prod: 'ops@example.com' },
      topic: 'arn:aws:sns:eu-west-1:123456789012:pager',
      thresholds: '{"orders":{"subscriberErrors":5}}',
    });
    expect(contextOptions(new App()).alarms).toEqual({
      email: undefined,
      topic: undefined,
      thresholds: undefined,
    });
  });
});

describe('the alarm catalog', () => {
  const plans = planSystem({ root: REPO, specFiles: fixtureSpecFiles(), checkEntries: false }).services;
  const plan = (name: string) => {
    const found = plans.find((service) => service.name === name);
    if (!found) throw new Error(`no fixture service ${name}`);
    return found;
  };

  it("reads a service's plan: its operations, whether it publishes, its subscriptions", () => {
    const orders = alarmedService(plan('orders'));
    expect(orders.name).toBe('orders');
    expect(orders.forwarder).toBe(true);
    expect(orders.subscriptions).toEqual([{ publisher: 'users', resource: 'user' }]);
    expect(orders.operations).toContainEqual({
      id: 'createOrder',
      key: 'POST /orders',
      method: 'POST',
      routePath: '/orders',
    });
  });

  it('has per operation a 5xx rate and a p99 latency alarm, then the forwarder, then per subscription errors and parked', () => {
    const service: AlarmedService = {
      name: 'orders',
      operations: [{ id: 'createOrder', key: 'POST /orders', method: 'POST', routePath: '/orders' }],
      forwarder: true,
      subscriptions: [{ publisher: 'users', resource: 'user' }],
    };
    const alarms = serviceAlarms('dev', service, DEFAULT_ALARM_THRESHOLDS);
    expect(alarms.map((a) => [a.kind, a.name])).toEqual([
      ['server-error-rate', 'tributary-dev-orders-createOrder-5xx-rate'],
      ['latency-p99', 'tributary-dev-orders-createOrder-p99-latency'],
      ['forwarder-iterator-age', 'tributary-dev-orders-forwarder-iterator-age'],
      ['forwarder-failures', 'tributary-dev-orders-forwarder-failures'],
      ['forwarder-parked', 'tributary-dev-orders-forwarder-parked'],
      ['subscriber-errors', 'tributary-dev-orders-on-users-user-errors'],
      ['subscriber-parked', 'tributary-dev-orders-on-users-user-parked'],
    ]);
    expect(new Set(alarms.map((a) => a.id)).size).toBe(alarms.length);
    expect(alarms[0]?.condition).toBe(
      'at least 5% of its requests (of at least 10) answered 5xx in 2 of 3 5-minute periods',
    );
    expect(alarms[1]?.condition).toBe('p99 latency at or over 3000 ms in 3 5-minute periods in a row');
    expect(alarms[4]?.condition).toBe(
      "at least 1 message(s) in the forwarder's on-failure queue in a minute",
    );
    expect(runbookPath('orders')).toBe('docs/runbooks/orders.md');
    expect(runbookAnchor(alarms[0]!)).toBe('createorder-5xx-rate');
  });

  it('puts the thresholds a service sets into its alarms and their words', () => {
    const service = alarmedService(plan('orders'));
    const alarms = serviceAlarms('prod', service, {
      ...DEFAULT_ALARM_THRESHOLDS,
      latencyP99Milliseconds: 5000,
      subscriberErrors: 7,
    });
    const latency = alarms.find((a) => a.kind === 'latency-p99');
    expect([latency?.threshold, latency?.condition]).toEqual([5000, expect.stringContaining('5000 ms')]);
    const errors = alarms.find((a) => a.kind === 'subscriber-errors');
    expect([errors?.threshold, errors?.condition]).toEqual([7, expect.stringContaining('at least 7 failed')]);
  });

  it('has no forwarder alarm for a service that publishes nothing, and none per subscription without one', () => {
    const alarms = serviceAlarms(
      'dev',
      { name: 'quiet', operations: [], forwarder: false, subscriptions: [] },
      DEFAULT_ALARM_THRESHOLDS,
    );
    expect(alarms).toEqual([]);
  });

  it('names alarms with the whole stage even when the rest must be shortened, and keeps long names apart', () => {
    const stage = 'a'.repeat(STAGE_NAME_MAX_LENGTH);
    const long = `${'x'.repeat(300)}`;
    const a = alarmName(stage, 'svc', `${long}-a`);
    const b = alarmName(stage, 'svc', `${long}-b`);
    expect(a.length).toBeLessThanOrEqual(255);
    expect(a.startsWith(`tributary-${stage}-svc-`)).toBe(true);
    expect(a).not.toBe(b);
  });
});

describe('personalStageName', () => {
  it("is dev-<who> from the git email's local part, letters and digits only", () => {
    expect(personalStageName({ email: 'Ada.Lovelace@example.com', user: 'root' })).toBe('dev-adalovelace');
  });

  it('falls back to the OS user name, and is undefined when neither has a letter or digit', () => {
    expect(personalStageName({ email: '', user: 'adam_s' })).toBe('dev-adams');
    expect(personalStageName({ email: '...@example.com', user: 'grace' })).toBe('dev-grace');
    expect(personalStageName({ email: '+@x.io', user: '__' })).toBeUndefined();
    expect(personalStageName({})).toBeUndefined();
  });

  it('is always a valid stage name, cut to the maximum length', () => {
    const name = personalStageName({ email: `${'verylongname'.repeat(5)}@example.com` });
    expect(name).toHaveLength(STAGE_NAME_MAX_LENGTH);
    expect(stageNameProblem(name)).toBeUndefined();
  });

  it('gives two people two stages, neither a prefix of the other followed by a dash (dev-ada, dev-adam)', () => {
    const ada = personalStageName({ email: 'ada@example.com' });
    const adam = personalStageName({ email: 'adam@example.com' });
    expect([ada, adam]).toEqual(['dev-ada', 'dev-adam']);
    // Names are `tributary-<stage>-<rest>`: `tributary-dev-ada-` is never the start of dev-adam's.
    expect(`tributary-${adam}-`.startsWith(`tributary-${ada}-`)).toBe(false);
  });
});
