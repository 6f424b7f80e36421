import { LIST_INDEX } from '../../functions/runtime/conventions';
import { type AwsCallContext, classifyAwsFailure } from '../../lib/ops/aws-failure';

/** Errors shaped as the SDK (v3) and Node throw them; the shapes were recorded from real calls. */
const nodeError = (code: string, message: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { code, $metadata: { attempts: 4, totalRetryDelay: 42 }, ...extra });
const serviceError = (name: string, message: string, httpStatusCode = 400) =>
  Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode, attempts: 1 } });

const DYNAMODB: AwsCallContext = {
  service: 'DynamoDB',
  endpoint: 'http://127.0.0.1:8000',
  origin: { kind: 'variable', name: 'AWS_ENDPOINT_URL_DYNAMODB' },
  resourceName: 'orders-table',
  owner: 'orders',
};
const EVENTBRIDGE: AwsCallContext = {
  service: 'EventBridge',
  endpoint: 'https://events.eu-west-1.amazonaws.com',
  origin: { kind: 'aws' },
  resourceName: 'tributary-dev',
  owner: 'orders',
};
const LOCAL: AwsCallContext = { ...DYNAMODB, origin: { kind: 'local' } };

describe('classifyAwsFailure', () => {
  it.each([
    ['connection refused', nodeError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:8000')],
    ['a DNS failure', nodeError('ENOTFOUND', 'getaddrinfo ENOTFOUND no-such-host.invalid')],
    ['a DNS failure to retry', nodeError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN dynamodb')],
    ['a reset connection', nodeError('ECONNRESET', 'socket hang up')],
    [
      'every address of a host refused (AggregateError)',
      Object.assign(
        new AggregateError([nodeError('ECONNREFUSED', 'connect ECONNREFUSED ::1:8000')], 'x'),
        {},
      ),
    ],
  ])('names the endpoint and what to check for %s', (_, error) => {
    const failure = classifyAwsFailure(error, DYNAMODB);
    expect(failure?.kind).toBe('unreachable');
    expect(failure?.message).toMatch(
      /^cannot reach DynamoDB at http:\/\/127\.0\.0\.1:8000 \(E[A-Z_]+\): is `npx dev up` running, and is AWS_ENDPOINT_URL_DYNAMODB right\?$/,
    );
  });

  it('gives advice for where the endpoint came from: dev up, a variable, or AWS', () => {
    const refused = nodeError('ECONNREFUSED', 'connect ECONNREFUSED');
    expect(classifyAwsFailure(refused, LOCAL)?.message).toContain(
      'is `npx dev up` still running in this project?',
    );
    expect(classifyAwsFailure(refused, EVENTBRIDGE)?.message).toBe(
      'cannot reach EventBridge at https://events.eu-west-1.amazonaws.com (ECONNREFUSED): check the network, and the region (AWS_REGION or your profile)',
    );
  });

  it('treats timeouts (the SDK request timeout, the send path call timeout) as an endpoint that does not answer', () => {
    const sdkTimeout = Object.assign(
      new Error('a request has exceeded the configured 30000 ms requestTimeout.'),
      {
        name: 'TimeoutError',
        code: 'ETIMEDOUT',
      },
    );
    expect(classifyAwsFailure(sdkTimeout, DYNAMODB)).toMatchObject({
      kind: 'timeout',
      message: expect.stringContaining(
        'DynamoDB at http://127.0.0.1:8000 did not answer in time (ETIMEDOUT)',
      ),
    });
    expect(classifyAwsFailure({ name: 'CallTimeout' }, EVENTBRIDGE)?.kind).toBe('timeout');
  });

  it('says to set a region when the SDK has none', () => {
    const failure = classifyAwsFailure(new Error('Region is missing'), DYNAMODB);
    expect(failure?.kind).toBe('no-region');
    expect(failure?.message).toContain('set AWS_REGION');
    expect(failure?.message).toContain('--local');
  });

  it('says where credentials come from when there are none, and to refresh them when refused', () => {
    const missing = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    expect(classifyAwsFailure(missing, DYNAMODB)).toMatchObject({
      kind: 'no-credentials',
      message: expect.stringContaining('set AWS_PROFILE'),
    });
    for (const name of [
      'UnrecognizedClientException',
      'InvalidSignatureException',
      'ExpiredTokenException',
    ]) {
      const failure = classifyAwsFailure(
        serviceError(name, 'The security token included in the request is invalid.'),
        EVENTBRIDGE,
      );
      expect(failure?.kind).toBe('credentials-refused');
      expect(failure?.message).toContain(
        `EventBridge at https://events.eu-west-1.amazonaws.com refused the credentials (${name}`,
      );
    }
  });

  it('names the permission a denied call needs', () => {
    expect(
      classifyAwsFailure(serviceError('AccessDeniedException', 'not authorized'), DYNAMODB)?.message,
    ).toBe(
      `DynamoDB at http://127.0.0.1:8000 denied access (AccessDeniedException): the credentials need dynamodb:Query on table orders-table and its ${LIST_INDEX.name} index`,
    );
    // A PutEvents entry's ErrorCode is classified like a thrown error of that name.
    expect(classifyAwsFailure({ name: 'AccessDeniedException' }, EVENTBRIDGE)?.message).toContain(
      'events:PutEvents on bus tributary-dev',
    );
    expect(classifyAwsFailure({ name: 'NotAuthorizedForSourceException' }, EVENTBRIDGE)?.kind).toBe(
      'access-denied',
    );
  });

  it('says a table or bus does not exist, and how to name the right one', () => {
    const noTable = serviceError('ResourceNotFoundException', 'Cannot do operations on a non-existent table');
    expect(classifyAwsFailure(noTable, DYNAMODB)?.message).toBe(
      'table "orders-table" does not exist at http://127.0.0.1:8000: give the orders table: --table <name> (the TableName output of its stack) or --stage <stage>',
    );
    expect(classifyAwsFailure(noTable, LOCAL)?.message).toContain(
      'restart `npx dev up` so it runs the current app, or drop --table',
    );
    expect(classifyAwsFailure({ name: 'ResourceNotFoundException' }, EVENTBRIDGE)?.message).toBe(
      'event bus "tributary-dev" does not exist at https://events.eu-west-1.amazonaws.com: give the bus: --event-bus <name> (the EventBusName output of the events stack) or --stage <stage>',
    );
  });

  it('recognises a table without the list index as the wrong table', () => {
    const error = serviceError(
      'ValidationException',
      `The table does not have the specified index: ${LIST_INDEX.name}`,
    );
    expect(classifyAwsFailure(error, DYNAMODB)).toMatchObject({
      kind: 'wrong-table',
      message: expect.stringContaining(
        `table "orders-table" has no ${LIST_INDEX.name} index, so it is not the orders table`,
      ),
    });
  });

  it('recognises something that is not the service listening at the endpoint', () => {
    const error = Object.assign(
      new SyntaxError(
        `Unexpected token '<', "<h1>nope</h1>" is not valid JSON\n  Deserialization error: ...`,
      ),
      {
        $metadata: { httpStatusCode: 404 },
      },
    );
    expect(classifyAwsFailure(error, DYNAMODB)).toMatchObject({
      kind: 'not-an-endpoint',
      message: expect.stringContaining(
        'http://127.0.0.1:8000 answered HTTP 404 with something that is not a DynamoDB response',
      ),
    });
  });

  it('says to fix an endpoint variable that is not a URL', () => {
    const error = Object.assign(new TypeError('Invalid URL'), { code: 'ERR_INVALID_URL' });
    expect(classifyAwsFailure(error, { ...DYNAMODB, endpoint: 'localhost 8000' })?.message).toBe(
      'the DynamoDB endpoint "localhost 8000" is not a URL: fix AWS_ENDPOINT_URL_DYNAMODB',
    );
  });

  it('says to come back later when the service throttles or fails', () => {
    expect(
      classifyAwsFailure(serviceError('ProvisionedThroughputExceededException', 'x'), DYNAMODB)?.kind,
    ).toBe('throttled');
    expect(classifyAwsFailure({ name: 'ThrottlingException' }, EVENTBRIDGE)?.kind).toBe('throttled');
    expect(classifyAwsFailure(serviceError('InternalServerError', 'x', 500), DYNAMODB)?.message).toContain(
      'failed (InternalServerError, HTTP 500): run it again later',
    );
  });

  it.each([
    [
      'a request dev built wrongly',
      serviceError('ValidationException', 'ExpressionAttributeNames unused in expressions'),
    ],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'Items')")],
    ['an entry EventBridge found malformed', { name: 'MalformedDetail' }],
    ['an entry with an invalid argument', { name: 'InvalidArgument' }],
    ['a thrown string', 'boom'],
    ['undefined', undefined],
    ['an error without a name or code', new Error('something else')],
  ])('leaves %s unclassified: a bug, reported as one', (_, error) => {
    expect(classifyAwsFailure(error, DYNAMODB)).toBeUndefined();
  });
});
