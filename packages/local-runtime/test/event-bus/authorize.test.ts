/**
 * Which PutEvents entries a caller may put under `dev up --iam`: IAM's evaluation of the caller's
 * statements (iam-policy.ts) and the answers EventBridge gives when they refuse (authorize.ts).
 */
import type { LocalPrincipal } from '../../src/credentials';
import { authorizePutEvents, busArn, type EntryToAuthorize } from '../../src/event-bus/authorize';
import { clauseHolds, evaluatePolicy, type PolicyRequest, wildcardMatches } from '../../src/iam-policy';
import type { LocalPolicyStatement } from '../../src/model';

const BUS = busArn('us-east-1', '000000000000', 'tributary-dev');
const OTHER_BUS = busArn('us-east-1', '000000000000', 'other');

/** The statement lib/infra/stream-forwarder.ts gives each forwarder's role. */
const putOwnEvents = (service: string): LocalPolicyStatement => ({
  sid: 'PutOwnEvents',
  effect: 'Allow',
  resources: [BUS],
  condition: { StringEquals: { 'events:source': [`tributary.${service}`] } },
});

const forwarder = (statements: LocalPolicyStatement[]): LocalPrincipal => ({
  kind: 'function',
  credentials: { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 's' },
  arn: 'arn:aws:sts::000000000000:assumed-role/orders-ForwarderRole/orders-Forwarder',
  functionId: 'tributary-dev-orders/Forwarder',
  role: {
    id: 'tributary-dev-orders/ForwarderRole',
    name: 'orders-ForwarderRole',
    arn: 'arn:aws:iam::000000000000:role/orders-ForwarderRole',
    putEventsStatements: statements,
  },
});

const entry = (source: string, detailType = 'order.upserted', bus = BUS): EntryToAuthorize => ({
  busArn: bus,
  source,
  detailType,
});

describe('IAM evaluation', () => {
  it.each([
    ['arn:aws:events:*:*:event-bus/*', BUS, true],
    ['arn:aws:events:us-east-1:000000000000:event-bus/tributary-???', BUS, true],
    ['arn:aws:events:us-east-1:000000000000:event-bus/tributary', BUS, false],
    ['*', BUS, true],
    ['arn:aws:events:us-east-1:000000000000:event-bus/tributary.dev', BUS, false], // `.` is not a wildcard
  ])('wildcard %s against %s: %s', (pattern, value, expected) => {
    expect(wildcardMatches(pattern, value)).toBe(expected);
  });

  const request = (source?: string): PolicyRequest => ({
    resource: BUS,
    context: source === undefined ? {} : { 'events:source': source },
  });

  it.each([
    ['StringEquals', ['tributary.orders'], 'tributary.orders', true],
    ['StringEquals', ['tributary.orders'], 'Tributary.Orders', false],
    ['StringEqualsIgnoreCase', ['tributary.orders'], 'Tributary.Orders', true],
    ['StringNotEquals', ['tributary.users'], 'tributary.orders', true],
    ['StringNotEquals', ['tributary.orders'], 'tributary.orders', false],
    ['StringLike', ['tributary.*'], 'tributary.orders', true],
    ['StringLike', ['tributary.*'], 'aws.ec2', false],
    ['StringNotLike', ['tributary.*'], 'aws.ec2', true],
    ['ForAnyValue:StringEquals', ['a', 'tributary.orders'], 'tributary.orders', true],
    ['StringEquals', ['a', 'b'], 'c', false],
  ])('%s %j on %s: %s', (operator, values, source, expected) => {
    expect(clauseHolds(operator, 'events:source', values, request(source))).toBe(expected);
  });

  it('reads condition keys without regard to case, as IAM does', () => {
    expect(clauseHolds('StringEquals', 'Events:Source', ['x'], request('x'))).toBe(true);
  });

  it.each([
    ['StringEquals', false],
    ['StringEqualsIfExists', true],
    ['StringNotEquals', true],
    ['ForAllValues:StringEquals', true],
  ])('an absent key under %s: %s', (operator, expected) => {
    expect(clauseHolds(operator, 'events:source', ['x'], request())).toBe(expected);
  });

  it('Null checks whether the key is there', () => {
    expect(clauseHolds('Null', 'events:source', ['true'], request())).toBe(true);
    expect(clauseHolds('Null', 'events:source', ['false'], request())).toBe(false);
    expect(clauseHolds('Null', 'events:source', ['false'], request('x'))).toBe(true);
  });

  it('does not know other operators: undefined, and a statement using one applies to nothing', () => {
    expect(clauseHolds('ArnLike', 'events:source', ['x'], request('x'))).toBeUndefined();
    const allow: LocalPolicyStatement = {
      effect: 'Allow',
      resources: ['*'],
      condition: { Bool: { 'aws:SecureTransport': ['true'] } },
    };
    expect(evaluatePolicy([allow], request('x'))).toBe('implicitly-denied');
  });

  it('lets an explicit Deny win over an Allow, and NotResource exclude', () => {
    const allow: LocalPolicyStatement = { effect: 'Allow', resources: ['*'] };
    const deny: LocalPolicyStatement = {
      effect: 'Deny',
      resources: [BUS],
      condition: { StringEquals: { 'events:source': ['tributary.users'] } },
    };
    expect(evaluatePolicy([allow, deny], request('tributary.users'))).toBe('explicitly-denied');
    expect(evaluatePolicy([allow, deny], request('tributary.orders'))).toBe('allowed');
    expect(evaluatePolicy([{ effect: 'Allow', resources: [BUS], notResource: true }], request('x'))).toBe(
      'implicitly-denied',
    );
    expect(evaluatePolicy([], request('x'))).toBe('implicitly-denied');
  });
});

describe('authorizePutEvents', () => {
  it('lets the orders forwarder put tributary.orders events on the bus', () => {
    expect(authorizePutEvents(forwarder([putOwnEvents('orders')]), [entry('tributary.orders')])).toEqual({
      ok: true,
      entries: [undefined],
    });
  });

  it('refuses an entry with another service’s source, per entry, as EventBridge does', () => {
    const verdict = authorizePutEvents(forwarder([putOwnEvents('orders')]), [
      entry('tributary.orders'),
      entry('tributary.users', 'user.deleted'),
    ]);
    expect(verdict).toEqual({
      ok: true,
      entries: [
        undefined,
        { errorCode: 'NotAuthorizedForSourceException', errorMessage: 'Not authorized for the source.' },
      ],
    });
  });

  it('names the detail type when an events:detail-type condition refused the entry', () => {
    const statement: LocalPolicyStatement = {
      effect: 'Allow',
      resources: [BUS],
      condition: {
        StringEquals: { 'events:source': ['tributary.orders'], 'events:detail-type': ['order.upserted'] },
      },
    };
    const verdict = authorizePutEvents(forwarder([statement]), [entry('tributary.orders', 'order.deleted')]);
    expect(verdict).toEqual({
      ok: true,
      entries: [
        {
          errorCode: 'NotAuthorizedForDetailTypeException',
          errorMessage: 'Not authorized for the detail type.',
        },
      ],
    });
  });

  it('refuses a source an explicit Deny names as not authorized for the source', () => {
    const deny: LocalPolicyStatement = {
      effect: 'Deny',
      resources: ['*'],
      condition: { StringLike: { 'events:source': ['aws.*', 'tributary.users'] } },
    };
    const verdict = authorizePutEvents(forwarder([{ effect: 'Allow', resources: [BUS] }, deny]), [
      entry('tributary.users'),
      entry('tributary.orders'),
    ]);
    expect(verdict).toMatchObject({
      ok: true,
      entries: [{ errorCode: 'NotAuthorizedForSourceException' }, undefined],
    });
  });

  it('refuses the whole call when no statement allows PutEvents on the bus at all', () => {
    const verdict = authorizePutEvents(forwarder([putOwnEvents('orders')]), [
      entry('tributary.orders'),
      entry('tributary.orders', 'order.upserted', OTHER_BUS),
    ]);
    expect(verdict).toEqual({
      ok: false,
      type: 'AccessDeniedException',
      message:
        'User: arn:aws:sts::000000000000:assumed-role/orders-ForwarderRole/orders-Forwarder is not authorized to ' +
        `perform: events:PutEvents on resource: ${OTHER_BUS} because no identity-based policy allows the events:PutEvents action`,
    });
  });

  it('refuses the whole call for a function whose role has no PutEvents statement, or that has no role', () => {
    expect(authorizePutEvents(forwarder([]), [entry('tributary.orders')])).toMatchObject({
      ok: false,
      type: 'AccessDeniedException',
    });
    const { role: _, ...roleless } = forwarder([]) as Extract<LocalPrincipal, { kind: 'function' }>;
    expect(authorizePutEvents(roleless, [entry('tributary.orders')])).toMatchObject({ ok: false });
  });

  it('says when an explicit Deny refused the call', () => {
    const verdict = authorizePutEvents(
      forwarder([putOwnEvents('orders'), { effect: 'Deny', resources: [BUS] }]),
      [entry('tributary.orders')],
    );
    expect(verdict).toMatchObject({ ok: false, message: expect.stringMatching(/with an explicit deny/) });
  });

  it('lets the developer’s own credentials put anything', () => {
    const developer: LocalPrincipal = {
      kind: 'developer',
      credentials: { accessKeyId: 'LOCALACCESSKEY', secretAccessKey: 's' },
      arn: 'arn:aws:iam::000000000000:user/local',
    };
    expect(authorizePutEvents(developer, [entry('tributary.users'), entry('x', 'y', OTHER_BUS)])).toEqual({
      ok: true,
      entries: [undefined, undefined],
    });
  });
});
