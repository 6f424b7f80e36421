import { LIST_INDEX } from '../../functions/runtime/conventions';
/**
 * What went wrong when an operator tool called DynamoDB or EventBridge, in one line that says what
 * to do: the endpoint could not be reached, credentials or region are missing or refused, the table
 * or bus does not exist, access is denied... Read from what the SDK throws (the error's `name`,
 * Node's socket `code`, `$metadata.httpStatusCode`) or from a PutEvents entry's `ErrorCode`.
 *
 * Anything else (a ValidationException about a request dev built, a TypeError...) is a bug in the
 * tool, not something the operator can fix: it is left unclassified, so the CLI reports it as an
 * internal error instead of sending the operator after a cause that is not there.
 */

export type AwsService = 'DynamoDB' | 'EventBridge';

/** Where the endpoint a client talked to came from: it decides the advice. */
export type EndpointOrigin =
  /** The system `dev up` runs, found through `.tributary/local.json` (`--local`). */
  | { readonly kind: 'local' }
  /** An `AWS_ENDPOINT_URL_*` variable. */
  | { readonly kind: 'variable'; readonly name: string }
  /** AWS itself: the region's endpoint. */
  | { readonly kind: 'aws' };

export interface AwsCallContext {
  readonly service: AwsService;
  /** The endpoint as shown: a URL, or the AWS host of the region. */
  readonly endpoint: string;
  readonly origin: EndpointOrigin;
  /** The table read (DynamoDB) or the bus written to (EventBridge). */
  readonly resourceName: string;
  /** The service whose table it should be, for "is this the right table?". */
  readonly owner: string;
}

export type AwsFailureKind =
  | 'unreachable'
  | 'timeout'
  | 'not-an-endpoint'
  | 'bad-endpoint-url'
  | 'no-region'
  | 'no-credentials'
  | 'credentials-refused'
  | 'access-denied'
  | 'not-found'
  | 'wrong-table'
  | 'throttled'
  | 'unavailable';

export interface AwsFailure {
  readonly kind: AwsFailureKind;
  /** One line: what failed, then what to do. */
  readonly message: string;
}

/** Node's codes for a connection that could not be made or broke. */
const UNREACHABLE_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
]);

const TIMEOUT_NAMES: ReadonlySet<string> = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  // The forwarder's send path abandons a PutEvents call that takes too long under this name.
  'CallTimeout',
]);

/** Credentials the service does not accept: unknown key, wrong secret, expired session. */
const REFUSED_CREDENTIAL_NAMES: ReadonlySet<string> = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'IncompleteSignatureException',
  'InvalidClientTokenId',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
  'ExpiredToken',
  'ExpiredTokenException',
  'TokenRefreshRequired',
]);

/** The SDK could not find credentials at all (no variables, profile, SSO session or role). */
const MISSING_CREDENTIAL_NAMES: ReadonlySet<string> = new Set([
  'CredentialsProviderError',
  'TokenProviderError',
]);

const ACCESS_DENIED_NAMES: ReadonlySet<string> = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'NotAuthorizedForSourceException',
]);

const THROTTLED_NAMES: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'Throttling',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);

const UNAVAILABLE_NAMES: ReadonlySet<string> = new Set([
  'InternalFailure',
  'InternalServerError',
  'InternalServerException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function stringField(value: unknown, name: string): string | undefined {
  const found = field(value, name);
  return typeof found === 'string' && found !== '' ? found : undefined;
}

/**
 * Node's error code, wherever it sits: on the error, on its `cause`, or on the first of an
 * AggregateError's errors (a host name with an IPv4 and an IPv6 address fails with one per address).
 */
function nodeCode(error: unknown): string | undefined {
  const errors = field(error, 'errors');
  return (
    stringField(error, 'code') ??
    stringField(field(error, 'cause'), 'code') ??
    (Array.isArray(errors) ? stringField(errors[0], 'code') : undefined)
  );
}

function httpStatus(error: unknown): number | undefined {
  const status = field(field(error, '$metadata'), 'httpStatusCode');
  return typeof status === 'number' ? status : undefined;
}

/** The first line of the error's message, without the SDK's advice about hidden fields. */
function firstLine(error: unknown): string | undefined {
  return stringField(error, 'message')?.split('\n')[0]?.trim() || undefined;
}

/** What to check when the endpoint did not answer. */
function reachAdvice(origin: EndpointOrigin): string {
  switch (origin.kind) {
    case 'local':
      return 'is `npx dev up` still running in this project?';
    case 'variable':
      return `is \`npx dev up\` running, and is ${origin.name} right?`;
    case 'aws':
      return 'check the network, and the region (AWS_REGION or your profile)';
  }
}

/** How to name the right table or bus. */
function nameAdvice(context: AwsCallContext): string {
  const local = context.origin.kind === 'local';
  if (context.service === 'DynamoDB') {
    return local
      ? 'restart `npx dev up` so it runs the current app, or drop --table'
      : `give the ${context.owner} table: --table <name> (the TableName output of its stack) or --stage <stage>`;
  }
  return local
    ? 'restart `npx dev up` so it runs the current app, or drop --event-bus'
    : 'give the bus: --event-bus <name> (the EventBusName output of the events stack) or --stage <stage>';
}

function permissionAdvice(context: AwsCallContext): string {
  return context.service === 'DynamoDB'
    ? `the credentials need dynamodb:Query on table ${context.resourceName} and its ${LIST_INDEX.name} index`
    : `the credentials need events:PutEvents on bus ${context.resourceName}`;
}

/**
 * Classifies a thrown error (or, as `{ name: code }`, a PutEvents entry's `ErrorCode`). Undefined
 * when it is none of the operator's problems above: a bug, to be reported as one.
 */
export function classifyAwsFailure(error: unknown, context: AwsCallContext): AwsFailure | undefined {
  const name = stringField(error, 'name') ?? 'Error';
  const code = nodeCode(error);
  const message = firstLine(error);
  const at = `${context.service} at ${context.endpoint}`;
  const what = context.service === 'DynamoDB' ? 'table' : 'event bus';

  if (name === 'Error' && message === 'Region is missing') {
    return {
      kind: 'no-region',
      message:
        'no AWS region: set AWS_REGION (e.g. AWS_REGION=eu-west-1) or a profile with a region, or use --local for the system `npx dev up` runs',
    };
  }
  if (MISSING_CREDENTIAL_NAMES.has(name)) {
    return {
      kind: 'no-credentials',
      message: `no AWS credentials for ${context.service} (${message ?? name}): set AWS_PROFILE (after \`aws sso login\`) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or use --local for the system \`npx dev up\` runs`,
    };
  }
  if (code === 'ERR_INVALID_URL') {
    const source = context.origin.kind === 'variable' ? `: fix ${context.origin.name}` : '';
    return {
      kind: 'bad-endpoint-url',
      message: `the ${context.service} endpoint "${context.endpoint}" is not a URL${source}`,
    };
  }
  if (code !== undefined && UNREACHABLE_CODES.has(code)) {
    return {
      kind: 'unreachable',
      message: `cannot reach ${at} (${code}): ${reachAdvice(context.origin)}`,
    };
  }
  if (TIMEOUT_NAMES.has(name) || code === 'ETIMEDOUT') {
    return {
      kind: 'timeout',
      message: `${at} did not answer in time (${code ?? name}): ${reachAdvice(context.origin)}`,
    };
  }
  if (REFUSED_CREDENTIAL_NAMES.has(name)) {
    return {
      kind: 'credentials-refused',
      message: `${at} refused the credentials (${name}${message ? `: ${message}` : ''}): refresh them (e.g. \`aws sso login\`) or check AWS_PROFILE / AWS_ACCESS_KEY_ID`,
    };
  }
  if (ACCESS_DENIED_NAMES.has(name)) {
    return {
      kind: 'access-denied',
      message: `${at} denied access (${name}): ${permissionAdvice(context)}`,
    };
  }
  if (name === 'ResourceNotFoundException') {
    return {
      kind: 'not-found',
      message: `${what} "${context.resourceName}" does not exist at ${context.endpoint}: ${nameAdvice(context)}`,
    };
  }
  if (
    context.service === 'DynamoDB' &&
    name === 'ValidationException' &&
    /specified index/i.test(message ?? '')
  ) {
    return {
      kind: 'wrong-table',
      message: `table "${context.resourceName}" has no ${LIST_INDEX.name} index, so it is not the ${context.owner} table: ${nameAdvice(context)}`,
    };
  }
  if (THROTTLED_NAMES.has(name)) {
    return {
      kind: 'throttled',
      message: `${at} kept throttling (${name}): run it again later, or with a lower --rate`,
    };
  }
  const status = httpStatus(error);
  if (UNAVAILABLE_NAMES.has(name) || (status !== undefined && status >= 500)) {
    return {
      kind: 'unavailable',
      message: `${at} failed (${name}${status ? `, HTTP ${status}` : ''}): run it again later`,
    };
  }
  // An answer the SDK could not read as the service's: something else listens there.
  if (
    status !== undefined &&
    (name === 'SyntaxError' || /deserialization error/i.test(stringField(error, 'message') ?? ''))
  ) {
    return {
      kind: 'not-an-endpoint',
      message: `${context.endpoint} answered HTTP ${status} with something that is not a ${context.service} response: ${reachAdvice(context.origin)}`,
    };
  }
  return undefined;
}
