/**
 * Checking a request's SigV4 signature as API Gateway does for routes with AWS_IAM auth (and, with
 * `service: 'events'`, as EventBridge does), against the local credentials (one set, or a lookup by
 * access key id: each function has its own under `dev up --iam`): the request is rebuilt from
 * what was received (method, raw path, query, the headers named in `SignedHeaders`, the body's
 * hash) and signed again with `@smithy/signature-v4`; the signatures must be equal.
 *
 * Supported: the `Authorization` header with `AWS4-HMAC-SHA256` and an `X-Amz-Date` header (what
 * the AWS SDKs and this project's ApiClient send). Not supported: presigned URLs (query-string
 * auth), the `Date` header instead of `X-Amz-Date`, SigV4a. Messages are API Gateway's.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface LocalCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** What API Gateway puts in `requestContext.authorizer.iam` for a signed request. */
export interface IamIdentity {
  readonly accessKey: string;
  readonly accountId: string;
  readonly callerId: string;
  readonly cognitoIdentity: null;
  readonly principalOrgId: null;
  readonly userArn: string;
  readonly userId: string;
}

/**
 * Why a signature was refused, for services whose answers differ by cause (EventBridge:
 * MissingAuthenticationToken, IncompleteSignature, UnrecognizedClient, InvalidSignature).
 */
export type DenyKind = 'missing' | 'incomplete' | 'unknown-key' | 'invalid';

export type VerifyResult =
  | { readonly ok: true; readonly identity: IamIdentity }
  | { readonly ok: false; readonly kind: DenyKind; readonly message: string };

export interface SignedRequest {
  readonly method: string;
  /** As received: percent-encoded, without the query. */
  readonly rawPath: string;
  /** As received, without `?`. */
  readonly rawQueryString: string;
  /** Lower-cased names; repeated headers' values in order. */
  readonly headers: Readonly<Record<string, readonly string[]>>;
  readonly body: Buffer;
}

export interface VerifyOptions {
  /** The one set of credentials accepted, or the secret of each access key id accepted. */
  readonly credentials: LocalCredentials | ((accessKeyId: string) => LocalCredentials | undefined);
  /** The service the credential scope must name; default `execute-api`. */
  readonly service?: string;
  readonly region: string;
  readonly account: string;
  readonly now: Date;
}

export const MISSING_AUTH_MESSAGE = 'Forbidden';
export const SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret ' +
  'Access Key and signing method. Consult the service documentation for details.';
export const INVALID_TOKEN_MESSAGE = 'The security token included in the request is invalid.';

const ALGORITHM = 'AWS4-HMAC-SHA256';
const DEFAULT_SERVICE = 'execute-api';
const MAX_SKEW_MS = 5 * 60 * 1000;
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

interface ParsedAuthorization {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly terminator: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

function headerValue(headers: SignedRequest['headers'], name: string): string | undefined {
  const values = headers[name];
  return values === undefined || values.length === 0 ? undefined : values.join(',');
}

function parseAuthorization(header: string, amzDate: string | undefined): ParsedAuthorization | string {
  const trimmed = header.trim();
  const space = trimmed.indexOf(' ');
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space);
  const fields = new Map<string, string>();
  for (const part of (space < 0 ? '' : trimmed.slice(space + 1)).split(',')) {
    const equals = part.indexOf('=');
    if (equals > 0) fields.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
  }
  const problems: string[] = [];
  for (const name of ['Credential', 'Signature', 'SignedHeaders']) {
    if (!fields.get(name)) problems.push(`Authorization header requires '${name}' parameter.`);
  }
  if (amzDate === undefined) {
    problems.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  if (problems.length > 0) return `${problems.join(' ')} Authorization=${header}`;
  if (algorithm !== ALGORITHM) return `Unsupported Authorization Type: ${algorithm}`;
  const scope = (fields.get('Credential') ?? '').split('/');
  if (scope.length !== 5) {
    return `Credential should be scoped to a valid region, service and terminator. Credential=${fields.get('Credential') ?? ''}`;
  }
  const [accessKeyId = '', date = '', region = '', service = '', terminator = ''] = scope;
  return {
    accessKeyId,
    date,
    region,
    service,
    terminator,
    signedHeaders: (fields.get('SignedHeaders') ?? '').split(';').filter((h) => h !== ''),
    signature: fields.get('Signature') ?? '',
  };
}

/** `20260101T000000Z` → Date, or undefined when it is not that shape. */
function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function amzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function queryRecord(rawQueryString: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (rawQueryString === '') return out;
  for (const pair of rawQueryString.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const decode = (s: string): string => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    };
    const name = decode(equals < 0 ? pair : pair.slice(0, equals));
    const value = decode(equals < 0 ? '' : pair.slice(equals + 1));
    const seen = Object.hasOwn(out, name) ? out[name] : undefined;
    if (seen === undefined) Object.defineProperty(out, name, { value, enumerable: true, writable: true });
    else if (Array.isArray(seen)) seen.push(value);
    else out[name] = [seen, value];
  }
  return out;
}

function sameText(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

/** Checks a request with an `Authorization` header; see the module's comment. */
export async function verifySignature(request: SignedRequest, options: VerifyOptions): Promise<VerifyResult> {
  const deny = (message: string, kind: DenyKind = 'incomplete'): VerifyResult => ({
    ok: false,
    kind,
    message,
  });
  const service = options.service ?? DEFAULT_SERVICE;
  const authorization = headerValue(request.headers, 'authorization');
  if (authorization === undefined) return deny(MISSING_AUTH_MESSAGE, 'missing');
  const dateHeader = headerValue(request.headers, 'x-amz-date');
  const parsed = parseAuthorization(authorization, dateHeader);
  if (typeof parsed === 'string') return deny(parsed);
  const credentials =
    typeof options.credentials === 'function'
      ? options.credentials(parsed.accessKeyId)
      : options.credentials.accessKeyId === parsed.accessKeyId
        ? options.credentials
        : undefined;
  if (credentials === undefined) return deny(INVALID_TOKEN_MESSAGE, 'unknown-key');
  const signingDate = dateHeader === undefined ? undefined : parseAmzDate(dateHeader);
  if (signingDate === undefined || dateHeader === undefined) {
    return deny(`Date must be in ISO-8601 'basic format'. Got '${dateHeader ?? ''}'.`);
  }
  if (parsed.date !== dateHeader.slice(0, 8)) {
    return deny(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parsed.date}' != '${dateHeader.slice(0, 8)}', from '${dateHeader}'.`,
    );
  }
  if (parsed.region !== options.region) return deny('Credential should be scoped to a valid region. ');
  if (parsed.service !== service)
    return deny(`Credential should be scoped to correct service: '${service}'. `);
  if (parsed.terminator !== 'aws4_request') {
    return deny("Credential should be scoped with a valid terminator: 'aws4_request'. ");
  }
  if (!parsed.signedHeaders.includes('host')) {
    return deny("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  const now = options.now.getTime();
  if (signingDate.getTime() < now - MAX_SKEW_MS) {
    const earliest = amzDate(new Date(now - MAX_SKEW_MS));
    return deny(
      `Signature expired: ${dateHeader} is now earlier than ${earliest} (${amzDate(options.now)} - 5 min.)`,
      'invalid',
    );
  }
  if (signingDate.getTime() > now + MAX_SKEW_MS) {
    const latest = amzDate(new Date(now + MAX_SKEW_MS));
    return deny(
      `Signature not yet current: ${dateHeader} is still later than ${latest} (${amzDate(options.now)} + 5 min.)`,
      'invalid',
    );
  }

  // The payload hash the signer would trust from the header must be the body's.
  const bodyHash =
    request.body.length === 0 ? EMPTY_SHA256 : createHash('sha256').update(request.body).digest('hex');
  const claimedHash = headerValue(request.headers, 'x-amz-content-sha256');
  if (claimedHash !== undefined && claimedHash !== 'UNSIGNED-PAYLOAD' && claimedHash !== bodyHash) {
    return deny(SIGNATURE_MISMATCH_MESSAGE, 'invalid');
  }

  const headers: Record<string, string> = {};
  for (const name of parsed.signedHeaders) {
    const value = headerValue(request.headers, name);
    if (value === undefined) return deny(SIGNATURE_MISMATCH_MESSAGE, 'invalid');
    Object.defineProperty(headers, name, { value, enumerable: true, writable: true });
  }
  const signer = new SignatureV4({
    service,
    region: options.region,
    credentials,
    sha256: Sha256,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: request.method,
      protocol: 'http:',
      hostname: 'localhost',
      path: request.rawPath,
      query: queryRecord(request.rawQueryString),
      headers,
      ...(request.body.length === 0 ? {} : { body: request.body }),
    }),
    { signingDate, signableHeaders: new Set(parsed.signedHeaders) },
  );
  const expected = /Signature=([0-9a-f]+)/.exec(signed.headers.authorization ?? '')?.[1] ?? '';
  if (!sameText(expected, parsed.signature)) return deny(SIGNATURE_MISMATCH_MESSAGE, 'invalid');
  return {
    ok: true,
    identity: {
      accessKey: parsed.accessKeyId,
      accountId: options.account,
      callerId: parsed.accessKeyId,
      cognitoIdentity: null,
      principalOrgId: null,
      userArn: `arn:aws:iam::${options.account}:user/local`,
      userId: parsed.accessKeyId,
    },
  };
}
